package control_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

const lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations"

func TestIntegrationDefaultsAndFields(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	f.putMethod(t, f.res, "GET")
	f.putMethod(t, f.res, "POST")
	f.putMethod(t, f.res, "PUT")
	get := aws.String("GET")

	// MOCK: AWS's defaults on read-back.
	f.putMock(t, f.res, "GET")
	mock := must(c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get}))(t)
	if mock.Type != types.IntegrationTypeMock || *mock.PassthroughBehavior != "WHEN_NO_MATCH" || mock.TimeoutInMillis != 29000 ||
		*mock.CacheNamespace != f.res || mock.CacheKeyParameters == nil || len(mock.CacheKeyParameters) != 0 || mock.ConnectionType != "" || mock.Uri != nil || mock.HttpMethod != nil {
		t.Errorf("mock = %+v", mock)
	}

	// HTTP with every field.
	httpInt := must(c.PutIntegration(ctx, &apigateway.PutIntegrationInput{
		RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"), Type: types.IntegrationTypeHttp,
		IntegrationHttpMethod: aws.String("PUT"), Uri: aws.String("https://example.com/pets/{id}"),
		RequestParameters:   map[string]string{"integration.request.header.X-Key": "'static'", "integration.request.path.id": "method.request.path.id"},
		RequestTemplates:    map[string]string{"application/json": `{"a": "$input.body"}`},
		PassthroughBehavior: aws.String("NEVER"), ContentHandling: types.ContentHandlingStrategyConvertToText,
		CacheNamespace: aws.String("ns"), CacheKeyParameters: []string{"method.request.path.id"},
		TimeoutInMillis: aws.Int32(300000), TlsConfig: &types.TlsConfig{InsecureSkipVerification: true},
		ResponseTransferMode: types.ResponseTransferModeStream,
	}))(t)
	if *httpInt.HttpMethod != "PUT" || *httpInt.Uri != "https://example.com/pets/{id}" || httpInt.ConnectionType != types.ConnectionTypeInternet ||
		*httpInt.PassthroughBehavior != "NEVER" || httpInt.ContentHandling != types.ContentHandlingStrategyConvertToText ||
		*httpInt.CacheNamespace != "ns" || httpInt.CacheKeyParameters[0] != "method.request.path.id" || httpInt.TimeoutInMillis != 300000 ||
		!httpInt.TlsConfig.InsecureSkipVerification || httpInt.ResponseTransferMode != types.ResponseTransferModeStream ||
		httpInt.RequestParameters["integration.request.header.X-Key"] != "'static'" || httpInt.RequestTemplates["application/json"] == "" {
		t.Errorf("http = %+v", httpInt)
	}
	// GetMethod embeds the integration.
	m := must(c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")}))(t)
	if m.MethodIntegration == nil || *m.MethodIntegration.Uri != "https://example.com/pets/{id}" {
		t.Errorf("method integration = %+v", m.MethodIntegration)
	}

	// AWS_PROXY Lambda; AWS with credentials.
	must(c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("PUT"), Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI)}))(t)
	must(c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("PUT"), Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"),
		Uri: aws.String("arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"), Credentials: aws.String("arn:aws:iam::123456789012:role/apigw")}))(t)

	// Update with patch operations.
	upd := must(c.UpdateIntegration(ctx, &apigateway.UpdateIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/uri"), Value: aws.String("http://example.org/x")},
		{Op: types.OpReplace, Path: aws.String("/httpMethod"), Value: aws.String("GET")},
		{Op: types.OpReplace, Path: aws.String("/timeoutInMillis"), Value: aws.String("1000")},
		{Op: types.OpReplace, Path: aws.String("/passthroughBehavior"), Value: aws.String("WHEN_NO_TEMPLATES")},
		{Op: types.OpReplace, Path: aws.String("/contentHandling"), Value: aws.String("")},
		{Op: types.OpRemove, Path: aws.String("/requestParameters/integration.request.header.X-Key")},
		{Op: types.OpAdd, Path: aws.String("/requestParameters/integration.request.querystring.q"), Value: aws.String("'1'")},
		{Op: types.OpRemove, Path: aws.String("/requestTemplates/application~1json")},
		{Op: types.OpAdd, Path: aws.String("/requestTemplates/text~1plain"), Value: aws.String("hi")},
		{Op: types.OpRemove, Path: aws.String("/cacheKeyParameters/method.request.path.id")},
		{Op: types.OpReplace, Path: aws.String("/cacheNamespace"), Value: aws.String("ns2")},
		{Op: types.OpReplace, Path: aws.String("/tlsConfig/insecureSkipVerification"), Value: aws.String("false")},
		{Op: types.OpReplace, Path: aws.String("/responseTransferMode"), Value: aws.String("BUFFERED")},
	}}))(t)
	if *upd.Uri != "http://example.org/x" || *upd.HttpMethod != "GET" || upd.TimeoutInMillis != 1000 || *upd.PassthroughBehavior != "WHEN_NO_TEMPLATES" ||
		upd.ContentHandling != "" || len(upd.RequestParameters) != 2 || upd.RequestParameters["integration.request.querystring.q"] != "'1'" ||
		len(upd.RequestTemplates) != 1 || upd.RequestTemplates["text/plain"] != "hi" || len(upd.CacheKeyParameters) != 0 || *upd.CacheNamespace != "ns2" ||
		upd.TlsConfig.InsecureSkipVerification || upd.ResponseTransferMode != types.ResponseTransferModeBuffered {
		t.Errorf("update = %+v", upd)
	}

	must(c.DeleteIntegration(ctx, &apigateway.DeleteIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")}))(t)
	_, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Integration identifier specified")
	_, err = c.DeleteIntegration(ctx, &apigateway.DeleteIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Integration identifier specified")
}

func TestIntegrationErrors(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	f.putMethod(t, f.res, "GET")
	put := func(in apigateway.PutIntegrationInput) error {
		in.RestApiId, in.ResourceId = &f.api, &f.res
		if in.HttpMethod == nil {
			in.HttpMethod = aws.String("GET")
		}
		_, err := c.PutIntegration(ctx, &in)
		return err
	}
	cases := []struct {
		name   string
		in     apigateway.PutIntegrationInput
		status int
		code   string
		msg    string
	}{
		{"http without httpMethod", apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, Uri: aws.String("https://example.com")}, 400, "BadRequestException", "Enumeration value for HttpMethod must be non-empty"},
		{"aws without httpMethod", apigateway.PutIntegrationInput{Type: types.IntegrationTypeAws, Uri: aws.String(lambdaURI)}, 400, "BadRequestException", "Enumeration value for HttpMethod must be non-empty"},
		{"http bad uri", apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String("example.com/x")}, 400, "BadRequestException", "Invalid HTTP endpoint specified for URI"},
		{"http no uri", apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("GET")}, 400, "BadRequestException", "Invalid HTTP endpoint specified for URI"},
		{"aws bad arn", apigateway.PutIntegrationInput{Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String("not-an-arn")}, 400, "BadRequestException", "Invalid ARN specified in the request"},
		{"aws arn without path or action", apigateway.PutIntegrationInput{Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String("arn:aws:apigateway:us-east-1:lambda:functions/x")}, 400, "BadRequestException", "AWS ARN for integration must contain path or action"},
		{"bad type", apigateway.PutIntegrationInput{Type: "SOAP"}, 400, "ValidationException", "1 validation error detected: Value 'SOAP' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"},
		{"bad passthrough", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, PassthroughBehavior: aws.String("SOMETIMES")}, 400, "BadRequestException", "1 validation error detected: Value 'SOMETIMES' at 'putIntegrationInput.passthroughBehavior' failed to satisfy constraint: Member must satisfy enum value set: [WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER]"},
		{"timeout too small", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, TimeoutInMillis: aws.Int32(10)}, 400, "BadRequestException", "Timeout should be between 50 ms and 300000 ms"},
		{"timeout too large", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, TimeoutInMillis: aws.Int32(300001)}, 400, "BadRequestException", "Timeout should be between 50 ms and 300000 ms"},
		{"vpc link without id", apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String("https://x.example"), ConnectionType: types.ConnectionTypeVpcLink}, 400, "BadRequestException", ""},
		{"bad content handling", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, ContentHandling: "CONVERT_TO_JSON"}, 400, "BadRequestException", ""},
		{"bad request parameter", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, RequestParameters: map[string]string{"integration.request.body.x": "'a'"}}, 400, "BadRequestException", ""},
		{"unknown method", apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, HttpMethod: aws.String("POST")}, 404, "NotFoundException", "Invalid Method identifier specified"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, put(tc.in), tc.status, tc.code, tc.msg) })
	}
	// Nothing was created by the failures.
	_, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Integration identifier specified")

	f.putMock(t, f.res, "GET")
	patch := func(ops ...types.PatchOperation) error {
		_, err := c.UpdateIntegration(ctx, &apigateway.UpdateIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET"), PatchOperations: ops})
		return err
	}
	wantErr(t, patch(types.PatchOperation{Op: types.OpReplace, Path: aws.String("/cacheKeyParameters"), Value: aws.String("x")}), 400, "BadRequestException", "")
	wantErr(t, patch(types.PatchOperation{Op: types.OpReplace, Path: aws.String("/timeoutInMillis"), Value: aws.String("20")}), 400, "BadRequestException", "Timeout should be between 50 ms and 300000 ms")
	wantErr(t, patch(types.PatchOperation{Op: types.OpReplace, Path: aws.String("/type"), Value: aws.String("HTTP")}), 400, "BadRequestException", "Enumeration value for HttpMethod must be non-empty")
	got := must(c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("GET")}))(t)
	if got.Type != types.IntegrationTypeMock || got.TimeoutInMillis != 29000 {
		t.Errorf("failed patches changed the integration: %+v", got)
	}
}

func TestMethodAndIntegrationResponses(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	f.putMethod(t, f.res, "GET")
	get := aws.String("GET")
	mr := must(c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"),
		ResponseParameters: map[string]bool{"method.response.header.X-A": true}, ResponseModels: map[string]string{"application/json": "Empty"}}))(t)
	if *mr.StatusCode != "200" || !mr.ResponseParameters["method.response.header.X-A"] || mr.ResponseModels["application/json"] != "Empty" {
		t.Errorf("method response = %+v", mr)
	}
	// A second put replaces the response, as AWS does (aws_parity_test.go).
	mr = must(c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"),
		ResponseParameters: map[string]bool{"method.response.header.X-A": true}, ResponseModels: map[string]string{"application/json": "Empty"}}))(t)
	if len(mr.ResponseParameters) != 1 || len(mr.ResponseModels) != 1 {
		t.Errorf("replaced method response = %+v", mr)
	}
	_, err := c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("600")})
	wantErr(t, err, 400, "ValidationException", "1 validation error detected: Value '600' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d")
	_, err = c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("201"), ResponseModels: map[string]string{"application/json": "Missing"}})
	wantErr(t, err, 400, "BadRequestException", "Invalid model identifier specified: Missing")
	_, err = c.GetMethodResponse(ctx, &apigateway.GetMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("404")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Response status code specified")
	upd := must(c.UpdateMethodResponse(ctx, &apigateway.UpdateMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), PatchOperations: []types.PatchOperation{
		{Op: types.OpAdd, Path: aws.String("/responseParameters/method.response.header.X-B"), Value: aws.String("false")},
		{Op: types.OpRemove, Path: aws.String("/responseParameters/method.response.header.X-A")},
		{Op: types.OpReplace, Path: aws.String("/responseModels/application~1json"), Value: aws.String("Error")},
	}}))(t)
	if len(upd.ResponseParameters) != 1 || upd.ResponseParameters["method.response.header.X-B"] || upd.ResponseModels["application/json"] != "Error" {
		t.Errorf("updated method response = %+v", upd)
	}
	_, err = c.UpdateMethodResponse(ctx, &apigateway.UpdateMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/statusCode"), Value: aws.String("201")}}})
	wantErr(t, err, 400, "BadRequestException", "Invalid patch path /statusCode")

	// Integration responses need the integration and the method response.
	_, err = c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Integration identifier specified")
	f.putMock(t, f.res, "GET")
	_, err = c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("500")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Response status code specified")
	ir := must(c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"),
		SelectionPattern:   aws.String("2\\d{2}"),
		ResponseParameters: map[string]string{"method.response.header.X-B": "'b'"},
		ResponseTemplates:  map[string]string{"application/json": `{"ok": true}`},
		ContentHandling:    types.ContentHandlingStrategyConvertToBinary,
	}))(t)
	if *ir.SelectionPattern != "2\\d{2}" || ir.ResponseParameters["method.response.header.X-B"] != "'b'" || ir.ContentHandling != types.ContentHandlingStrategyConvertToBinary {
		t.Errorf("integration response = %+v", ir)
	}
	integ := must(c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get}))(t)
	if _, ok := integ.IntegrationResponses["200"]; !ok {
		t.Errorf("integration responses = %+v", integ.IntegrationResponses)
	}
	_, err = c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), ContentHandling: "CONVERT_TO_XML"})
	wantErr(t, err, 400, "BadRequestException", "")
	_, err = c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), ResponseParameters: map[string]string{"method.response.body.x": "'b'"}})
	wantErr(t, err, 400, "BadRequestException", "")

	upIR := must(c.UpdateIntegrationResponse(ctx, &apigateway.UpdateIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/selectionPattern"), Value: aws.String("")},
		{Op: types.OpRemove, Path: aws.String("/contentHandling")},
		{Op: types.OpRemove, Path: aws.String("/responseTemplates/application~1json")},
		{Op: types.OpAdd, Path: aws.String("/responseTemplates/application~1xml"), Value: aws.String("<ok/>")},
		{Op: types.OpReplace, Path: aws.String("/responseParameters/method.response.header.X-B"), Value: aws.String("integration.response.header.X")},
	}}))(t)
	if *upIR.SelectionPattern != "" || upIR.ContentHandling != "" || upIR.ResponseTemplates["application/xml"] != "<ok/>" || len(upIR.ResponseTemplates) != 1 ||
		upIR.ResponseParameters["method.response.header.X-B"] != "integration.response.header.X" {
		t.Errorf("updated integration response = %+v", upIR)
	}
	got := must(c.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")}))(t)
	if got.ResponseTemplates["application/xml"] != "<ok/>" {
		t.Errorf("get integration response = %+v", got)
	}
	_, err = c.UpdateIntegrationResponse(ctx, &apigateway.UpdateIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/statusCode"), Value: aws.String("201")}}})
	wantErr(t, err, 400, "BadRequestException", "")

	must(c.DeleteIntegrationResponse(ctx, &apigateway.DeleteIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")}))(t)
	_, err = c.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Response status code specified")
	must(c.DeleteMethodResponse(ctx, &apigateway.DeleteMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")}))(t)
	_, err = c.DeleteMethodResponse(ctx, &apigateway.DeleteMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Response status code specified")
	meth := must(c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get}))(t)
	if len(meth.MethodResponses) != 0 || !slices.Equal(meth.MethodIntegration.CacheKeyParameters, []string{}) {
		t.Errorf("method after deletes = %+v", meth)
	}
}

// TestUpdateIntegrationResponseValidation: the validation messages of
// UpdateIntegrationResponse name its own request member
// (updateIntegrationResponseInput, as AWS names every operation's input) and,
// as for method responses, report a malformed status code together with bad
// patch operations.
func TestUpdateIntegrationResponseValidation(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	f.putMethod(t, f.res, "GET")
	f.putMock(t, f.res, "GET")
	get := aws.String("GET")
	must(c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")}))(t)
	must(c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String("200")}))(t)
	const wrongOp = "Value 'wrong_op' at 'updateIntegrationResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
	update := func(status string) error {
		_, err := c.UpdateIntegrationResponse(ctx, &apigateway.UpdateIntegrationResponseInput{
			RestApiId: &f.api, ResourceId: &f.res, HttpMethod: get, StatusCode: aws.String(status),
			PatchOperations: []types.PatchOperation{{Op: "wrong_op", Path: aws.String("/selectionPattern"), Value: aws.String("x")}},
		})
		return err
	}
	wantErr(t, update("200"), 400, "ValidationException", "1 validation error detected: "+wrongOp)
	wantErr(t, update("wrong"), 400, "ValidationException",
		"2 validation errors detected: "+wrongOp+"; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d")
}
