package invoke

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portico/portico/internal/apigw"
)

// AWS integrations with services other than Lambda
// (arn:aws:apigateway:{region}:{service}:action/{Action} and
// ...:{service}:path/{path}): the service request is built here the way
// API Gateway builds it, then signed and sent by the Upstream (internal/app
// passes internal/upstream, the --upstream emulator). docs/invoke.md has
// each service's rules.

// Upstream sends the service requests of AWS integrations, signed with
// SigV4 for the service with credentials for the integration's role.
type Upstream interface {
	SendServiceRequest(ctx context.Context, req *ServiceRequest) (*ServiceResponse, error)
}

// ServiceRequest is an AWS integration's request to a service.
type ServiceRequest struct {
	Service   string // the URI's service (endpoint prefix): sqs, dynamodb, s3, states, events, ...
	Subdomain string // the URI's subdomain, if any (S3: a bucket)
	Region    string
	Method    string
	Path      string // escaped, starting with "/"
	RawQuery  string
	Header    http.Header
	Body      []byte
	// Credentials is the integration's credentials: the IAM role API
	// Gateway assumes (or arn:aws:iam::*:user/*).
	Credentials string
}

// ServiceResponse is the service's answer.
type ServiceResponse struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Errors an Upstream returns (wrapped, with its reason).
var (
	// ErrNoUpstream: portico serve was started without --upstream.
	ErrNoUpstream = errors.New("portico serve has no upstream AWS emulator")
	// ErrAssumeRole: the upstream's STS refused the integration's role.
	ErrAssumeRole = errors.New("API Gateway does not have permission to assume the provided role")
	// ErrUpstreamUnreachable: the upstream did not answer (down, closed
	// the connection, answered something that is not HTTP).
	ErrUpstreamUnreachable = errors.New("the upstream AWS emulator could not be reached")
)

// jsonService is a JSON-protocol service API Gateway addresses by action.
type jsonService struct {
	version string // application/x-amz-json-{version}
	target  string // X-Amz-Target prefix
	// auto: API Gateway sets X-Amz-Target for action URIs itself (as
	// recorded by LocalStack against AWS); others need the header mapped.
	auto bool
}

var jsonServices = map[string]jsonService{
	"dynamodb": {"1.0", "DynamoDB_20120810", true},
	"kinesis":  {"1.1", "Kinesis_20131202", true},
	"states":   {"1.0", "AWSStepFunctions", true},
	"events":   {"1.1", "AWSEvents", false},
	"firehose": {"1.1", "Firehose_20150804", false},
	"logs":     {"1.1", "Logs_20140328", false},
	"sqs":      {"1.0", "AmazonSQS", false}, // also a query service: action URIs use the query protocol
}

// queryVersions are the API versions of query-protocol services, sent as
// Version when an action URI's request has none.
var queryVersions = map[string]string{
	"sqs": "2012-11-05", "sns": "2010-03-31", "sts": "2011-06-15", "iam": "2010-05-08",
	"email": "2010-12-01", "monitoring": "2010-08-01", "cloudformation": "2010-05-15",
	"ec2": "2016-11-15", "autoscaling": "2011-01-01", "elasticloadbalancing": "2015-12-01",
	"rds": "2014-10-31", "elasticache": "2015-02-02", "redshift": "2012-12-01", "sdb": "2009-04-15",
}

// runService runs an AWS integration with a service other than Lambda.
func (c *call) runService(ctx context.Context) *result {
	integ := c.method.integ
	u, err := apigw.ParseAWSIntegrationURI(integ.URI)
	if err != nil {
		c.fail("Execution failed due to configuration error: integration uri %q: %v", integ.URI, err)
		return internalError()
	}
	if c.h.opts.Upstream == nil {
		c.fail("Execution failed due to configuration error: this integration calls the AWS service %q, but portico serve has no upstream AWS emulator: start it with --upstream URL (or PORTICO_UPSTREAM), e.g. moto_server's", u.Service)
		return internalError()
	}
	body, ct, ov, err := c.integrationRequest(ctx)
	if errors.Is(err, errUnsupportedMedia) {
		return unsupportedMedia()
	}
	if err != nil {
		c.fail("%v", err)
		return internalError()
	}
	rm := c.mapRequestParameters(ov)
	req, err := c.serviceRequest(u, body, ct, rm)
	if err != nil {
		c.fail("Execution failed due to configuration error: %v", err)
		return internalError()
	}
	timeout := time.Duration(integ.TimeoutInMillis) * time.Millisecond
	if timeout <= 0 {
		timeout = time.Duration(apigw.IntegrationTimeoutDefault) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if c.xlog != nil {
		uri := serviceURL(req)
		c.xlog.printf("Endpoint request URI: %s", uri)
		c.xlog.printf("Endpoint request headers: %s", javaHeaders(req.Header))
		c.xlog.printf("Endpoint request body after transformations: %s", truncateBody(req.Body))
		c.xlog.printf("Sending request to %s", uri)
	}
	t0 := time.Now()
	res, err := c.h.opts.Upstream.SendServiceRequest(ctx, req)
	c.integrationLatency = time.Since(t0)
	switch {
	case err == nil:
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		c.fail("Execution failed due to a timeout error (timeoutInMillis %d): the upstream AWS emulator did not answer the %s request in time", timeout.Milliseconds(), u.Service)
		return timedOut()
	case errors.Is(err, ErrNoUpstream):
		c.fail("Execution failed due to configuration error: this integration calls the AWS service %q, but portico serve has no upstream AWS emulator: start it with --upstream URL (or PORTICO_UPSTREAM)", u.Service)
		return internalError()
	case errors.Is(err, ErrAssumeRole):
		c.fail("Execution failed due to configuration error: %v", err)
		return internalError()
	default:
		c.fail("Execution failed: %s request: %v", u.Service, err)
		return internalError()
	}
	if c.xlog != nil {
		c.xlog.printf("Received response. Status: %d, Integration latency: %d ms", res.StatusCode, c.integrationLatency.Milliseconds())
		c.xlog.printf("Endpoint response headers: %s", javaHeaders(res.Header))
		c.xlog.printf("Endpoint response body before transformations: %s", truncateBody(res.Body))
	}
	return c.integrationResponse(ctx, strconv.Itoa(res.StatusCode), false, res.Header, res.Body)
}

// serviceRequest builds the request API Gateway sends for the URI u:
//
//   - path/{path}: the path ({name} from integration.request.path.*), the
//     mapped query strings;
//   - action/{Action}[&k=v...]: path "/", Action (and the pairs) in the
//     query string, Version for query services, X-Amz-Target for the
//     JSON services API Gateway targets itself;
//
// with the integration's method, the template's output (or the passed
// through body) and content type, Accept: application/json, API Gateway's
// User-Agent, api-id and trace headers, then the mapped headers.
func (c *call) serviceRequest(u apigw.AWSURI, body []byte, ct string, rm requestMapping) (*ServiceRequest, error) {
	integ := c.method.integ
	verb := integ.HTTPMethod
	if verb == "" || verb == "ANY" {
		verb = c.verb
	}
	creds, err := c.substitute(integ.Credentials, rm, false)
	if err != nil {
		return nil, err
	}
	req := &ServiceRequest{Service: u.Service, Subdomain: u.Subdomain, Region: u.Region, Method: verb, Credentials: creds, Header: http.Header{}}
	q := url.Values{}
	svc, isJSON := jsonServices[u.Service]
	action := ""
	switch u.Kind {
	case "path":
		p, err := c.substitute(u.Path, rm, true)
		if err != nil {
			return nil, err
		}
		p, rawQuery, _ := strings.Cut(p, "?")
		if rawQuery != "" {
			if q, err = url.ParseQuery(rawQuery); err != nil {
				return nil, fmt.Errorf("integration uri %q: query %q: %w", integ.URI, rawQuery, err)
			}
		}
		req.Path = "/" + strings.TrimPrefix(p, "/")
	default: // action
		a, err := c.substitute(u.Path, rm, false)
		if err != nil {
			return nil, err
		}
		parts := strings.Split(a, "&")
		action = parts[0]
		q.Set("Action", action)
		for _, kv := range parts[1:] {
			if k, v, _ := strings.Cut(kv, "="); k != "" {
				q.Add(unescape(k), unescape(v))
			}
		}
		req.Path = "/"
	}
	for k, vs := range rm.query {
		q[k] = append(q[k], vs...)
	}
	if action != "" && (!isJSON || !svc.auto) {
		if v, ok := queryVersions[u.Service]; ok && !q.Has("Version") {
			q.Set("Version", v)
		}
	}
	req.RawQuery = q.Encode()

	h := req.Header
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", "AmazonAPIGateway_"+c.api.api.ID)
	h.Set("X-Amzn-Apigateway-Api-Id", c.api.api.ID)
	h.Set("X-Amzn-Trace-Id", c.traceID())
	if action != "" && isJSON && svc.auto {
		h.Set("X-Amz-Target", svc.target+"."+action)
	}
	for k, vs := range rm.header {
		h[k] = vs
	}
	// a JSON-protocol request (X-Amz-Target set) is sent with the service's
	// JSON content type unless a mapping names one
	if isJSON && h.Get("X-Amz-Target") != "" && headerValue(rm.header, "Content-Type") == "" {
		h.Set("Content-Type", "application/x-amz-json-"+svc.version)
	}
	if verb != http.MethodGet && verb != http.MethodHead && verb != http.MethodOptions {
		req.Body = body
	}
	return req, nil
}

// substitute replaces ${stageVariables.x} and {name} in s: {name} by
// integration.request.path.name, else the method's path parameter of the
// same name, escaped for a path when inPath ({name+} and a greedy
// parameter keep their slashes).
func (c *call) substitute(s string, rm requestMapping, inPath bool) (string, error) {
	if !strings.ContainsAny(s, "{$") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "${stageVariables."):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return "", fmt.Errorf("unterminated stage variable in %q", s)
			}
			name := s[i+len("${stageVariables.") : i+end]
			v, ok := c.stageVars[name]
			if !ok {
				return "", fmt.Errorf("stage variable %q used in the integration is not defined", name)
			}
			b.WriteString(v)
			i += end + 1
		case s[i] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				b.WriteByte(s[i])
				i++
				continue
			}
			name := s[i+1 : i+end]
			greedy := strings.HasSuffix(name, "+")
			name = strings.TrimSuffix(name, "+")
			v, ok := rm.path[name]
			if !ok {
				if v, ok = c.params[name]; !ok {
					return "", fmt.Errorf("no value for {%s} in the integration uri: map it with integration.request.path.%s", name, name)
				}
			}
			if inPath {
				v = escapePathValue(v, greedy || name == c.greedyName)
			} else {
				v = url.QueryEscape(v)
			}
			b.WriteString(v)
			i += end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), nil
}

// serviceURL is the URL AWS would call, for the execution log.
func serviceURL(r *ServiceRequest) string {
	host := r.Service + "." + r.Region + ".amazonaws.com"
	if r.Subdomain != "" {
		host = r.Subdomain + "." + host
	}
	u := "https://" + host + r.Path
	if r.RawQuery != "" {
		u += "?" + r.RawQuery
	}
	return u
}
