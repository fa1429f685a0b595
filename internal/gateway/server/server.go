// Package server is the one listener of `portico serve`: it routes each
// request to the service it is addressed to, the way AWS's clients address
// services (an invoke URL form, a service's own URL shapes, the SigV4
// credential scope's service name), checks SigV4 signatures, gives every
// request an id and logs it. It knows no service: they are handed to New by
// the composition root (internal/app), so a new service is one more entry.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/portico/portico/internal/awswire"
)

// Service is one service on the listener.
type Service struct {
	// Name is the service's name in logs (e.g. "apigateway", "execute-api").
	Name string
	// Handler serves the service's requests.
	Handler http.Handler
	// Claims reports whether r is addressed to this service by its form
	// (an invoke URL, a path prefix). Services are asked in order before
	// any signing name is looked at. nil claims nothing.
	Claims func(r *http.Request) bool
	// SigningNames are the SigV4 credential-scope service names that
	// address this service (e.g. "apigateway").
	SigningNames []string
	// Default makes this service answer every request no service claims.
	Default bool
	// OtherSigningNames makes this service answer every request signed for
	// a service name that no service lists in SigningNames (the upstream
	// emulator: sqs, dynamodb, s3, ...). Unsigned requests no service
	// claims still go to the Default.
	OtherSigningNames bool
	// Unverified services check their callers themselves: the server does
	// not verify SigV4 for them (the invoke API: stages are public unless a
	// method says otherwise).
	Unverified bool
	// LogsRequests services write their own access line.
	LogsRequests bool
}

// Config configures a Server.
type Config struct {
	Credentials map[string]string // access key id -> secret; empty = accept any signature
	Logger      *slog.Logger
	Services    []Service // in routing order
}

// Server routes requests to services.
type Server struct {
	cfg      Config
	log      *slog.Logger
	services []Service
	fallback *Service
	others   *Service // answers signing names no service lists; nil: the fallback does
	handler  http.Handler
}

// New builds the server's handler over cfg.Services. Exactly one service
// must be the Default; at most one answers OtherSigningNames.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, services: slices.Clone(cfg.Services)}
	for i := range s.services {
		svc := &s.services[i]
		if svc.Handler == nil || svc.Name == "" {
			return nil, fmt.Errorf("server: service %d has no name or handler", i)
		}
		if svc.Default {
			if s.fallback != nil {
				return nil, fmt.Errorf("server: services %s and %s are both the default", s.fallback.Name, svc.Name)
			}
			s.fallback = svc
		}
		if svc.OtherSigningNames {
			if s.others != nil {
				return nil, fmt.Errorf("server: services %s and %s both answer other signing names", s.others.Name, svc.Name)
			}
			s.others = svc
		}
	}
	if s.fallback == nil {
		return nil, errors.New("server: no default service")
	}
	s.handler = http.HandlerFunc(s.serve)
	return s, nil
}

// Handler is the complete HTTP handler (routing, request ids, signatures,
// logging).
func (s *Server) Handler() http.Handler { return s.handler }

// route returns the service r is addressed to.
func (s *Server) route(r *http.Request) *Service {
	for i := range s.services {
		if c := s.services[i].Claims; c != nil && c(r) {
			return &s.services[i]
		}
	}
	if name := awswire.SigningService(r); name != "" {
		for i := range s.services {
			if slices.Contains(s.services[i].SigningNames, name) {
				return &s.services[i]
			}
		}
		if s.others != nil {
			return s.others
		}
	}
	return s.fallback
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := awswire.NewRequestID()
	w.Header()["x-amzn-RequestId"] = []string{id}
	r = r.WithContext(awswire.WithRequestID(r.Context(), id))
	svc := s.route(r)
	sw := &statusWriter{ResponseWriter: w}
	if e := s.verify(svc, r); e != nil {
		awswire.WriteError(sw, e)
	} else {
		svc.Handler.ServeHTTP(sw, r)
	}
	if svc.LogsRequests {
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
		slog.String("service", svc.Name),
	)
}

func (s *Server) verify(svc *Service, r *http.Request) *awswire.Error {
	if svc.Unverified {
		return nil
	}
	return awswire.CheckSignature(r, s.cfg.Credentials)
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
