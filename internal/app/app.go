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
	"os"
	"path/filepath"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/control"
	"github.com/portico/portico/internal/gateway/invoke"
	"github.com/portico/portico/internal/gateway/server"
	"github.com/portico/portico/internal/gateway/store"
	"github.com/portico/portico/internal/iam"
	"github.com/portico/portico/internal/lambda"
	"github.com/portico/portico/internal/upstream"
)

// Config configures the composition.
type Config struct {
	DataDir        string            // directory of the database, or store.Memory
	Region         string            // default us-east-1
	AccountID      string            // default 000000000000
	Credentials    map[string]string // access key id -> secret; empty = accept any signature
	LambdaEndpoint string            // external Lambda Invoke API for integrations; "" = none
	// Upstream is the AWS emulator (e.g. moto_server) for every other
	// service: the pass-through and AWS integrations; "" = none.
	Upstream string
	// URL is where the gateway answers (http://ADDR); functions get it as
	// AWS_ENDPOINT_URL. "" leaves AWS_ENDPOINT_URL unset.
	URL    string
	Logger *slog.Logger
	// StoreCheck re-reads every commit and compares it with memory (a test
	// switch; PORTICO_STORE_CHECK=1 for the binary).
	StoreCheck bool
	// Clock drives token buckets and quotas (tests inject one); nil:
	// time.Now.
	Clock func() time.Time
}

// App is a composed gateway: its store and services, and the server that
// routes to them.
type App struct {
	Config  Config
	Store   *store.Store
	Control *control.Handler
	Invoke  *invoke.Handler
	Lambda  *lambda.Service
	IAM     *iam.Service // IAM and STS (stored, never enforced); not routed when there is an upstream
	// Upstream is the pass-through to the upstream emulator and the sender
	// of AWS integrations (internal/upstream).
	Upstream *upstream.Service
	Server   *server.Server

	tmpDir string // function code of a :memory: gateway
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
	a.Upstream, err = upstream.New(upstream.Options{URL: cfg.Upstream, Region: cfg.Region, Resign: len(cfg.Credentials) > 0, Logger: cfg.Logger})
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.Control = control.New(st, control.Options{Region: cfg.Region, AccountID: cfg.AccountID, Logger: cfg.Logger, Records: st.Records("apigateway")})
	codeDir, logDir := filepath.Join(cfg.DataDir, "lambda"), filepath.Join(cfg.DataDir, "lambda-logs")
	if cfg.DataDir == store.Memory {
		if codeDir, err = os.MkdirTemp("", "portico-lambda-*"); err != nil {
			_ = st.Close()
			return nil, fmt.Errorf("app: %w", err)
		}
		a.tmpDir, logDir = codeDir, filepath.Join(codeDir, "logs")
	}
	a.Lambda, err = lambda.New(lambda.Options{
		Records: st.Records("lambda"), CodeDir: codeDir, LogDir: logDir,
		Region: cfg.Region, AccountID: cfg.AccountID, Logger: cfg.Logger, EndpointURL: cfg.URL,
	})
	if err != nil {
		_ = a.closeStore()
		return nil, fmt.Errorf("app: %w", err)
	}
	functions := invoke.Chain{localFunctions{a.Lambda}}
	if cfg.LambdaEndpoint != "" {
		functions = append(functions, invoke.NewLambdaEndpoint(cfg.LambdaEndpoint))
	}
	a.Invoke = invoke.New(invoke.Options{
		Store: st, Region: cfg.Region, AccountID: cfg.AccountID,
		Functions: functions, Logger: cfg.Logger, Credentials: cfg.Credentials,
		Limits:   invoke.NewLimits(a.Control, cfg.Clock), // API keys, usage plans, throttles, quotas
		Upstream: upstreamIntegrations{a.Upstream},       // AWS integrations with SQS, DynamoDB, S3, ...
	})
	a.IAM = iam.New(iam.Options{Records: st.Records("iam"), AccountID: cfg.AccountID, Region: cfg.Region, Logger: cfg.Logger})
	// TestInvokeMethod is a management operation that runs the invoke path.
	a.Control.Handle("POST /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", http.HandlerFunc(a.Invoke.TestInvokeMethod))
	a.Control.Handle("POST /restapis/{restapi_id}/authorizers/{authorizer_id}", http.HandlerFunc(a.Invoke.TestInvokeAuthorizer))

	a.Server, err = server.New(server.Config{
		Credentials: cfg.Credentials,
		Logger:      cfg.Logger,
		Services: withoutLocalIAM(a.Upstream, []server.Service{
			{
				Name:         "execute-api",
				Handler:      a.Invoke,
				Claims:       isInvokeRequest,
				Unverified:   true,
				LogsRequests: true,
			},
			{
				Name:         "lambda",
				Handler:      a.Lambda,
				Claims:       lambda.Owns,
				SigningNames: []string{"lambda"},
			},
			{
				Name:         "iam",
				Handler:      a.IAM,
				Claims:       iam.ClaimsUnsigned, // unsigned query-protocol calls (e.g. GetCallerIdentity)
				SigningNames: iam.SigningNames,
			},
			upstreamService(a.Upstream), // every other signing name; unsigned AWS client requests
			{
				Name:         "apigateway",
				Handler:      a.Control,
				SigningNames: []string{"apigateway"},
				Default:      true,
			},
		}),
	})
	if err != nil {
		_ = a.Lambda.Close()
		_ = a.closeStore()
		return nil, err
	}
	return a, nil
}

// localFunctions lets the invoke API call portico's own Lambda functions,
// with the resource-policy check AWS makes for API Gateway.
type localFunctions struct{ svc *lambda.Service }

func (l localFunctions) InvokeFunction(ctx context.Context, in invoke.FunctionInvocation) (*invoke.FunctionResult, error) {
	invocationType := in.InvocationType
	permitted := l.svc.Permitted(in.FunctionARN, "apigateway.amazonaws.com", in.SourceARN)
	if !permitted {
		invocationType = "DryRun" // only tells a missing function from a forbidden one
	}
	out, err := l.svc.Invoke(ctx, lambda.InvokeInput{FunctionName: in.FunctionARN, Payload: in.Payload, InvocationType: invocationType})
	var le *lambda.Error
	if errors.As(err, &le) && le.Type == "ResourceNotFoundException" {
		return nil, fmt.Errorf("%w: %s", invoke.ErrFunctionNotFound, le.Message)
	}
	if err != nil {
		return nil, err
	}
	if !permitted {
		return nil, invoke.ErrInvalidPermissions
	}
	return &invoke.FunctionResult{StatusCode: out.StatusCode, Payload: out.Payload, FunctionError: out.FunctionError}, nil
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

// Close stops the services (and every function instance) and closes the
// store.
func (a *App) Close() error {
	a.Invoke.Close()
	a.Upstream.Close()
	_ = a.Control.FlushUsage(context.Background()) // usage counted since the last GetUsage
	err := a.Lambda.Close()
	if cerr := a.closeStore(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	return nil
}

func (a *App) closeStore() error {
	err := a.Store.Close()
	if a.tmpDir != "" {
		_ = os.RemoveAll(a.tmpDir)
	}
	return err
}
