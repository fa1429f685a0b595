// Package server assembles `portico serve`: the store, the management API,
// SigV4 checking, request logging and the mount point of the invoke API, on
// one listener.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/portico/portico/internal/gateway/control"
	"github.com/portico/portico/internal/gateway/store"
)

// Config configures a Server.
type Config struct {
	Addr        string            // informational; Serve takes a listener
	DataDir     string            // directory of the database, or store.Memory
	Region      string            // default us-east-1
	AccountID   string            // default 000000000000
	Credentials map[string]string // access key id -> secret; empty = accept any signature
	Logger      *slog.Logger
}

// Server is a running gateway's state and HTTP handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   *store.Store
	control *control.Handler
	invoke  atomic.Pointer[http.Handler]
	handler http.Handler
}

// New opens the store and builds the handler.
func New(cfg Config) (*Server, error) {
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
		return nil, errors.New("server: DataDir is required (a directory or :memory:)")
	}
	st, err := store.Open(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, store: st}
	s.control = control.New(st, control.Options{Region: cfg.Region, AccountID: cfg.AccountID, Logger: cfg.Logger})
	s.handler = s.logRequests(http.HandlerFunc(s.route))
	return s, nil
}

// Store is the gateway's state (read deployed stages with StageSnapshot).
func (s *Server) Store() *store.Store { return s.store }

// Control is the management API; Control().Handle adds management routes.
func (s *Server) Control() *control.Handler { return s.control }

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

// SetInvokeHandler mounts the invoke API: it receives every request for
// which IsInvokeRequest is true.
func (s *Server) SetInvokeHandler(h http.Handler) { s.invoke.Store(&h) }

// Handler is the complete HTTP handler (logging, request ids, routing).
func (s *Server) Handler() http.Handler { return s.handler }

// Close closes the store.
func (s *Server) Close() error { return s.store.Close() }

// IsInvokeRequest reports whether r is addressed to a deployed API rather
// than to the management API: Host {api-id}.execute-api.localhost[:port], or
// a path /restapis/{api-id}/{stage}/_user_request_/...
func IsInvokeRequest(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if strings.HasSuffix(strings.ToLower(host), ".execute-api.localhost") {
		return true
	}
	segs := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 5)
	return len(segs) >= 4 && segs[0] == "restapis" && segs[3] == "_user_request_"
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if IsInvokeRequest(r) {
		if h := s.invoke.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		w.Header()["x-amzn-ErrorType"] = []string{"MissingAuthenticationTokenException"}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"Missing Authentication Token"}`))
		return
	}
	if e := checkSignature(r, s.cfg.Credentials); e != nil {
		control.WriteError(w, e)
		return
	}
	s.control.ServeHTTP(w, r)
}

// NewRequestID returns a random UUID (version 4), as AWS request ids.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:16])
	return string(out[:])
}

type requestIDKey struct{}

// RequestID returns the id of the request being served (also sent as the
// x-amzn-RequestId response header), or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := NewRequestID()
		w.Header()["x-amzn-RequestId"] = []string{id}
		// The invoke API writes its own access line (with stage, resource and
		// integration), so its requests are not logged twice.
		invoke := IsInvokeRequest(r) && s.invoke.Load() != nil
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
		if invoke {
			return
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", id),
		)
	})
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, closes connections that carry no request, and waits up
// to 5 seconds for requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	var mu sync.Mutex
	fresh := map[net.Conn]bool{} // connections that have not sent a request yet
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ConnState: func(c net.Conn, st http.ConnState) {
			mu.Lock()
			defer mu.Unlock()
			if st == http.StateNew {
				fresh[c] = true
			} else {
				delete(fresh, c)
			}
		},
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- hs.Shutdown(shutCtx) }()
	// http.Server waits 5s before treating a connection that never sent a
	// request as idle; such connections have nothing in flight.
	for done := false; !done; {
		mu.Lock()
		for c := range fresh {
			_ = c.Close()
			delete(fresh, c)
		}
		mu.Unlock()
		select {
		case err := <-shut:
			if err != nil {
				_ = hs.Close()
				return fmt.Errorf("shutdown: %w", err)
			}
			done = true
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
