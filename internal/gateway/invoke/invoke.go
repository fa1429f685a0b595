// Package invoke serves deployed stages of the gateway's REST APIs: it routes
// invoke requests (Host {api-id}.execute-api.localhost or the path form
// /restapis/{api-id}/{stage}/_user_request_/...) to the deployment snapshot
// a stage points at, runs the method's integration (MOCK, HTTP, HTTP_PROXY,
// AWS, AWS_PROXY) with its mapping templates, and maps the integration
// response, the way API Gateway does. It also implements TestInvokeMethod on
// the live configuration.
package invoke

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/gateway/store"
)

// Options configure the invoke API.
type Options struct {
	Store     *store.Store
	Region    string // default us-east-1
	AccountID string // default 000000000000
	// Functions runs the Lambda functions of AWS and AWS_PROXY
	// integrations; nil: such integrations answer 500 saying so.
	Functions Functions
	Logger    *slog.Logger
	// MaxBodyBytes bounds request bodies (AWS: 10 MB). 0 = 10 MiB.
	MaxBodyBytes int64
	// Credentials verify AWS_IAM methods' SigV4 signatures (access key id
	// -> secret); empty: any well-formed signature is accepted.
	Credentials map[string]string
	// Limits enforce API keys' usage plans, throttles and quotas
	// (throttle.go); nil: no throttling, and apiKeyRequired methods answer
	// 403.
	Limits *Limits
	// Upstream sends the requests of AWS integrations with services other
	// than Lambda (service.go); nil: they answer 500 saying so.
	Upstream Upstream
}

// Handler serves invoke requests.
type Handler struct {
	opts      Options
	log       *slog.Logger
	transport *http.Transport
	client    *http.Client

	mu    sync.RWMutex
	cache map[deploymentKey]*compiledAPI
}

type deploymentKey struct{ apiID, deploymentID string }

// New returns an invoke handler over opts.Store.
func New(opts Options) *Handler {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.AccountID == "" {
		opts.AccountID = "000000000000"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 10 << 20
	}
	tr := &http.Transport{
		Proxy:               nil, // loopback backends; never an environment proxy
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // bodies pass through as the backend sent them
	}
	h := &Handler{
		opts:      opts,
		log:       opts.Logger,
		transport: tr,
		client: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		cache: map[deploymentKey]*compiledAPI{},
	}
	return h
}

// Close releases idle backend connections.
func (h *Handler) Close() { h.transport.CloseIdleConnections() }

// target is what an invoke URL addresses.
type target struct {
	apiID, stage string
	rawPath      string // escaped path after the stage, starting with "/"
	domain       string // the domain name as AWS would report it
}

// parseTarget reads the API id, stage and path from either URL form
// (apigw.ParseInvokeURL is the rule).
func parseTarget(r *http.Request) (target, bool) {
	t, _, ok := apigw.ParseInvokeURL(r.Host, r.URL.EscapedPath())
	return target{apiID: t.APIID, stage: t.Stage, rawPath: t.RawPath, domain: t.Domain}, ok
}

// deployment returns the compiled deployment a stage serves (built once per
// deployment id), the stage's variables, or ok=false.
func (h *Handler) deployment(ctx context.Context, apiID, stageName string) (*compiledAPI, map[string]string, error) {
	snap, err := h.opts.Store.StageSnapshot(ctx, apiID, stageName)
	if err != nil {
		return nil, nil, err
	}
	key := deploymentKey{apiID, snap.Deployment.ID}
	h.mu.RLock()
	c := h.cache[key]
	h.mu.RUnlock()
	if c != nil {
		return c, snap.Stage.Variables, nil
	}
	c, err = compile(snap.API, snap.Resources, snap.Deployment.ID)
	if err != nil {
		return nil, nil, err
	}
	c.access = newAccessControl(snap)
	c.validation = newValidation(snap)
	c.responses = newGatewayResponses(snap.GatewayResponses)
	h.mu.Lock()
	if len(h.cache) >= 1024 { // deployments are immutable; an old entry is only ever dropped, never wrong
		clear(h.cache)
	}
	if prev := h.cache[key]; prev != nil {
		c = prev
	} else {
		h.cache[key] = c
	}
	h.mu.Unlock()
	return c, snap.Stage.Variables, nil
}

// ServeHTTP serves an invoke request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := awswire.RequestID(r.Context())
	if reqID == "" {
		reqID = awswire.NewRequestID()
		w.Header()["x-amzn-RequestId"] = []string{reqID}
	}
	apigwID := newAPIGWID()
	w.Header()["x-amz-apigw-id"] = []string{apigwID}

	t, ok := parseTarget(r)
	var res *result
	var c *call
	var api *compiledAPI
	var vars map[string]string
	if !ok {
		res = missingToken()
	} else {
		var err error
		api, vars, err = h.deployment(r.Context(), t.apiID, t.stage)
		switch {
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrStageNotFound):
			res = missingToken()
		case err != nil:
			h.log.Error("invoke: load deployment", "api", t.apiID, "stage", t.stage, "err", err)
			res = internalError()
		default:
			m, found := api.route(splitRaw(t.rawPath))
			var cm *compiledMethod
			if found {
				cm = m.res.methodFor(r.Method)
			}
			if cm == nil || cm.integ == nil {
				res = missingToken()
				break
			}
			body, err := h.readBody(w, r)
			if err != nil {
				res = gatewayError(http.StatusRequestEntityTooLarge, "Request Too Long", "")
				res.responseType = "REQUEST_TOO_LARGE"
				break
			}
			var query url.Values
			if r.URL.RawQuery != "" {
				query = r.URL.Query()
			}
			c = &call{
				h: h, api: api, method: cm, stageName: t.stage, stageVars: vars,
				verb: r.Method, rawPath: t.rawPath, query: query, rawQuery: r.URL.RawQuery,
				headers: r.Header, body: body, params: m.params, greedyName: m.greedyName, greedyRaw: m.greedyRaw,
				requestID: reqID, apigwID: apigwID, start: start, domain: t.domain, req: r,
				sourceIP: sourceIP(r), userAgent: r.UserAgent(), protocol: r.Proto, host: r.Host,
			}
			if h.log.Enabled(r.Context(), slog.LevelDebug) {
				c.xlog = newExecLog(reqID)
			}
			res = c.run(r.Context())
		}
	}
	res = respond(r.Context(), api, c, r, vars, reqID, res) // respond.go: the API's gateway responses
	for k, vs := range res.headers {
		w.Header()[k] = vs
	}
	if c != nil {
		w.Header()["X-Amzn-Trace-Id"] = []string{c.traceID()}
	}
	w.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(res.body)
	}
	if c != nil && c.xlog != nil {
		h.log.LogAttrs(r.Context(), slog.LevelDebug, "execution log", slog.String("request_id", reqID), slog.String("log", c.xlog.String()))
	}
	if !h.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", reqID),
		slog.String("apigw_id", apigwID),
		slog.String("api_id", t.apiID),
		slog.String("stage", t.stage),
		slog.String("method", r.Method),
		slog.String("path", t.rawPath),
		slog.Int("status", res.status),
		slog.Int("response_length", len(res.body)),
		slog.String("source_ip", sourceIP(r)),
		slog.Duration("latency", time.Since(start)),
	}
	if c != nil {
		attrs = append(attrs, slog.String("resource_path", c.method.res.path), slog.String("integration", c.method.integ.Type))
		if c.integrationLatency > 0 {
			attrs = append(attrs, slog.Duration("integration_latency", c.integrationLatency))
		}
	}
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "invoke", attrs...)
}

// readBody reads the request body (at most MaxBodyBytes); a request
// without one costs nothing.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	return readAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes), min(r.ContentLength, h.opts.MaxBodyBytes))
}

// readAll is io.ReadAll sized by a known length (n < 0: unknown), so a
// body is read into one allocation.
func readAll(r io.Reader, n int64) ([]byte, error) {
	if n < 0 || n > 1<<20 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, n+1) // +1: EOF is seen without growing
	for {
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

func sourceIP(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

func splitRaw(raw string) []string {
	// AWS ignores empty segments: "/pets//7" addresses /pets/7, and a
	// trailing slash addresses the same resource.
	return strings.FieldsFunc(raw, func(r rune) bool { return r == '/' })
}

// newAPIGWID returns an x-amz-apigw-id value (16 base64 characters, as AWS's).
func newAPIGWID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var s [16]byte
	base64.RawURLEncoding.Encode(s[:], b[:])
	return string(s[:])
}

// result is a response the gateway sends.
type result struct {
	status  int
	headers http.Header
	body    []byte
	// responseType is the gateway response type of an error the gateway
	// itself produced (ACCESS_DENIED, UNAUTHORIZED, ...); "" otherwise.
	responseType string
	// validationError is $context.error.validationErrorString (validate.go).
	validationError string
}

func gatewayError(status int, message, errType string) *result {
	hd := http.Header{"Content-Type": {"application/json"}}
	if errType != "" {
		hd["x-amzn-ErrorType"] = []string{errType}
	}
	return &result{status: status, headers: hd, body: []byte(`{"message":"` + message + `"}`)}
}

func missingToken() *result {
	r := gatewayError(http.StatusForbidden, "Missing Authentication Token", "MissingAuthenticationTokenException")
	r.responseType = "MISSING_AUTHENTICATION_TOKEN"
	return r
}

// internalError is AWS's answer to an integration or configuration failure.
func internalError() *result {
	return &result{status: 500, headers: http.Header{"Content-Type": {"application/json"}, "x-amzn-ErrorType": {"InternalServerErrorException"}}, body: []byte(`{"message": "Internal server error"}`), responseType: "DEFAULT_5XX"}
}

func badGateway() *result {
	return &result{status: 502, headers: http.Header{"Content-Type": {"application/json"}, "x-amzn-ErrorType": {"InternalServerErrorException"}}, body: []byte(`{"message": "Internal server error"}`), responseType: "DEFAULT_5XX"}
}

func timedOut() *result {
	return &result{status: 504, headers: http.Header{"Content-Type": {"application/json"}, "x-amzn-ErrorType": {"IntegrationTimeout"}}, body: []byte(`{"message": "Endpoint request timed out"}`), responseType: "INTEGRATION_TIMEOUT"}
}

func unsupportedMedia() *result {
	r := gatewayError(http.StatusUnsupportedMediaType, "Unsupported Media Type", "UnsupportedMediaTypeException")
	r.responseType = "UNSUPPORTED_MEDIA_TYPE"
	return r
}

// writeControlError answers a management-API error (TestInvokeMethod).
func writeControlError(w http.ResponseWriter, status int, typ, msg string) {
	awswire.WriteError(w, &awswire.Error{Status: status, Type: typ, Message: msg})
}
