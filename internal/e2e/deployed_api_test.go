package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func backend(t *testing.T, name string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Backend", name)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "%s %s %s?%s %s", name, r.Method, r.URL.EscapedPath(), r.URL.RawQuery, b)
	}))
	t.Cleanup(s.Close)
	return s
}

// TestDeployedAPIExample applies examples/deployed-api to a real portico
// serve with the real terraform CLI and calls it in both URL forms.
func TestDeployedAPIExample(t *testing.T) {
	p := startPortico(t)
	be1, be2 := backend(t, "one"), backend(t, "two")
	tf := newTF(t, p, filepath.Join(repoRoot(t), "examples", "deployed-api"))
	tf.apply("backend_url=" + be1.URL)
	invokeURL, pathURL := tf.output("invoke_url"), tf.output("path_form_url")
	apiID := tf.output("api_id")
	if want := "http://" + apiID + ".execute-api.localhost:" + p.port + "/dev"; invokeURL != want {
		t.Fatalf("invoke_url = %q, want %q", invokeURL, want)
	}
	if want := "http://127.0.0.1:" + p.port + "/restapis/" + apiID + "/dev/_user_request_"; pathURL != want {
		t.Fatalf("path_form_url = %q, want %q", pathURL, want)
	}

	// MOCK with a response template and a query parameter
	r := both(t, "GET", invokeURL, pathURL, "/pets", "", nil)
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("GET /pets = %d %v %s", r.status, r.header, r.body)
	}
	pets, ok := jsonOf(t, r.body).([]any)
	if !ok || len(pets) != 3 {
		t.Errorf("GET /pets body = %s", r.body)
	}
	r = both(t, "GET", invokeURL, pathURL, "/pets?type=cat", "", nil)
	if got := jsonOf(t, r.body); !reflect.DeepEqual(got, []any{map[string]any{"id": 2.0, "type": "cat", "price": 124.99}}) {
		t.Errorf("GET /pets?type=cat = %s", r.body)
	}

	// CORS preflight
	r = both(t, "OPTIONS", invokeURL, pathURL, "/pets", "", map[string]string{"Origin": "http://example.test", "Access-Control-Request-Method": "GET"})
	if r.status != 200 || r.header.Get("Access-Control-Allow-Methods") != "GET,OPTIONS" || r.header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("OPTIONS /pets = %d %v", r.status, r.header)
	}

	// {petId}: the request template selects 200 or 404
	r = both(t, "GET", invokeURL, pathURL, "/pets/2", "", nil)
	got, _ := jsonOf(t, r.body).(map[string]any)
	if r.status != 200 || got["id"] != 2.0 || got["type"] != "cat" || got["stage"] != "dev" || got["requestId"] == "" || r.header.Get("X-Pet-Source") != "mock" {
		t.Errorf("GET /pets/2 = %d %v %s", r.status, r.header, r.body)
	}
	r = both(t, "GET", invokeURL, pathURL, "/pets/42", "", nil)
	if r.status != 404 || strings.TrimSpace(r.body) != `{"message": "No pet with id 42"}` {
		t.Errorf("GET /pets/42 = %d %s", r.status, r.body)
	}

	// HTTP_PROXY {proxy+}: method, path, query and body pass through, the
	// backend's status, headers and body come back as they are
	r = both(t, "POST", invokeURL, pathURL, "/api/orders/7/items?x=1&x=2", "payload", nil)
	if r.status != 202 || r.header.Get("X-Backend") != "one" || r.body != "one POST /orders/7/items?x=1&x=2 payload" {
		t.Errorf("POST /api/... = %d %v %q", r.status, r.header, r.body)
	}

	// unknown path, method, stage: 403 Missing Authentication Token
	for _, c := range []struct{ method, url string }{
		{"GET", invokeURL + "/nothing"},
		{"DELETE", invokeURL + "/pets"},
		{"GET", strings.TrimSuffix(invokeURL, "/dev") + "/nostage/pets"},
		{"GET", pathURL + "/nothing"},
	} {
		r := call(t, c.method, c.url, "", nil)
		if r.status != 403 || r.body != `{"message":"Missing Authentication Token"}` || r.header.Get("x-amzn-ErrorType") != "MissingAuthenticationTokenException" {
			t.Errorf("%s %s = %d %q %v", c.method, c.url, r.status, r.body, r.header)
		}
	}

	// a new backend is a new deployment (triggers): the stage switches at once
	tf.apply("backend_url=" + be2.URL)
	r = both(t, "GET", invokeURL, pathURL, "/api/ping", "", nil)
	if r.header.Get("X-Backend") != "two" {
		t.Errorf("after redeploy: %d %v %q", r.status, r.header, r.body)
	}
	if !strings.Contains(p.log.String(), "msg=invoke") {
		t.Errorf("no access-log line for invokes in the server log")
	}
	tf.run("destroy", "-auto-approve", "-input=false", "-no-color")
}
