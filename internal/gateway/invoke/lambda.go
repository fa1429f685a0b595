package invoke

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/portico/portico/internal/apigw"
)

// Functions runs Lambda functions for AWS and AWS_PROXY integrations.
// internal/app passes portico's own Lambda service, the --lambda-endpoint
// client (LambdaEndpoint), or both in that order (Chain).
type Functions interface {
	InvokeFunction(ctx context.Context, in FunctionInvocation) (*FunctionResult, error)
}

// FunctionInvocation is one call of a function by an integration.
type FunctionInvocation struct {
	FunctionARN    string // as the integration names it: ARN, maybe qualified
	Region         string // the integration URI's region
	Payload        []byte
	InvocationType string // "" (RequestResponse) or "Event"
	// SourceARN is the calling method's execute-api ARN,
	// arn:aws:execute-api:{region}:{account}:{api}/{stage}/{VERB}/{path},
	// which the function's resource policy must allow for
	// apigateway.amazonaws.com.
	SourceARN string
}

// FunctionResult is a function's answer.
type FunctionResult struct {
	StatusCode    int
	Payload       []byte
	FunctionError string // X-Amz-Function-Error, "" on success
}

var (
	// ErrFunctionNotFound: no such function here (Chain tries the next).
	ErrFunctionNotFound = errors.New("function not found")
	// ErrInvalidPermissions: the function's resource policy does not let
	// apigateway.amazonaws.com invoke it from the calling method.
	ErrInvalidPermissions = errors.New("Invalid permissions on Lambda function")
)

// Chain asks each Functions in turn, moving on while one answers
// ErrFunctionNotFound.
type Chain []Functions

// InvokeFunction implements Functions.
func (c Chain) InvokeFunction(ctx context.Context, in FunctionInvocation) (*FunctionResult, error) {
	err := ErrFunctionNotFound
	for _, f := range c {
		var res *FunctionResult
		if res, err = f.InvokeFunction(ctx, in); !errors.Is(err, ErrFunctionNotFound) {
			return res, err
		}
	}
	return nil, err
}

// LambdaEndpoint calls a Lambda-compatible Invoke API (`--lambda-endpoint`,
// e.g. `sam local start-lambda`) through aws-sdk-go-v2's Lambda client, one
// client per region. It checks no permissions: that API owns its functions.
type LambdaEndpoint struct {
	endpoint string
	mu       sync.Mutex
	clients  map[string]*lambda.Client
	http     *http.Client
}

// NewLambdaEndpoint returns the client of the Invoke API at endpoint.
func NewLambdaEndpoint(endpoint string) *LambdaEndpoint {
	return &LambdaEndpoint{endpoint: strings.TrimRight(endpoint, "/"), clients: map[string]*lambda.Client{}, http: &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64}}}
}

func (l *LambdaEndpoint) client(region string) *lambda.Client {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.clients[region]; ok {
		return c
	}
	c := lambda.New(lambda.Options{
		Region:       region,
		BaseEndpoint: aws.String(l.endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("portico", "portico", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   l.http,
	})
	l.clients[region] = c
	return c
}

// InvokeFunction implements Functions.
func (l *LambdaEndpoint) InvokeFunction(ctx context.Context, in FunctionInvocation) (*FunctionResult, error) {
	name, qualifier := splitFunctionARN(in.FunctionARN)
	req := &lambda.InvokeInput{FunctionName: aws.String(name), Payload: in.Payload}
	if qualifier != "" {
		req.Qualifier = aws.String(qualifier)
	}
	if in.InvocationType == "Event" {
		req.InvocationType = lambdatypes.InvocationTypeEvent
	}
	out, err := l.client(in.Region).Invoke(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("Lambda invocation of %s at %s failed: %w", in.FunctionARN, l.endpoint, err)
	}
	return &FunctionResult{StatusCode: int(out.StatusCode), Payload: out.Payload, FunctionError: aws.ToString(out.FunctionError)}, nil
}

// splitFunctionARN reads the function name and qualifier of
// arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]; anything else is
// returned whole as the name.
func splitFunctionARN(fnARN string) (name, qualifier string) {
	parts := strings.Split(fnARN, ":")
	if len(parts) >= 7 && parts[0] == "arn" && parts[5] == "function" {
		if len(parts) >= 8 {
			return parts[6], parts[7]
		}
		return parts[6], ""
	}
	return fnARN, ""
}

// errNoFunctions explains a Lambda integration on a gateway that has no
// functions to call.
var errNoFunctions = errors.New("Execution failed due to configuration error: this integration invokes a Lambda function, but this gateway has no Lambda service to call (portico serve has one built in; --lambda-endpoint names an external one)")

// lambdaTarget returns the function ARN of a Lambda integration, or an
// error that says exactly why the integration cannot run.
func (c *call) lambdaTarget() (fnARN, region string, err error) {
	integ := c.method.integ
	u, perr := apigw.ParseAWSIntegrationURI(integ.URI)
	if perr != nil {
		return "", "", fmt.Errorf("Execution failed due to configuration error: integration uri %q: %w", integ.URI, perr)
	}
	fn, ok := apigw.LambdaFunctionARN(integ.URI)
	if !ok {
		return "", "", fmt.Errorf("Execution failed due to configuration error: integrations with the AWS service %q (uri %s) are not supported by portico; only Lambda function invocations are", u.Service, integ.URI)
	}
	if c.h.opts.Functions == nil {
		return "", "", errNoFunctions
	}
	if strings.Contains(fn, "${stageVariables.") {
		for k, v := range c.stageVars {
			fn = strings.ReplaceAll(fn, "${stageVariables."+k+"}", v)
		}
	}
	return fn, u.Region, nil
}

// lambdaResult is the outcome of an invocation.
type lambdaResult struct {
	payload       []byte
	functionError string // X-Amz-Function-Error, "" on success
}

// sourceARN is the execute-api ARN of the method being called, as API
// Gateway presents it to Lambda: the method's verb and resource path.
func (c *call) sourceARN() string {
	return apigw.ExecutionARN("aws", c.h.opts.Region, c.h.opts.AccountID, c.api.api.ID, c.stageName) + "/" + c.method.verb + c.method.res.path
}

// invokeLambda calls the function; invocationType "Event" (an AWS
// integration mapping X-Amz-Invocation-Type) does not wait for its answer.
func (c *call) invokeLambda(ctx context.Context, fnARN, region, invocationType string, payload []byte) (*lambdaResult, *result) {
	integ := c.method.integ
	timeout := time.Duration(integ.TimeoutInMillis) * time.Millisecond
	if timeout <= 0 {
		timeout = time.Duration(apigw.IntegrationTimeoutDefault) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	uri := "https://lambda." + region + ".amazonaws.com/2015-03-31/functions/" + fnARN + "/invocations"
	if c.xlog != nil {
		c.xlog.printf("Endpoint request URI: %s", uri)
		c.xlog.printf("Endpoint request body after transformations: %s", truncateBody(payload))
		c.xlog.printf("Sending request to %s", uri)
	}
	t0 := time.Now()
	out, err := c.h.opts.Functions.InvokeFunction(ctx, FunctionInvocation{
		FunctionARN: fnARN, Region: region, Payload: payload, InvocationType: invocationType, SourceARN: c.sourceARN(),
	})
	c.integrationLatency = time.Since(t0)
	switch {
	case err == nil:
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		c.fail("Execution failed due to a timeout error (timeoutInMillis %d)", timeout.Milliseconds())
		return nil, timedOut()
	case errors.Is(err, ErrInvalidPermissions):
		c.fail("Execution failed due to configuration error: Invalid permissions on Lambda function")
		return nil, internalError()
	case errors.Is(err, ErrFunctionNotFound):
		c.fail("Execution failed due to configuration error: Lambda function %s not found (%v): create it on this gateway (aws_lambda_function, CreateFunction), or start portico serve with --lambda-endpoint for functions held by another Lambda emulator", fnARN, err)
		return nil, internalError()
	default:
		c.fail("Execution failed: %v", err)
		return nil, internalError()
	}
	lr := &lambdaResult{payload: out.Payload, functionError: out.FunctionError}
	if c.xlog != nil {
		c.xlog.printf("Received response. Status: %d, Integration latency: %d ms", out.StatusCode, c.integrationLatency.Milliseconds())
		c.xlog.printf("Endpoint response body before transformations: %s", truncateBody(out.Payload))
	}
	return lr, nil
}

// ---------------------------------------------------------------- AWS_PROXY

// proxyIdentity is requestContext.identity: the keys AWS sends for a method
// without authorizer or API key, null except sourceIp and userAgent.
type proxyIdentity struct {
	AccessKey                     *string `json:"accessKey"`
	AccountID                     *string `json:"accountId"`
	Caller                        *string `json:"caller"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	SourceIP                      string  `json:"sourceIp"`
	User                          *string `json:"user"`
	UserAgent                     string  `json:"userAgent"`
	UserArn                       *string `json:"userArn"`
}

type proxyRequestContext struct {
	AccountID         string        `json:"accountId"`
	APIID             string        `json:"apiId"`
	DeploymentID      string        `json:"deploymentId"`
	DomainName        string        `json:"domainName"`
	DomainPrefix      string        `json:"domainPrefix"`
	ExtendedRequestID string        `json:"extendedRequestId"`
	HTTPMethod        string        `json:"httpMethod"`
	Identity          proxyIdentity `json:"identity"`
	Path              string        `json:"path"`
	Protocol          string        `json:"protocol"`
	RequestID         string        `json:"requestId"`
	RequestTime       string        `json:"requestTime"`
	RequestTimeEpoch  int64         `json:"requestTimeEpoch"`
	ResourceID        string        `json:"resourceId"`
	ResourcePath      string        `json:"resourcePath"`
	Stage             string        `json:"stage"`
	// Authorizer is the Lambda authorizer's principalId and context
	// (authorizer.go); absent when none ran.
	Authorizer map[string]any `json:"authorizer,omitempty"`
}

// proxyEvent is the Lambda proxy integration's input, payload format 1.0.
type proxyEvent struct {
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  proxyRequestContext `json:"requestContext"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

func (c *call) proxyEvent(ctx context.Context) proxyEvent {
	cm := c.context()
	ev := proxyEvent{
		Resource:   c.method.res.path,
		Path:       proxyPath(c.resourcePathForLog()),
		HTTPMethod: c.verb,
		RequestContext: proxyRequestContext{
			AccountID:         c.h.opts.AccountID,
			APIID:             c.api.api.ID,
			DeploymentID:      c.api.deploymentID,
			DomainName:        ctxValue[string](cm, "domainName"),
			DomainPrefix:      ctxValue[string](cm, "domainPrefix"),
			ExtendedRequestID: c.apigwID,
			HTTPMethod:        c.verb,
			Identity:          proxyIdentity{SourceIP: c.sourceIP, UserAgent: c.userAgent},
			Path:              ctxValue[string](cm, "path"),
			Protocol:          ctxValue[string](cm, "protocol"),
			RequestID:         c.requestID,
			RequestTime:       ctxValue[string](cm, "requestTime"),
			RequestTimeEpoch:  ctxValue[int64](cm, "requestTimeEpoch"),
			ResourceID:        c.method.res.id,
			ResourcePath:      c.method.res.path,
			Stage:             c.stageName,
			Authorizer:        c.authorizer,
		},
	}
	c.proxyCaller(&ev.RequestContext.Identity)
	// AWS adds Host, X-Amzn-Trace-Id and X-Forwarded-* to the client's headers
	hdr := make(http.Header, len(c.headers)+5)
	for k, vs := range c.headers {
		hdr[k] = vs
	}
	if c.host != "" {
		hdr["Host"] = []string{c.host}
	}
	c.setForwarded(ctx, hdr)
	ev.Headers = make(map[string]string, len(hdr))
	ev.MultiValueHeaders = make(map[string][]string, len(hdr))
	for k, vs := range hdr {
		if len(vs) > 0 {
			ev.Headers[k] = vs[len(vs)-1]
		}
		ev.MultiValueHeaders[k] = vs
	}
	if len(c.query) > 0 {
		ev.QueryStringParameters = make(map[string]string, len(c.query))
		ev.MultiValueQueryStringParameters = make(map[string][]string, len(c.query))
		for k, vs := range c.query {
			if len(vs) > 0 {
				ev.QueryStringParameters[k] = vs[len(vs)-1]
			}
			ev.MultiValueQueryStringParameters[k] = vs
		}
	}
	if len(c.params) > 0 {
		ev.PathParameters = c.params
		if c.greedyName != "" && c.greedyRaw != "" && c.greedyRaw != c.params[c.greedyName] {
			// a greedy parameter is sent as the client spelled it (%2B stays %2B)
			ev.PathParameters = make(map[string]string, len(c.params))
			for k, v := range c.params {
				ev.PathParameters[k] = v
			}
			ev.PathParameters[c.greedyName] = c.greedyRaw
		}
	}
	if len(c.stageVars) > 0 {
		ev.StageVariables = c.stageVars
	}
	if len(c.body) > 0 {
		var s string
		if c.api.isBinaryType(mediaType(c.headers.Get("Content-Type"))) {
			s = base64.StdEncoding.EncodeToString(c.body)
			ev.IsBase64Encoded = true
		} else {
			s = string(c.body)
		}
		ev.Body = &s
	}
	return ev
}

func (c *call) runLambdaProxy(ctx context.Context) *result {
	fn, region, err := c.lambdaTarget()
	if err != nil {
		c.fail("%v", err)
		return internalError()
	}
	if m := c.method.integ.HTTPMethod; m != http.MethodPost {
		// AWS answers 500 when a Lambda proxy integration's method is not POST
		c.fail("Execution failed due to configuration error: Lambda proxy integrations must use the POST integration method (integration httpMethod is %s)", m)
		return internalError()
	}
	payload, err := json.Marshal(c.proxyEvent(ctx))
	if err != nil {
		c.fail("Execution failed: encode proxy event: %v", err)
		return internalError()
	}
	lr, fail := c.invokeLambda(ctx, fn, region, "", payload)
	if fail != nil {
		return fail
	}
	if lr.functionError != "" {
		c.fail("Lambda execution failed with status 200 due to customer function error: %s", errorMessage(lr.payload))
		return badGateway()
	}
	res, err := parseProxyResponse(lr.payload)
	if err != nil {
		c.fail("Execution failed due to configuration error: Malformed Lambda proxy response (%v)", err)
		return badGateway()
	}
	if res.base64 {
		accept := mediaType(firstAccept(c.headers.Get("Accept")))
		if c.api.isBinaryType(accept) || c.api.isBinaryType(mediaType(headerValue(res.headers, "Content-Type"))) && accept != "application/json" {
			dec, err := base64.StdEncoding.DecodeString(string(res.body))
			if err != nil {
				c.fail("Execution failed due to configuration error: Unable to base64-decode the Lambda proxy response body: %v", err)
				return badGateway()
			}
			res.body = dec
		}
	}
	if headerValue(res.headers, "Content-Type") == "" {
		res.headers["Content-Type"] = []string{"application/json"}
	}
	if c.xlog != nil {
		c.xlog.printf("Method response body after transformations: %s", truncateBody(res.body))
		c.xlog.printf("Method response headers: %s", javaHeaders(res.headers))
	}
	return &result{status: res.status, headers: res.headers, body: res.body}
}

type proxyResponse struct {
	status  int
	headers http.Header
	body    []byte
	base64  bool
}

// parseProxyResponse validates and reads a Lambda proxy response: a JSON
// object with only statusCode, headers, multiValueHeaders, body and
// isBase64Encoded.
func parseProxyResponse(payload []byte) (*proxyResponse, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(payload, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	out := &proxyResponse{status: 200, headers: http.Header{}}
	for k, v := range raw {
		switch k {
		case "statusCode":
			var n json.Number
			if err := json.Unmarshal(v, &n); err != nil {
				var s string
				if err := json.Unmarshal(v, &s); err != nil {
					return nil, fmt.Errorf("statusCode is not a number")
				}
				n = json.Number(s)
			}
			st, err := strconv.Atoi(string(n))
			if err != nil || st < 100 || st > 599 {
				return nil, fmt.Errorf("statusCode %s is not an HTTP status", n)
			}
			out.status = st
		case "headers":
			if string(v) == "null" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(v, &m); err != nil {
				return nil, fmt.Errorf("headers is not an object")
			}
			for hk, hv := range m {
				switch x := hv.(type) {
				case string:
					out.headers[hk] = []string{x}
				case bool:
					out.headers[hk] = []string{strconv.FormatBool(x)}
				default:
					return nil, fmt.Errorf("header %s is not a string", hk)
				}
			}
		case "multiValueHeaders":
			if string(v) == "null" {
				continue
			}
			var m map[string][]any
			if err := json.Unmarshal(v, &m); err != nil {
				return nil, fmt.Errorf("multiValueHeaders is not an object of lists")
			}
			for hk, hvs := range m {
				for _, hv := range hvs {
					out.headers[hk] = append(out.headers[hk], fmt.Sprint(hv))
				}
			}
		case "body":
			if string(v) == "null" {
				continue
			}
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("body is not a string")
			}
			out.body = []byte(s)
		case "isBase64Encoded":
			if err := json.Unmarshal(v, &out.base64); err != nil {
				return nil, fmt.Errorf("isBase64Encoded is not a boolean")
			}
		default:
			return nil, fmt.Errorf("unexpected field %q", k)
		}
	}
	return out, nil
}

func errorMessage(payload []byte) string {
	var e struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(payload, &e) == nil && e.ErrorMessage != "" {
		return e.ErrorMessage
	}
	return string(payload)
}

// ---------------------------------------------------------------- AWS (Lambda)

func (c *call) runAWS(ctx context.Context) *result {
	if _, isLambda := apigw.LambdaFunctionARN(c.method.integ.URI); !isLambda {
		return c.runService(ctx) // service.go: SQS, DynamoDB, S3, ... through the upstream
	}
	fn, region, err := c.lambdaTarget()
	if err != nil {
		c.fail("%v", err)
		return internalError()
	}
	body, _, ov, err := c.integrationRequest(ctx)
	if errors.Is(err, errUnsupportedMedia) {
		return unsupportedMedia()
	}
	if err != nil {
		c.fail("%v", err)
		return internalError()
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	rm := c.mapRequestParameters(ov)
	lr, fail := c.invokeLambda(ctx, fn, region, rm.header.Get("X-Amz-Invocation-Type"), body)
	if fail != nil {
		return fail
	}
	if lr.functionError != "" {
		msg := errorMessage(lr.payload)
		if c.xlog != nil {
			c.xlog.printf("Lambda execution failed with status 200 due to customer function error: %s", msg)
		}
		return c.integrationResponse(ctx, msg, false, nil, lr.payload)
	}
	return c.integrationResponse(ctx, "", true, nil, lr.payload)
}

// proxyPath is the event's path: as the client sent it (percent-escapes
// kept, as on AWS), without the stage, with repeated slashes collapsed.
func proxyPath(raw string) string {
	if !strings.Contains(raw, "//") {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if raw[i] == '/' && i > 0 && raw[i-1] == '/' {
			continue
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

// ctxValue reads a $context value of a known type (the zero value when it
// is absent).
func ctxValue[T any](cm map[string]any, key string) T {
	v, _ := cm[key].(T)
	return v
}
