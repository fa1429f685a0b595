package upstream

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/portico/portico/internal/awswire"
)

// The pass-through: requests for services portico does not serve.
//
// The server routes a request here when it is signed for a service name no
// other service of portico owns, or, unsigned, when Claims says it is an
// AWS client's request (the server verifies --credentials first). The
// request goes to the upstream with its method, path, query, headers and
// body; its Host header is kept, so the URLs an emulator builds from it
// (SQS queue URLs, ...) point back at portico. The answer is streamed back
// as the upstream sent it.

// Claims reports whether an unsigned request is an AWS client's request
// for a service portico does not serve, by the marks AWS's protocols put on
// it: an X-Amz-Target header (JSON protocols), an Action parameter or a form
// body (query protocols), or an S3 host (bucket.s3.localhost, s3.amazonaws.com).
// Signed requests are routed by their credential scope instead. The server
// asks portico's own services (invoke URLs, Lambda paths, IAM actions)
// first.
func Claims(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" || r.URL.Query().Has("X-Amz-Credential") {
		return false
	}
	if r.Header.Get("X-Amz-Target") != "" || r.URL.Query().Has("Action") {
		return true
	}
	if r.Method == http.MethodPost {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			return true
		}
	}
	return isS3Host(r.Host)
}

// isS3Host reports whether host names S3 the way its clients address it:
// a label "s3" or "s3-{region}" (s3.amazonaws.com, bucket.s3.localhost,
// s3.us-east-1.localhost.localstack.cloud).
func isS3Host(host string) bool {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	for _, label := range strings.Split(strings.ToLower(host), ".") {
		if label == "s3" || strings.HasPrefix(label, "s3-") {
			return true
		}
	}
	return false
}

// signingHeaders are the client's signature, removed when a forwarded
// request is signed again.
var signingHeaders = []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"}

// presignParams are a presigned URL's signature parameters.
var presignParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"}

func (s *Service) newProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			if s.base != nil {
				pr.SetURL(s.base)
			}
			pr.Out.Host = pr.In.Host // the client's Host: URLs built from it point back at portico
			// Rewrite sends no X-Forwarded-* (portico adds none of its own)
		},
		Transport:     s.transport,
		FlushInterval: -1, // stream: each chunk as it arrives
		ErrorLog:      slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		ErrorHandler:  s.proxyError,
	}
}

// ServeHTTP forwards r to the upstream, or answers that there is none.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base == nil {
		writeError(w, r, http.StatusBadRequest, "UnsupportedServiceException", notConfiguredMessage(r))
		return
	}
	// the answer is the upstream's: portico's request id does not go with it
	delete(w.Header(), "x-amzn-RequestId")
	if s.opts.Resign {
		if err := s.resign(r); err != nil {
			s.log.Warn("upstream: cannot sign the forwarded request", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, r, http.StatusInternalServerError, "InternalFailure", "portico could not sign the request for the upstream AWS emulator: "+err.Error())
			return
		}
	}
	s.proxy.ServeHTTP(w, r)
}

func notConfiguredMessage(r *http.Request) string {
	if name := awswire.SigningService(r); name != "" {
		return strings.Replace(ErrNotConfigured.Error(), "this service", "service "+name, 1)
	}
	return ErrNotConfigured.Error()
}

func (s *Service) proxyError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, r.Context().Err()) && r.Context().Err() != nil {
		return // the client went away
	}
	s.log.Warn("upstream: forwarding failed", "upstream", s.URL(), "method", r.Method, "path", r.URL.Path,
		"service", awswire.SigningService(r), "err", err)
	writeError(w, r, http.StatusBadGateway, "InternalFailure", (&UnreachableError{URL: s.URL(), Err: err}).Error())
}

// resign replaces the client's signature (made with portico's own
// credentials) by one with the upstream credentials, for the same service
// and region. The body is in memory: the server read it to verify the
// client's signature.
func (s *Service) resign(r *http.Request) error {
	service, region := scope(r)
	q := r.URL.Query()
	presigned := r.Header.Get("Authorization") == "" && q.Has("X-Amz-Credential")
	for _, h := range signingHeaders {
		r.Header.Del(h)
	}
	if presigned {
		for _, p := range presignParams {
			q.Del(p)
		}
		r.URL.RawQuery = q.Encode()
	}
	if service == "" {
		return nil // unsigned: forwarded unsigned
	}
	hash := r.Header.Get("X-Amz-Content-Sha256")
	if hash == "" || presigned {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
		if service == "s3" {
			r.Header.Set("X-Amz-Content-Sha256", hash)
		}
	}
	// the signer reads the request's Host and URL; it must be the
	// outgoing request's (the Host is kept, the path too)
	creds := aws.Credentials{AccessKeyID: s.opts.AccessKeyID, SecretAccessKey: s.opts.SecretAccessKey}
	return s.sign(r, creds, hash, service, region)
}

// scope returns the service and region of r's SigV4 credential scope.
func scope(r *http.Request) (service, region string) {
	cred := r.URL.Query().Get("X-Amz-Credential")
	if h := r.Header.Get("Authorization"); h != "" {
		_, rest, ok := strings.Cut(h, "Credential=")
		if !ok {
			return "", ""
		}
		cred, _, _ = strings.Cut(rest, ",")
	}
	f := strings.Split(strings.TrimSpace(cred), "/")
	if len(f) != 5 {
		return "", ""
	}
	return f[3], f[2]
}

func (s *Service) sign(r *http.Request, creds aws.Credentials, payloadHash, service, region string) error {
	if err := s.signer.SignHTTP(r.Context(), creds, r, payloadHash, service, region, time.Now(), disableEscaping(service)); err != nil {
		return err
	}
	return nil
}

// ---------------------------------------------------------------- errors

// writeError answers in the error shape of the protocol r's client speaks,
// so its SDK shows the message: JSON protocols (X-Amz-Target), query
// protocols (Action, form bodies), S3's XML, else REST-JSON.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	reqID := awswire.RequestID(r.Context())
	hdr := w.Header()
	switch protocolOf(r) {
	case "json":
		hdr.Set("Content-Type", "application/x-amz-json-1.1")
		hdr["X-Amzn-Errortype"] = []string{code}
		w.WriteHeader(status)
		b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
		_, _ = w.Write(b)
	case "query":
		hdr.Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		typ := "Sender"
		if status >= 500 {
			typ = "Receiver"
		}
		var b bytes.Buffer
		b.WriteString("<ErrorResponse><Error><Type>" + typ + "</Type><Code>")
		_ = xml.EscapeText(&b, []byte(code))
		b.WriteString("</Code><Message>")
		_ = xml.EscapeText(&b, []byte(msg))
		b.WriteString("</Message></Error><RequestId>" + reqID + "</RequestId></ErrorResponse>")
		_, _ = w.Write(b.Bytes())
	case "s3":
		hdr.Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>")
		_ = xml.EscapeText(&b, []byte(code))
		b.WriteString("</Code><Message>")
		_ = xml.EscapeText(&b, []byte(msg))
		b.WriteString("</Message><RequestId>" + reqID + "</RequestId></Error>")
		if r.Method != http.MethodHead {
			_, _ = w.Write(b.Bytes())
		}
	default:
		awswire.WriteError(w, &awswire.Error{Status: status, Type: code, Message: msg})
	}
}

// queryServices are the signing names of AWS's query-protocol services.
var queryServices = map[string]bool{
	"sns": true, "sts": true, "iam": true, "ses": true, "monitoring": true, "cloudformation": true, "ec2": true,
	"autoscaling": true, "elasticloadbalancing": true, "rds": true, "elasticache": true, "redshift": true, "sdb": true,
	"elasticbeanstalk": true, "cloudsearch": true,
}

func protocolOf(r *http.Request) string {
	service := awswire.SigningService(r)
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		return "json"
	case service == "s3" || (service == "" && isS3Host(r.Host)):
		return "s3"
	case r.URL.Query().Has("Action") || queryServices[service]:
		return "query"
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		return "query"
	}
	return "rest-json"
}
