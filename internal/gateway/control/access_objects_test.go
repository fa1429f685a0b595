package control_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

func TestRequestValidatorLifecycle(t *testing.T) {
	f := newFixture(t)
	v := must(f.c.CreateRequestValidator(f.ctx, &apigateway.CreateRequestValidatorInput{RestApiId: &f.api, Name: aws.String("body"),
		ValidateRequestBody: true}))(t)
	if len(aws.ToString(v.Id)) != 10 || !v.ValidateRequestBody || v.ValidateRequestParameters {
		t.Errorf("created: %+v", v)
	}
	up := must(f.c.UpdateRequestValidator(f.ctx, &apigateway.UpdateRequestValidatorInput{RestApiId: &f.api, RequestValidatorId: v.Id,
		PatchOperations: []types.PatchOperation{
			{Op: types.OpReplace, Path: aws.String("/validateRequestParameters"), Value: aws.String("true")},
			{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("all")},
		}}))(t)
	if aws.ToString(up.Name) != "all" || !up.ValidateRequestParameters || !up.ValidateRequestBody {
		t.Errorf("updated: %+v", up)
	}
	list := must(f.c.GetRequestValidators(f.ctx, &apigateway.GetRequestValidatorsInput{RestApiId: &f.api}))(t)
	if len(list.Items) != 1 || aws.ToString(list.Items[0].Name) != "all" {
		t.Errorf("list: %+v", list.Items)
	}
	// PutMethod takes a real id and refuses others.
	_, err := f.c.PutMethod(f.ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"),
		AuthorizationType: aws.String("NONE"), RequestValidatorId: aws.String("nope")})
	wantErr(t, err, 400, "BadRequestException", "Invalid Request Validator identifier specified")
	m := must(f.c.PutMethod(f.ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"),
		AuthorizationType: aws.String("NONE"), RequestValidatorId: v.Id}))(t)
	if aws.ToString(m.RequestValidatorId) != *v.Id {
		t.Errorf("method: %+v", m)
	}
	_, err = f.c.DeleteRequestValidator(f.ctx, &apigateway.DeleteRequestValidatorInput{RestApiId: &f.api, RequestValidatorId: v.Id})
	wantErr(t, err, 409, "ConflictException", "Cannot delete request validator with id "+*v.Id+", request validator is still in use")
	must(f.c.DeleteMethod(f.ctx, &apigateway.DeleteMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")}))(t)
	must(f.c.DeleteRequestValidator(f.ctx, &apigateway.DeleteRequestValidatorInput{RestApiId: &f.api, RequestValidatorId: v.Id}))(t)
	_, err = f.c.GetRequestValidator(f.ctx, &apigateway.GetRequestValidatorInput{RestApiId: &f.api, RequestValidatorId: v.Id})
	wantErr(t, err, 404, "NotFoundException", "Invalid Request Validator identifier specified")
}

func TestGatewayResponses(t *testing.T) {
	f := newFixture(t)
	list := must(f.c.GetGatewayResponses(f.ctx, &apigateway.GetGatewayResponsesInput{RestApiId: &f.api}))(t)
	if len(list.Items) != 21 {
		t.Fatalf("defaults: %d", len(list.Items))
	}
	byType := map[types.GatewayResponseType]types.GatewayResponse{}
	for _, g := range list.Items {
		byType[g.ResponseType] = g
		if !g.DefaultResponse || g.ResponseTemplates["application/json"] != `{"message":$context.error.messageString}` {
			t.Errorf("default %s: %+v", g.ResponseType, g)
		}
	}
	if aws.ToString(byType["UNAUTHORIZED"].StatusCode) != "401" || aws.ToString(byType["THROTTLED"].StatusCode) != "429" ||
		byType["DEFAULT_4XX"].StatusCode != nil || aws.ToString(byType["BAD_REQUEST_BODY"].StatusCode) != "400" {
		t.Errorf("status codes: %+v", byType)
	}
	_, err := f.c.DeleteGatewayResponse(f.ctx, &apigateway.DeleteGatewayResponseInput{RestApiId: &f.api, ResponseType: "UNAUTHORIZED"})
	wantErr(t, err, 404, "NotFoundException", "Gateway response type not defined on api")

	g := must(f.c.PutGatewayResponse(f.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &f.api, ResponseType: "BAD_REQUEST_BODY",
		StatusCode: aws.String("422"), ResponseParameters: map[string]string{"gatewayresponse.header.x-why": "'body'"},
		ResponseTemplates: map[string]string{"application/json": `{"error":$context.error.validationErrorString}`}}))(t)
	if g.DefaultResponse || aws.ToString(g.StatusCode) != "422" {
		t.Errorf("put: %+v", g)
	}
	_, err = f.c.PutGatewayResponse(f.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &f.api, ResponseType: "THROTTLED",
		ResponseParameters: map[string]string{"method.response.header.x": "'a'"}})
	wantErr(t, err, 400, "BadRequestException", "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: method.response.header.x]")
	_, err = f.c.PutGatewayResponse(f.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &f.api, ResponseType: "THROTTLED", StatusCode: aws.String("99")})
	wantErr(t, err, 400, "BadRequestException", "Invalid status code specified: 99")

	up := must(f.c.UpdateGatewayResponse(f.ctx, &apigateway.UpdateGatewayResponseInput{RestApiId: &f.api, ResponseType: "BAD_REQUEST_BODY",
		PatchOperations: []types.PatchOperation{
			{Op: types.OpReplace, Path: aws.String("/statusCode"), Value: aws.String("400")},
			{Op: types.OpRemove, Path: aws.String("/responseParameters/gatewayresponse.header.x-why")},
		}}))(t)
	if aws.ToString(up.StatusCode) != "400" || len(up.ResponseParameters) != 0 {
		t.Errorf("update: %+v", up)
	}
	// Updating a type nobody put starts from its default.
	up = must(f.c.UpdateGatewayResponse(f.ctx, &apigateway.UpdateGatewayResponseInput{RestApiId: &f.api, ResponseType: "MISSING_AUTHENTICATION_TOKEN",
		PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/statusCode"), Value: aws.String("404")}}}))(t)
	if aws.ToString(up.StatusCode) != "404" || up.DefaultResponse || up.ResponseTemplates["application/json"] == "" {
		t.Errorf("update of a default: %+v", up)
	}
	got := must(f.c.GetGatewayResponse(f.ctx, &apigateway.GetGatewayResponseInput{RestApiId: &f.api, ResponseType: "BAD_REQUEST_BODY"}))(t)
	if got.DefaultResponse || aws.ToString(got.StatusCode) != "400" {
		t.Errorf("get: %+v", got)
	}
	must(f.c.DeleteGatewayResponse(f.ctx, &apigateway.DeleteGatewayResponseInput{RestApiId: &f.api, ResponseType: "BAD_REQUEST_BODY"}))(t)
	got = must(f.c.GetGatewayResponse(f.ctx, &apigateway.GetGatewayResponseInput{RestApiId: &f.api, ResponseType: "BAD_REQUEST_BODY"}))(t)
	if !got.DefaultResponse {
		t.Errorf("after delete: %+v", got)
	}
	_, err = f.c.GetGatewayResponse(f.ctx, &apigateway.GetGatewayResponseInput{RestApiId: &f.api, ResponseType: "NOPE"})
	if err == nil {
		t.Error("unknown type accepted")
	}
}
