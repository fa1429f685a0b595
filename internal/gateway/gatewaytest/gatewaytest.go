// Package gatewaytest starts a real `portico serve` gateway in-process on a
// loopback port for tests (the same composition, internal/app, that the
// binary runs), and builds aws-sdk-go-v2 API Gateway clients for it.
package gatewaytest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/store"
)

// Region the helpers use.
const Region = "us-east-1"

// Dummy credentials NewClient signs with.
const (
	AccessKeyID     = "AKIAPORTICOTEST"
	SecretAccessKey = "portico-test-secret"
)

// Start starts an ephemeral gateway (":memory:") on 127.0.0.1:0 and returns
// its endpoint, e.g. "http://127.0.0.1:41234". It stops when t ends.
func Start(t testing.TB) string {
	t.Helper()
	_, endpoint := StartServer(t, app.Config{DataDir: store.Memory})
	return endpoint
}

// StartServer starts a gateway with cfg (DataDir defaults to ":memory:") on
// 127.0.0.1:0 and returns it with its endpoint. It stops when t ends, and
// the test fails if any management handler panicked.
func StartServer(t testing.TB, cfg app.Config) (*app.App, string) {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = store.Memory
	}
	if cfg.Region == "" {
		cfg.Region = Region
	}
	cfg.StoreCheck = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("gatewaytest: listen: %v", err)
	}
	cfg.URL = "http://" + ln.Addr().String()
	srv, err := app.New(cfg)
	if err != nil {
		_ = ln.Close()
		t.Fatalf("gatewaytest: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("gatewaytest: serve: %v", err)
		}
		if n := srv.Control.Panics(); n > 0 {
			t.Errorf("gatewaytest: %d management handler panic(s); see the log", n)
		}
		if err := srv.Close(); err != nil {
			t.Errorf("gatewaytest: close: %v", err)
		}
	})
	return srv, "http://" + ln.Addr().String()
}

// NewClient returns an API Gateway client for endpoint, signing with the
// dummy credentials, without retries (so tests see every answer).
func NewClient(endpoint string) *apigateway.Client {
	return NewClientWithCredentials(endpoint, AccessKeyID, SecretAccessKey)
}

// NewClientWithCredentials is NewClient with the given static credentials.
func NewClientWithCredentials(endpoint, accessKeyID, secret string) *apigateway.Client {
	return apigateway.New(apigateway.Options{
		Region:       Region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKeyID, secret, ""),
		Retryer:      aws.NopRetryer{},
	})
}
