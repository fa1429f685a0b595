package upstream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Request is one service request of an AWS integration, built by the
// invoke API the way API Gateway builds it.
type Request struct {
	// Service is the integration URI's service (its endpoint prefix):
	// sqs, sns, dynamodb, kinesis, s3, states, events, ...
	Service string
	// Subdomain is the URI's subdomain, if any (S3: a bucket, sent
	// path-style to the upstream).
	Subdomain string
	Region    string
	Method    string
	Path      string // escaped, starting with "/"
	RawQuery  string
	Header    http.Header
	Body      []byte
	// RoleARN is the integration's `credentials`: an IAM role to assume
	// at the upstream's STS; "" or arn:aws:iam::*:user/* sign with the
	// static upstream credentials.
	RoleARN string
	// NoCompat sends the request exactly as built, without the emulator
	// adaptations of compat.
	NoCompat bool
	static   bool // sign with the static credentials (AssumeRole itself)
}

// Response is the service's answer, read in full.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// MaxResponseBody bounds a service's answer: API Gateway's 10 MB payload
// limit.
const MaxResponseBody = 10 << 20

// ErrResponseTooLarge is an answer over MaxResponseBody.
var ErrResponseTooLarge = errors.New("the service's answer is larger than API Gateway's 10 MB payload limit")

// Send signs in for its service with credentials for its role and sends it
// to the upstream; ctx bounds the whole exchange (the integration's
// timeoutInMillis). Errors: ErrNotConfigured, *AssumeRoleError,
// *UnreachableError (context.DeadlineExceeded inside when ctx ran out),
// ErrResponseTooLarge.
func (s *Service) Send(ctx context.Context, in *Request) (*Response, error) {
	if s.base == nil {
		return nil, ErrNotConfigured
	}
	creds := s.static()
	if !in.static {
		var err error
		if creds, err = s.roles.credentials(ctx, in.RoleARN, in.Region); err != nil {
			return nil, err
		}
	}
	path, query, header, body := in.Path, in.RawQuery, in.Header.Clone(), in.Body
	if header == nil {
		header = http.Header{}
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if in.Service == "s3" && in.Subdomain != "" {
		path = "/" + in.Subdomain + path // bucket.s3 virtual host -> path style on the upstream's host
	}
	if !in.NoCompat {
		query, body = compat(in.Service, query, header, body)
	}
	target := strings.TrimRight(s.base.String(), "/") + path
	if query != "" {
		target += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, in.Method, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, vs := range header {
		if k == "Host" || k == "Content-Length" {
			continue
		}
		req.Header[k] = vs
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	service := SigningName(in.Service, in.Subdomain)
	if service == "s3" {
		req.Header.Set("X-Amz-Content-Sha256", hash)
	}
	if err := s.signer.SignHTTP(ctx, creds, req, hash, service, in.Region, time.Now(), disableEscaping(service)); err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, &UnreachableError{URL: s.URL(), Err: err}
	}
	defer resp.Body.Close()
	b, err := readLimited(resp.Body, MaxResponseBody)
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, err
		}
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, &UnreachableError{URL: s.URL(), Err: err}
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// SigningName is the SigV4 service name of an integration URI's service
// (its endpoint prefix), where they differ.
func SigningName(service, subdomain string) string {
	switch {
	case service == "email":
		return "ses"
	case service == "iot" && subdomain == "data":
		return "iotdata"
	}
	return service
}

// disableEscaping: S3 signs the path as sent; every other service signs
// it escaped once more (SigV4).
func disableEscaping(service string) func(*v4.SignerOptions) {
	return func(o *v4.SignerOptions) { o.DisableURIPathEscaping = service == "s3" }
}

// compat adapts a query-protocol request (an Action parameter and no
// X-Amz-Target) to what emulators need to answer it as AWS does:
//
//   - AWS's query services answer JSON ({"SendMessageResponse":
//     {"SendMessageResult": ...}}) to API Gateway's Accept:
//     application/json; moto_server does so only for the parameter
//     ContentType=JSON, which is added next to Action when the request
//     accepts JSON (LocalStack honours either);
//   - AWS reads parameters from the URL whatever the body; moto_server
//     picks the protocol from Content-Type (application/json is REST-JSON
//     there) and reads a form body instead of the URL: a request whose
//     parameters are in the URL is sent as a form without its body.
//
// S3 and JSON-protocol requests are sent as built.
func compat(service, query string, header http.Header, body []byte) (string, []byte) {
	if service == "s3" || header.Get("X-Amz-Target") != "" {
		return query, body
	}
	wantJSON := strings.Contains(header.Get("Accept"), "application/json")
	q, _ := url.ParseQuery(query)
	mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	switch {
	case q.Has("Action"):
		if wantJSON && !q.Has("ContentType") {
			query += "&ContentType=JSON"
		}
		if mt != "application/x-www-form-urlencoded" {
			header.Set("Content-Type", "application/x-www-form-urlencoded")
			body = nil
		}
	case mt == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil || !form.Has("Action") {
			return query, body
		}
		if wantJSON && !form.Has("ContentType") {
			body = append(bytes.TrimRight(bytes.Clone(body), "&\n"), "&ContentType=JSON"...)
		}
	}
	return query, body
}
