// Package runtime runs Lambda functions as host processes behind the Lambda
// Runtime API: it starts instances (execution environments) of a function
// version, hands them invocations through /runtime/invocation/next, enforces
// timeouts, keeps instances warm, runs them in parallel up to the function's
// concurrency, stops them when idle and at Close, and writes the function's
// log (START/END/REPORT and everything the process prints).
//
// Instances are started with Linux's parent-death signal from a locked OS
// thread, so they die with portico even if it is killed with SIGKILL.
package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Spec is one function version as an instance runs it. Two specs with the
// same Key run the same code with the same configuration.
type Spec struct {
	FunctionName string
	Version      string // "$LATEST" or a number
	Runtime      string
	Handler      string
	CodeDir      string // unpacked code: LAMBDA_TASK_ROOT
	MemoryMB     int
	Timeout      time.Duration
	Environment  map[string]string
	LogGroup     string
	// Key identifies code and configuration; instances of an older key of
	// the same FunctionName and Version are retired.
	Key string
	// Reserved is the function's reserved concurrency, or -1 when none is
	// set: invocations beyond it are throttled (ErrThrottled). Without a
	// reservation, invocations beyond Options.MaxInstances wait.
	Reserved int
}

// Request is one invocation.
type Request struct {
	RequestID     string
	Payload       []byte
	InvokedARN    string
	ClientContext string // JSON, as the Lambda-Runtime-Client-Context header carries it
}

// Result is what an invocation produced.
type Result struct {
	Payload       []byte
	FunctionError string // "" or "Unhandled"
	ErrorType     string // errorType of a function error
	Log           []byte // the last TailSize bytes of the invocation's log
	Duration      time.Duration
	InitDuration  time.Duration // > 0 on a cold start
	Cold          bool
}

// ErrThrottled means the function's reserved concurrency is in use.
var ErrThrottled = errors.New("reserved concurrency exceeded")

// ErrClosed means the manager was closed.
var ErrClosed = errors.New("lambda runtime manager closed")

// UnavailableError means the host cannot run the function's runtime.
type UnavailableError struct {
	Runtime string
	Reason  string
}

func (e *UnavailableError) Error() string { return e.Reason }

// Options configure a Manager.
type Options struct {
	Region          string
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	EndpointURL     string // AWS_ENDPOINT_URL for functions ("" = not set)
	// RuntimeDir is where the embedded runtime interface clients are
	// written (LAMBDA_RUNTIME_DIR).
	RuntimeDir string
	// MaxInstances caps the instances of one function that has no reserved
	// concurrency (default 8).
	MaxInstances int
	// IdleTimeout stops instances unused for that long (default 10 min).
	IdleTimeout time.Duration
	// InitTimeout bounds a runtime's initialisation (default 10 s, or the
	// function timeout if longer).
	InitTimeout time.Duration
	// UseAWSRIC uses AWS's runtime interface client (awslambdaric for
	// Python) when the host has it (default true; set DisableAWSRIC).
	DisableAWSRIC bool
	Logger        *slog.Logger
	LogSink       LogSink
}

// Manager runs function instances.
type Manager struct {
	opts     Options
	mu       sync.Mutex
	pools    map[string]*pool // by function name
	closed   bool
	stopJan  chan struct{}
	janDone  chan struct{}
	launcher *launcher
}

// pool is the instances of one function (all its versions).
type pool struct {
	idle    []*instance
	total   int               // running and starting instances
	active  int               // invocations in progress (concurrency)
	current map[string]string // version -> current Key
	waiters []chan struct{}
	all     map[*instance]struct{}
}

// New returns a Manager. Close stops every instance.
func New(opts Options) (*Manager, error) {
	if opts.MaxInstances <= 0 {
		opts.MaxInstances = 8
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 10 * time.Minute
	}
	if opts.InitTimeout <= 0 {
		opts.InitTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	l, err := newLauncher(&opts)
	if err != nil {
		return nil, err
	}
	m := &Manager{opts: opts, pools: map[string]*pool{}, stopJan: make(chan struct{}), janDone: make(chan struct{}), launcher: l}
	go m.janitor()
	// Find the interpreters now, not on a function's first invocation.
	go func() {
		for _, id := range []string{"python3.13", "python3.12", "python3.11", "nodejs20.x"} {
			_ = m.Check(id)
		}
	}()
	return m, nil
}

// Check reports whether the host can run runtime id, and what to install if
// it cannot.
func (m *Manager) Check(runtimeID string) error {
	_, err := m.launcher.resolve(&Spec{Runtime: runtimeID})
	return err
}

func (m *Manager) janitor() {
	defer close(m.janDone)
	period := m.opts.IdleTimeout / 4
	if period > 30*time.Second {
		period = 30 * time.Second
	}
	if period < 10*time.Millisecond {
		period = 10 * time.Millisecond
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-m.stopJan:
			return
		case now := <-t.C:
			var stale []*instance
			m.mu.Lock()
			for _, p := range m.pools {
				keep := p.idle[:0]
				for _, in := range p.idle {
					if now.Sub(in.lastUsed) >= m.opts.IdleTimeout || !in.alive() {
						stale = append(stale, in)
						p.drop(in)
						continue
					}
					keep = append(keep, in)
				}
				p.idle = keep
			}
			m.mu.Unlock()
			for _, in := range stale {
				m.opts.Logger.Debug("lambda instance stopped", "function", in.spec.FunctionName, "reason", "idle")
				in.stop()
			}
		}
	}
}

// drop forgets an instance (with m.mu held) and wakes a waiter.
func (p *pool) drop(in *instance) {
	if _, ok := p.all[in]; !ok {
		return
	}
	delete(p.all, in)
	p.total--
	p.wake()
}

func (p *pool) wake() {
	if len(p.waiters) > 0 {
		close(p.waiters[0])
		p.waiters = p.waiters[1:]
	}
}

// acquire returns an idle instance of spec, or reserves room for a new one
// (nil instance, nil error).
func (m *Manager) acquire(ctx context.Context, spec *Spec) (*instance, error) {
	for {
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return nil, ErrClosed
		}
		p := m.pools[spec.FunctionName]
		if p == nil {
			p = &pool{current: map[string]string{}, all: map[*instance]struct{}{}}
			m.pools[spec.FunctionName] = p
		}
		var retired []*instance
		if p.current[spec.Version] != spec.Key {
			p.current[spec.Version] = spec.Key
			keep := p.idle[:0]
			for _, in := range p.idle {
				if in.spec.Version == spec.Version && in.spec.Key != spec.Key {
					retired = append(retired, in)
					p.drop(in)
					continue
				}
				keep = append(keep, in)
			}
			p.idle = keep
		}
		if spec.Reserved >= 0 && p.active >= spec.Reserved {
			m.mu.Unlock()
			stopAll(retired)
			return nil, ErrThrottled
		}
		// Warmest first.
		var got *instance
		for j := len(p.idle) - 1; j >= 0; j-- {
			in := p.idle[j]
			if in.spec.Key == spec.Key && in.alive() {
				got = in
				p.idle = append(p.idle[:j], p.idle[j+1:]...)
				break
			}
		}
		if got != nil {
			got.busy = true
			p.active++
			m.mu.Unlock()
			stopAll(retired)
			return got, nil
		}
		if p.total < m.opts.MaxInstances {
			p.total++
			p.active++
			m.mu.Unlock()
			stopAll(retired)
			return nil, nil
		}
		// At the limit: an idle instance of another version or key makes
		// room.
		if len(p.idle) > 0 {
			victim := p.idle[0]
			p.idle = p.idle[1:]
			p.drop(victim)
			retired = append(retired, victim)
			p.total++
			p.active++
			m.mu.Unlock()
			stopAll(retired)
			return nil, nil
		}
		ch := make(chan struct{})
		p.waiters = append(p.waiters, ch)
		m.mu.Unlock()
		stopAll(retired)
		select {
		case <-ch:
		case <-ctx.Done():
			m.mu.Lock()
			for j, w := range p.waiters {
				if w == ch {
					p.waiters = append(p.waiters[:j], p.waiters[j+1:]...)
					break
				}
			}
			m.mu.Unlock()
			return nil, ctx.Err()
		}
	}
}

func stopAll(ins []*instance) {
	for _, in := range ins {
		go in.stop()
	}
}

// register adds a started instance to its pool (its room was reserved).
func (m *Manager) register(in *instance) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	p := m.pools[in.spec.FunctionName]
	p.all[in] = struct{}{}
	in.busy = true
	return true
}

// unreserve gives back room reserved by acquire for an instance that did not
// start.
func (m *Manager) unreserve(function string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p := m.pools[function]; p != nil {
		p.total--
		p.active--
		p.wake()
	}
}

// release returns an instance after an invocation: warm if healthy and
// current, else stopped.
func (m *Manager) release(in *instance, healthy bool) {
	m.mu.Lock()
	p := m.pools[in.spec.FunctionName]
	in.busy = false
	in.lastUsed = time.Now()
	if p != nil {
		p.active--
	}
	if m.closed || p == nil || !healthy || !in.alive() || p.current[in.spec.Version] != in.spec.Key {
		if p != nil {
			p.drop(in)
		}
		m.mu.Unlock()
		go in.stop()
		return
	}
	p.idle = append(p.idle, in)
	p.wake()
	m.mu.Unlock()
}

// Invoke runs one invocation of spec.
func (m *Manager) Invoke(ctx context.Context, spec *Spec, req Request) (Result, error) {
	l, err := m.launcher.resolve(spec)
	if err != nil {
		return Result{}, err
	}
	in, err := m.acquire(ctx, spec)
	if err != nil {
		return Result{}, err
	}
	cold := in == nil
	var initDur time.Duration
	if cold {
		startAt := time.Now()
		if failure := m.launcher.precheck(spec, req.RequestID); failure != nil {
			m.unreserve(spec.FunctionName)
			return failedInit(failure, time.Since(startAt)), nil
		}
		in, err = startInstance(spec, l, &m.opts)
		if err != nil {
			m.unreserve(spec.FunctionName)
			if body := entrypointFailure(spec, req.RequestID, err); body != nil {
				return failedInit(body, time.Since(startAt)), nil
			}
			return Result{}, fmt.Errorf("start %s instance: %w", spec.Runtime, err)
		}
		if !m.register(in) {
			m.unreserve(spec.FunctionName)
			in.stop()
			return Result{}, ErrClosed
		}
		limit := m.opts.InitTimeout
		if spec.Timeout > limit {
			limit = spec.Timeout
		}
		failure, typ := in.waitReady(ctx, limit, req.RequestID)
		initDur = time.Since(startAt)
		if failure != nil {
			res := m.initFailed(in, req, failure, typ, initDur)
			m.release(in, false)
			return res, nil
		}
	}
	res, healthy, gone := m.run(ctx, in, req, !cold)
	if gone {
		// The warm instance ended (its runtime exited after its last
		// answer) before it took this invocation: Lambda would give the
		// invocation a new execution environment.
		m.release(in, false)
		return m.Invoke(ctx, spec, req)
	}
	res.Cold = cold
	res.InitDuration = initDur
	if res.Cold && res.Log != nil {
		res.Log = append([]byte(nil), res.Log...)
	}
	m.release(in, healthy)
	return res, nil
}

func failedInit(body []byte, d time.Duration) Result {
	return Result{Payload: body, FunctionError: "Unhandled", ErrorType: errorTypeOf(body, ""), Cold: true, InitDuration: d}
}

// initFailed reports an instance that failed before its first /next.
func (m *Manager) initFailed(in *instance, req Request, body []byte, typ string, initDur time.Duration) Result {
	in.out.drain()
	log := &invocationLog{requestID: req.RequestID}
	in.out.begin(log)
	in.out.platform(log, fmt.Sprintf("INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\tError Type: %s", ms(initDur), typ))
	in.out.platform(log, fmt.Sprintf("START RequestId: %s Version: %s", req.RequestID, in.spec.Version))
	in.out.platform(log, fmt.Sprintf("END RequestId: %s", req.RequestID))
	in.out.platform(log, fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\tStatus: error\tError Type: %s",
		req.RequestID, ms(initDur), billed(initDur), in.spec.MemoryMB, in.maxMemoryMB(), typ))
	in.out.end()
	return Result{Payload: body, FunctionError: "Unhandled", ErrorType: typ, Log: log.Tail(), Cold: true, InitDuration: initDur}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func billed(d time.Duration) int64 {
	b := (d + time.Millisecond - 1) / time.Millisecond
	if b < 1 {
		b = 1
	}
	return int64(b)
}

// run hands req to a ready instance and waits for its outcome. healthy is
// false when the instance must be replaced.
func (m *Manager) run(ctx context.Context, in *instance, req Request, warm bool) (res Result, healthy, gone bool) {
	spec := in.spec
	log := &invocationLog{requestID: req.RequestID}
	in.out.begin(log)
	in.out.platform(log, fmt.Sprintf("START RequestId: %s Version: %s", req.RequestID, spec.Version))
	begin := time.Now()
	inv := &invocation{
		id: req.RequestID, payload: req.Payload, deadline: begin.Add(spec.Timeout),
		arn: req.InvokedARN, traceID: newTraceID(), clientContext: req.ClientContext,
		done: make(chan outcome, 1),
	}
	timer := time.NewTimer(spec.Timeout)
	defer timer.Stop()

	var (
		o        outcome
		got      bool
		exited   bool
		timedOut bool
	)
	if warm {
		select {
		case in.next <- inv:
			goto delivered
		case <-in.exited:
			in.out.end()
			return Result{}, false, true
		case <-time.After(50 * time.Millisecond):
			// Not asking yet: still finishing its last answer, or about to
			// exit.
		}
	}
	select {
	case in.next <- inv:
		goto delivered
	case <-in.exited:
		if warm {
			in.out.end()
			return Result{}, false, true
		}
		exited = true
	case <-timer.C:
		timedOut = true
	}
	goto wait
delivered:
	select {
	case o = <-inv.done:
		got = true
	case <-in.exited:
		select {
		case o = <-inv.done:
			got = true
		default:
			exited = true
		}
	case <-timer.C:
		timedOut = true
	}
wait:
	_ = ctx // an invocation runs to its end, as on Lambda, even if the caller leaves
	elapsed := time.Since(begin)
	mem := in.maxMemoryMB()
	res = Result{Duration: elapsed}
	healthy = true
	status := ""
	switch {
	case timedOut:
		in.kill()
		healthy = false
		status = "\tStatus: timeout"
		msg := fmt.Sprintf("Task timed out after %.2f seconds", elapsed.Seconds())
		in.out.drain()
		in.out.platform(log, time.Now().UTC().Format("2006-01-02T15:04:05.000Z")+" "+req.RequestID+" "+msg)
		res.Payload = errorBody("Sandbox.Timedout", "RequestId: "+req.RequestID+" Error: "+msg)
		res.FunctionError, res.ErrorType = "Unhandled", "Sandbox.Timedout"
	case exited:
		healthy = false
		status = "\tStatus: error\tError Type: Runtime.ExitError"
		reason := in.exitReason()
		in.out.drain()
		in.out.platform(log, fmt.Sprintf("RequestId: %s Error: %s", req.RequestID, reason))
		res.Payload = errorBody("Runtime.ExitError", "RequestId: "+req.RequestID+" Error: "+reason)
		res.FunctionError, res.ErrorType = "Unhandled", "Runtime.ExitError"
	case o.tooLarge > 0:
		res.Payload = errorBody("Function.ResponseSizeTooLarge",
			fmt.Sprintf("Response payload size (%d bytes) exceeded maximum allowed payload size (%d bytes).", o.tooLarge, MaxResponse))
		res.FunctionError, res.ErrorType = "Unhandled", "Function.ResponseSizeTooLarge"
	case o.isError:
		res.Payload = o.body
		res.FunctionError, res.ErrorType = "Unhandled", errorTypeOf(o.body, o.errorType)
	default:
		res.Payload = o.body
	}
	_ = got
	in.out.drain()
	in.out.platform(log, fmt.Sprintf("END RequestId: %s", req.RequestID))
	report := fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
		req.RequestID, ms(elapsed), billed(elapsed), spec.MemoryMB, mem)
	in.out.platform(log, report+status)
	in.out.end()
	if log.dropped > 0 {
		m.opts.Logger.Warn("lambda output not copied to portico's log", "function", spec.FunctionName, "request_id", req.RequestID, "bytes", log.dropped)
	}
	res.Log = log.Tail()
	if timedOut {
		<-in.exited
	}
	return res, healthy, false
}

// Instances returns the process ids of the running instances of a function
// ("" = all functions).
func (m *Manager) Instances(function string) []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	var pids []int
	for name, p := range m.pools {
		if function != "" && name != function {
			continue
		}
		for in := range p.all {
			if in.alive() {
				pids = append(pids, in.pid())
			}
		}
	}
	return pids
}

// Retire stops the idle instances of a function and makes its busy ones
// stop after their invocation (the function was deleted or changed).
func (m *Manager) Retire(function string) {
	m.mu.Lock()
	p := m.pools[function]
	if p == nil {
		m.mu.Unlock()
		return
	}
	idle := p.idle
	p.idle = nil
	for _, in := range idle {
		p.drop(in)
	}
	for v := range p.current {
		p.current[v] = "" // busy instances are stopped on release
	}
	m.mu.Unlock()
	stopAll(idle)
}

// Close stops every instance; invocations in flight end with their
// instance.
func (m *Manager) Close() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	var all []*instance
	for _, p := range m.pools {
		for in := range p.all {
			all = append(all, in)
		}
		for _, w := range p.waiters {
			close(w)
		}
		p.waiters = nil
	}
	m.mu.Unlock()
	close(m.stopJan)
	<-m.janDone
	var wg sync.WaitGroup
	for _, in := range all {
		wg.Add(1)
		go func() { defer wg.Done(); in.stop() }()
	}
	wg.Wait()
}

// Busy returns how many instances of a function are running an invocation.
func (m *Manager) Busy(function string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	if p := m.pools[function]; p != nil {
		for in := range p.all {
			if in.busy {
				n++
			}
		}
	}
	return n
}
