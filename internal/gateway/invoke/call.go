package invoke

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
	"github.com/theory/jsonpath"
)

// call is one execution of a method: a real invoke or a TestInvokeMethod.
type call struct {
	h         *Handler
	api       *compiledAPI
	method    *compiledMethod
	stageName string
	stageVars map[string]string

	verb       string
	rawPath    string // escaped path after the stage ("/pets/1")
	query      url.Values
	rawQuery   string
	headers    http.Header
	body       []byte
	params     map[string]string // path parameters
	greedyName string
	greedyRaw  string

	requestID, apigwID string
	start              time.Time
	domain             string
	sourceIP           string
	userAgent          string
	protocol           string
	host               string // the client's Host header
	trace              string // X-Amzn-Trace-Id, made on first use

	req        *http.Request  // the invoke request (nil in TestInvokeMethod)
	authorizer map[string]any // $context.authorizer (authorizer.go); nil: none ran
	caller     *iamCaller     // the SigV4-verified caller of an AWS_IAM method (iamauth.go)
	apiKey     *apigw.APIKey  // the caller's API key (apikey.go); nil: none checked
	plan       *apigw.UsagePlan
	planStage  *apigw.APIStage // the plan's entry for this stage

	xlog               *execLog
	ctxMap             map[string]any
	staticReq          *tmplInfo // the request template, when it is static text
	integrationLatency time.Duration
}

// run executes the method and returns the response to send.
// logStart writes the execution log's first lines.
func (c *call) logStart() {
	if c.xlog == nil {
		return
	}
	c.xlog.printf("Starting execution for request: %s", c.requestID)
	c.xlog.printf("HTTP Method: %s, Resource Path: %s", c.verb, c.resourcePathForLog())
	c.xlog.printf("Method request path: %s", javaMap(c.params))
	c.xlog.printf("Method request query string: %s", javaQuery(c.query))
	c.xlog.printf("Method request headers: %s", javaHeaders(c.headers))
	c.xlog.printf("Method request body before transformations: %s", truncateBody(c.body))
}

// logEnd writes the execution log's last lines.
func (c *call) logEnd(res *result) {
	if c.xlog == nil {
		return
	}
	if res.status < 500 && res.status != 415 {
		c.xlog.printf("Successfully completed execution")
	}
	c.xlog.printf("Method completed with status: %d", res.status)
}

// integrate runs the method's integration.
func (c *call) integrate(ctx context.Context) *result {
	switch integ := c.method.integ; integ.Type {
	case apigw.IntegrationTypeMock:
		return c.runMock(ctx)
	case apigw.IntegrationTypeHTTP:
		return c.runHTTP(ctx, false)
	case apigw.IntegrationTypeHTTPProxy:
		return c.runHTTP(ctx, true)
	case apigw.IntegrationTypeAWSProxy:
		return c.runLambdaProxy(ctx)
	case apigw.IntegrationTypeAWS:
		return c.runAWS(ctx)
	default:
		c.fail("Execution failed due to configuration error: unsupported integration type %q", integ.Type)
		return internalError()
	}
}

func (c *call) resourcePathForLog() string {
	if c.rawPath == "" {
		return "/"
	}
	return c.rawPath
}

// fail records why the request failed, in the execution log and (always)
// in the server log, so a 5xx never goes unexplained.
func (c *call) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.xlog != nil {
		c.xlog.printf("%s", msg)
	}
	c.h.log.Warn("invoke failed", "request_id", c.requestID, "api_id", c.api.api.ID, "stage", c.stageName,
		"resource_path", c.method.res.path, "method", c.verb, "reason", msg)
}

// context returns $context, built on first use.
func (c *call) context() map[string]any {
	if c.ctxMap == nil {
		c.ctxMap = c.contextMap()
	}
	return c.ctxMap
}

// contextMap builds $context as AWS fills it.
func (c *call) contextMap() map[string]any {
	now := c.start.UTC()
	prefix, _, _ := strings.Cut(c.domain, ".")
	identity := c.identityMap()
	protocol := c.protocol
	if protocol == "" {
		protocol = "HTTP/1.1"
	}
	path := "/" + c.stageName + c.rawPath
	return map[string]any{
		"accountId":         c.h.opts.AccountID,
		"apiId":             c.api.api.ID,
		"domainName":        c.domain,
		"domainPrefix":      prefix,
		"extendedRequestId": c.apigwID,
		"httpMethod":        c.verb,
		"identity":          identity,
		"path":              path,
		"protocol":          protocol,
		"requestId":         c.requestID,
		"requestTime":       now.Format("02/Jan/2006:15:04:05 -0700"),
		"requestTimeEpoch":  now.UnixMilli(),
		"resourceId":        c.method.res.id,
		"resourcePath":      c.method.res.path,
		"stage":             c.stageName,
		"authorizer":        c.authorizerContext(),
	}
}

// mediaType is the lower-case media type of a Content-Type value,
// application/json when absent.
func mediaType(ct string) string {
	if ct == "" {
		return "application/json"
	}
	if !strings.Contains(ct, ";") {
		// what mime.ParseMediaType (or the fallback below) gives without parameters
		return strings.ToLower(strings.TrimSpace(ct))
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.TrimSpace(mt)
	}
	return strings.ToLower(mt)
}

// isBinaryType reports whether media type mt matches the API's binaryMediaTypes
// (which may use wildcards such as image/* or */*).
func (c *compiledAPI) isBinaryType(mt string) bool {
	for _, b := range c.binaryTypes {
		b = strings.ToLower(strings.ReplaceAll(b, "~1", "/"))
		if b == mt || b == "*/*" {
			return true
		}
		if p, ok := strings.CutSuffix(b, "/*"); ok && strings.HasPrefix(mt, p+"/") {
			return true
		}
	}
	return false
}

var errUnsupportedMedia = errors.New("unsupported media type")

// integrationRequest applies passthroughBehavior and the request template.
// It returns the integration request body, its content type, the template
// overrides, and errUnsupportedMedia for a 415.
func (c *call) integrationRequest(ctx context.Context) ([]byte, string, vtl.Overrides, error) {
	integ := c.method.integ
	ct := mediaType(c.headers.Get("Content-Type"))
	body := c.body
	binary := c.api.isBinaryType(ct)
	switch integ.ContentHandling {
	case apigw.ContentHandlingToText:
		if binary {
			body = []byte(base64.StdEncoding.EncodeToString(body))
		}
	case apigw.ContentHandlingToBinary:
		if !binary {
			dec, err := base64.StdEncoding.DecodeString(string(body))
			if err != nil {
				return nil, "", vtl.Overrides{}, fmt.Errorf("Execution failed due to configuration error: Unable to convert request body to binary (contentHandling CONVERT_TO_BINARY): %w", err)
			}
			body = dec
		}
	}
	t, perr, ok := c.method.reqTmpl.lookup(ct)
	if !ok {
		pb := integ.PassthroughBehavior
		if pb == "" {
			pb = apigw.PassthroughWhenNoMatch
		}
		switch {
		case pb == apigw.PassthroughNever,
			pb == apigw.PassthroughWhenNoTemplates && !c.method.reqTmpl.empty():
			if c.xlog != nil {
				c.xlog.printf("Execution failed: Request body content type %s is not supported by passthrough behavior %s", ct, pb)
			}
			return nil, "", vtl.Overrides{}, errUnsupportedMedia
		}
		if c.xlog != nil {
			c.xlog.printf("Request body passed through (no template for content type %s, passthroughBehavior %s)", ct, pb)
		}
		return body, c.headers.Get("Content-Type"), vtl.Overrides{}, nil
	}
	if perr != nil {
		return nil, "", vtl.Overrides{}, fmt.Errorf("Execution failed due to configuration error: invalid request template for %s: %w", ct, perr)
	}
	if binary && integ.ContentHandling == "" {
		body = []byte(base64.StdEncoding.EncodeToString(body))
	}
	info := c.method.reqTmpl.info[ct]
	if info.static {
		c.staticReq = info
		return info.body, ct, vtl.Overrides{}, nil
	}
	out, err := c.render(ctx, t, info, body)
	if err != nil {
		return nil, "", vtl.Overrides{}, fmt.Errorf("Execution failed due to configuration error: request template for %s: %w", ct, err)
	}
	return []byte(out.Body), ct, out.RequestOverride, nil
}

// render runs a mapping template, building only the variables it can use.
func (c *call) render(ctx context.Context, t *vtl.Template, info *tmplInfo, body []byte) (vtl.MappingOutput, error) {
	if info.static {
		return vtl.MappingOutput{Body: t.Source()}, nil
	}
	in := vtl.MappingInput{Body: body}
	if info.usesInput {
		in.PathParams, in.QueryParams, in.Headers = c.params, c.query, c.headers
	}
	if info.usesStage {
		in.StageVariables = c.stageVars
	}
	if info.usesContext {
		in.Context = c.context()
	}
	return vtl.RenderMapping(ctx, t, in)
}

// ---------------------------------------------------------------- MOCK

func (c *call) runMock(ctx context.Context) *result {
	body, _, _, err := c.integrationRequest(ctx)
	if errors.Is(err, errUnsupportedMedia) {
		return unsupportedMedia()
	}
	if err != nil {
		c.fail("%v", err)
		return internalError()
	}
	if c.xlog != nil {
		c.xlog.printf("Endpoint request body after transformations: %s", truncateBody(body))
	}
	var status int
	var ok bool
	if c.staticReq != nil {
		status, ok = c.staticReq.mockStatus, c.staticReq.mockOK
	} else {
		status, ok = mockStatus(body)
	}
	if !ok {
		c.fail("Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.")
		return internalError()
	}
	if c.xlog != nil {
		c.xlog.printf("Received response. Status: %d, Integration latency: 0 ms", status)
	}
	return c.integrationResponse(ctx, strconv.Itoa(status), false, nil, nil)
}

// mockStatus reads statusCode from a MOCK integration's request: a JSON
// object whose statusCode is an integer.
func mockStatus(body []byte) (int, bool) {
	var v map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return 0, false
	}
	num, ok := v["statusCode"].(json.Number)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(string(num))
	if err != nil || n < 100 || n > 599 {
		return 0, false
	}
	return n, true
}

// ---------------------------------------------------------------- mapping

// source evaluates a mapping source expression: method.request.*,
// 'literal', context.*, stageVariables.* (and, for responses,
// integration.response.*). ok is false when the value is absent.
func (c *call) source(expr string, resp *backendResponse) (string, bool) {
	switch {
	case len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'':
		return expr[1 : len(expr)-1], true
	case strings.HasPrefix(expr, "method.request."):
		return c.methodRequestValue(strings.TrimPrefix(expr, "method.request."))
	case strings.HasPrefix(expr, "stageVariables."):
		v, ok := c.stageVars[strings.TrimPrefix(expr, "stageVariables.")]
		return v, ok
	case strings.HasPrefix(expr, "context."):
		return contextValue(c.context(), strings.TrimPrefix(expr, "context."))
	case strings.HasPrefix(expr, "integration.response.") && resp != nil:
		return resp.value(strings.TrimPrefix(expr, "integration.response."))
	}
	return "", false
}

func (c *call) methodRequestValue(rest string) (string, bool) {
	loc, name, _ := strings.Cut(rest, ".")
	switch loc {
	case "path":
		v, ok := c.params[name]
		return v, ok
	case "querystring":
		if vs, ok := c.query[name]; ok && len(vs) > 0 {
			return vs[len(vs)-1], true // AWS: the last value of a repeated key
		}
	case "multivaluequerystring":
		if vs, ok := c.query[name]; ok {
			return strings.Join(vs, ","), true
		}
	case "header":
		if vs := c.headers.Values(name); len(vs) > 0 {
			return vs[len(vs)-1], true
		}
	case "multivalueheader":
		if vs := c.headers.Values(name); len(vs) > 0 {
			return strings.Join(vs, ","), true
		}
	case "body":
		if name == "" {
			return string(c.body), true
		}
		return jsonPathValue(c.body, name)
	}
	return "", false
}

// contextValue reads a dotted path (identity.sourceIp) from $context.
func contextValue(m map[string]any, path string) (string, bool) {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = mm[p]; !ok {
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case nil:
		return "", false
	default:
		return fmt.Sprint(v), true
	}
}

// jsonPathValue evaluates a JSONPath (without the leading $) on a JSON
// body: a string result as is, anything else as JSON.
func jsonPathValue(body []byte, path string) (string, bool) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return "", false
	}
	p := "$"
	if strings.HasPrefix(path, "[") {
		p += path
	} else {
		p += "." + path
	}
	jp, err := jsonpath.Parse(p)
	if err != nil {
		return "", false
	}
	nodes := jp.Select(doc)
	if len(nodes) == 0 {
		return "", false
	}
	v := nodes[0]
	if len(nodes) > 1 {
		v = []any(nodes)
	}
	if s, ok := v.(string); ok {
		return s, true
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

// requestMapping is the evaluated integration.request.* parameters.
type requestMapping struct {
	path   map[string]string
	query  url.Values
	header http.Header
}

func (c *call) mapRequestParameters(ov vtl.Overrides) requestMapping {
	var rm requestMapping
	for key, expr := range c.method.integ.RequestParameters {
		rest, ok := strings.CutPrefix(key, "integration.request.")
		if !ok {
			continue
		}
		loc, name, _ := strings.Cut(rest, ".")
		v, ok := c.source(expr, nil)
		if !ok {
			continue
		}
		switch loc {
		case "path":
			rm.pathMap()[name] = v
		case "querystring":
			rm.queryMap().Set(name, v)
		case "multivaluequerystring":
			rm.queryMap()[name] = strings.Split(v, ",")
		case "header":
			rm.headerMap().Set(name, v)
		case "multivalueheader":
			rm.headerMap()[http.CanonicalHeaderKey(name)] = strings.Split(v, ",")
		}
	}
	for k, v := range ov.Path {
		rm.pathMap()[k] = v
	}
	for k, v := range ov.Querystring {
		rm.queryMap().Set(k, v)
	}
	for k, v := range ov.Header {
		rm.headerMap().Set(k, v)
	}
	return rm
}

// The maps of a requestMapping are made on first use.
func (rm *requestMapping) pathMap() map[string]string {
	if rm.path == nil {
		rm.path = map[string]string{}
	}
	return rm.path
}

func (rm *requestMapping) queryMap() url.Values {
	if rm.query == nil {
		rm.query = url.Values{}
	}
	return rm.query
}

func (rm *requestMapping) headerMap() http.Header {
	if rm.header == nil {
		rm.header = http.Header{}
	}
	return rm.header
}

// ---------------------------------------------------------------- responses

// backendResponse is what an integration answered, for response mapping.
type backendResponse struct {
	headers http.Header
	body    []byte
}

func (b *backendResponse) value(rest string) (string, bool) {
	loc, name, _ := strings.Cut(rest, ".")
	switch loc {
	case "header":
		if vs := b.headers.Values(name); len(vs) > 0 {
			return vs[len(vs)-1], true
		}
	case "multivalueheader":
		if vs := b.headers.Values(name); len(vs) > 0 {
			return strings.Join(vs, ","), true
		}
	case "body":
		if name == "" {
			return string(b.body), true
		}
		return jsonPathValue(b.body, name)
	}
	return "", false
}

// integrationResponse selects and applies an integration response. on is the
// status code (HTTP, MOCK) or the Lambda error message; lambdaOK is true for
// a Lambda invocation without error.
func (c *call) integrationResponse(ctx context.Context, on string, lambdaOK bool, hdr http.Header, body []byte) *result {
	ir := c.method.selectResponse(on, lambdaOK)
	if ir == nil {
		c.fail("Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: %s", on)
		return internalError()
	}
	status, err := strconv.Atoi(ir.ir.StatusCode)
	if err != nil {
		c.fail("Execution failed due to configuration error: invalid integration response status code %q", ir.ir.StatusCode)
		return internalError()
	}
	if _, ok := c.method.method.MethodResponses[ir.ir.StatusCode]; !ok {
		c.fail("Execution failed due to configuration error: Output mapping refers to an invalid method response: %s", ir.ir.StatusCode)
		return internalError()
	}
	be := &backendResponse{headers: hdr, body: body}
	out := http.Header{}
	for key, expr := range ir.ir.ResponseParameters {
		name, ok := strings.CutPrefix(key, "method.response.header.")
		if !ok {
			continue
		}
		if v, ok := c.source(expr, be); ok {
			out[name] = []string{v}
		}
	}

	respBody := body
	contentType := "application/json"
	if !ir.tmpl.empty() {
		accept := mediaType(firstAccept(c.headers.Get("Accept")))
		t, perr, found := ir.tmpl.lookup(accept)
		key := accept
		if !found {
			key = "application/json"
			t, perr, found = ir.tmpl.lookup(key)
		}
		if !found {
			key = ir.tmpl.keys()[0]
			t, perr, found = ir.tmpl.lookup(key)
		}
		if found {
			if perr != nil {
				c.fail("Execution failed due to configuration error: invalid response template for %s: %v", key, perr)
				return internalError()
			}
			mo, err := c.render(ctx, t, ir.tmpl.info[key], body)
			if err != nil {
				c.fail("Execution failed due to configuration error: response template for %s: %v", key, err)
				return internalError()
			}
			respBody = []byte(mo.Body)
			contentType = key
			if mo.ResponseOverride.Status != 0 {
				status = mo.ResponseOverride.Status
			}
			for k, v := range mo.ResponseOverride.Header {
				out[k] = []string{v}
			}
		}
	}
	switch ir.ir.ContentHandling {
	case apigw.ContentHandlingToBinary:
		dec, err := base64.StdEncoding.DecodeString(string(respBody))
		if err != nil {
			c.fail("Execution failed due to configuration error: Unable to convert response body to binary (contentHandling CONVERT_TO_BINARY): %v", err)
			return internalError()
		}
		respBody = dec
	case apigw.ContentHandlingToText:
		respBody = []byte(base64.StdEncoding.EncodeToString(respBody))
	}
	if headerValue(out, "Content-Type") == "" {
		out["Content-Type"] = []string{contentType}
	}
	if c.xlog != nil {
		c.xlog.printf("Method response body after transformations: %s", truncateBody(respBody))
		c.xlog.printf("Method response headers: %s", javaHeaders(out))
	}
	return &result{status: status, headers: out, body: respBody}
}

func firstAccept(a string) string {
	first, _, _ := strings.Cut(a, ",")
	first = strings.TrimSpace(first)
	if first == "*/*" {
		return ""
	}
	return first
}

// headerValue looks a header up case-insensitively in a map whose names
// are kept as configured.
//
//nolint:unparam // a general lookup; the callers so far all want Content-Type
func headerValue(h http.Header, name string) string {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// ---------------------------------------------------------------- HTTP

// hopHeaders are not forwarded (RFC 9110 connection-specific fields).
var hopHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Te": true,
	"Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "Host": true, "Content-Length": true,
}

func (c *call) runHTTP(ctx context.Context, proxy bool) *result {
	integ := c.method.integ
	var body []byte
	var ct string
	var ov vtl.Overrides
	if proxy {
		body = c.body
	} else {
		var err error
		body, ct, ov, err = c.integrationRequest(ctx)
		if errors.Is(err, errUnsupportedMedia) {
			return unsupportedMedia()
		}
		if err != nil {
			c.fail("%v", err)
			return internalError()
		}
	}
	rm := c.mapRequestParameters(ov)
	target, err := c.endpointURL(integ.URI, rm, proxy)
	if err != nil {
		c.fail("Execution failed due to configuration error: %v", err)
		return internalError()
	}
	verb := integ.HTTPMethod
	if verb == "" || verb == "ANY" {
		verb = c.verb
	}
	timeout := time.Duration(integ.TimeoutInMillis) * time.Millisecond
	if timeout <= 0 {
		timeout = time.Duration(apigw.IntegrationTimeoutDefault) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// the URL is already parsed: no String() and parse again
	req, err := http.NewRequestWithContext(ctx, verb, "", bytes.NewReader(body))
	if err != nil {
		c.fail("Execution failed due to configuration error: %v", err)
		return internalError()
	}
	target.Host = strings.TrimSuffix(target.Host, ":") // as NewRequest does (an empty port)
	req.URL, req.Host = target, target.Host
	if proxy {
		for k, vs := range c.headers {
			if !hopHeaders[k] {
				req.Header[k] = vs
			}
		}
	} else {
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "AmazonAPIGateway_"+c.api.api.ID)
	}
	req.Header.Set("X-Amzn-Apigateway-Api-Id", c.api.api.ID)
	c.setForwarded(ctx, req.Header)
	for k, vs := range rm.header {
		req.Header[k] = vs
	}
	if len(body) == 0 && verb != http.MethodPost && verb != http.MethodPut && verb != http.MethodPatch {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if c.xlog != nil {
		c.xlog.printf("Endpoint request URI: %s", target)
		c.xlog.printf("Endpoint request headers: %s", javaHeaders(req.Header))
		c.xlog.printf("Endpoint request body after transformations: %s", truncateBody(body))
		c.xlog.printf("Sending request to %s", target)
	}
	t0 := time.Now()
	resp, err := c.h.client.Do(req)
	if err != nil {
		c.integrationLatency = time.Since(t0)
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			c.fail("Execution failed due to a timeout error (timeoutInMillis %d)", timeout.Milliseconds())
			return timedOut()
		}
		c.fail("Execution failed due to configuration error: Invalid endpoint address: %v", err)
		return internalError()
	}
	respBody, err := readAll(resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	c.integrationLatency = time.Since(t0)
	if err != nil {
		if ctx.Err() != nil {
			c.fail("Execution failed due to a timeout error (timeoutInMillis %d)", timeout.Milliseconds())
			return timedOut()
		}
		c.fail("Execution failed: reading the endpoint response: %v", err)
		return internalError()
	}
	if c.xlog != nil {
		c.xlog.printf("Received response. Status: %d, Integration latency: %d ms", resp.StatusCode, c.integrationLatency.Milliseconds())
		c.xlog.printf("Endpoint response headers: %s", javaHeaders(resp.Header))
		c.xlog.printf("Endpoint response body before transformations: %s", truncateBody(respBody))
	}
	if proxy {
		out := http.Header{}
		for k, vs := range resp.Header {
			if rk, ok := remappedHeaders[k]; ok {
				out[rk] = vs
			} else if !hopHeaders[k] {
				out[k] = vs
			}
		}
		return &result{status: resp.StatusCode, headers: out, body: respBody}
	}
	return c.integrationResponse(ctx, strconv.Itoa(resp.StatusCode), false, resp.Header, respBody)
}

// endpointURL builds the backend URL: {name} from integration.request.path
// (and, leniently, the method's path parameter of the same name), and
// ${stageVariables.x}; then the mapped (and, for HTTP_PROXY, the client's)
// query string.
func (c *call) endpointURL(uri string, rm requestMapping, proxy bool) (*url.URL, error) {
	var b strings.Builder
	for i := 0; i < len(uri); {
		switch {
		case strings.HasPrefix(uri[i:], "${stageVariables."):
			end := strings.IndexByte(uri[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("unterminated stage variable in uri %q", uri)
			}
			name := uri[i+len("${stageVariables.") : i+end]
			v, ok := c.stageVars[name]
			if !ok {
				return nil, fmt.Errorf("stage variable %q used in the integration uri is not defined", name)
			}
			b.WriteString(v)
			i += end + 1
		case uri[i] == '{':
			end := strings.IndexByte(uri[i:], '}')
			if end < 0 {
				b.WriteByte(uri[i])
				i++
				continue
			}
			name := uri[i+1 : i+end]
			greedy := strings.HasSuffix(name, "+")
			name = strings.TrimSuffix(name, "+")
			v, ok := rm.path[name]
			switch {
			case ok:
				b.WriteString(escapePathValue(v, greedy || name == c.greedyName))
			case name == c.greedyName && c.greedyRaw != "":
				b.WriteString(c.greedyRaw)
			default:
				mv, ok := c.params[name]
				if !ok {
					return nil, fmt.Errorf("Illegal character in path: no value for {%s} in the integration uri", name)
				}
				b.WriteString(escapePathValue(mv, false))
			}
			i += end + 1
		default:
			b.WriteByte(uri[i])
			i++
		}
	}
	u, err := url.Parse(b.String())
	if err != nil {
		return nil, fmt.Errorf("invalid endpoint uri %q: %w", b.String(), err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid endpoint uri %q: not http(s)", b.String())
	}
	var q url.Values
	if u.RawQuery != "" {
		q = u.Query()
	}
	if proxy {
		for k, vs := range c.query {
			if _, mapped := rm.query[k]; !mapped {
				if q == nil {
					q = url.Values{}
				}
				q[k] = append(q[k], vs...)
			}
		}
	}
	for k, vs := range rm.query {
		if q == nil {
			q = url.Values{}
		}
		// mapped values are added to the uri's own, as on AWS
		q[k] = append(q[k], vs...)
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	} else if proxy && c.rawQuery != "" && u.RawQuery == "" {
		u.RawQuery = c.rawQuery
	}
	return u, nil
}

func escapePathValue(v string, keepSlashes bool) string {
	if !keepSlashes {
		return url.PathEscape(v)
	}
	parts := strings.Split(v, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
