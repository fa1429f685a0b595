package runtime

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The Lambda Runtime API (2018-06-01), served to one instance on its own
// loopback listener: AWS_LAMBDA_RUNTIME_API is host:port, so the listener
// identifies the instance.

const (
	// MaxResponse is the largest response a function may return
	// synchronously (6 MB, as Lambda: 6291556 bytes).
	MaxResponse  = 6291556
	maxErrorBody = 1 << 20
)

// outcome is what the runtime reported for an invocation.
type outcome struct {
	body      []byte
	errorType string // Lambda-Runtime-Function-Error-Type, for /error
	isError   bool
	tooLarge  int64 // response size when over MaxResponse
}

func (i *instance) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", i.handleNext)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", i.handleResponse)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", i.handleError)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", i.handleInitError)
	return mux
}

func writeStatus(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (i *instance) handleNext(w http.ResponseWriter, r *http.Request) {
	i.readyOnce.Do(func() { close(i.ready) })
	select {
	case inv := <-i.next:
		i.mu.Lock()
		i.cur = inv
		i.mu.Unlock()
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", inv.arn)
		h.Set("Lambda-Runtime-Trace-Id", inv.traceID)
		if inv.clientContext != "" {
			h.Set("Lambda-Runtime-Client-Context", inv.clientContext)
		}
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(inv.payload)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(inv.payload)
	case <-r.Context().Done():
	case <-i.stopping:
	}
}

// current returns the invocation with id, if it is the one in progress.
func (i *instance) current(id string) *invocation {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.cur == nil || i.cur.id != id {
		return nil
	}
	return i.cur
}

func (i *instance) finish(inv *invocation, o outcome) {
	i.mu.Lock()
	if i.cur == inv {
		i.cur = nil
	}
	i.mu.Unlock()
	select {
	case inv.done <- o:
	default:
	}
}

func invalidRequestID(w http.ResponseWriter) {
	writeStatus(w, http.StatusBadRequest, map[string]string{
		"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
}

func (i *instance) handleResponse(w http.ResponseWriter, r *http.Request) {
	inv := i.current(r.PathValue("id"))
	if inv == nil {
		invalidRequestID(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxResponse+1))
	if err != nil {
		writeStatus(w, http.StatusBadRequest, map[string]string{"errorMessage": err.Error(), "errorType": "InvalidRequest"})
		return
	}
	if len(body) > MaxResponse {
		n, _ := io.Copy(io.Discard, r.Body)
		size := int64(len(body)) + n
		if r.ContentLength > size {
			size = r.ContentLength
		}
		i.finish(inv, outcome{tooLarge: size, isError: true})
		writeStatus(w, http.StatusRequestEntityTooLarge, map[string]string{
			"errorMessage": "Exceeded maximum allowed payload size (6291556 bytes).",
			"errorType":    "RequestEntityTooLarge"})
		return
	}
	i.finish(inv, outcome{body: body})
	writeStatus(w, http.StatusAccepted, map[string]string{"status": "OK"})
}

func (i *instance) handleError(w http.ResponseWriter, r *http.Request) {
	inv := i.current(r.PathValue("id"))
	if inv == nil {
		invalidRequestID(w)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxErrorBody))
	i.finish(inv, outcome{body: body, isError: true, errorType: r.Header.Get("Lambda-Runtime-Function-Error-Type")})
	writeStatus(w, http.StatusAccepted, map[string]string{"status": "OK"})
}

func (i *instance) handleInitError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxErrorBody))
	i.mu.Lock()
	if i.initError == nil {
		i.initError = &outcome{body: body, isError: true, errorType: strings.TrimSpace(r.Header.Get("Lambda-Runtime-Function-Error-Type"))}
	}
	i.mu.Unlock()
	writeStatus(w, http.StatusAccepted, map[string]string{"status": "OK"})
}
