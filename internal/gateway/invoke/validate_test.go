package invoke_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// validatedAPI builds POST /pets (MOCK, 200) validated against model Pet
// (whose "owner" refers to model Owner by URL), with ?q and header x-key
// required.
func validatedAPI(t testing.TB, g *gw) *api {
	t.Helper()
	a := g.newAPI(t)
	must(g.c.CreateModel(g.ctx, &apigateway.CreateModelInput{RestApiId: &a.id, Name: aws.String("Owner"), ContentType: aws.String("application/json"),
		Schema: aws.String(`{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":["name"],"properties":{"name":{"type":"string"}}}`)}))(t)
	must(g.c.CreateModel(g.ctx, &apigateway.CreateModelInput{RestApiId: &a.id, Name: aws.String("Pet"), ContentType: aws.String("application/json"),
		Schema: aws.String(`{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":["name","price"],` +
			`"properties":{"name":{"type":"string"},"price":{"type":"number","minimum":0},` +
			`"tags":{"type":"array","items":{"type":"string"}},` +
			`"owner":{"$ref":"https://apigateway.amazonaws.com/restapis/` + a.id + `/models/Owner"}}}`)}))(t)
	v := must(g.c.CreateRequestValidator(g.ctx, &apigateway.CreateRequestValidatorInput{RestApiId: &a.id, Name: aws.String("all"),
		ValidateRequestBody: true, ValidateRequestParameters: true}))(t)
	id := a.resource(t, "/pets")
	must(g.c.PutMethod(g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("POST"), AuthorizationType: aws.String("NONE"),
		RequestValidatorId: v.Id, RequestModels: map[string]string{"application/json": "Pet"},
		RequestParameters: map[string]bool{"method.request.querystring.q": true, "method.request.header.x-key": true, "method.request.querystring.opt": false}}))(t)
	in := mock(`{"statusCode": 200}`)
	in.RestApiId, in.ResourceId, in.HttpMethod = &a.id, &id, aws.String("POST")
	must(g.c.PutIntegration(g.ctx, in))(t)
	a.response(t, "/pets", "POST", "200", nil, nil, map[string]string{"application/json": `{"ok":true}`})
	return a
}

func TestRequestValidation(t *testing.T) {
	g := startGateway(t, "")
	a := validatedAPI(t, g)
	a.deploy(t, "v1", nil)
	hdr := map[string]string{"x-key": "k", "Content-Type": "application/json"}
	good := `{"name":"rex","price":3,"tags":["a"],"owner":{"name":"ann"}}`

	r := a.call(t, "POST", "v1", "/pets?q=1", good, hdr)
	if r.status != 200 || r.body != `{"ok":true}` {
		t.Fatalf("valid request: %d %s", r.status, r.body)
	}
	r = a.call(t, "POST", "v1", "/pets", good, map[string]string{"Content-Type": "application/json"})
	if r.status != 400 || r.body != `{"message": "Missing required request parameters: [q, x-key]"}` || r.header.Get("x-amzn-ErrorType") != "BadRequestException" {
		t.Errorf("missing parameters: %d %s %v", r.status, r.body, r.header)
	}
	for name, body := range map[string]string{
		"missing property": `{"name":"rex"}`,
		"wrong type":       `{"name":"rex","price":"3"}`,
		"below minimum":    `{"name":"rex","price":-1}`,
		"array item":       `{"name":"rex","price":1,"tags":[1]}`,
		"$ref to a model":  `{"name":"rex","price":1,"owner":{}}`,
		"not JSON":         `{"name":`,
		"empty body":       ``,
	} {
		r = a.call(t, "POST", "v1", "/pets?q=1", body, hdr)
		if r.status != 400 || r.body != `{"message": "Invalid request body"}` || r.header.Get("x-amzn-ErrorType") != "BadRequestException" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	// Parameters are checked before the body.
	r = a.call(t, "POST", "v1", "/pets", `{}`, hdr)
	if !strings.Contains(r.body, "Missing required request parameters: [q]") {
		t.Errorf("order: %d %s", r.status, r.body)
	}
	// Another content type has no model: the body is not checked.
	r = a.call(t, "POST", "v1", "/pets?q=1", `x`, map[string]string{"x-key": "k", "Content-Type": "text/plain"})
	if r.status == 400 {
		t.Errorf("text/plain body validated: %d %s", r.status, r.body)
	}
}

func TestGatewayResponsesAtInvoke(t *testing.T) {
	g := startGateway(t, "")
	a := validatedAPI(t, g)
	a.deploy(t, "v1", map[string]string{"env": "test"})
	hdr := map[string]string{"x-key": "k", "Content-Type": "application/json", "x-trace": "t1"}
	// Without gateway responses: the built-in answers, byte for byte.
	before := a.call(t, "GET", "v1", "/nowhere", "", nil)
	if before.status != 403 || before.body != `{"message":"Missing Authentication Token"}` {
		t.Fatalf("built-in: %d %s", before.status, before.body)
	}

	must(g.c.PutGatewayResponse(g.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &a.id, ResponseType: types.GatewayResponseTypeBadRequestBody,
		StatusCode: aws.String("422"),
		ResponseParameters: map[string]string{"gatewayresponse.header.x-why": "'schema'", "gatewayresponse.header.x-trace": "method.request.header.x-trace",
			"gatewayresponse.header.x-env": "stageVariables.env", "gatewayresponse.header.x-rid": "context.requestId"},
		ResponseTemplates: map[string]string{"application/json": `{"error":$context.error.messageString,"type":"$context.error.responseType","detail":"$util.escapeJavaScript($context.error.validationErrorString)"}`}}))(t)
	must(g.c.PutGatewayResponse(g.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &a.id, ResponseType: types.GatewayResponseTypeDefault4xx,
		ResponseTemplates: map[string]string{"application/json": `{"oops":"$context.error.message"}`}}))(t)
	// Not yet deployed: nothing changes.
	r := a.call(t, "POST", "v1", "/pets?q=1", `{}`, hdr)
	if r.status != 400 {
		t.Fatalf("before deployment: %d %s", r.status, r.body)
	}
	a.deploy(t, "v1", map[string]string{"env": "test"})

	r = a.call(t, "POST", "v1", "/pets?q=1", `{"name":"rex"}`, hdr)
	if r.status != 422 || !strings.HasPrefix(r.body, `{"error":"Invalid request body","type":"BAD_REQUEST_BODY","detail":"[`) ||
		!strings.Contains(r.body, "price") {
		t.Errorf("BAD_REQUEST_BODY: %d %s", r.status, r.body)
	}
	if r.header.Get("x-why") != "schema" || r.header.Get("x-trace") != "t1" || r.header.Get("x-env") != "test" ||
		r.header.Get("x-rid") != r.header.Get("x-amzn-RequestId") || r.header.Get("x-amzn-ErrorType") != "BadRequestException" {
		t.Errorf("BAD_REQUEST_BODY headers: %v", r.header)
	}
	// DEFAULT_4XX stands in for the 4xx types nobody put.
	r = a.call(t, "POST", "v1", "/pets", `{}`, hdr)
	if r.status != 400 || r.body != `{"oops":"Missing required request parameters: [q]"}` {
		t.Errorf("DEFAULT_4XX for BAD_REQUEST_PARAMETERS: %d %s", r.status, r.body)
	}
	r = a.call(t, "GET", "v1", "/nowhere", "", nil)
	if r.status != 403 || r.body != `{"oops":"Missing Authentication Token"}` {
		t.Errorf("DEFAULT_4XX for MISSING_AUTHENTICATION_TOKEN: %d %s", r.status, r.body)
	}
	// A success is never touched.
	r = a.call(t, "POST", "v1", "/pets?q=1", `{"name":"rex","price":1}`, hdr)
	if r.status != 200 || r.body != `{"ok":true}` {
		t.Errorf("success: %d %s", r.status, r.body)
	}
	// A type put without templates answers AWS's default template.
	must(g.c.PutGatewayResponse(g.ctx, &apigateway.PutGatewayResponseInput{RestApiId: &a.id, ResponseType: types.GatewayResponseTypeMissingAuthenticationToken,
		StatusCode: aws.String("404")}))(t)
	a.deploy(t, "v1", nil)
	r = a.call(t, "GET", "v1", "/nowhere", "", nil)
	if r.status != 404 || r.body != `{"message":"Missing Authentication Token"}` {
		t.Errorf("MISSING_AUTHENTICATION_TOKEN as 404: %d %s", r.status, r.body)
	}
}
