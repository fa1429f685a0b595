package vtl

import "testing"

// TestRecordedInputFormatting pins what AWS answers (LocalStack's recorded
// snapshots, tests/aws/services/apigateway): the values of $input.path
// print as Java maps, but their arrays print as compact JSON (their
// VTLJsonDict/VTLJsonList reproduce AWS's output); an empty body reads as
// "{}". $util.parseJson's values are plain Java collections.
func TestRecordedInputFormatting(t *testing.T) {
	const body = `{"a": 1, "b": [{"c": 5}, "s", 1.5, [2, 3], null], "m": {"k": "v", "l": ["x", {"y": "z"}]}}`
	tests := []struct{ name, src, body, want string }{
		{"test_input_path_template_formatting: root map", `$input.path('$')`, body,
			`{a=1, b=[{"c":5},"s",1.5,[2,3],null], m={k=v, l=["x",{"y":"z"}]}}`},
		{"test_input_path_template_formatting: array", `$input.path('$.b')`, body, `[{"c":5},"s",1.5,[2,3],null]`},
		{"test_input_path_template_formatting: map in an array", `$input.path('$.b[0]')`, body, `{c=5}`},
		{"test_input_path_template_formatting: nested map", `$input.path('$.m')`, body, `{k=v, l=["x",{"y":"z"}]}`},
		{"test_input_path_template_formatting: wildcard result", `$input.path('$.b[*]')`, `{"b": [1, "two"]}`, `[1,"two"]`},
		{"test_input_path_template_formatting: loop items", `#foreach($x in $input.path('$.b'))[$x]#end`, body, `[{c=5}][s][1.5][[2,3]][]`},
		{"parseJson arrays stay Java lists", `$util.parseJson('{"b": [1, "s"]}')`, ``, `{b=[1, s]}`},
		{"test_input_body_formatting: empty body", `[$input.body]`, ``, `[{}]`},
		{"test_input_body_formatting: body as sent", `[$input.body]`, ` {"a": 1} `, `[ {"a": 1} ]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mapping(t, tt.src, tt.body).Body; got != tt.want {
				t.Errorf("%s\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

// TestRecordedMapAssignment: #set into maps by property, by bracket with a
// literal or a variable key, and through $map.put, as the templates of
// LocalStack's recordings test_integration_mock_with_vtl_map_assignation and
// test_integration_mock_with_response_override_in_request_template use
// them on $context.requestOverride / $context.responseOverride (the same
// templates are in testdata/differential/recorded.vtl, checked against
// Velocity 1.7).
func TestRecordedMapAssignment(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		body   string
		status int
		qs     map[string]string
		header map[string]string
	}{
		{"vtl_map_assignation: dot and bracket keys",
			`#set($paramName = "dynamic")#set($context.requestOverride.querystring.dot = "1")#set($context.requestOverride.querystring["literal"] = "2")#set($context.requestOverride.querystring[$paramName] = "3")#set($map = {})#set($map.key = "v")#set($map["k2"] = "w")$map`,
			"{key=v, k2=w}", 0, map[string]string{"dot": "1", "literal": "2", "dynamic": "3"}, nil},
		{"vtl_map_assignation: put and putAll",
			`#set($m = $context.requestOverride.querystring)#set($ignored = $m.put("p", "1"))$m.putAll({"q": "2"})$m.size()`,
			"2", 0, map[string]string{"p": "1", "q": "2"}, nil},
		{"response_override_in_request_template: status and header",
			`#set($context.responseOverride.status = 400)#set($context.responseOverride.header["X-Set"] = "from-request")#set($h = "X-Var")#set($context.responseOverride.header[$h] = $context.responseOverride.status){"statusCode": 200}`,
			`{"statusCode": 200}`, 400, nil, map[string]string{"X-Set": "from-request", "X-Var": "400"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mapping(t, tt.src, "")
			if out.Body != tt.body || out.ResponseOverride.Status != tt.status {
				t.Errorf("body %q status %d, want %q %d", out.Body, out.ResponseOverride.Status, tt.body, tt.status)
			}
			for k, v := range tt.qs {
				if out.RequestOverride.Querystring[k] != v {
					t.Errorf("querystring %s = %q, want %q (%v)", k, out.RequestOverride.Querystring[k], v, out.RequestOverride.Querystring)
				}
			}
			for k, v := range tt.header {
				if out.ResponseOverride.Header[k] != v {
					t.Errorf("header %s = %q, want %q (%v)", k, out.ResponseOverride.Header[k], v, out.ResponseOverride.Header)
				}
			}
		})
	}
}
