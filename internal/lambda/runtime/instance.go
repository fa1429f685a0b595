package runtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// instance is one execution environment: a runtime process, its Runtime API
// listener and its output.
type instance struct {
	spec    *Spec
	cmd     *exec.Cmd
	ln      net.Listener
	srv     *http.Server
	out     *output
	logger  *slog.Logger
	started time.Time

	next      chan *invocation
	ready     chan struct{}
	readyOnce sync.Once
	stopping  chan struct{}
	stopOnce  sync.Once
	exited    chan struct{}
	exitErr   error

	mu        sync.Mutex
	cur       *invocation
	initError *outcome

	// owned by the pool
	lastUsed time.Time
	busy     bool
}

// invocation is one request handed to the runtime through /next.
type invocation struct {
	id            string
	payload       []byte
	deadline      time.Time
	arn           string
	traceID       string
	clientContext string
	done          chan outcome
}

// launch is how to start a runtime.
type launch struct {
	path string
	args []string
	env  []string
}

func newTraceID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0", time.Now().Unix(), hex.EncodeToString(b[:]), hex.EncodeToString(b[:8]))
}

func logStreamName(version string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("2006/01/02") + "/[" + version + "]" + hex.EncodeToString(b[:])
}

// startInstance starts the runtime process for spec. It does not wait for
// its initialisation.
func startInstance(spec *Spec, l *launch, opts *Options) (*instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime api listener: %w", err)
	}
	i := &instance{
		spec: spec, ln: ln, logger: opts.Logger,
		next: make(chan *invocation), ready: make(chan struct{}),
		stopping: make(chan struct{}), exited: make(chan struct{}),
	}
	i.srv = &http.Server{Handler: i.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = i.srv.Serve(ln) }()

	r, w, err := os.Pipe()
	if err != nil {
		_ = i.srv.Close()
		return nil, fmt.Errorf("output pipe: %w", err)
	}
	env := spec.environment(ln.Addr().String(), opts)
	env = append(env, l.env...)
	cmd := exec.Command(l.path, l.args...)
	cmd.Dir = spec.CodeDir
	cmd.Env = env
	cmd.Stdin = nil
	cmd.Stdout = w
	cmd.Stderr = w
	i.cmd = cmd
	if err := start(cmd); err != nil {
		_ = w.Close()
		_ = r.Close()
		_ = i.srv.Close()
		return nil, err
	}
	_ = w.Close()
	i.started = time.Now()
	out, err := newOutput(r, spec.FunctionName, opts.Logger, opts.LogSink)
	if err != nil {
		killGroup(cmd)
		_ = r.Close()
		_ = i.srv.Close()
		return nil, err
	}
	i.out = out
	go func() {
		i.exitErr = cmd.Wait()
		close(i.exited)
	}()
	return i, nil
}

// environment is the process environment of an instance, as Lambda sets it.
func (s *Spec) environment(api string, opts *Options) []string {
	env := []string{}
	for k, v := range s.Environment {
		env = append(env, k+"="+v)
	}
	set := func(k, v string) { env = append(env, k+"="+v) }
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	if _, ok := s.Environment["PATH"]; !ok {
		set("PATH", path)
	}
	if _, ok := s.Environment["LANG"]; !ok {
		set("LANG", "en_US.UTF-8")
	}
	set("TZ", ":UTC")
	set("_HANDLER", s.Handler)
	set("AWS_REGION", opts.Region)
	set("AWS_DEFAULT_REGION", opts.Region)
	set("AWS_EXECUTION_ENV", "AWS_Lambda_"+s.Runtime)
	set("AWS_LAMBDA_FUNCTION_NAME", s.FunctionName)
	set("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", strconv.Itoa(s.MemoryMB))
	set("AWS_LAMBDA_FUNCTION_VERSION", s.Version)
	set("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
	set("AWS_LAMBDA_LOG_GROUP_NAME", s.LogGroup)
	set("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName(s.Version))
	set("AWS_LAMBDA_RUNTIME_API", api)
	set("LAMBDA_TASK_ROOT", s.CodeDir)
	set("LAMBDA_RUNTIME_DIR", opts.RuntimeDir)
	set("AWS_ACCESS_KEY_ID", opts.AccessKeyID)
	set("AWS_SECRET_ACCESS_KEY", opts.SecretAccessKey)
	if opts.SessionToken != "" {
		set("AWS_SESSION_TOKEN", opts.SessionToken)
	}
	if opts.EndpointURL != "" {
		if _, ok := s.Environment["AWS_ENDPOINT_URL"]; !ok {
			set("AWS_ENDPOINT_URL", opts.EndpointURL)
		}
	}
	return env
}

// exitReason describes how the process ended, as Lambda's Runtime.ExitError
// does.
func (i *instance) exitReason() string {
	var ee *exec.ExitError
	if errors.As(i.exitErr, &ee) {
		return "Runtime exited with error: " + ee.Error()
	}
	if i.exitErr != nil {
		return "Runtime exited with error: " + i.exitErr.Error()
	}
	return "Runtime exited without providing a reason"
}

// waitReady waits for the runtime to ask for its first invocation. It
// returns the failure (as a function error body and type) if it does not.
func (i *instance) waitReady(ctx context.Context, limit time.Duration, requestID string) (failure []byte, errType string) {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-i.ready:
		return nil, ""
	case <-i.exited:
	case <-t.C:
		i.kill()
		<-i.exited
		return errorBody("Sandbox.Timedout", fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", requestID, limit.Seconds())), "Sandbox.Timedout"
	case <-ctx.Done():
		i.kill()
		<-i.exited
		return errorBody("Runtime.Unknown", "RequestId: "+requestID+" Error: "+ctx.Err().Error()), "Runtime.Unknown"
	}
	i.mu.Lock()
	ie := i.initError
	i.mu.Unlock()
	if ie != nil && len(ie.body) > 0 {
		return ie.body, errorTypeOf(ie.body, ie.errorType)
	}
	return errorBody("Runtime.ExitError", "RequestId: "+requestID+" Error: "+i.exitReason()), "Runtime.ExitError"
}

func errorBody(typ, msg string) []byte {
	b, _ := json.Marshal(struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}{typ, msg})
	return b
}

// errorTypeOf returns the errorType a runtime reported.
func errorTypeOf(body []byte, header string) string {
	var v struct {
		ErrorType string `json:"errorType"`
	}
	if json.Unmarshal(body, &v) == nil && v.ErrorType != "" {
		return v.ErrorType
	}
	return header
}

func (i *instance) kill() { killGroup(i.cmd) }

// maxMemoryMB is the peak resident memory of the runtime process.
func (i *instance) maxMemoryMB() int {
	if i.cmd.Process == nil {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(i.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return (kb + 1023) / 1024
		}
	}
	return 0
}

// stop kills the instance and releases its resources.
func (i *instance) stop() {
	i.stopOnce.Do(func() {
		close(i.stopping)
		i.kill()
		select {
		case <-i.exited:
		case <-time.After(5 * time.Second):
		}
		_ = i.srv.Close()
		if i.out != nil {
			select {
			case <-i.out.done:
			case <-time.After(2 * time.Second):
			}
			_ = i.out.r.Close()
		}
	})
}

// alive reports whether the process is still running.
func (i *instance) alive() bool {
	select {
	case <-i.exited:
		return false
	default:
		return true
	}
}

// Pid returns the process id of the runtime.
func (i *instance) pid() int {
	if i.cmd == nil || i.cmd.Process == nil {
		return 0
	}
	return i.cmd.Process.Pid
}
