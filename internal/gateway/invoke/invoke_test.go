package invoke_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

const missingToken = `{"message":"Missing Authentication Token"}`

func TestMockTemplatesAndSelection(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/pets/{petId}", "GET", map[string]bool{"method.request.path.petId": true},
		mock(`{"statusCode": #if($input.params('petId') == 'missing')404#elseif($input.params('petId') == 'boom')503#else 200#end}`))
	a.response(t, "/pets/{petId}", "GET", "200", nil, map[string]string{"method.response.header.X-Pet": "'yes'"},
		map[string]string{"application/json": `{"id": "$input.params('petId')", "stage": "$context.stage", "resourcePath": "$context.resourcePath", "q": "$input.params('q')"}`})
	a.response(t, "/pets/{petId}", "GET", "404", ptr("404"), nil, map[string]string{"application/json": `{"message": "no pet $input.params('petId')"}`})
	a.response(t, "/pets/{petId}", "GET", "500", ptr(`5\d{2}`), nil, map[string]string{"application/json": `{"message": "broken"}`})
	a.deploy(t, "dev", nil)

	tests := []struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		{"/pets/7?q=x", 200, `{"id": "7", "stage": "dev", "resourcePath": "/pets/{petId}", "q": "x"}`},
		{"/pets/missing", 404, `{"message": "no pet missing"}`},
		{"/pets/boom", 500, `{"message": "broken"}`},
	}
	for _, tc := range tests {
		r := a.call(t, "GET", "dev", tc.path, "", nil)
		if r.status != tc.wantStatus || r.body != tc.wantBody {
			t.Errorf("GET %s = %d %s, want %d %s", tc.path, r.status, r.body, tc.wantStatus, tc.wantBody)
		}
		if tc.wantStatus == 200 && (r.header.Get("X-Pet") != "yes" || r.header.Get("Content-Type") != "application/json") {
			t.Errorf("GET %s headers = %v", tc.path, r.header)
		}
	}
}

func TestRoutingPrecedenceAndMissingToken(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	for path, tag := range map[string]string{
		"/pets/mine":      "literal",
		"/pets/{petId}":   "param",
		"/{proxy+}":       "greedy",
		"/pets/{petId}/x": "param-x",
	} {
		a.method(t, path, "GET", nil, mock(`{"statusCode": 200}`))
		a.response(t, path, "GET", "200", nil, nil, map[string]string{"application/json": tag + ` $input.params('petId')$input.params('proxy')`})
	}
	a.method(t, "/any", "ANY", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/any", "ANY", "200", nil, nil, map[string]string{"application/json": `any $context.httpMethod`})
	a.method(t, "/any", "DELETE", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/any", "DELETE", "200", nil, nil, map[string]string{"application/json": `delete`})
	a.deploy(t, "v1", nil)

	tests := []struct{ method, path, want string }{
		{"GET", "/pets/mine", "literal "},
		{"GET", "/pets/12", "param 12"},
		{"GET", "/pets/12/x", "param-x 12"},
		{"GET", "/pets/mine/x", "param-x mine"}, // backtracks from the literal branch
		{"GET", "/a/b/c", "greedy a/b/c"},
		{"GET", "/pets/12/y", "greedy pets/12/y"},
		{"POST", "/any", "any POST"},
		{"DELETE", "/any", "delete"},
	}
	for _, tc := range tests {
		r := a.call(t, tc.method, "v1", tc.path, "", nil)
		if r.status != 200 || r.body != tc.want {
			t.Errorf("%s %s = %d %q, want 200 %q", tc.method, tc.path, r.status, r.body, tc.want)
		}
	}
	for _, tc := range []struct{ method, stage, path string }{
		{"GET", "nostage", "/pets/mine"},
		{"POST", "v1", "/pets/mine"}, // no such method
		{"GET", "v1", "/"},           // root has no method
	} {
		r := a.call(t, tc.method, tc.stage, tc.path, "", nil)
		if r.status != 403 || r.body != missingToken || r.header.Get("x-amzn-ErrorType") != "MissingAuthenticationTokenException" {
			t.Errorf("%s /%s%s = %d %q %v, want 403 Missing Authentication Token", tc.method, tc.stage, tc.path, r.status, r.body, r.header)
		}
	}
	// unknown API
	r := do(t, "GET", g.endpoint+"/restapis/nosuchapi1/v1/_user_request_/pets/mine", "", "", nil)
	if r.status != 403 || r.body != missingToken {
		t.Errorf("unknown api = %d %q", r.status, r.body)
	}
}

// echoBackend answers with what it received as JSON.
func echoBackend(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hdr := map[string]string{}
		for k, vs := range r.Header {
			if k == "X-Amzn-Trace-Id" { // differs per request
				hdr[k] = "present"
				continue
			}
			hdr[k] = strings.Join(vs, ",")
		}
		if d := r.URL.Query().Get("sleep"); d != "" {
			dur, _ := time.ParseDuration(d)
			time.Sleep(dur)
		}
		status := http.StatusOK
		if r.URL.Query().Get("status") != "" {
			status = map[string]int{"404": 404, "500": 500, "201": 201}[r.URL.Query().Get("status")]
		}
		w.Header().Set("X-From", "backend")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "path": r.URL.EscapedPath(), "query": r.URL.RawQuery, "headers": hdr, "body": string(b), "name": "rex",
		})
	}))
	t.Cleanup(s.Close)
	return s
}

func TestHTTPIntegrationMapping(t *testing.T) {
	g := startGateway(t, "")
	be := echoBackend(t)
	a := g.newAPI(t)
	a.method(t, "/items/{id}", "POST", map[string]bool{"method.request.path.id": true, "method.request.querystring.q": false, "method.request.header.X-In": false},
		&apigateway.PutIntegrationInput{
			Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("PUT"),
			Uri: aws.String(be.URL + "/${stageVariables.prefix}/things/{itemId}?fixed=1"),
			RequestParameters: map[string]string{
				"integration.request.path.itemId":        "method.request.path.id",
				"integration.request.querystring.search": "method.request.querystring.q",
				"integration.request.header.X-Lit":       "'literal-value'",
				"integration.request.header.X-Stage":     "stageVariables.color",
				"integration.request.header.X-Api":       "context.apiId",
				"integration.request.header.X-Copied":    "method.request.header.X-In",
			},
			RequestTemplates: map[string]string{"application/json": `{"wrapped": $input.json('$'), "ip": "$context.identity.sourceIp"}`},
		})
	a.response(t, "/items/{id}", "POST", "200", nil, map[string]string{
		"method.response.header.X-Backend": "integration.response.header.X-From",
		"method.response.header.X-Name":    "integration.response.body.name",
		"method.response.header.X-Static":  "'static'",
	}, nil)
	a.response(t, "/items/{id}", "POST", "404", ptr("404"), nil, map[string]string{"application/json": `{"notFound": "$input.path('$.path')"}`})
	a.deploy(t, "prod", map[string]string{"prefix": "v2", "color": "blue"})

	r := a.call(t, "POST", "prod", "/items/42?q=hello", `{"a":1}`, map[string]string{"X-In": "in-value"})
	if r.status != 200 {
		t.Fatalf("status = %d %s", r.status, r.body)
	}
	var got struct {
		Method, Path, Query, Body string
		Headers                   map[string]string
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	if got.Method != "PUT" || got.Path != "/v2/things/42" {
		t.Errorf("backend saw %s %s", got.Method, got.Path)
	}
	if got.Query != "fixed=1&search=hello" {
		t.Errorf("backend query = %q", got.Query)
	}
	for k, want := range map[string]string{"X-Lit": "literal-value", "X-Stage": "blue", "X-Api": a.id, "X-Copied": "in-value", "Content-Type": "application/json"} {
		if got.Headers[k] != want {
			t.Errorf("backend header %s = %q, want %q", k, got.Headers[k], want)
		}
	}
	if got.Body != `{"wrapped": {"a":1}, "ip": "127.0.0.1"}` {
		t.Errorf("backend body = %q", got.Body)
	}
	for k, want := range map[string]string{"X-Backend": "backend", "X-Name": "rex", "X-Static": "static"} {
		if r.header.Get(k) != want {
			t.Errorf("response header %s = %q, want %q", k, r.header.Get(k), want)
		}
	}

	// status selection on the backend's code
	a2 := g.newAPI(t)
	a2.method(t, "/s", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String(be.URL + "/s?status=404")})
	a2.response(t, "/s", "GET", "200", nil, nil, nil)
	a2.response(t, "/s", "GET", "404", ptr("404"), nil, map[string]string{"application/json": `{"nf": "$input.path('$.path')"}`})
	a2.deploy(t, "x", nil)
	r = a2.call(t, "GET", "x", "/s", "", nil)
	if r.status != 404 || r.body != `{"nf": "/s"}` {
		t.Errorf("selection = %d %q", r.status, r.body)
	}
}

func TestPassthroughBehavior(t *testing.T) {
	g := startGateway(t, "")
	be := echoBackend(t)
	a := g.newAPI(t)
	type pcase struct {
		behavior    string
		templates   bool
		contentType string
		wantStatus  int
		wantBody    string // backend body seen
	}
	cases := map[string]pcase{
		"nomatch-tmpl-json":    {"WHEN_NO_MATCH", true, "application/json", 200, "templated"},
		"nomatch-tmpl-xml":     {"WHEN_NO_MATCH", true, "text/xml", 200, "<a/>"},
		"nomatch-none-xml":     {"WHEN_NO_MATCH", false, "text/xml", 200, "<a/>"},
		"notemplates-tmpl-xml": {"WHEN_NO_TEMPLATES", true, "text/xml", 415, ""},
		"notemplates-none-xml": {"WHEN_NO_TEMPLATES", false, "text/xml", 200, "<a/>"},
		"never-none-xml":       {"NEVER", false, "text/xml", 415, ""},
		"never-tmpl-json":      {"NEVER", true, "application/json; charset=utf-8", 200, "templated"},
		"never-tmpl-xml":       {"NEVER", true, "text/xml", 415, ""},
	}
	for name, tc := range cases {
		in := &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(be.URL + "/p"), PassthroughBehavior: aws.String(tc.behavior)}
		if tc.templates {
			in.RequestTemplates = map[string]string{"application/json": "templated"}
		}
		a.method(t, "/"+name, "POST", nil, in)
		a.response(t, "/"+name, "POST", "200", nil, nil, map[string]string{"application/json": `$input.path('$.body')`})
	}
	a.deploy(t, "s", nil)
	for name, tc := range cases {
		body := "<a/>"
		if strings.HasPrefix(tc.contentType, "application/json") {
			body = `{"x":1}`
		}
		r := a.call(t, "POST", "s", "/"+name, body, map[string]string{"Content-Type": tc.contentType})
		if r.status != tc.wantStatus {
			t.Errorf("%s: status %d %q, want %d", name, r.status, r.body, tc.wantStatus)
			continue
		}
		if tc.wantStatus == 415 {
			if r.body != `{"message":"Unsupported Media Type"}` {
				t.Errorf("%s: 415 body %q", name, r.body)
			}
			continue
		}
		if r.body != tc.wantBody {
			t.Errorf("%s: backend got %q, want %q", name, r.body, tc.wantBody)
		}
	}
}

func TestHTTPErrors(t *testing.T) {
	g := startGateway(t, "")
	be := echoBackend(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	a := g.newAPI(t)
	a.method(t, "/slow", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String(be.URL + "/slow?sleep=2s"), TimeoutInMillis: aws.Int32(100)})
	a.response(t, "/slow", "GET", "200", nil, nil, nil)
	a.method(t, "/slowproxy", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String(be.URL + "/slow?sleep=2s"), TimeoutInMillis: aws.Int32(100)})
	a.method(t, "/dead", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String(deadURL + "/x")})
	a.response(t, "/dead", "GET", "200", nil, nil, nil)
	a.method(t, "/nomatch", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeHttp, IntegrationHttpMethod: aws.String("GET"), Uri: aws.String(be.URL + "/x?status=500")})
	a.response(t, "/nomatch", "GET", "200", ptr("2\\d\\d"), nil, nil)
	a.method(t, "/mocknotemplate", "GET", nil, mock(""))
	a.response(t, "/mocknotemplate", "GET", "200", nil, nil, nil)
	a.method(t, "/nomethodresponse", "GET", nil, mock(`{"statusCode": 200}`))
	a.deploy(t, "s", nil)
	for path, want := range map[string]struct {
		status int
		body   string
	}{
		"/slow":             {504, `{"message": "Endpoint request timed out"}`},
		"/slowproxy":        {504, `{"message": "Endpoint request timed out"}`},
		"/dead":             {500, `{"message": "Internal server error"}`},
		"/nomatch":          {500, `{"message": "Internal server error"}`},
		"/mocknotemplate":   {500, `{"message": "Internal server error"}`},
		"/nomethodresponse": {500, `{"message": "Internal server error"}`},
	} {
		r := a.call(t, "GET", "s", path, "", nil)
		if r.status != want.status || r.body != want.body {
			t.Errorf("GET %s = %d %q, want %d %q", path, r.status, r.body, want.status, want.body)
		}
	}
}

func TestHTTPProxyPassThrough(t *testing.T) {
	g := startGateway(t, "")
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen-Path", r.URL.EscapedPath())
		w.Header().Set("X-Seen-Query", r.URL.RawQuery)
		w.Header().Set("X-Seen-Method", r.Method)
		w.Header().Set("X-Seen-Header", r.Header.Get("X-Client"))
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write(append([]byte("echo:"), b...))
	}))
	t.Cleanup(be.Close)
	a := g.newAPI(t)
	a.method(t, "/api/{proxy+}", "ANY", map[string]bool{"method.request.path.proxy": true}, &apigateway.PutIntegrationInput{
		Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("ANY"), Uri: aws.String(be.URL + "/backend/{proxy}"),
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
	})
	a.deploy(t, "live", nil)
	r := a.call(t, "PATCH", "live", "/api/a/b%20c/d?x=1&x=2&y=z", "payload", map[string]string{"X-Client": "hello"})
	if r.status != 418 || r.body != "echo:payload" {
		t.Fatalf("proxy = %d %q", r.status, r.body)
	}
	for k, want := range map[string]string{"X-Seen-Path": "/backend/a/b%20c/d", "X-Seen-Method": "PATCH", "X-Seen-Header": "hello", "Content-Type": "text/plain"} {
		if r.header.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, r.header.Get(k), want)
		}
	}
	if q := r.header.Get("X-Seen-Query"); q != "x=1&x=2&y=z" {
		t.Errorf("query = %q", q)
	}
}

func TestSnapshotUntilRedeploy(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/v", "GET", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/v", "GET", "200", nil, nil, map[string]string{"application/json": "one"})
	a.deploy(t, "s", nil)
	if r := a.call(t, "GET", "s", "/v", "", nil); r.body != "one" {
		t.Fatalf("first = %q", r.body)
	}
	// change the live configuration: the stage keeps serving its deployment
	id := a.resource(t, "/v")
	must(g.c.PutIntegrationResponse(g.ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("GET"), StatusCode: aws.String("200"), ResponseTemplates: map[string]string{"application/json": "two"}}))(t)
	a.method(t, "/new", "GET", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/new", "GET", "200", nil, nil, map[string]string{"application/json": "new"})
	if r := a.call(t, "GET", "s", "/v", "", nil); r.body != "one" {
		t.Errorf("before redeploy = %q, want one", r.body)
	}
	if r := a.call(t, "GET", "s", "/new", "", nil); r.status != 403 {
		t.Errorf("new resource before redeploy = %d", r.status)
	}
	a.deploy(t, "s", nil)
	if r := a.call(t, "GET", "s", "/v", "", nil); r.body != "two" {
		t.Errorf("after redeploy = %q, want two", r.body)
	}
	if r := a.call(t, "GET", "s", "/new", "", nil); r.status != 200 || r.body != "new" {
		t.Errorf("new resource after redeploy = %d %q", r.status, r.body)
	}
}

func TestContextAndOverrides(t *testing.T) {
	g := startGateway(t, "")
	a := g.newAPI(t)
	a.method(t, "/ctx", "GET", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/ctx", "GET", "200", nil, nil, map[string]string{"application/json": `{"requestId":"$context.requestId","time":"$context.requestTime","epoch":$context.requestTimeEpoch,"ip":"$context.identity.sourceIp","ua":"$context.identity.userAgent","path":"$context.path","method":"$context.httpMethod","apiId":"$context.apiId","protocol":"$context.protocol","domain":"$context.domainName"}
#set($context.responseOverride.status = 201)
#set($context.responseOverride.header.X-Override = "yes")`})
	a.deploy(t, "dev", nil)
	f := a.urlForms("dev", "/ctx")["host"]
	r := do(t, "GET", f.url, f.host, "", map[string]string{"User-Agent": "tester/1"})
	if r.status != 201 || r.header.Get("X-Override") != "yes" {
		t.Fatalf("override: %d %v %s", r.status, r.header, r.body)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(r.body)), &got); err != nil {
		t.Fatalf("%q: %v", r.body, err)
	}
	if got["requestId"] != r.header.Get("x-amzn-RequestId") {
		t.Errorf("requestId %v vs header %s", got["requestId"], r.header.Get("x-amzn-RequestId"))
	}
	if _, err := time.Parse("02/Jan/2006:15:04:05 -0700", got["time"].(string)); err != nil || !strings.HasSuffix(got["time"].(string), "+0000") {
		t.Errorf("requestTime %v: %v", got["time"], err)
	}
	for k, want := range map[string]any{"ip": "127.0.0.1", "ua": "tester/1", "path": "/dev/ctx", "method": "GET", "apiId": a.id, "protocol": "HTTP/1.1", "domain": a.id + ".execute-api.localhost"} {
		if got[k] != want {
			t.Errorf("$context %s = %v, want %v", k, got[k], want)
		}
	}
	if e, ok := got["epoch"].(float64); !ok || e < 1e12 {
		t.Errorf("requestTimeEpoch = %v", got["epoch"])
	}
}
