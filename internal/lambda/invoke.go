package lambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/lambda/runtime"
	"github.com/portico/portico/internal/lambdaspec"
)

// Payload limits of Invoke.
const (
	MaxSyncPayload  = lambdaspec.InvokePayloadMaxBytes
	MaxEventPayload = lambdaspec.EventPayloadMaxBytes
)

// InvokeInput is one invocation, as the Invoke operation takes it.
type InvokeInput struct {
	FunctionName   string // name, ARN or partial ARN, optionally with :qualifier
	Qualifier      string
	Payload        []byte
	InvocationType string // RequestResponse (default), Event or DryRun
	LogType        string // None (default) or Tail
	ClientContext  string // base64-encoded JSON (X-Amz-Client-Context)
}

// InvokeOutput is Invoke's answer.
type InvokeOutput struct {
	StatusCode      int // 200, 202 (Event) or 204 (DryRun)
	Payload         []byte
	FunctionError   string // "" or "Unhandled"
	ExecutedVersion string
	LogResult       string // base64 of the log's last 4 KB, with LogType Tail
}

type event struct {
	spec *runtime.Spec
	req  runtime.Request
}

// Invoke invokes a function in-process (API Gateway's integrations). The
// error, an *Error, means the function does not exist or cannot run; a
// function that fails answers FunctionError "Unhandled".
func (s *Service) Invoke(ctx context.Context, in InvokeInput) (InvokeOutput, error) {
	out, e := s.invoke(ctx, in)
	if e != nil {
		return out, e
	}
	return out, nil
}

func (s *Service) invoke(ctx context.Context, in InvokeInput) (InvokeOutput, *Error) {
	switch in.InvocationType {
	case "":
		in.InvocationType = "RequestResponse"
	case "RequestResponse", "Event", "DryRun":
	default:
		return InvokeOutput{}, validation(in.InvocationType, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
	}
	switch in.LogType {
	case "", "None", "Tail":
	default:
		return InvokeOutput{}, validation(in.LogType, "logType", "Member must satisfy enum value set: [None, Tail]")
	}
	limit := MaxSyncPayload
	if in.InvocationType == "Event" {
		limit = MaxEventPayload
	}
	if len(in.Payload) > limit {
		return InvokeOutput{}, tooLarge(limit, "InvokeFunction")
	}
	rf, e := parseRef(in.FunctionName, "functionName")
	if e != nil {
		return InvokeOutput{}, e
	}
	if rf, e = rf.withQualifier(in.Qualifier); e != nil {
		return InvokeOutput{}, e
	}
	if len(in.Payload) > 0 && !json.Valid(in.Payload) {
		var v any
		err := json.Unmarshal(in.Payload, &v)
		return InvokeOutput{}, errorf(http.StatusBadRequest, "InvalidRequestContentException",
			"Could not parse request body into json: Could not parse payload into json: %v", err)
	}
	var clientContext string
	if in.ClientContext != "" {
		b, err := base64.StdEncoding.DecodeString(in.ClientContext)
		if err != nil || !json.Valid(b) {
			return InvokeOutput{}, errorf(http.StatusBadRequest, "InvalidRequestContentException",
				"Client context must be a valid Base64-encoded JSON object.")
		}
		clientContext = string(b)
	}

	s.mu.RLock()
	st := s.funcs[rf.name]
	if st == nil || (rf.region != "" && rf.region != s.opts.Region) {
		s.mu.RUnlock()
		return InvokeOutput{}, notFound("Function not found: %s", s.arnFor(rf.name, rf.qualifier))
	}
	c, a, e := s.resolve(st, rf.qualifier)
	if e != nil {
		s.mu.RUnlock()
		return InvokeOutput{}, e
	}
	if a != nil && len(a.Weights) > 0 {
		x := rand.Float64()
		for v, w := range a.Weights {
			if x < w && st.versions[v] != nil {
				c = st.versions[v]
			}
		}
	}
	cfg := c.clone()
	reserved := -1
	if st.fn.Reserved != nil {
		reserved = *st.fn.Reserved
	}
	invoked := s.arnFor(st.fn.Name, rf.qualifier)
	name := st.fn.Name
	s.mu.RUnlock()

	out := InvokeOutput{ExecutedVersion: cfg.Version}
	if in.InvocationType == "DryRun" {
		out.StatusCode = http.StatusNoContent
		return out, nil
	}
	if err := s.rt.Check(cfg.Runtime); err != nil {
		return InvokeOutput{}, errorf(http.StatusBadGateway, "InvalidRuntimeException", "%v", err)
	}
	if err := s.ensureCode(cfg.codeID()); err != nil {
		return InvokeOutput{}, errorf(http.StatusInternalServerError, "ServiceException", "portico lost the function's code: %v", err)
	}
	env := cfg.Environment
	if env == nil {
		env = map[string]string{}
	}
	spec := &runtime.Spec{
		FunctionName: name, Version: cfg.Version, Runtime: cfg.Runtime, Handler: cfg.Handler,
		CodeDir: s.codePath(cfg.codeID()), MemoryMB: cfg.MemorySize, Timeout: time.Duration(cfg.Timeout) * time.Second,
		Environment: env, LogGroup: cfg.Logging.LogGroup, Key: cfg.Version + "/" + cfg.contentHash(), Reserved: reserved,
	}
	id := awswire.RequestID(ctx)
	if id == "" {
		id = awswire.NewRequestID()
	}
	payload := in.Payload
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	req := runtime.Request{RequestID: id, Payload: payload, InvokedARN: invoked, ClientContext: clientContext}
	if in.InvocationType == "Event" {
		select {
		case s.events <- event{spec: spec, req: req}:
		case <-s.closed:
			return InvokeOutput{}, errorf(http.StatusServiceUnavailable, "ServiceException", "portico is shutting down")
		default:
			return InvokeOutput{}, &Error{Status: http.StatusTooManyRequests, Type: "TooManyRequestsException", Message: "Rate Exceeded.", Reason: "CallerRateLimitExceeded"}
		}
		out.StatusCode = http.StatusAccepted
		return out, nil
	}
	res, err := s.rt.Invoke(ctx, spec, req)
	if err != nil {
		return InvokeOutput{}, runtimeError(err)
	}
	out.StatusCode = http.StatusOK
	out.Payload = res.Payload
	out.FunctionError = res.FunctionError
	if in.LogType == "Tail" {
		out.LogResult = base64.StdEncoding.EncodeToString(res.Log)
	}
	return out, nil
}

func runtimeError(err error) *Error {
	var un *runtime.UnavailableError
	switch {
	case errors.Is(err, runtime.ErrThrottled):
		return &Error{Status: http.StatusTooManyRequests, Type: "TooManyRequestsException", Message: "Rate Exceeded.", Reason: "ReservedFunctionConcurrentInvocationLimitExceeded"}
	case errors.As(err, &un):
		return errorf(http.StatusBadGateway, "InvalidRuntimeException", "%s", un.Reason)
	case errors.Is(err, runtime.ErrClosed):
		return errorf(http.StatusServiceUnavailable, "ServiceException", "portico is shutting down")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return errorf(http.StatusServiceUnavailable, "ServiceException", "the invocation was abandoned: %v", err)
	}
	return errorf(http.StatusInternalServerError, "ServiceException", "%v", err)
}

func (s *Service) eventWorker() {
	defer s.eventsWG.Done()
	for {
		select {
		case <-s.closed:
			return
		case ev := <-s.events:
			res, err := s.rt.Invoke(context.Background(), ev.spec, ev.req)
			switch {
			case err != nil:
				s.log.Warn("lambda: asynchronous invocation not run", "function", ev.spec.FunctionName, "request_id", ev.req.RequestID, "err", err)
			case res.FunctionError != "":
				s.log.Info("lambda: asynchronous invocation failed", "function", ev.spec.FunctionName, "request_id", ev.req.RequestID, "error", string(res.Payload))
			}
		}
	}
}

// serveInvoke is the Invoke operation.
func (s *Service) serveInvoke(w http.ResponseWriter, r *http.Request) {
	typ := r.Header.Get("X-Amz-Invocation-Type")
	limit := MaxSyncPayload
	if typ == "Event" {
		limit = MaxEventPayload
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		errorf(http.StatusBadRequest, "InvalidRequestContentException", "Could not read the request body: %v", err).write(w)
		return
	}
	if len(body) > limit {
		tooLarge(limit, "InvokeFunction").write(w)
		return
	}
	out, e := s.invoke(r.Context(), InvokeInput{
		FunctionName: r.PathValue("name"), Qualifier: r.URL.Query().Get("Qualifier"), Payload: body,
		InvocationType: typ, LogType: r.Header.Get("X-Amz-Log-Type"), ClientContext: r.Header.Get("X-Amz-Client-Context"),
	})
	if e != nil {
		e.write(w)
		return
	}
	h := w.Header()
	if out.ExecutedVersion != "" && out.StatusCode == http.StatusOK {
		h.Set("X-Amz-Executed-Version", out.ExecutedVersion)
	}
	if out.FunctionError != "" {
		h.Set("X-Amz-Function-Error", out.FunctionError)
	}
	if out.LogResult != "" {
		h.Set("X-Amz-Log-Result", out.LogResult)
	}
	if out.StatusCode == http.StatusOK {
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(out.Payload)))
	}
	w.WriteHeader(out.StatusCode)
	_, _ = w.Write(out.Payload)
}

// serveInvokeAsync is the deprecated InvokeAsync operation.
func (s *Service) serveInvokeAsync(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxEventPayload+1))
	if err != nil || len(body) > MaxEventPayload {
		tooLarge(MaxEventPayload, "InvokeAsync").write(w)
		return
	}
	_, e := s.invoke(r.Context(), InvokeInput{FunctionName: r.PathValue("name"), Payload: body, InvocationType: "Event"})
	if e != nil {
		e.write(w)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"Status": 202})
}
