// Package app is the composition root of `portico serve`: it opens the
// store, builds every service and mounts them, in routing order, on one
// server. cmd/portico runs it; internal/gateway/gatewaytest starts the very
// same composition for tests. No service imports another: what one needs of
// another is passed in here.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/control"
	"github.com/portico/portico/internal/gateway/invoke"
	"github.com/portico/portico/internal/gateway/server"
	"github.com/portico/portico/internal/gateway/store"
)

// Config configures the composition.
type Config struct {
	DataDir        string            // directory of the database, or store.Memory
	Region         string            // default us-east-1
	AccountID      string            // default 000000000000
	Credentials    map[string]string // access key id -> secret; empty = accept any signature
	LambdaEndpoint string            // external Lambda Invoke API for integrations; "" = none
	Logger         *slog.Logger
	// StoreCheck re-reads every commit and compares it with memory (a test
	// switch; PORTICO_STORE_CHECK=1 for the binary).
	StoreCheck bool
}

// App is a composed gateway: its store and services, and the server that
// routes to them.
type App struct {
	Config  Config
	Store   *store.Store
	Control *control.Handler
	Invoke  *invoke.Handler
	Server  *server.Server
}

// New opens the store and composes the services.
func New(cfg Config) (*App, error) {
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "000000000000"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DataDir == "" {
		return nil, errors.New("app: DataDir is required (a directory or :memory:)")
	}
	st, err := store.Open(cfg.DataDir, store.Options{Check: cfg.StoreCheck})
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Store: st}
	a.Control = control.New(st, control.Options{Region: cfg.Region, AccountID: cfg.AccountID, Logger: cfg.Logger})
	a.Invoke = invoke.New(invoke.Options{
		Store: st, Region: cfg.Region, AccountID: cfg.AccountID,
		LambdaEndpoint: cfg.LambdaEndpoint, Logger: cfg.Logger,
	})
	// TestInvokeMethod is a management operation that runs the invoke path.
	a.Control.Handle("POST /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", http.HandlerFunc(a.Invoke.TestInvokeMethod))

	a.Server, err = server.New(server.Config{
		Credentials: cfg.Credentials,
		Logger:      cfg.Logger,
		Services: []server.Service{
			{
				Name:         "execute-api",
				Handler:      a.Invoke,
				Claims:       isInvokeRequest,
				Unverified:   true,
				LogsRequests: true,
			},
			{
				Name:         "apigateway",
				Handler:      a.Control,
				SigningNames: []string{"apigateway"},
				Default:      true,
			},
		},
	})
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return a, nil
}

func isInvokeRequest(r *http.Request) bool {
	_, isInvoke, _ := apigw.ParseInvokeURL(r.Host, r.URL.EscapedPath())
	return isInvoke
}

// Handler is the complete HTTP handler of the composed gateway.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// Serve serves on ln until ctx is done (see server.Serve).
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	return a.Server.Serve(ctx, ln)
}

// Close stops the services and closes the store.
func (a *App) Close() error {
	a.Invoke.Close()
	if err := a.Store.Close(); err != nil {
		return fmt.Errorf("app: %w", err)
	}
	return nil
}
