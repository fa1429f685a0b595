// Package control implements API Gateway's REST v1 management API (the
// "control plane") on AWS's wire protocol: the same paths, verbs, status
// codes, JSON field names and error shapes, on top of the store.
package control

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/gateway/store"
	"github.com/portico/portico/internal/kv"
)

// Options configure the management API.
type Options struct {
	Region    string // for ARNs; default us-east-1
	AccountID string // for messages; default 000000000000
	Logger    *slog.Logger
	// Records keep the account-level objects (API keys, usage plans,
	// usage, account settings); nil: kept in memory only.
	Records kv.Records
}

// Handler serves the management API.
type Handler struct {
	store  *store.Store
	opts   Options
	log    *slog.Logger
	mux    *http.ServeMux
	panics atomic.Int64
	accts  *accountState // apikey.go
}

// New returns the management API handler on st.
func New(st *store.Store, opts Options) *Handler {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.AccountID == "" {
		opts.AccountID = "000000000000"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{store: st, opts: opts, log: opts.Logger, mux: http.NewServeMux(), accts: &accountState{rec: opts.Records}}
	h.routes()
	return h
}

// Handle registers an additional management route (e.g. TestInvokeMethod,
// "POST /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}").
// The handler gets the same panic recovery as the built-in routes.
func (h *Handler) Handle(pattern string, handler http.Handler) {
	h.mux.Handle(pattern, handler)
}

// Panics reports how many handler panics were recovered (each answered with
// a 400); tests assert it stays zero.
func (h *Handler) Panics() int64 { return h.panics.Load() }

// ResetPanics sets the panic count back to zero (for tests that provoke one).
func (h *Handler) ResetPanics() { h.panics.Store(0) }

// ServeHTTP routes a management request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.panics.Add(1)
			h.log.Error("panic in management handler", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			WriteError(w, &Error{Status: http.StatusBadRequest, Type: "BadRequestException", Message: "Invalid request"})
		}
	}()
	_, pattern := h.mux.Handler(r)
	if pattern == "" {
		WriteError(w, &Error{Status: http.StatusNotFound, Type: "UnknownOperationException", Message: "Unknown operation " + r.Method + " " + r.URL.EscapedPath()})
		return
	}
	h.mux.ServeHTTP(w, r)
}

// Error is an AWS error answer (the shared REST-JSON shape).
type Error = awswire.Error

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "BadRequestException", Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Type: "NotFoundException", Message: fmt.Sprintf(format, args...)}
}

// validation is AWS's 400 ValidationException, the answer to a request that
// breaks the API's shape (an enum value, a pattern) before any lookup.
func validation(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "ValidationException", Message: fmt.Sprintf(format, args...)}
}

const validationPrefix = "1 validation error detected: "

// validations joins validation messages (each as apigw.EnumError or
// constraintError writes them, "1 validation error detected: ...") into
// AWS's one answer: "N validation errors detected: a; b". nil if none.
func validations(msgs []string) error {
	if len(msgs) == 0 {
		return nil
	}
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		parts[i] = strings.TrimPrefix(m, validationPrefix)
	}
	if len(parts) == 1 {
		return validation("%s%s", validationPrefix, parts[0])
	}
	return validation("%d validation errors detected: %s", len(parts), strings.Join(parts, "; "))
}

// statusCodeError is AWS's validation message for a status code path
// parameter that is not [1-5]\d\d.
func statusCodeError(code string) string {
	return fmt.Sprintf("%sValue '%s' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d", validationPrefix, code)
}

func conflict(format string, args ...any) *Error {
	return &Error{Status: http.StatusConflict, Type: "ConflictException", Message: fmt.Sprintf(format, args...)}
}

// WriteError writes e in AWS's REST-JSON error shape.
func WriteError(w http.ResponseWriter, e *Error) { awswire.WriteError(w, e) }

// writeJSON writes a successful answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	if v == nil {
		w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		WriteError(w, &Error{Status: http.StatusInternalServerError, Type: "InternalFailure", Message: "encode response: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// op is a management operation: it returns a status and a body or an error.
type op func(r *http.Request) (int, any, error)

func (h *Handler) handle(pattern string, fn op) {
	h.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		status, body, err := fn(r)
		if err != nil {
			var ae *Error
			switch {
			case errors.As(err, &ae):
			case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
				ae = &Error{Status: http.StatusServiceUnavailable, Type: "ServiceUnavailableException", Message: "Request cancelled"}
			default:
				h.log.Error("management operation failed", "method", r.Method, "path", r.URL.Path, "err", err)
				ae = &Error{Status: http.StatusServiceUnavailable, Type: "ServiceUnavailableException", Message: "Internal error: " + err.Error()}
			}
			WriteError(w, ae)
			return
		}
		writeJSON(w, status, body)
	})
}

const maxBody = 10 << 20

// decode reads a JSON request body into v. An empty body is an empty object.
func decode(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return badRequest("Invalid request body: %v", err)
	}
	if len(b) > maxBody {
		return &Error{Status: http.StatusRequestEntityTooLarge, Type: "BadRequestException", Message: "Request body too large"}
	}
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// AWS's (Java) deserializer names the JSON value's class when a
			// string member gets a boolean or a number.
			if te.Type != nil && te.Type.Kind() == reflect.String {
				switch te.Value {
				case "bool":
					return &Error{Status: http.StatusBadRequest, Type: "SerializationException", Message: "class java.lang.Boolean can not be converted to an String"}
				case "number":
					return &Error{Status: http.StatusBadRequest, Type: "SerializationException", Message: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"}
				}
			}
			return badRequest("Invalid request body: wrong type for field '%s'", te.Field)
		}
		return badRequest("Invalid request body: could not parse JSON")
	}
	return nil
}

// --- store access with AWS's not-found answer ---

func (h *Handler) apiNotFound(id string) *Error {
	return notFound("Invalid API identifier specified %s:%s", h.opts.AccountID, id)
}

// resourceScoped wraps an operation on a method or below it: for those AWS
// answers an unknown REST API id as it answers an unknown resource id
// (recorded: PutMethod, UpdateMethod, GetIntegration, Put/Get/Delete
// IntegrationResponse with a wrong restApiId all give 404 "Invalid Resource
// identifier specified").
func resourceScoped(fn op) op {
	return func(r *http.Request) (int, any, error) {
		status, body, err := fn(r)
		var ae *Error
		if errors.As(err, &ae) && ae.Type == "NotFoundException" && strings.HasPrefix(ae.Message, "Invalid API identifier specified") {
			err = notFound(msgBadResource)
		}
		return status, body, err
	}
}

func (h *Handler) view(r *http.Request, fn func(d *store.APIDoc) error) error {
	id := r.PathValue("restapi_id")
	err := h.store.View(r.Context(), id, fn)
	if errors.Is(err, store.ErrNotFound) {
		return h.apiNotFound(id)
	}
	return err
}

func (h *Handler) update(r *http.Request, fn func(d *store.APIDoc) error) error {
	id := r.PathValue("restapi_id")
	err := h.store.Update(r.Context(), id, fn)
	if errors.Is(err, store.ErrNotFound) {
		return h.apiNotFound(id)
	}
	return err
}

// --- paging ---

const (
	defaultLimit = 25
	maxLimit     = 500
)

// page returns one page of items, which must be sorted by key (byte-wise
// ascending, keys unique). The position handed out names the last item's
// key, not an index, so items created or deleted between two requests
// neither shift a page (repeating an item) nor hide one.
func page[T any](r *http.Request, items []T, key func(T) string) (apigw.List[T], error) {
	q := r.URL.Query()
	limit := defaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return apigw.List[T]{}, badRequest("Invalid limit specified: %s", s)
		}
		if n > maxLimit {
			return apigw.List[T]{}, badRequest("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", n, maxLimit)
		}
		if n < 1 {
			return apigw.List[T]{}, badRequest("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", n)
		}
		limit = n
	}
	start := 0
	if s := q.Get("position"); s != "" {
		after, ok := decodePosition(s)
		if !ok {
			return apigw.List[T]{}, badRequest("Invalid position parameter")
		}
		start, _ = slices.BinarySearchFunc(items, after, func(it T, k string) int { return cmp.Compare(key(it), k) })
		if start < len(items) && key(items[start]) == after {
			start++
		}
	}
	end := min(start+limit, len(items))
	out := apigw.List[T]{Item: items[start:end]}
	if out.Item == nil {
		out.Item = []T{}
	}
	if end < len(items) {
		out.Position = encodePosition(key(items[end-1]))
	}
	return out, nil
}

const positionPrefix = "p1:"

func encodePosition(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(positionPrefix + key))
}

func decodePosition(s string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(b), positionPrefix)
}

// seqKey is a sort key for a non-negative number: byte order is numeric order.
func seqKey[N ~int64 | ~uint64](n N) string { return fmt.Sprintf("%020d", n) }
