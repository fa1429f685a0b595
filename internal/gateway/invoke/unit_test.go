package invoke

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
)

func TestRoutePrecedence(t *testing.T) {
	paths := []string{"/", "/pets", "/pets/{id}", "/pets/mine", "/pets/{id}/toys", "/{proxy+}", "/a/{b}/c", "/a/x/{y+}"}
	res := map[string]*apigw.Resource{}
	for i, p := range paths {
		id := string(rune('a' + i))
		res[id] = &apigw.Resource{ID: id, Path: p}
	}
	c, err := compile(apigw.RestApi{ID: "api"}, res, "d")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
		params     map[string]string
	}{
		{"", "/", nil},
		{"pets", "/pets", nil},
		{"pets/", "/pets", nil},
		{"pets/mine", "/pets/mine", nil},
		{"pets/7", "/pets/{id}", map[string]string{"id": "7"}},
		{"pets/a%20b", "/pets/{id}", map[string]string{"id": "a b"}},
		{"pets/mine/toys", "/pets/{id}/toys", map[string]string{"id": "mine"}},
		{"pets/7/food", "/{proxy+}", map[string]string{"proxy": "pets/7/food"}},
		{"a/z/c", "/a/{b}/c", map[string]string{"b": "z"}},
		{"a/x/c", "/a/x/{y+}", map[string]string{"y": "c"}}, // literal x beats {b}
		{"a/x/d/e", "/a/x/{y+}", map[string]string{"y": "d/e"}},
		{"zzz", "/{proxy+}", map[string]string{"proxy": "zzz"}},
		// empty segments are ignored, as on AWS
		{"pets//7", "/pets/{id}", map[string]string{"id": "7"}},
		{"/pets/mine/", "/pets/mine", nil},
		{"a//x//d/e", "/a/x/{y+}", map[string]string{"y": "d/e"}},
	}
	for _, tc := range tests {
		m, ok := c.route(splitRaw("/" + tc.path))
		if !ok {
			t.Errorf("%q: no match", tc.path)
			continue
		}
		if m.res.path != tc.want {
			t.Errorf("%q: matched %s, want %s", tc.path, m.res.path, tc.want)
		}
		for k, v := range tc.params {
			if m.params[k] != v {
				t.Errorf("%q: param %s = %q, want %q", tc.path, k, m.params[k], v)
			}
		}
	}
	// without a greedy resource, unknown paths do not match
	delete(res, "f")
	c2, _ := compile(apigw.RestApi{}, res, "d")
	for _, p := range []string{"zzz", "pets/7/food", "a/b"} {
		if m, ok := c2.route(splitRaw("/" + p)); ok {
			t.Errorf("%q matched %s, want none", p, m.res.path)
		}
	}
}

func TestMethodForANY(t *testing.T) {
	r := &compiledResource{methods: map[string]*compiledMethod{"GET": {verb: "GET"}, "ANY": {verb: "ANY"}}}
	for verb, want := range map[string]string{"GET": "GET", "POST": "ANY", "DELETE": "ANY"} {
		if got := r.methodFor(verb).verb; got != want {
			t.Errorf("%s -> %s, want %s", verb, got, want)
		}
	}
	if (&compiledResource{methods: map[string]*compiledMethod{"GET": {}}}).methodFor("POST") != nil {
		t.Error("POST without ANY should not match")
	}
}

func TestMockStatus(t *testing.T) {
	tests := []struct {
		body string
		want int
		ok   bool
	}{
		{`{"statusCode": 200}`, 200, true},
		{`{"statusCode":404, "x": 1}`, 404, true},
		{`{"statusCode": "200"}`, 0, false},
		{`{"statusCode": 2.5}`, 0, false},
		{`{}`, 0, false},
		{``, 0, false},
		{`not json`, 0, false},
		{`{"statusCode": 99}`, 0, false},
	}
	for _, tc := range tests {
		got, ok := mockStatus([]byte(tc.body))
		if got != tc.want || ok != tc.ok {
			t.Errorf("mockStatus(%q) = %d %v, want %d %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSelectionPatterns(t *testing.T) {
	integ := &apigw.Integration{IntegrationResponses: map[string]*apigw.IntegrationResponse{
		"200": {StatusCode: "200"},
		"400": {StatusCode: "400", SelectionPattern: ptr(`4\d{2}`)},
		"404": {StatusCode: "404", SelectionPattern: ptr(`.*Not Found.*`)},
		"500": {StatusCode: "500", SelectionPattern: ptr(`5\d{2}`)},
	}}
	cm := compileMethod(&compiledResource{}, "GET", &apigw.Method{MethodIntegration: integ})
	tests := []struct {
		on       string
		lambdaOK bool
		want     string
	}{
		{"200", false, "200"},
		{"201", false, "200"},
		{"404", false, "400"},
		{"503", false, "500"},
		{"5000", false, "200"}, // whole-string match, as Java's matches()
		{"Error: Not Found here", false, "404"},
		{"", true, "200"},
	}
	for _, tc := range tests {
		if got := cm.selectResponse(tc.on, tc.lambdaOK); got == nil || got.ir.StatusCode != tc.want {
			t.Errorf("select(%q) = %v, want %s", tc.on, got, tc.want)
		}
	}
	noDefault := compileMethod(&compiledResource{}, "GET", &apigw.Method{MethodIntegration: &apigw.Integration{IntegrationResponses: map[string]*apigw.IntegrationResponse{"400": {StatusCode: "400", SelectionPattern: ptr("4..")}}}})
	if got := noDefault.selectResponse("200", false); got != nil {
		t.Errorf("no default: got %v", got.ir.StatusCode)
	}
}

func ptr(s string) *string { return &s }

func TestParseProxyResponse(t *testing.T) {
	tests := []struct {
		payload string
		status  int
		body    string
		ok      bool
	}{
		{`{"statusCode": 200, "body": "hi"}`, 200, "hi", true},
		{`{"statusCode": "404", "body": "x"}`, 404, "x", true},
		{`{"body": "no status"}`, 200, "no status", true},
		{`{"statusCode": 200, "headers": {"A": true}}`, 200, "", true},
		{`{"statusCode": 200, "body": {"obj": 1}}`, 0, "", false},
		{`{"statusCode": 200, "extra": 1}`, 0, "", false},
		{`{"statusCode": "abc"}`, 0, "", false},
		{`{"statusCode": 200, "headers": {"A": 1}}`, 0, "", false},
		{`"just a string"`, 0, "", false},
		{`null`, 0, "", false},
	}
	for _, tc := range tests {
		r, err := parseProxyResponse([]byte(tc.payload))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.payload, err, tc.ok)
			continue
		}
		if tc.ok && (r.status != tc.status || string(r.body) != tc.body) {
			t.Errorf("%s: = %d %q", tc.payload, r.status, r.body)
		}
	}
}

func TestBinaryTypesAndMediaType(t *testing.T) {
	c := &compiledAPI{binaryTypes: []string{"image/*", "application~1octet-stream"}}
	for mt, want := range map[string]bool{"image/png": true, "image/jpeg": true, "application/octet-stream": true, "application/json": false, "text/plain": false} {
		if got := c.isBinaryType(mt); got != want {
			t.Errorf("isBinaryType(%s) = %v", mt, got)
		}
	}
	for in, want := range map[string]string{"": "application/json", "Application/JSON; charset=UTF-8": "application/json", "text/xml": "text/xml"} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParameterMapping(t *testing.T) {
	c := &call{
		method: &compiledMethod{integ: &apigw.Integration{RequestParameters: map[string]string{
			"integration.request.path.id":                 "method.request.path.petId",
			"integration.request.querystring.q":           "method.request.querystring.search",
			"integration.request.multivaluequerystring.m": "method.request.multivaluequerystring.tag",
			"integration.request.header.X-Lit":            "'lit'",
			"integration.request.header.X-Stage":          "stageVariables.color",
			"integration.request.header.X-Ip":             "context.identity.sourceIp",
			"integration.request.header.X-Body":           "method.request.body.name",
			"integration.request.header.X-Hdr":            "method.request.header.X-In",
			"integration.request.header.X-Missing":        "method.request.header.Nope",
		}}},
		params:    map[string]string{"petId": "7"},
		query:     url.Values{"search": {"a", "b"}, "tag": {"x", "y"}},
		headers:   http.Header{"X-In": {"hv"}},
		body:      []byte(`{"name": "rex"}`),
		stageVars: map[string]string{"color": "blue"},
		ctxMap:    map[string]any{"identity": map[string]any{"sourceIp": "1.2.3.4"}},
	}
	rm := c.mapRequestParameters(vtlOverrides(map[string]string{"X-Over": "o"}))
	if rm.path["id"] != "7" {
		t.Errorf("path id = %q", rm.path["id"])
	}
	if rm.query.Get("q") != "b" || len(rm.query["m"]) != 2 {
		t.Errorf("query = %v", rm.query)
	}
	for k, want := range map[string]string{"X-Lit": "lit", "X-Stage": "blue", "X-Ip": "1.2.3.4", "X-Body": "rex", "X-Hdr": "hv", "X-Over": "o", "X-Missing": ""} {
		if got := rm.header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		host, path string
		api, stage string
		raw        string
		ok         bool
	}{
		{"abc123.execute-api.localhost:4567", "/dev/pets/1", "abc123", "dev", "/pets/1", true},
		{"abc123.execute-api.localhost", "/dev", "abc123", "dev", "/", true},
		{"127.0.0.1:4567", "/restapis/abc123/prod/_user_request_/a/b", "abc123", "prod", "/a/b", true},
		{"127.0.0.1:4567", "/restapis/abc123/prod/_user_request_", "abc123", "prod", "/", true},
		{"127.0.0.1:4567", "/restapis/abc123/resources", "", "", "", false},
	}
	for _, tc := range tests {
		r, _ := http.NewRequest("GET", "http://"+tc.host+tc.path, nil)
		got, ok := parseTarget(r)
		if ok != tc.ok || (ok && (got.apiID != tc.api || got.stage != tc.stage || got.rawPath != tc.raw)) {
			t.Errorf("%s%s = %+v %v", tc.host, tc.path, got, ok)
		}
	}
}

func vtlOverrides(headers map[string]string) vtl.Overrides { return vtl.Overrides{Header: headers} }
