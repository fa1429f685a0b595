package invoke_test

// Parity tests: each case asserts what real AWS answered, as recorded in
// LocalStack's AWS-validated snapshots (repo localstack/localstack, files
// under tests/aws/services/apigateway/; the .py beside each snapshot shows
// the setup). Ids, dates and environment-dependent values are ignored.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// parityLambda is a Lambda-compatible Invoke API: function "echo" answers a
// proxy response whose body is the event; any other function answers the
// raw payload registered for it.
type parityLambda struct {
	*httptest.Server
	mu        sync.Mutex
	lastEvent []byte
	payloads  map[string]string
}

func startParityLambda(t *testing.T, payloads map[string]string) *parityLambda {
	t.Helper()
	pl := &parityLambda{payloads: payloads}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2015-03-31/functions/{name}/invocations", func(w http.ResponseWriter, r *http.Request) {
		ev, _ := io.ReadAll(r.Body)
		if r.PathValue("name") == "echo" {
			pl.mu.Lock()
			pl.lastEvent = ev
			pl.mu.Unlock()
			_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 200, "body": string(ev)})
			return
		}
		_, _ = io.WriteString(w, pl.payloads[r.PathValue("name")])
	})
	pl.Server = httptest.NewServer(mux)
	t.Cleanup(pl.Close)
	return pl
}

func keysOf(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

var traceIDRe = regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)

// source: tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
// test_lambda_aws_proxy_integration and
// test_lambda_aws_proxy_integration_request_data_mapping (the event AWS
// sends), test_lambda_aws_proxy_integration_non_post_method.
func TestAWSParityProxyEvent(t *testing.T) {
	pl := startParityLambda(t, nil)
	g := startGateway(t, pl.URL)
	a := g.newAPI(t)
	proxy := func() *apigateway.PutIntegrationInput {
		return &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI("echo"))}
	}
	a.method(t, "/{proxy+}", "ANY", nil, proxy())
	a.method(t, "/hardcoded", "ANY", nil, proxy())
	mapped := proxy()
	mapped.RequestParameters = map[string]string{
		"integration.request.header.headerVar":        "method.request.header.foobar",
		"integration.request.querystring.testQs":      "method.request.querystring.testQueryString",
		"integration.request.querystring.queryString": "method.request.querystring.testQueryString",
	}
	a.method(t, "/mapped/{pathVariable}", "POST", nil, mapped)
	get := proxy()
	get.IntegrationHttpMethod = aws.String("GET")
	a.method(t, "/getmethod", "ANY", nil, get)
	a.deploy(t, "stage", nil)

	nullIdentity := []string{"accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "user", "userArn"}
	cases := []struct {
		name, method, path, body string
		headers                  map[string]string
		check                    func(t *testing.T, ev map[string]any)
	}{
		{"top-level keys (invocation-payload-without-trailing-slash)", "GET", "/proxy-value", "", nil, func(t *testing.T, ev map[string]any) {
			want := []string{"body", "headers", "httpMethod", "isBase64Encoded", "multiValueHeaders", "multiValueQueryStringParameters", "path", "pathParameters", "queryStringParameters", "requestContext", "resource", "stageVariables"}
			if got := keysOf(ev); !slices.Equal(got, want) {
				t.Errorf("keys = %v, want %v", got, want)
			}
		}},
		{"requestContext keys, deploymentId included", "GET", "/proxy-value", "", nil, func(t *testing.T, ev map[string]any) {
			rc := ev["requestContext"].(map[string]any)
			want := []string{"accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage"}
			if got := keysOf(rc); !slices.Equal(got, want) {
				t.Errorf("requestContext keys = %v, want %v", got, want)
			}
			if rc["deploymentId"] == "" || rc["domainPrefix"] != a.id || rc["apiId"] != a.id || rc["stage"] != "stage" || rc["protocol"] != "HTTP/1.1" || rc["resourcePath"] != "/{proxy+}" || rc["path"] != "/stage/proxy-value" {
				t.Errorf("requestContext = %v", rc)
			}
		}},
		{"identity: accessKey..userArn null, sourceIp and userAgent set", "GET", "/proxy-value", "", map[string]string{"User-Agent": "python-requests/testing"}, func(t *testing.T, ev map[string]any) {
			id := ev["requestContext"].(map[string]any)["identity"].(map[string]any)
			want := append(slices.Clone(nullIdentity), "sourceIp", "userAgent")
			slices.Sort(want)
			if got := keysOf(id); !slices.Equal(got, want) {
				t.Errorf("identity keys = %v, want %v", got, want)
			}
			for _, k := range nullIdentity {
				if id[k] != nil {
					t.Errorf("identity.%s = %v, want null", k, id[k])
				}
			}
			if id["userAgent"] != "python-requests/testing" || id["sourceIp"] != "127.0.0.1" {
				t.Errorf("identity = %v", id)
			}
		}},
		{"nulls without query, body, stage variables", "GET", "/proxy-value", "", nil, func(t *testing.T, ev map[string]any) {
			for _, k := range []string{"body", "queryStringParameters", "multiValueQueryStringParameters", "stageVariables"} {
				if ev[k] != nil {
					t.Errorf("%s = %v, want null", k, ev[k])
				}
			}
			if ev["isBase64Encoded"] != false || ev["resource"] != "/{proxy+}" || ev["httpMethod"] != "GET" {
				t.Errorf("event = %v", ev)
			}
		}},
		{"invocation-payload-with-trailing-slash", "GET", "/proxy-value/", "", nil, func(t *testing.T, ev map[string]any) {
			rc := ev["requestContext"].(map[string]any)
			if ev["path"] != "/proxy-value/" || ev["pathParameters"].(map[string]any)["proxy"] != "proxy-value" || rc["path"] != "/stage/proxy-value/" {
				t.Errorf("path = %v, pathParameters = %v, requestContext.path = %v", ev["path"], ev["pathParameters"], rc["path"])
			}
		}},
		{"invocation-payload-with-path-encoded-email: percent-escapes kept", "GET", "/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com", "", nil, func(t *testing.T, ev map[string]any) {
			const want = "/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
			if ev["path"] != want || ev["pathParameters"].(map[string]any)["proxy"] != want[1:] {
				t.Errorf("path = %v, pathParameters = %v", ev["path"], ev["pathParameters"])
			}
		}},
		{"invocation-payload-with-params-encoding", "GET", "/proxy-value/api?email=test%2Balias@gmail.com&plus=test+alias@gmail.com&whitespace=foo%20bar&url=https://www.google.com/", "", nil, func(t *testing.T, ev map[string]any) {
			q := ev["queryStringParameters"].(map[string]any)
			if q["email"] != "test+alias@gmail.com" || q["plus"] != "test alias@gmail.com" || q["whitespace"] != "foo bar" || q["url"] != "https://www.google.com/" {
				t.Errorf("queryStringParameters = %v", q)
			}
		}},
		{"invocation-payload-with-params-encoding-multi", "POST", "/proxy-value?category=electronics&category=books&price=10&price=20&price=30", `{"message": "hello world"}`, map[string]string{"Content-Type": "application/json;charset=utf-8"}, func(t *testing.T, ev map[string]any) {
			q := ev["queryStringParameters"].(map[string]any)
			mq := ev["multiValueQueryStringParameters"].(map[string]any)
			if q["category"] != "books" || q["price"] != "30" || len(mq["category"].([]any)) != 2 || len(mq["price"].([]any)) != 3 {
				t.Errorf("query = %v / %v", q, mq)
			}
			if ev["body"] != `{"message": "hello world"}` || ev["headers"].(map[string]any)["Content-Type"] != "application/json;charset=utf-8" {
				t.Errorf("body = %v, headers = %v", ev["body"], ev["headers"])
			}
		}},
		{"headers AWS adds: Host, X-Amzn-Trace-Id, X-Forwarded-*", "GET", "/proxy-value", "", map[string]string{"Authorization": "random-value"}, func(t *testing.T, ev map[string]any) {
			h := ev["headers"].(map[string]any)
			mh := ev["multiValueHeaders"].(map[string]any)
			for _, k := range []string{"Host", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "Authorization"} {
				if h[k] == nil || mh[k] == nil {
					t.Errorf("headers lack %s: %v", k, h)
				}
			}
			if s, _ := h["X-Amzn-Trace-Id"].(string); !traceIDRe.MatchString(s) {
				t.Errorf("X-Amzn-Trace-Id = %q", s)
			}
			if h["X-Forwarded-For"] != "127.0.0.1" || h["X-Forwarded-Proto"] != "http" || h["Authorization"] != "random-value" {
				t.Errorf("headers = %v", h)
			}
		}},
		{"invocation-hardcoded: pathParameters null", "GET", "/hardcoded", "", nil, func(t *testing.T, ev map[string]any) {
			if ev["pathParameters"] != nil || ev["resource"] != "/hardcoded" || ev["path"] != "/hardcoded" {
				t.Errorf("event = %v", ev)
			}
		}},
		{"request_data_mapping: integration parameters do not change the event", "POST", "/mapped/foobar?testQueryString=foo&testVar=bar", `{"message": "hello world"}`, map[string]string{"foobar": "mapped-value", "headerVar": "request-value"}, func(t *testing.T, ev map[string]any) {
			h := ev["headers"].(map[string]any)
			q := ev["queryStringParameters"].(map[string]any)
			if h["Headervar"] != "request-value" || h["Foobar"] != "mapped-value" || len(q) != 2 || q["testVar"] != "bar" || ev["pathParameters"].(map[string]any)["pathVariable"] != "foobar" {
				t.Errorf("headers = %v, query = %v, pathParameters = %v", h, q, ev["pathParameters"])
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := a.urlForms("stage", tc.path)["host"]
			r := do(t, tc.method, f.url, f.host, tc.body, tc.headers)
			if r.status != 200 {
				t.Fatalf("status %d %s", r.status, r.body)
			}
			var ev map[string]any
			if err := json.Unmarshal([]byte(r.body), &ev); err != nil {
				t.Fatalf("event: %v: %s", err, r.body)
			}
			tc.check(t, ev)
		})
	}

	// test_lambda_aws_proxy_integration_non_post_method: integrationHttpMethod GET
	r := a.call(t, "GET", "stage", "/getmethod", "", nil)
	if r.status != 500 || r.body != `{"message": "Internal server error"}` {
		t.Errorf("GET integration method: %d %s, want 500 Internal server error", r.status, r.body)
	}
}

// source: tests/aws/services/apigateway/test_apigateway_lambda.py,
// test_lambda_aws_proxy_response_format and
// test_aws_proxy_response_payload_format_validation (AWS-validated status
// and body assertions for each proxy response).
func TestAWSParityProxyResponse(t *testing.T) {
	cases := []struct {
		name, payload string
		status        int
		body          string
		headers       map[string]string
	}{
		{"invoke-api-no-body", `{"statusCode": 200}`, 200, "", nil},
		{"invoke-api-with-headers", `{"statusCode": 200, "headers": {"test-header": "value", "header-bool": true}}`, 200, "", map[string]string{"test-header": "value", "header-bool": "true"}},
		{"invoke-api-with-headers-null", `{"statusCode": 200, "headers": null}`, 200, "", nil},
		{"invoke-api-wrong-format", `{"statusCode": 200, "wrongValue": "value"}`, 502, `{"message": "Internal server error"}`, nil},
		{"empty-response", `{}`, 200, "", nil},
		{"invoke-api-multi-headers-valid", `{"statusCode": 200, "multiValueHeaders": {"test-multi": ["value1", "value2"]}}`, 200, "", map[string]string{"test-multi": "value1"}},
		{"invoke-api-multi-headers-invalid", `{"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}`, 502, `{"message": "Internal server error"}`, nil},
		{"invoke-api-invalid-status-code", `{"statusCode": "test"}`, 502, `{"message": "Internal server error"}`, nil},
		{"invoke-api-status-code-str", `{"statusCode": "201"}`, 201, "", nil},
		{"invoke-api-just-string", `"justAString"`, 502, `{"message": "Internal server error"}`, nil},
		{"invoke-api-only-headers", `{"headers": {"test-header": "value"}}`, 200, "", map[string]string{"test-header": "value"}},
	}
	payloads := map[string]string{}
	for i, tc := range cases {
		payloads["fn"+string(rune('a'+i))] = tc.payload
	}
	pl := startParityLambda(t, payloads)
	g := startGateway(t, pl.URL)
	a := g.newAPI(t)
	for i := range cases {
		fn := "fn" + string(rune('a'+i))
		a.method(t, "/"+fn, "ANY", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(lambdaURI(fn))})
	}
	a.deploy(t, "test", nil)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := a.call(t, "GET", "test", "/fn"+string(rune('a'+i)), "", nil)
			if r.status != tc.status || r.body != tc.body {
				t.Errorf("= %d %q, want %d %q", r.status, r.body, tc.status, tc.body)
			}
			for k, v := range tc.headers {
				if got := r.header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// source: tests/aws/services/apigateway/test_apigateway_http.snapshot.json
// (test_http_integration_with_lambda[HTTP|HTTP_PROXY],
// test_http_integration_method, test_http_integration_invoke_status_code_passthrough,
// test_http_proxy_integration_request_data_mappings).
func TestAWSParityHTTP(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hdr := map[string]string{}
		for k, vs := range r.Header {
			hdr[strings.ToLower(k)] = strings.Join(vs, ",")
		}
		args := map[string]string{}
		for k, vs := range r.URL.Query() {
			args[k] = strings.Join(vs, ",")
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-RequestId", "backend-request-id")
		w.Header().Set("Server", "backend")
		status := 200
		if r.URL.Query().Get("status") == "400" {
			status = 400
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"headers": hdr, "args": args, "method": r.Method, "data": string(b)})
	}))
	t.Cleanup(backend.Close)
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/http", "POST", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(backend.URL + "/")})
	a.response(t, "/http", "POST", "200", nil, nil, nil)
	a.method(t, "/proxy", "POST", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(backend.URL + "/")})
	a.method(t, "/dm/{pathVariable}", "POST", nil, &apigateway.PutIntegrationInput{
		Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("POST"),
		Uri: aws.String(backend.URL + "/?testVar={pathVar}&testQs={qsVar}"),
		RequestParameters: map[string]string{
			"integration.request.header.headerVar":        "method.request.header.foobar",
			"integration.request.path.qsVar":              "method.request.querystring.testVar",
			"integration.request.path.pathVar":            "method.request.path.pathVariable",
			"integration.request.querystring.queryString": "method.request.querystring.testQueryString",
			"integration.request.querystring.testQs":      "method.request.querystring.testQueryString",
			"integration.request.querystring.testEmptyQs": "method.request.header.emptyheader",
		},
	})
	a.deploy(t, "test", nil)
	client := map[string]string{"Content-Type": "application/json", "Accept": "application/xml", "User-Agent": "test/integration", "Accept-Encoding": "gzip, deflate"}
	type seen struct {
		Headers map[string]string `json:"headers"`
		Args    map[string]string `json:"args"`
		Method  string            `json:"method"`
	}
	parse := func(t *testing.T, r resp) seen {
		var s seen
		if err := json.Unmarshal([]byte(r.body), &s); err != nil {
			t.Fatalf("%d %s: %v", r.status, r.body, err)
		}
		return s
	}
	cases := []struct {
		name, path string
		headers    map[string]string
		check      func(t *testing.T, r resp)
	}{
		{"HTTP: what the backend receives", "/http", client, func(t *testing.T, r resp) {
			s := parse(t, r)
			want := map[string]string{"accept": "application/json", "content-type": "application/json", "user-agent": "AmazonAPIGateway_" + a.id, "x-amzn-apigateway-api-id": a.id, "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "http"}
			for k, v := range want {
				if s.Headers[k] != v {
					t.Errorf("backend header %s = %q, want %q", k, s.Headers[k], v)
				}
			}
			if !traceIDRe.MatchString(s.Headers["x-amzn-trace-id"]) || s.Headers["x-forwarded-port"] == "" {
				t.Errorf("backend headers = %v", s.Headers)
			}
			if s.Headers["accept-encoding"] == "gzip, deflate" {
				t.Errorf("HTTP integration passed the client's Accept-Encoding")
			}
		}},
		{"HTTP: response headers (x-amzn-trace-id, no backend headers)", "/http", client, func(t *testing.T, r resp) {
			if r.header.Get("Content-Type") != "application/json" || !traceIDRe.MatchString(r.header.Get("X-Amzn-Trace-Id")) || r.header.Get("Server") != "" || r.header.Get("x-amzn-RequestId") == "backend-request-id" {
				t.Errorf("headers = %v", r.header)
			}
		}},
		{"HTTP_PROXY: what the backend receives", "/proxy", client, func(t *testing.T, r resp) {
			s := parse(t, r)
			want := map[string]string{"accept": "application/xml", "accept-encoding": "gzip, deflate", "user-agent": "test/integration", "x-amzn-apigateway-api-id": a.id, "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "http"}
			for k, v := range want {
				if s.Headers[k] != v {
					t.Errorf("backend header %s = %q, want %q", k, s.Headers[k], v)
				}
			}
			if !traceIDRe.MatchString(s.Headers["x-amzn-trace-id"]) {
				t.Errorf("backend x-amzn-trace-id = %q", s.Headers["x-amzn-trace-id"])
			}
		}},
		{"HTTP_PROXY: backend Date, Server, x-amzn-RequestId remapped", "/proxy", client, func(t *testing.T, r resp) {
			if r.header.Get("x-amzn-Remapped-x-amzn-RequestId") != "backend-request-id" || r.header.Get("x-amzn-RequestId") == "backend-request-id" {
				t.Errorf("request id headers = %v", r.header)
			}
			if r.header.Get("x-amzn-Remapped-Date") == "" || r.header.Get("x-amzn-Remapped-Server") != "backend" || r.header.Get("x-amzn-Remapped-Content-Length") == "" {
				t.Errorf("remapped headers = %v", r.header)
			}
			if !traceIDRe.MatchString(r.header.Get("X-Amzn-Trace-Id")) || r.header.Get("x-amz-apigw-id") == "" {
				t.Errorf("headers = %v", r.header)
			}
		}},
		{"status passthrough [HTTP]: non-matching 400 is the default 200", "/http?status=400", nil, func(t *testing.T, r resp) {
			if r.status != 200 {
				t.Errorf("status = %d, want 200", r.status)
			}
		}},
		{"status passthrough [HTTP_PROXY]: 400 is 400", "/proxy?status=400", nil, func(t *testing.T, r resp) {
			if r.status != 400 {
				t.Errorf("status = %d, want 400", r.status)
			}
		}},
		{"http-proxy-invocation data mappings: query values add up, mapped header wins", "/dm/foobar?testQueryString=foo&testVar=bar", map[string]string{"foobar": "mapped-value", "headerVar": "request-value"}, func(t *testing.T, r resp) {
			s := parse(t, r)
			want := map[string]string{"queryString": "foo", "testQs": "bar,foo", "testQueryString": "foo", "testVar": "foobar,bar"}
			if len(s.Args) != len(want) {
				t.Errorf("args = %v, want %v", s.Args, want)
			}
			for k, v := range want {
				if s.Args[k] != v {
					t.Errorf("arg %s = %q, want %q", k, s.Args[k], v)
				}
			}
			if s.Headers["headervar"] != "mapped-value" || s.Headers["foobar"] != "mapped-value" {
				t.Errorf("headers = %v", s.Headers)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := a.urlForms("test", tc.path)["host"]
			tc.check(t, do(t, "POST", f.url, f.host, `{"message": "hello world"}`, tc.headers))
		})
	}
}

// source: gateway responses as AWS sends them by default (e.g.
// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json
// test_lambda_aws_proxy_integration_non_post_method for the 500 body);
// MISSING_AUTHENTICATION_TOKEN for unknown paths.
func TestAWSParityGatewayErrors(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/m", "GET", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/m", "GET", "200", nil, nil, nil)
	a.deploy(t, "test", nil)
	cases := []struct {
		name, method, path string
		status             int
		body, errType      string
	}{
		{"unknown path", "GET", "/nope", 403, `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException"},
		{"unknown method", "POST", "/m", 403, `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := a.call(t, tc.method, "test", tc.path, "", nil)
			if r.status != tc.status || r.body != tc.body || r.header.Get("x-amzn-ErrorType") != tc.errType {
				t.Errorf("= %d %s %v", r.status, r.body, r.header)
			}
		})
	}
}
