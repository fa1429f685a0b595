package runtime

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"syscall"
)

// TailSize is how much of an invocation's log Invoke returns with LogType
// Tail: the last 4 KB.
const TailSize = 4096

const (
	// keepPerInvocation bounds the log an invocation keeps in memory: enough
	// for the tail.
	keepPerInvocation = 2 * TailSize
	// slogBytesPerInvocation bounds what one invocation writes to portico's
	// own log; the rest is counted and reported once.
	slogBytesPerInvocation = 64 << 10
	maxLine                = 256 << 10 // CloudWatch's event limit
)

// LogSink receives every line a function instance writes (stdout and
// stderr), and the platform's START/END/REPORT lines.
type LogSink interface {
	WriteLine(function, requestID string, line []byte)
}

// output reads an instance's merged stdout and stderr. Reads happen under
// mu, both the reader goroutine's and drain's, so after drain returns every
// byte the process wrote before it was called has been delivered.
type output struct {
	r        *os.File
	raw      syscall.RawConn
	mu       sync.Mutex
	partial  []byte
	inv      *invocationLog // the invocation the lines belong to, or nil (init)
	initLog  bytes.Buffer   // init output, given to the first invocation
	function string
	logger   *slog.Logger
	sink     LogSink
	done     chan struct{}
	buf      []byte
}

func newOutput(r *os.File, function string, logger *slog.Logger, sink LogSink) (*output, error) {
	raw, err := r.SyscallConn()
	if err != nil {
		return nil, err
	}
	o := &output{r: r, raw: raw, function: function, logger: logger, sink: sink,
		done: make(chan struct{}), buf: make([]byte, 64<<10)}
	go o.loop()
	return o, nil
}

func (o *output) loop() {
	defer close(o.done)
	for {
		var eof bool
		err := o.raw.Read(func(fd uintptr) bool {
			o.mu.Lock()
			defer o.mu.Unlock()
			n, err := syscall.Read(int(fd), o.buf)
			if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EINTR) {
				return false
			}
			if n <= 0 {
				eof = true
				return true
			}
			o.consume(o.buf[:n])
			return true
		})
		if err != nil || eof {
			o.mu.Lock()
			if len(o.partial) > 0 {
				o.line(o.partial)
				o.partial = nil
			}
			o.mu.Unlock()
			return
		}
	}
}

// drain delivers everything the process has written so far.
func (o *output) drain() {
	_ = o.raw.Control(func(fd uintptr) {
		o.mu.Lock()
		defer o.mu.Unlock()
		for {
			n, err := syscall.Read(int(fd), o.buf)
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			if err != nil || n <= 0 {
				return
			}
			o.consume(o.buf[:n])
		}
	})
}

func (o *output) consume(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			o.partial = append(o.partial, p...)
			if len(o.partial) >= maxLine {
				o.line(o.partial)
				o.partial = o.partial[:0]
			}
			return
		}
		if len(o.partial) > 0 {
			o.partial = append(o.partial, p[:i]...)
			o.line(o.partial)
			o.partial = o.partial[:0]
		} else {
			o.line(p[:i])
		}
		p = p[i+1:]
	}
}

// line delivers one line of function output (without its newline). Called
// with mu held.
func (o *output) line(l []byte) {
	if o.inv != nil {
		o.inv.add(l, o.function, o.logger, o.sink)
		return
	}
	if o.initLog.Len() < keepPerInvocation {
		o.initLog.Write(l)
		o.initLog.WriteByte('\n')
	}
	if o.sink != nil {
		o.sink.WriteLine(o.function, "", l)
	}
	if o.logger != nil {
		o.logger.Info("lambda output", "function", o.function, "line", string(l))
	}
}

// begin attaches the lines that follow to inv (START is written by the
// caller) and hands it the init output, once.
func (o *output) begin(inv *invocationLog) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.initLog.Len() > 0 {
		inv.tail.Write(o.initLog.Bytes())
		o.initLog.Reset()
	}
	o.inv = inv
}

// end detaches the current invocation, after draining what the process
// wrote for it.
func (o *output) end() {
	o.drain()
	o.mu.Lock()
	o.inv = nil
	o.mu.Unlock()
}

// invocationLog is one invocation's log: its last bytes (for Tail) and what
// went to portico's log.
type invocationLog struct {
	requestID string
	tail      bytes.Buffer
	logged    int
	dropped   int
}

func (l *invocationLog) add(line []byte, function string, logger *slog.Logger, sink LogSink) {
	l.tail.Write(line)
	l.tail.WriteByte('\n')
	if l.tail.Len() > 2*keepPerInvocation {
		b := l.tail.Bytes()
		keep := append([]byte(nil), b[len(b)-keepPerInvocation:]...)
		l.tail.Reset()
		l.tail.Write(keep)
	}
	if sink != nil {
		sink.WriteLine(function, l.requestID, line)
	}
	if logger == nil {
		return
	}
	if l.logged+len(line) > slogBytesPerInvocation {
		l.dropped += len(line) + 1
		return
	}
	l.logged += len(line) + 1
	logger.Info("lambda output", "function", function, "request_id", l.requestID, "line", string(line))
}

// platform writes a line of the platform's own (START, END, REPORT, errors).
func (o *output) platform(inv *invocationLog, line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	inv.tail.WriteString(line)
	inv.tail.WriteByte('\n')
	if o.sink != nil {
		o.sink.WriteLine(o.function, inv.requestID, []byte(line))
	}
	if o.logger != nil {
		o.logger.Info("lambda", "function", o.function, "request_id", inv.requestID, "line", line)
	}
}

// Tail returns the last TailSize bytes of the log.
func (l *invocationLog) Tail() []byte {
	b := l.tail.Bytes()
	if len(b) > TailSize {
		b = b[len(b)-TailSize:]
	}
	return append([]byte(nil), b...)
}

var _ io.Closer = (*os.File)(nil)
