// Package upstream connects `portico serve` to an upstream AWS emulator
// (moto_server is the one tested; LocalStack or any endpoint that speaks
// AWS's protocols works too) for every service portico does not serve
// itself. It does two things:
//
//   - the pass-through (forward.go): a request an AWS client addresses to
//     such a service (SigV4 credential scope, X-Amz-Target, Action, S3
//     hosts) is forwarded with its method, path, query, headers and body,
//     and the answer streamed back as it is;
//   - the service requests of API Gateway's AWS integrations (send.go):
//     signed with SigV4 for the service, with credentials for the
//     integration's role (credentials.go), sent to the upstream, answered
//     in full.
//
// Without an upstream, both answer that --upstream is needed.
package upstream

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Default credentials for the upstream: what moto_server and LocalStack
// are usually given (neither checks signatures by default).
const (
	DefaultAccessKeyID     = "test"
	DefaultSecretAccessKey = "test"
)

// Options configure the upstream.
type Options struct {
	// URL is the upstream endpoint, e.g. http://127.0.0.1:5000; "" = none.
	URL    string
	Region string // portico's region (default us-east-1): the startup check signs for it
	// Resign is set when portico verifies SigV4 itself (--credentials): the
	// clients then sign with portico's own credentials, which are not
	// forwarded; each forwarded request is signed again with the upstream
	// credentials. Without it, a forwarded request keeps the client's own
	// signature (the client's credentials are its own).
	Resign bool
	// AccessKeyID and SecretAccessKey sign for the upstream (re-signed
	// forwarded requests, integrations without a role, AssumeRole);
	// default test/test.
	AccessKeyID, SecretAccessKey string
	Logger                       *slog.Logger
}

// Service is the upstream: the pass-through handler and the integrations'
// sender.
type Service struct {
	opts      Options
	base      *url.URL // nil: no upstream
	log       *slog.Logger
	transport *http.Transport
	client    *http.Client
	proxy     *httputil.ReverseProxy
	signer    *v4.Signer
	roles     *roleCache
}

// ErrNotConfigured is returned (and answered) when portico has no upstream.
var ErrNotConfigured = errors.New("portico serve has no upstream AWS emulator for this service: start it with --upstream URL (or PORTICO_UPSTREAM=URL), e.g. --upstream http://127.0.0.1:5000 for moto_server")

// UnreachableError is a request the upstream did not answer: it could not
// be reached, closed the connection, answered something that is not HTTP,
// or did not answer before the request's deadline (Unwrap gives
// context.DeadlineExceeded then).
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("the upstream AWS emulator at %s did not answer: %v", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// New returns the upstream at opts.URL (none when it is empty).
func New(opts Options) (*Service, error) {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID, opts.SecretAccessKey = DefaultAccessKeyID, DefaultSecretAccessKey
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{opts: opts, log: opts.Logger, signer: v4.NewSigner()}
	if opts.URL != "" {
		u, err := ParseURL(opts.URL)
		if err != nil {
			return nil, err
		}
		s.base = u
	}
	s.transport = &http.Transport{
		Proxy:               nil, // the upstream is addressed directly, never through an environment proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // bodies pass as the upstream sent them
	}
	s.client = &http.Client{
		Transport:     s.transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	s.proxy = s.newProxy()
	s.roles = newRoleCache(s)
	return s, nil
}

// ParseURL checks an --upstream value: an absolute http(s) URL with a host
// and nothing after the path.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("upstream: --upstream %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("upstream: --upstream %q must be an http:// or https:// URL with a host and no query, e.g. http://127.0.0.1:5000", raw)
	}
	return u, nil
}

// Configured reports whether there is an upstream.
func (s *Service) Configured() bool { return s.base != nil }

// URL is the upstream's endpoint ("" when none).
func (s *Service) URL() string {
	if s.base == nil {
		return ""
	}
	return s.base.String()
}

// Close releases idle upstream connections.
func (s *Service) Close() { s.transport.CloseIdleConnections() }

// CheckResult is what the startup check learned.
type CheckResult struct {
	// Account is the account the upstream's STS reports for the upstream
	// credentials ("" when it has no STS).
	Account string
	// Status is the HTTP status of its answer to GetCallerIdentity.
	Status int
}

// Check asks the upstream's STS who the upstream credentials are
// (GetCallerIdentity). An error means the upstream did not answer at all;
// an upstream without STS answers with a status that is not 200.
func (s *Service) Check(ctx context.Context) (CheckResult, error) {
	if s.base == nil {
		return CheckResult{}, ErrNotConfigured
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	res, err := s.Send(ctx, &Request{
		Service: "sts", Region: s.opts.Region, Method: http.MethodPost, Path: "/",
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:   []byte(body), NoCompat: true,
	})
	if err != nil {
		return CheckResult{}, err
	}
	out := CheckResult{Status: res.StatusCode}
	if res.StatusCode == http.StatusOK {
		var v struct {
			Account string `xml:"GetCallerIdentityResult>Account"`
		}
		if xml.Unmarshal(res.Body, &v) == nil {
			out.Account = v.Account
		}
	}
	return out, nil
}

// LogCheck runs Check and logs what it found: a warning when the upstream
// does not answer (requests for its services fail until it does), else
// the account its STS reports.
func (s *Service) LogCheck(ctx context.Context) {
	if s.base == nil {
		return
	}
	res, err := s.Check(ctx)
	switch {
	case err != nil:
		s.log.Warn("upstream does not answer: requests for the services it serves (and AWS integrations) fail until it does",
			"upstream", s.URL(), "err", err)
	case res.Account != "":
		s.log.Info("upstream answers", "upstream", s.URL(), "account", res.Account)
	default:
		s.log.Info("upstream answers, but not to STS GetCallerIdentity: AWS integrations sign with the static upstream credentials",
			"upstream", s.URL(), "status", res.Status)
	}
}

// readLimited reads at most limit bytes of r; more is ErrResponseTooLarge.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, ErrResponseTooLarge
	}
	return b, nil
}
