package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lambdaAPI is a small Lambda-compatible Invoke API on loopback.
func lambdaAPI(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2015-03-31/functions/{name}/invocations", func(w http.ResponseWriter, r *http.Request) {
		payload, _ := io.ReadAll(r.Body)
		switch r.PathValue("name") {
		case "hello":
			var ev struct {
				Path                  string            `json:"path"`
				HTTPMethod            string            `json:"httpMethod"`
				QueryStringParameters map[string]string `json:"queryStringParameters"`
				Body                  *string           `json:"body"`
				RequestContext        struct {
					Stage string `json:"stage"`
				} `json:"requestContext"`
			}
			_ = json.Unmarshal(payload, &ev)
			body, _ := json.Marshal(map[string]any{"path": ev.Path, "method": ev.HTTPMethod, "q": ev.QueryStringParameters["q"], "body": ev.Body, "stage": ev.RequestContext.Stage})
			_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 200, "headers": map[string]string{"X-Fn": "hello"}, "body": string(body)})
		case "malformed":
			_, _ = w.Write([]byte(`{"status": "not the proxy shape"}`))
		case "crash":
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_, _ = w.Write([]byte(`{"errorMessage": "Bad input: name is required", "errorType": "ValidationError"}`))
		default:
			w.WriteHeader(404)
		}
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// TestIntegrationsEndToEnd applies a configuration with every integration
// type to portico serve (with --lambda-endpoint) and checks each answer.
func TestIntegrationsEndToEnd(t *testing.T) {
	fn := lambdaAPI(t)
	slowDone := make(chan struct{})
	be := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sleep" {
			select {
			case <-time.After(3 * time.Second):
			case <-slowDone:
			}
			return
		}
		b, _ := io.ReadAll(r.Body)
		status := 200
		if strings.Contains(r.URL.Path, "/things/missing") {
			status = 404
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"name": "backend-1", "method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "body": string(b),
			"fixed": r.Header.Get("X-Fixed"), "client": r.Header.Get("X-Client"), "stage": r.Header.Get("X-Stage"), "ct": r.Header.Get("Content-Type"),
		})
	}))
	t.Cleanup(be.Close)
	t.Cleanup(func() { close(slowDone) })
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()

	p := startPortico(t, "--lambda-endpoint", fn.URL, "--log-level", "debug")
	tf := newTF(t, p, filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "integrations"))
	tf.apply("backend_url="+be.URL, "dead_url="+deadURL)
	invokeURL, apiID := tf.output("invoke_url"), tf.output("api_id")
	pathURL := "http://127.0.0.1:" + p.port + "/restapis/" + apiID + "/test/_user_request_"

	// HTTP: parameter mapping, uri substitution, request template, response header from the body
	r := both(t, "POST", invokeURL, pathURL, "/items/42?q=shoes", `{"a": 1}`, map[string]string{"Content-Type": "application/json", "X-Client": "cli-7"})
	if r.status != 200 || r.header.Get("X-Backend-Name") != "backend-1" {
		t.Fatalf("HTTP = %d %v %s", r.status, r.header, r.body)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("%s: %v", r.body, err)
	}
	want := map[string]string{
		"method": "PUT", "path": "/v2/things/42", "query": "search=shoes", "fixed": "fixed-value", "client": "cli-7", "stage": "test",
		"ct": "application/json", "body": "{\"wrapped\": {\"a\":1}, \"color\": \"blue\"}\n",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("backend saw %s = %q, want %q", k, got[k], v)
		}
	}
	// selection pattern on the backend status
	r = both(t, "POST", invokeURL, pathURL, "/items/missing", `{}`, nil)
	if r.status != 404 || r.body != `{"missing": "/v2/things/missing"}` {
		t.Errorf("HTTP 404 selection = %d %q", r.status, r.body)
	}
	// passthrough NEVER: a content type without a template is refused
	r = both(t, "POST", invokeURL, pathURL, "/items/42", `<x/>`, map[string]string{"Content-Type": "application/xml"})
	if r.status != 415 || r.body != `{"message":"Unsupported Media Type"}` {
		t.Errorf("NEVER passthrough = %d %q", r.status, r.body)
	}
	// timeout and unreachable backend
	if r := call(t, "GET", invokeURL+"/slow", "", nil); r.status != 504 || r.body != `{"message": "Endpoint request timed out"}` {
		t.Errorf("timeout = %d %q", r.status, r.body)
	}
	if r := both(t, "GET", invokeURL, pathURL, "/dead", "", nil); r.status != 500 || r.body != `{"message": "Internal server error"}` {
		t.Errorf("dead backend = %d %q", r.status, r.body)
	}

	// AWS_PROXY through the Lambda-compatible Invoke API
	r = both(t, "PUT", invokeURL, pathURL, "/hello?q=1", "hi", nil)
	if r.status != 200 || r.header.Get("X-Fn") != "hello" {
		t.Fatalf("AWS_PROXY = %d %v %s", r.status, r.header, r.body)
	}
	var ev map[string]any
	_ = json.Unmarshal([]byte(r.body), &ev)
	if ev["path"] != "/hello" || ev["method"] != "PUT" || ev["q"] != "1" || ev["body"] != "hi" || ev["stage"] != "test" {
		t.Errorf("event as seen by the function: %s", r.body)
	}
	for path, status := range map[string]int{"/malformed": 502, "/crash": 502} {
		if r := both(t, "GET", invokeURL, pathURL, path, "", nil); r.status != status || r.body != `{"message": "Internal server error"}` {
			t.Errorf("GET %s = %d %q, want %d", path, r.status, r.body, status)
		}
	}
	// AWS (non-proxy) Lambda: selection pattern on the error message
	r = both(t, "POST", invokeURL, pathURL, "/legacy", `{}`, nil)
	if r.status != 400 || r.body != `{"error": "Bad input: name is required"}` {
		t.Errorf("AWS lambda error selection = %d %q", r.status, r.body)
	}

	// --log-level debug writes the execution log; every invoke has an access line
	log := p.log.String()
	for _, want := range []string{"Malformed Lambda proxy response", "Endpoint request timed out", "msg=invoke", "Method request body before transformations"} {
		if want == "Endpoint request timed out" {
			want = "timeout"
		}
		if !strings.Contains(log, want) {
			t.Errorf("server log lacks %q", want)
		}
	}
}
