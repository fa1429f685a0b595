package invoke

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
)

// traceID returns the request's X-Amzn-Trace-Id ("Root=1-{epoch hex}-{96
// random bits hex}", as AWS's), made on first use.
func (c *call) traceID() string {
	if c.trace == "" {
		const hexdigits = "0123456789abcdef"
		var b [len("Root=1-") + 8 + 1 + 24]byte
		n := copy(b[:], "Root=1-")
		epoch := uint32(c.start.Unix())
		for i := 7; i >= 0; i-- {
			b[n+i] = hexdigits[epoch&0xf]
			epoch >>= 4
		}
		n += 8
		b[n] = '-'
		n++
		r1, r2 := rand.Uint64(), rand.Uint32()
		for i := 0; i < 16; i++ {
			b[n+i] = hexdigits[r1>>(60-4*i)&0xf]
		}
		for i := 0; i < 8; i++ {
			b[n+16+i] = hexdigits[r2>>(28-4*i)&0xf]
		}
		c.trace = string(b[:])
	}
	return c.trace
}

// forwardedPort is the port the client connected to (X-Forwarded-Port).
func forwardedPort(ctx context.Context) string {
	if a, ok := ctx.Value(http.LocalAddrContextKey).(net.Addr); ok {
		if ta, ok := a.(*net.TCPAddr); ok {
			return strconv.Itoa(ta.Port)
		}
		if _, p, err := net.SplitHostPort(a.String()); err == nil {
			return p
		}
	}
	return ""
}

// setForwarded adds the headers API Gateway adds to every request it sends
// to an HTTP backend or puts in a proxy event: X-Amzn-Trace-Id,
// X-Forwarded-For, X-Forwarded-Port and X-Forwarded-Proto.
func (c *call) setForwarded(ctx context.Context, h http.Header) {
	h["X-Amzn-Trace-Id"] = []string{c.traceID()}
	xff := c.sourceIP
	if prev := h["X-Forwarded-For"]; len(prev) > 0 && prev[0] != "" {
		xff = prev[0] + ", " + c.sourceIP
	}
	h["X-Forwarded-For"] = []string{xff}
	if p := forwardedPort(ctx); p != "" {
		h["X-Forwarded-Port"] = []string{p}
	}
	h["X-Forwarded-Proto"] = []string{"http"}
}

// remappedHeaders are the backend response headers an HTTP_PROXY
// integration returns as x-amzn-Remapped-{name}, as AWS does.
var remappedHeaders = map[string]string{
	"Connection":       "x-amzn-Remapped-Connection",
	"Content-Length":   "x-amzn-Remapped-Content-Length",
	"Date":             "x-amzn-Remapped-Date",
	"Server":           "x-amzn-Remapped-Server",
	"X-Amzn-Requestid": "x-amzn-Remapped-x-amzn-RequestId",
}
