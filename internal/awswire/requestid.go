// Package awswire holds the pieces of AWS's wire protocols that every
// service of `portico serve` shares: request ids, the REST-JSON error shape,
// SigV4 verification and the way a request names the service it is for.
// It imports nothing of Portico's.
package awswire

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

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

// WithRequestID returns ctx carrying the id of the request being served.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id of the request being served (the server also
// sends it as the x-amzn-RequestId response header), or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
