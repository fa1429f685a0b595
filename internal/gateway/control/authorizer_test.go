package control_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

const testAuthorizerURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authz/invocations"

func TestAuthorizerLifecycle(t *testing.T) {
	f := newFixture(t)
	a := must(f.c.CreateAuthorizer(f.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &f.api, Name: aws.String("tok"), Type: types.AuthorizerTypeToken,
		AuthorizerUri: aws.String(testAuthorizerURI), IdentitySource: aws.String("method.request.header.Authorization")}))(t)
	if aws.ToInt32(a.AuthorizerResultTtlInSeconds) != 300 || len(*a.Id) != 10 {
		t.Errorf("created: %+v", a)
	}
	got := must(f.c.GetAuthorizer(f.ctx, &apigateway.GetAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id}))(t)
	if aws.ToString(got.Name) != "tok" || got.Type != types.AuthorizerTypeToken {
		t.Errorf("get: %+v", got)
	}
	up := must(f.c.UpdateAuthorizer(f.ctx, &apigateway.UpdateAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("tok2")},
		{Op: types.OpReplace, Path: aws.String("/authorizerResultTtlInSeconds"), Value: aws.String("60")},
	}}))(t)
	if aws.ToString(up.Name) != "tok2" || aws.ToInt32(up.AuthorizerResultTtlInSeconds) != 60 {
		t.Errorf("update: %+v", up)
	}
	_, err := f.c.UpdateAuthorizer(f.ctx, &apigateway.UpdateAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/authorizerResultTtlInSeconds"), Value: aws.String("3601")}}})
	wantErr(t, err, 400, "BadRequestException", "Invalid authorizer result TTL specified: 3601. The TTL must be between 0 and 3600 seconds")
	list := must(f.c.GetAuthorizers(f.ctx, &apigateway.GetAuthorizersInput{RestApiId: &f.api}))(t)
	if len(list.Items) != 1 {
		t.Errorf("list: %d items", len(list.Items))
	}
	// A method names it; then it cannot be deleted.
	must(f.c.PutMethod(f.ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("CUSTOM"), AuthorizerId: a.Id}))(t)
	_, err = f.c.PutMethod(f.ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"), AuthorizationType: aws.String("COGNITO_USER_POOLS"), AuthorizerId: a.Id})
	wantErr(t, err, 400, "BadRequestException", "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
	_, err = f.c.DeleteAuthorizer(f.ctx, &apigateway.DeleteAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id})
	wantErr(t, err, 409, "ConflictException", "Cannot delete authorizer with id "+*a.Id+", authorizer is still in use")
	must(f.c.UpdateMethod(f.ctx, &apigateway.UpdateMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/authorizationType"), Value: aws.String("NONE")}}}))(t)
	must(f.c.DeleteAuthorizer(f.ctx, &apigateway.DeleteAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id}))(t)
	_, err = f.c.GetAuthorizer(f.ctx, &apigateway.GetAuthorizerInput{RestApiId: &f.api, AuthorizerId: a.Id})
	wantErr(t, err, 404, "NotFoundException", "Invalid Authorizer identifier specified")
}

func TestAuthorizerValidation(t *testing.T) {
	f := newFixture(t)
	uri := aws.String(testAuthorizerURI)
	cases := []struct {
		name string
		in   apigateway.CreateAuthorizerInput
		msg  string
	}{
		{"no uri", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeToken, IdentitySource: aws.String("method.request.header.A")},
			"Authorizer URI must be specified for a TOKEN authorizer"},
		{"no identity", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeToken, AuthorizerUri: uri},
			"Identity source must be specified for a TOKEN authorizer"},
		{"query for TOKEN", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeToken, AuthorizerUri: uri, IdentitySource: aws.String("method.request.querystring.t")},
			"Invalid identity source specified: method.request.querystring.t. The identity source for a TOKEN authorizer must be a request header (method.request.header.NAME)"},
		{"bad source", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeRequest, AuthorizerUri: uri, IdentitySource: aws.String("header.x")},
			"Invalid identity source specified: header.x"},
		{"ttl", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeToken, AuthorizerUri: uri, IdentitySource: aws.String("method.request.header.A"), AuthorizerResultTtlInSeconds: aws.Int32(-1)},
			"Invalid authorizer result TTL specified: -1. The TTL must be between 0 and 3600 seconds"},
		{"cognito", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeCognitoUserPools, IdentitySource: aws.String("method.request.header.A")},
			"Provider ARNs must be specified for a COGNITO_USER_POOLS authorizer"},
		{"regexp", apigateway.CreateAuthorizerInput{Name: aws.String("a"), Type: types.AuthorizerTypeToken, AuthorizerUri: uri, IdentitySource: aws.String("method.request.header.A"), IdentityValidationExpression: aws.String("(")},
			"Invalid identity validation expression specified: ("},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.RestApiId = &f.api
			_, err := f.c.CreateAuthorizer(f.ctx, &in)
			wantErr(t, err, 400, "BadRequestException", tc.msg)
		})
	}
	_, err := f.c.CreateAuthorizer(f.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &f.api, Name: aws.String("a"), Type: "JWT", AuthorizerUri: uri})
	wantErr(t, err, 400, "ValidationException", "")
	// REQUEST with caching off needs no identity source.
	must(f.c.CreateAuthorizer(f.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &f.api, Name: aws.String("r"), Type: types.AuthorizerTypeRequest, AuthorizerUri: uri, AuthorizerResultTtlInSeconds: aws.Int32(0)}))(t)
	// A resource policy the invoke API cannot evaluate is refused.
	_, err = f.c.UpdateRestApi(f.ctx, &apigateway.UpdateRestApiInput{RestApiId: &f.api, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/policy"), Value: aws.String(`{"Statement":[{"Effect":"Perhaps","Action":"*","Resource":"*"}]}`)}}})
	wantErr(t, err, 400, "BadRequestException", "Invalid policy document. Please check the policy syntax and ensure that Principals are valid.")
}
