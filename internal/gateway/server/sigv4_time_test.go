package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

var emptySHA256 = func() string { s := sha256.Sum256(nil); return hex.EncodeToString(s[:]) }()

// With --credentials, a correctly signed request whose X-Amz-Date is far
// from the server's clock is refused (as AWS does), so a captured request
// cannot be replayed forever; a small skew is accepted.
func TestSigV4ClockSkew(t *testing.T) {
	_, endpoint := gatewaytest.StartServer(t, app.Config{Credentials: map[string]string{"AKIDGOOD": "good-secret"}})
	creds := aws.Credentials{AccessKeyID: "AKIDGOOD", SecretAccessKey: "good-secret"}
	cases := []struct {
		name     string
		skew     time.Duration
		want     int
		wantType string
	}{
		{"now", 0, 200, ""},
		{"two minutes slow", -2 * time.Minute, 200, ""},
		{"two minutes fast", 2 * time.Minute, 200, ""},
		{"an hour old", -time.Hour, 403, "InvalidSignatureException"},
		{"an hour ahead", time.Hour, 403, "InvalidSignatureException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", endpoint+"/restapis", nil)
			if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, emptySHA256, "apigateway", "us-east-1", time.Now().Add(tc.skew)); err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want || resp.Header.Get("X-Amzn-ErrorType") != tc.wantType {
				t.Errorf("status %d %q, want %d %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), tc.want, tc.wantType)
			}
		})
	}
}

// Query-string (presigned) SigV4 requests are verified like header-signed
// ones: accepted when valid and unexpired, refused otherwise.
func TestSigV4Presigned(t *testing.T) {
	_, endpoint := gatewaytest.StartServer(t, app.Config{Credentials: map[string]string{"AKIDGOOD": "good-secret"}})
	presign := func(t *testing.T, secret string, at time.Time, expires string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", endpoint+"/restapis?limit=5", nil)
		q := req.URL.Query()
		q.Set("X-Amz-Expires", expires)
		req.URL.RawQuery = q.Encode()
		u, _, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDGOOD", SecretAccessKey: secret}, req, emptySHA256, "apigateway", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	cases := []struct {
		name string
		url  string
		want int
	}{
		{"valid", presign(t, "good-secret", time.Now(), "300"), 200},
		{"wrong secret", presign(t, "bad-secret", time.Now(), "300"), 403},
		{"expired", presign(t, "good-secret", time.Now().Add(-10*time.Minute), "60"), 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d (%s), want %d", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), tc.want)
			}
		})
	}
}

// With --credentials, a body over the management API's 10 MiB limit is
// answered 413 without being read into memory whole (verifying a signature
// must not buffer an unbounded body).
func TestSigV4OversizedBody(t *testing.T) {
	_, endpoint := gatewaytest.StartServer(t, app.Config{Credentials: map[string]string{"AKIDGOOD": "good-secret"}})
	body := strings.NewReader(strings.Repeat("x", 10<<20+1))
	req, _ := http.NewRequest("POST", endpoint+"/restapis", body)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDGOOD/20240101/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d (%s), want 413", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
}
