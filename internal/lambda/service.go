// Package lambda is the Lambda service of `portico serve`: the Lambda API
// (REST-JSON, /2015-03-31/functions/... and the operations around it), the
// function registry kept in kv.Records, and invocation of the functions as
// host processes through internal/lambda/runtime. API Gateway calls Invoke
// and Permitted in-process.
package lambda

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/kv"
	"github.com/portico/portico/internal/lambda/runtime"
	"github.com/portico/portico/internal/lambdaspec"
)

// Options configure the service.
type Options struct {
	Records   kv.Records // all function state
	CodeDir   string     // packages, unpacked code, runtime clients
	Region    string     // default us-east-1
	AccountID string     // default 000000000000
	Logger    *slog.Logger
	// EndpointURL, if set, is given to functions as AWS_ENDPOINT_URL so
	// their SDKs call portico.
	EndpointURL string
	// Credentials given to functions (default "test" / "test").
	AccessKeyID, SecretAccessKey, SessionToken string
	// MaxInstances caps the instances of a function without reserved
	// concurrency (default 8); further invocations wait.
	MaxInstances int
	// IdleTimeout stops instances unused for that long (default 10 min).
	IdleTimeout time.Duration
	// LogDir, if set, receives one log file per function (<name>.log).
	LogDir string
	// DisableAWSRIC runs portico's own runtime interface clients even where
	// AWS's are installed.
	DisableAWSRIC bool
}

// Service is the Lambda service.
type Service struct {
	opts    Options
	log     *slog.Logger
	records kv.Records
	rt      *runtime.Manager
	mux     *http.ServeMux
	files   *fileSink

	mu    sync.RWMutex
	funcs map[string]*fnState

	events    chan event
	eventsWG  sync.WaitGroup
	closeOnce sync.Once
	closed    chan struct{}
}

// PathPrefixes are the URL paths the service answers (for routing unsigned
// requests; signed ones carry the credential scope service "lambda").
var PathPrefixes = []string{
	"/2015-03-31/functions",
	"/2014-11-13/functions/",
	"/2015-03-31/event-source-mappings",
	"/2016-08-19/account-settings",
	"/2017-03-31/tags/",
	"/2017-10-31/functions/",
	"/2018-10-31/layers",
	"/2019-09-25/functions/",
	"/2019-09-30/functions/",
	"/2020-04-22/code-signing-configs",
	"/2020-06-30/functions/",
	"/2021-07-20/functions/",
	"/2021-10-31/functions/",
	"/2024-08-31/functions/",
	codeLocationPrefix,
}

// codeLocationPrefix serves the packages GetFunction's Code.Location points
// to (on AWS, a presigned S3 URL).
const codeLocationPrefix = "/_portico/lambda/code/"

// Owns reports whether r is a Lambda API request.
func Owns(r *http.Request) bool {
	p := r.URL.Path
	for _, pre := range PathPrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// New opens the service over opts.Records, reloading every function.
func New(opts Options) (*Service, error) {
	if opts.Records == nil {
		return nil, errors.New("lambda: Options.Records is required")
	}
	if opts.CodeDir == "" {
		return nil, errors.New("lambda: Options.CodeDir is required")
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.AccountID == "" {
		opts.AccountID = "000000000000"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID, opts.SecretAccessKey = "test", "test"
	}
	if err := os.MkdirAll(opts.CodeDir, 0o755); err != nil {
		return nil, fmt.Errorf("lambda: code dir: %w", err)
	}
	s := &Service{
		opts: opts, log: opts.Logger, records: opts.Records,
		funcs: map[string]*fnState{}, events: make(chan event, 10000), closed: make(chan struct{}),
	}
	if opts.LogDir != "" {
		if err := os.MkdirAll(opts.LogDir, 0o755); err != nil {
			return nil, fmt.Errorf("lambda: log dir: %w", err)
		}
		s.files = newFileSink(opts.LogDir)
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	rtOpts := runtime.Options{
		Region: opts.Region, AccessKeyID: opts.AccessKeyID, SecretAccessKey: opts.SecretAccessKey,
		SessionToken: opts.SessionToken, EndpointURL: opts.EndpointURL,
		RuntimeDir: filepath.Join(opts.CodeDir, "runtime"), MaxInstances: opts.MaxInstances,
		IdleTimeout: opts.IdleTimeout, DisableAWSRIC: opts.DisableAWSRIC, Logger: opts.Logger,
	}
	if s.files != nil {
		rtOpts.LogSink = s.files
	}
	rt, err := runtime.New(rtOpts)
	if err != nil {
		return nil, fmt.Errorf("lambda: %w", err)
	}
	s.rt = rt
	s.mux = s.routes()
	for range 4 {
		s.eventsWG.Add(1)
		go s.eventWorker()
	}
	return s, nil
}

// load reads every record into memory and makes sure each version's code is
// unpacked.
func (s *Service) load() error {
	var err error
	s.records.Scan("function/", func(k string, v []byte) bool {
		var f function
		if e := json.Unmarshal(v, &f); e != nil {
			err = fmt.Errorf("lambda: record %s: %w", k, e)
			return false
		}
		s.funcs[f.Name] = &fnState{fn: f, versions: map[string]*config{}, aliases: map[string]*alias{}, policies: map[string]*lambdaspec.Policy{}}
		return true
	})
	if err != nil {
		return err
	}
	scan := func(prefix string, fn func(st *fnState, rest string, v []byte) error) {
		s.records.Scan(prefix, func(k string, v []byte) bool {
			name, rest, _ := strings.Cut(strings.TrimPrefix(k, prefix), "/")
			st := s.funcs[name]
			if st == nil {
				return true // orphan of an interrupted delete: ignored
			}
			if e := fn(st, rest, v); e != nil {
				err = fmt.Errorf("lambda: record %s: %w", k, e)
				return false
			}
			return true
		})
	}
	scan("version/", func(st *fnState, _ string, v []byte) error {
		var c config
		if e := json.Unmarshal(v, &c); e != nil {
			return e
		}
		st.versions[c.Version] = &c
		return nil
	})
	scan("alias/", func(st *fnState, _ string, v []byte) error {
		var a alias
		if e := json.Unmarshal(v, &a); e != nil {
			return e
		}
		st.aliases[a.Name] = &a
		return nil
	})
	scan("policy/", func(st *fnState, q string, v []byte) error {
		var p lambdaspec.Policy
		if e := json.Unmarshal(v, &p); e != nil {
			return e
		}
		st.policies[q] = &p
		return nil
	})
	if err != nil {
		return err
	}
	used := s.usedCode()
	for id := range used {
		if e := s.ensureCode(id); e != nil {
			s.log.Warn("lambda: code of a stored function is missing", "code", id, "err", e)
		}
	}
	return nil
}

// usedCode is the set of packages some version runs. Caller holds s.mu (or
// is load).
func (s *Service) usedCode() map[string]bool {
	used := map[string]bool{}
	for _, st := range s.funcs {
		used[st.fn.Latest.codeID()] = true
		for _, v := range st.versions {
			used[v.codeID()] = true
		}
	}
	return used
}

// Close stops every function instance.
func (s *Service) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.eventsWG.Wait()
		s.rt.Close()
		if s.files != nil {
			s.files.close()
		}
	})
	return nil
}

// Instances returns the process ids of a function's running instances (""
// = every function).
func (s *Service) Instances(function string) []int { return s.rt.Instances(function) }

// ServeHTTP serves the Lambda API.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := awswire.RequestID(r.Context())
	if id == "" {
		id = awswire.NewRequestID()
		r = r.WithContext(awswire.WithRequestID(r.Context(), id))
	}
	h := w.Header()
	if h.Get("X-Amzn-Requestid") == "" && len(h["x-amzn-RequestId"]) == 0 { //nolint:staticcheck // AWS's exact spelling, set on the map below so it goes on the wire uncanonicalized
		h["x-amzn-RequestId"] = []string{id}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Service) functionARN(name string) string {
	return lambdaspec.FunctionARN("aws", s.opts.Region, s.opts.AccountID, name)
}

func (s *Service) qualifiedARN(name, q string) string {
	return lambdaspec.QualifiedARN(s.functionARN(name), q)
}

func (s *Service) arnFor(name, q string) string {
	if q == "" {
		return s.functionARN(name)
	}
	return s.qualifiedARN(name, q)
}

func newRevision() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func lambdaTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

// op is an API operation: it answers a status and a JSON body, or an Error.
type op func(r *http.Request) (int, any, *Error)

func (s *Service) handle(mux *http.ServeMux, pattern string, f op) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		status, body, e := f(r)
		if e != nil {
			e.write(w)
			return
		}
		writeJSON(w, status, body)
	})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	b, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// decode reads a JSON request body of at most limit bytes into v.
func decode(r *http.Request, v any, limit int, opName string) *Error {
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return errorf(400, "InvalidRequestContentException", "Could not read the request body: %v", err)
	}
	if len(b) > limit {
		return tooLarge(limit, opName)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errorf(400, "InvalidRequestContentException", "Could not parse request body into json: %v", err)
	}
	return nil
}

// persist applies a change durably.
func (s *Service) persist(ctx context.Context, puts map[string][]byte, deletes []string) *Error {
	if err := s.records.Apply(context.WithoutCancel(ctx), puts, deletes); err != nil {
		s.log.Error("lambda: store", "err", err)
		return errorf(500, "ServiceException", "portico could not store the change: %v", err)
	}
	return nil
}

// lookup finds a function by the {FunctionName} path label. Caller holds
// s.mu.
func (s *Service) lookup(r *http.Request, qualifierParam string) (*fnState, ref, *Error) {
	rf, e := parseRef(r.PathValue("name"), "functionName")
	if e != nil {
		return nil, rf, e
	}
	if rf, e = rf.withQualifier(qualifierParam); e != nil {
		return nil, rf, e
	}
	if rf.region != "" && rf.region != s.opts.Region {
		return nil, rf, notFound("Functions from '%s' are not reachable in this region ('%s')", rf.region, s.opts.Region)
	}
	st := s.funcs[rf.name]
	if st == nil {
		return nil, rf, notFound("Function not found: %s", s.arnFor(rf.name, rf.qualifier))
	}
	return st, rf, nil
}

// resolve finds the configuration a qualifier names: $LATEST, a version or
// an alias (its primary version). Caller holds s.mu.
func (s *Service) resolve(st *fnState, q string) (*config, *alias, *Error) {
	switch {
	case q == "" || q == "$LATEST":
		return &st.fn.Latest, nil, nil
	case isVersion(q):
		if c := st.versions[q]; c != nil {
			return c, nil, nil
		}
	case isAlias(q):
		if a := st.aliases[q]; a != nil {
			if a.FunctionVersion == "$LATEST" {
				return &st.fn.Latest, a, nil
			}
			if c := st.versions[a.FunctionVersion]; c != nil {
				return c, a, nil
			}
		}
	}
	return nil, nil, notFound("Function not found: %s", s.qualifiedARN(st.fn.Name, q))
}
