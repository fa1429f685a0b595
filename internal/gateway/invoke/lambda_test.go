package invoke_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// fakeLambda is a small Lambda-compatible Invoke API
// (POST /2015-03-31/functions/{name}/invocations) whose functions are Go funcs.
type fakeLambda struct {
	*httptest.Server
	mu     sync.Mutex
	events map[string][]byte // last payload per function
}

func startFakeLambda(t *testing.T) *fakeLambda {
	t.Helper()
	fl := &fakeLambda{events: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2015-03-31/functions/{name}/invocations", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		payload, _ := io.ReadAll(r.Body)
		fl.mu.Lock()
		fl.events[name] = payload
		fl.mu.Unlock()
		switch name {
		case "hello": // a proper proxy response echoing parts of the event
			var ev map[string]any
			_ = json.Unmarshal(payload, &ev)
			body, _ := json.Marshal(map[string]any{"path": ev["path"], "resource": ev["resource"], "query": ev["queryStringParameters"], "params": ev["pathParameters"], "body": ev["body"], "stage": ev["requestContext"].(map[string]any)["stage"]})
			_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 201, "headers": map[string]string{"X-Fn": "hello"}, "multiValueHeaders": map[string][]string{"X-Multi": {"a", "b"}}, "body": string(body)})
		case "binary":
			_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 200, "headers": map[string]string{"Content-Type": "image/png"}, "body": base64.StdEncoding.EncodeToString([]byte{0x89, 'P', 'N', 'G'}), "isBase64Encoded": true})
		case "malformed":
			_, _ = w.Write([]byte(`{"statusCode": 200, "body": {"not": "a string"}}`))
		case "extra":
			_, _ = w.Write([]byte(`{"statusCode": 200, "body": "x", "unexpected": 1}`))
		case "crash":
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_, _ = w.Write([]byte(`{"errorMessage": "Not found: pet 9", "errorType": "NotFound"}`))
		case "plain": // for AWS (non-proxy): echo the payload
			_, _ = w.Write(payload)
		default:
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"Type":"User","message":"Function not found"}`))
		}
	})
	fl.Server = httptest.NewServer(mux)
	t.Cleanup(fl.Close)
	return fl
}

func lambdaURI(fn string) string {
	return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:" + fn + "/invocations"
}

func TestLambdaProxy(t *testing.T) {
	fl := startFakeLambda(t)
	g := startGateway(t, fl.URL)
	a := g.newAPI(t, "image/png")
	for _, fn := range []string{"hello", "binary", "malformed", "extra", "crash", "missingfn"} {
		a.method(t, "/"+fn+"/{proxy+}", "ANY", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI(fn))})
	}
	a.method(t, "/sqs", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String("arn:aws:apigateway:us-east-1:sqs:path/123456789012/q"), Credentials: aws.String("arn:aws:iam::123456789012:role/r")})
	a.deploy(t, "prod", map[string]string{"v": "1"})

	r := a.call(t, "POST", "prod", "/hello/a/b?x=1", `{"in":true}`, nil)
	if r.status != 201 || r.header.Get("X-Fn") != "hello" || strings.Join(r.header.Values("X-Multi"), ",") != "a,b" {
		t.Fatalf("hello = %d %v %s", r.status, r.header, r.body)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if got["path"] != "/hello/a/b" || got["resource"] != "/hello/{proxy+}" || got["body"] != `{"in":true}` || got["stage"] != "prod" {
		t.Errorf("event seen by function: %v", got)
	}
	if p, _ := got["params"].(map[string]any); p["proxy"] != "a/b" {
		t.Errorf("pathParameters = %v", got["params"])
	}
	var ev map[string]any
	fl.mu.Lock()
	_ = json.Unmarshal(fl.events["hello"], &ev)
	fl.mu.Unlock()
	for _, k := range []string{"resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("proxy event lacks %q", k)
		}
	}

	// binary: decoded when the client accepts a binary media type
	f := a.urlForms("prod", "/binary/x")["host"]
	rb := do(t, "GET", f.url, f.host, "", map[string]string{"Accept": "image/png"})
	if rb.status != 200 || rb.body != "\x89PNG" {
		t.Errorf("binary = %d %q", rb.status, rb.body)
	}

	for path, want := range map[string]int{"/malformed/x": 502, "/extra/x": 502, "/crash/x": 502, "/missingfn/x": 500, "/sqs": 500} {
		r := a.call(t, "GET", "prod", path, "", nil)
		if r.status != want || r.body != `{"message": "Internal server error"}` {
			t.Errorf("GET %s = %d %q, want %d Internal server error", path, r.status, r.body, want)
		}
	}
}

func TestLambdaWithoutEndpoint(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/fn", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI("hello"))})
	a.deploy(t, "s", nil)
	r := a.call(t, "GET", "s", "/fn", "", nil)
	if r.status != 500 || r.body != `{"message": "Internal server error"}` {
		t.Errorf("without --lambda-endpoint = %d %q", r.status, r.body)
	}
	// the reason is in the TestInvokeMethod log
	out := must(g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/fn")), HttpMethod: aws.String("GET")}))(t)
	if out.Status != 500 || !strings.Contains(aws.ToString(out.Log), "--lambda-endpoint") {
		t.Errorf("test invoke = %d, log:\n%s", out.Status, aws.ToString(out.Log))
	}
}

func TestLambdaNonProxySelection(t *testing.T) {
	fl := startFakeLambda(t)
	g := startGateway(t, fl.URL)
	a := g.newAPI(t)
	for _, fn := range []string{"plain", "crash"} {
		a.method(t, "/"+fn, "POST", nil, &apigateway.PutIntegrationInput{
			Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI(fn)),
			RequestTemplates: map[string]string{"application/json": `{"name": "$input.path('$.name')", "stage": "$context.stage"}`},
		})
		a.response(t, "/"+fn, "POST", "200", nil, nil, map[string]string{"application/json": `{"got": $input.json('$')}`})
		a.response(t, "/"+fn, "POST", "404", ptr("Not found.*"), nil, map[string]string{"application/json": `{"error": "$input.path('$.errorMessage')"}`})
	}
	a.deploy(t, "s", nil)
	r := a.call(t, "POST", "s", "/plain", `{"name":"rex"}`, nil)
	if r.status != 200 || r.body != `{"got": {"name":"rex","stage":"s"}}` {
		t.Errorf("plain = %d %q", r.status, r.body)
	}
	r = a.call(t, "POST", "s", "/crash", `{}`, nil)
	if r.status != 404 || r.body != `{"error": "Not found: pet 9"}` {
		t.Errorf("crash = %d %q", r.status, r.body)
	}
}

func TestTestInvokeMethod(t *testing.T) {
	be := echoBackend(t)
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/pets/{petId}", "GET", map[string]bool{"method.request.path.petId": true}, mock(`{"statusCode": 200}`))
	a.response(t, "/pets/{petId}", "GET", "200", nil, map[string]string{"method.response.header.X-Id": "'fixed'"},
		map[string]string{"application/json": `{"id": "$input.params('petId')", "q": "$input.params('q')", "stage": "$context.stage", "v": "$stageVariables.v"}`})
	a.method(t, "/http", "POST", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(be.URL + "/h")})
	a.response(t, "/http", "POST", "200", nil, nil, nil)
	// no deployment: TestInvokeMethod runs the live configuration
	out := must(g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{
		RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/pets/{petId}")), HttpMethod: aws.String("GET"),
		PathWithQueryString: aws.String("/pets/5?q=z"), StageVariables: map[string]string{"v": "sv"},
	}))(t)
	if out.Status != 200 || aws.ToString(out.Body) != `{"id": "5", "q": "z", "stage": "test-invoke-stage", "v": "sv"}` {
		t.Errorf("mock = %d %q", out.Status, aws.ToString(out.Body))
	}
	if out.Headers["Content-Type"] != "application/json" || len(out.MultiValueHeaders["Content-Type"]) != 1 {
		t.Errorf("headers = %v / %v", out.Headers, out.MultiValueHeaders)
	}
	log := aws.ToString(out.Log)
	for _, want := range []string{"Execution log for request", "Starting execution for request:", "HTTP Method: GET, Resource Path: /pets/5", "Method request path: {petId=5}", "Method request query string: {q=z}", "Method request body before transformations:", "Method response body after transformations:", "Successfully completed execution", "Method completed with status: 200"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	out = must(g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{
		RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/http")), HttpMethod: aws.String("POST"),
		Body: aws.String(`{"k":"v"}`), Headers: map[string]string{"Content-Type": "application/json"},
	}))(t)
	log = aws.ToString(out.Log)
	if out.Status != 200 || !strings.Contains(aws.ToString(out.Body), `"body":"{\"k\":\"v\"}"`) {
		t.Errorf("http = %d %q", out.Status, aws.ToString(out.Body))
	}
	for _, want := range []string{"Endpoint request URI: " + be.URL + "/h", "Endpoint request body after transformations: {\"k\":\"v\"}", "Sending request to", "Received response. Status: 200", "Endpoint response body before transformations:"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	_, err := g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String("nosuchres0"), HttpMethod: aws.String("GET")})
	if err == nil || !strings.Contains(err.Error(), "Invalid Resource identifier specified") {
		t.Errorf("unknown resource: %v", err)
	}
	_, err = g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/http")), HttpMethod: aws.String("GET")})
	if err == nil || !strings.Contains(err.Error(), "Invalid Method identifier specified") {
		t.Errorf("unknown method: %v", err)
	}
}

func TestContentHandling(t *testing.T) {
	g := startGateway(t, "application/octet-stream")
	a := g.newAPI(t, "application/octet-stream")
	a.method(t, "/tobinary", "GET", nil, mock(`{"statusCode": 200}`))
	must(g.c.PutMethodResponse(g.ctx, &apigateway.PutMethodResponseInput{RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/tobinary")), HttpMethod: aws.String("GET"), StatusCode: aws.String("200")}))(t)
	must(g.c.PutIntegrationResponse(g.ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &a.id, ResourceId: aws.String(a.resource(t, "/tobinary")), HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
		ResponseTemplates: map[string]string{"application/json": base64.StdEncoding.EncodeToString([]byte("raw\x00bytes"))}, ContentHandling: types.ContentHandlingStrategyConvertToBinary}))(t)
	a.method(t, "/totext", "POST", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock, ContentHandling: types.ContentHandlingStrategyConvertToText,
		RequestTemplates: map[string]string{"application/octet-stream": `{"statusCode": 200}`}, PassthroughBehavior: aws.String("WHEN_NO_TEMPLATES")})
	a.response(t, "/totext", "POST", "200", nil, nil, map[string]string{"application/json": `ok`})
	a.deploy(t, "s", nil)
	if r := a.call(t, "GET", "s", "/tobinary", "", nil); r.status != 200 || r.body != "raw\x00bytes" {
		t.Errorf("CONVERT_TO_BINARY = %d %q", r.status, r.body)
	}
	if r := a.call(t, "POST", "s", "/totext", "\x00\x01", map[string]string{"Content-Type": "application/octet-stream"}); r.status != 200 || r.body != "ok" {
		t.Errorf("binary request with template = %d %q", r.status, r.body)
	}
}
