package control_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

func TestMethods(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	for _, verb := range []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "ANY"} {
		m := must(c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String(verb), AuthorizationType: aws.String("NONE")}))(t)
		if *m.HttpMethod != verb || *m.AuthorizationType != "NONE" || *m.ApiKeyRequired {
			t.Errorf("%s: %+v", verb, m)
		}
	}
	must(c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String("Pet"), ContentType: aws.String("application/json"), Schema: aws.String(`{"type":"object"}`)}))(t)
	root := f.root
	full := must(c.PutMethod(ctx, &apigateway.PutMethodInput{
		RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("POST"),
		AuthorizationType: aws.String("AWS_IAM"), ApiKeyRequired: true, OperationName: aws.String("CreatePet"),
		RequestParameters: map[string]bool{"method.request.header.X-Id": true, "method.request.querystring.q": false},
		RequestModels:     map[string]string{"application/json": "Pet"},
	}))(t)
	if *full.OperationName != "CreatePet" || !*full.ApiKeyRequired || !full.RequestParameters["method.request.header.X-Id"] || full.RequestModels["application/json"] != "Pet" {
		t.Errorf("full = %+v", full)
	}
	got := must(c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("POST")}))(t)
	if *got.AuthorizationType != "AWS_IAM" || len(got.RequestParameters) != 2 || got.MethodIntegration != nil {
		t.Errorf("get = %+v", got)
	}

	upd := must(c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("POST"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/authorizationType"), Value: aws.String("NONE")},
		{Op: types.OpReplace, Path: aws.String("/apiKeyRequired"), Value: aws.String("false")},
		{Op: types.OpReplace, Path: aws.String("/operationName"), Value: aws.String("AddPet")},
		{Op: types.OpRemove, Path: aws.String("/requestParameters/method.request.header.X-Id")},
		{Op: types.OpAdd, Path: aws.String("/requestParameters/method.request.path.id"), Value: aws.String("true")},
		{Op: types.OpRemove, Path: aws.String("/requestModels/application~1json")},
		{Op: types.OpAdd, Path: aws.String("/requestModels/text~1plain"), Value: aws.String("Empty")},
	}}))(t)
	if *upd.AuthorizationType != "NONE" || *upd.ApiKeyRequired || *upd.OperationName != "AddPet" ||
		len(upd.RequestParameters) != 2 || !upd.RequestParameters["method.request.path.id"] || upd.RequestModels["text/plain"] != "Empty" || len(upd.RequestModels) != 1 {
		t.Errorf("update = %+v", upd)
	}

	errCases := []struct {
		name, status, code, msg string
		call                    func() error
	}{
		{"duplicate", "409", "ConflictException", "Method already exists for this resource", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")})
			return err
		}},
		{"bad verb", "400", "BadRequestException", "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("OPTION"), AuthorizationType: aws.String("NONE")})
			return err
		}},
		{"bad auth type", "400", "BadRequestException", "1 validation error detected: Value 'BASIC' at 'putMethodInput.authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS]", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("BASIC")})
			return err
		}},
		{"unknown model", "400", "BadRequestException", "Invalid model identifier specified: Nope", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE"), RequestModels: map[string]string{"application/json": "Nope"}})
			return err
		}},
		{"bad request parameter", "400", "BadRequestException", "", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE"), RequestParameters: map[string]bool{"method.request.body.x": true}})
			return err
		}},
		{"custom without authorizer", "400", "BadRequestException", "", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("CUSTOM")})
			return err
		}},
		{"unknown method", "404", "NotFoundException", "Invalid Method identifier specified", func() error {
			_, err := c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("GET")})
			return err
		}},
		{"unknown resource", "404", "NotFoundException", "Invalid Resource identifier specified", func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: aws.String("zzz"), HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")})
			return err
		}},
		{"bad patch path", "400", "BadRequestException", "Invalid patch path /httpMethod", func() error {
			_, err := c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("POST"), PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/httpMethod"), Value: aws.String("PUT")}}})
			return err
		}},
		{"op not taken by path", "400", "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]", func() error {
			_, err := c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: &f.api, ResourceId: &root, HttpMethod: aws.String("POST"), PatchOperations: []types.PatchOperation{{Op: types.OpAdd, Path: aws.String("/apiKeyRequired"), Value: aws.String("yes")}}})
			return err
		}},
	}
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) {
			status := map[string]int{"400": 400, "404": 404, "409": 409}[tc.status]
			wantErr(t, tc.call(), status, tc.code, tc.msg)
		})
	}

	// Deleting a method removes its integration and responses with it.
	f.putMock(t, f.res, "GET")
	must(c.DeleteMethod(ctx, &apigateway.DeleteMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET")}))(t)
	_, err := c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Method identifier specified")
	f.putMethod(t, f.res, "GET")
	_, err = c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Integration identifier specified")
}
