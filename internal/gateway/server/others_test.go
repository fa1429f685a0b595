package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/portico/portico/internal/gateway/server"
)

// A service with OtherSigningNames answers requests signed for a service
// no other one lists; unsigned requests still go to the Default.
func TestOtherSigningNames(t *testing.T) {
	echo := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, name) })
	}
	srv, err := server.New(server.Config{Services: []server.Service{
		{Name: "lambda", Handler: echo("lambda"), SigningNames: []string{"lambda"}},
		{Name: "upstream", Handler: echo("upstream"), OtherSigningNames: true},
		{Name: "apigateway", Handler: echo("apigateway"), SigningNames: []string{"apigateway"}, Default: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for service, want := range map[string]string{"lambda": "lambda", "apigateway": "apigateway", "sqs": "upstream", "s3": "upstream", "": "apigateway"} {
		req := httptest.NewRequest("GET", "/x", nil)
		if service != "" {
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=ab")
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if got := rec.Body.String(); !strings.HasPrefix(got, want) {
			t.Errorf("scope %q: answered by %q, want %s", service, got, want)
		}
	}
	_, err = server.New(server.Config{Services: []server.Service{
		{Name: "a", Handler: echo("a"), OtherSigningNames: true},
		{Name: "b", Handler: echo("b"), OtherSigningNames: true, Default: true},
	}})
	if err == nil {
		t.Error("two services answering other signing names were accepted")
	}
}
