package invoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
)

// authzResult is a Lambda authorizer's answer, cached per identity for the
// authorizer's TTL. Its policy is evaluated against each request's method
// ARN, cached or not (so a cached policy that names one method denies
// another, as in AWS).
type authzResult struct {
	principalID        string
	policy             *apigw.Policy
	context            map[string]any
	usageIdentifierKey string
	unauthorized       bool // the function raised "Unauthorized" (cached as AWS does)
	expires            time.Time

	once sync.Once
	ctx  map[string]any // $context.authorizer, built once: shared, never changed
}

// contextMap is $context.authorizer for this answer: principalId, the
// context values and usageIdentifierKey. Built once per answer and shared by
// the requests a cached answer serves (each request clones it).
func (ar *authzResult) contextMap() map[string]any {
	ar.once.Do(func() {
		ar.ctx = make(map[string]any, len(ar.context)+2)
		for k, v := range ar.context {
			ar.ctx[k] = v
		}
		ar.ctx["principalId"] = ar.principalID
		if ar.usageIdentifierKey != "" {
			ar.ctx["usageIdentifierKey"] = ar.usageIdentifierKey
		}
	})
	return ar.ctx
}

// authorizerTimeout bounds an authorizer function's run.
const authorizerTimeout = 30 * time.Second

// checkAuthorizer runs the method's CUSTOM (Lambda TOKEN or REQUEST)
// authorizer. COGNITO_USER_POOLS methods are answered 500
// AUTHORIZER_CONFIGURATION_ERROR: portico does not verify Cognito tokens
// yet (docs/invoke.md).
func checkAuthorizer(c *call, ctx context.Context) *result {
	m := c.method.method
	if !apigw.UsesAuthorizer(m.AuthorizationType) || c.api.access == nil {
		// no access state: TestInvokeMethod, which (as on AWS) skips authorization
		return nil
	}
	ca := c.api.access.authorizers[m.AuthorizerID]
	if ca == nil {
		c.fail("Execution failed due to configuration error: authorizer %s is not in this deployment", m.AuthorizerID)
		return authorizerConfigError()
	}
	if ca.a.Type == apigw.AuthorizerTypeCognito {
		c.fail("Execution failed due to configuration error: COGNITO_USER_POOLS authorizers are not supported by portico yet")
		return authorizerConfigError()
	}
	identity, ok := c.identityValues(ca)
	if !ok {
		if c.xlog != nil {
			c.xlog.printf("The identity source is missing from the request: %s", ca.a.IdentitySource)
		}
		return unauthorized()
	}
	if ca.valid != nil && !ca.valid.MatchString(identity) {
		if c.xlog != nil {
			c.xlog.printf("The identity does not match the identity validation expression %s", ca.a.IdentityValidationExpression)
		}
		return unauthorized()
	}
	key := authzCacheKey{authorizerID: ca.a.ID, identity: identity}
	now := time.Now()
	var ar *authzResult
	if ca.ttl > 0 && len(ca.sources) > 0 {
		ar = c.api.access.cached(key, now)
	}
	if ar == nil {
		var res *result
		ar, res = c.callAuthorizer(ctx, ca, identity)
		if res != nil {
			return res
		}
		if ca.ttl > 0 && len(ca.sources) > 0 {
			ar.expires = now.Add(ca.ttl)
			c.api.access.store(key, ar)
		}
	} else if c.xlog != nil {
		c.xlog.printf("Using valid authorizer policy for principal: %s", ar.principalID)
	}
	if ar.unauthorized {
		return unauthorized()
	}
	switch ar.policy.Evaluate(apigw.Request{Action: "execute-api:Invoke", Resource: c.methodARN()}) {
	case apigw.ExplicitDeny:
		return authorizerDenied(true)
	case apigw.ImplicitDeny:
		return authorizerDenied(false)
	}
	c.authorizer = maps.Clone(ar.contextMap()) // a template may change its copy
	if c.ctxMap != nil {
		c.ctxMap["authorizer"] = c.authorizer
	}
	return nil
}

// identityValues reads the authorizer's identity sources from the request:
// a TOKEN authorizer's token, or a REQUEST authorizer's values joined (the
// cache key). ok=false when one is missing or empty.
func (c *call) identityValues(ca *compiledAuthorizer) (string, bool) {
	if len(ca.sources) == 0 {
		return "", true // REQUEST with caching off may have none
	}
	if len(ca.sources) == 1 && ca.sources[0].Kind == "header" {
		// the TOKEN case: one header, no joining
		v := c.headers[ca.headerKey]
		if len(v) == 1 {
			return v[0], v[0] != ""
		}
	}
	vals := make([]string, 0, len(ca.sources))
	for _, s := range ca.sources {
		var v string
		switch s.Kind {
		case "header", "multivalueheader":
			v = strings.Join(c.headers.Values(s.Name), ",")
		case "querystring", "multivaluequerystring":
			v = strings.Join(c.query[s.Name], ",")
		case "stageVariables":
			v = c.stageVars[s.Name]
		case "context":
			v, _ = contextValue(c.context(), s.Name)
		}
		if v == "" {
			return "", false
		}
		vals = append(vals, v)
	}
	return strings.Join(vals, "\x00"), true
}

// tokenEvent is a TOKEN authorizer's input.
type tokenEvent struct {
	Type               string `json:"type"`
	AuthorizationToken string `json:"authorizationToken"`
	MethodArn          string `json:"methodArn"`
}

// requestEvent is a REQUEST authorizer's input: the proxy event without
// the body, with type and methodArn.
type requestEvent struct {
	Type      string `json:"type"`
	MethodArn string `json:"methodArn"`
	proxyEvent
}

// authorizerAnswer is what a Lambda authorizer returns.
type authorizerAnswer struct {
	PrincipalID        *json.RawMessage           `json:"principalId"`
	PolicyDocument     json.RawMessage            `json:"policyDocument"`
	Context            map[string]json.RawMessage `json:"context"`
	UsageIdentifierKey string                     `json:"usageIdentifierKey"`
}

func (c *call) callAuthorizer(ctx context.Context, ca *compiledAuthorizer, identity string) (*authzResult, *result) {
	fnARN, ok := apigw.LambdaFunctionARN(ca.a.AuthorizerURI)
	if !ok {
		c.fail("Execution failed due to configuration error: authorizer URI %s names no Lambda function", ca.a.AuthorizerURI)
		return nil, authorizerConfigError()
	}
	if c.h.opts.Functions == nil {
		c.fail("%v", errNoFunctions)
		return nil, authorizerConfigError()
	}
	u, _ := apigw.ParseAWSIntegrationURI(ca.a.AuthorizerURI)
	var payload []byte
	var err error
	if ca.a.Type == apigw.AuthorizerTypeToken {
		payload, err = json.Marshal(tokenEvent{Type: "TOKEN", AuthorizationToken: identity, MethodArn: c.methodARN()})
	} else {
		ev := requestEvent{Type: "REQUEST", MethodArn: c.methodARN(), proxyEvent: c.proxyEvent(ctx)}
		ev.Body, ev.IsBase64Encoded = nil, false
		payload, err = json.Marshal(ev)
	}
	if err != nil {
		c.fail("Execution failed: authorizer event: %v", err)
		return nil, authorizerConfigError()
	}
	if c.xlog != nil {
		c.xlog.printf("Starting authorizer: %s for request: %s", ca.a.ID, c.requestID)
	}
	actx, cancel := context.WithTimeout(ctx, authorizerTimeout)
	defer cancel()
	region := c.h.opts.Region
	if u.Region != "" {
		region = u.Region
	}
	out, err := c.h.opts.Functions.InvokeFunction(actx, FunctionInvocation{
		FunctionARN: fnARN, Region: region, Payload: payload,
		SourceARN: apigw.ExecutionARN("aws", c.h.opts.Region, c.h.opts.AccountID, c.api.api.ID, "authorizers") + "/" + ca.a.ID,
	})
	switch {
	case err == nil:
	case actx.Err() != nil:
		c.fail("Execution failed due to a timeout error: authorizer %s", ca.a.ID)
		return nil, authorizerFailure()
	case errors.Is(err, ErrInvalidPermissions), errors.Is(err, ErrFunctionNotFound):
		c.fail("Execution failed due to configuration error: authorizer %s: %v (function %s)", ca.a.ID, err, fnARN)
		return nil, authorizerConfigError()
	default:
		c.fail("Execution failed due to configuration error: authorizer %s: %v", ca.a.ID, err)
		return nil, authorizerConfigError()
	}
	if out.FunctionError != "" {
		if errorMessage(out.Payload) == "Unauthorized" {
			return &authzResult{unauthorized: true}, nil
		}
		c.fail("Execution failed due to configuration error: Authorizer error: %s", truncateBody(out.Payload))
		return nil, authorizerConfigError()
	}
	ar, perr := parseAuthorizerAnswer(out.Payload)
	if perr != nil {
		c.fail("Execution failed due to configuration error: Invalid authorizer response: %v", perr)
		return nil, authorizerConfigError()
	}
	if c.xlog != nil {
		c.xlog.printf("Authorizer result body before parsing: %s", truncateBody(out.Payload))
	}
	return ar, nil
}

// parseAuthorizerAnswer reads a Lambda authorizer's answer: a principalId,
// a policy document, and context values (strings, numbers, booleans only;
// API Gateway passes them on as strings in the proxy event).
func parseAuthorizerAnswer(b []byte) (*authzResult, error) {
	var ans authorizerAnswer
	if err := json.Unmarshal(b, &ans); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if ans.PrincipalID == nil {
		return nil, errors.New("no principalId")
	}
	ar := &authzResult{usageIdentifierKey: ans.UsageIdentifierKey}
	var pid any
	if err := json.Unmarshal(*ans.PrincipalID, &pid); err != nil {
		return nil, fmt.Errorf("principalId: %w", err)
	}
	switch v := pid.(type) {
	case string:
		ar.principalID = v
	case float64:
		ar.principalID = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return nil, errors.New("principalId must be a string")
	}
	if len(ans.PolicyDocument) == 0 {
		return nil, errors.New("no policyDocument")
	}
	pol, err := apigw.ParsePolicy(string(ans.PolicyDocument))
	if err != nil {
		return nil, fmt.Errorf("policyDocument: %w", err)
	}
	ar.policy = pol
	if len(ans.Context) > 0 {
		ar.context = make(map[string]any, len(ans.Context))
		for k, raw := range ans.Context {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, fmt.Errorf("context.%s: %w", k, err)
			}
			switch x := v.(type) {
			case string:
				ar.context[k] = x
			case float64:
				ar.context[k] = strconv.FormatFloat(x, 'f', -1, 64)
			case bool:
				ar.context[k] = strconv.FormatBool(x)
			case nil:
			default:
				return nil, fmt.Errorf("context.%s: only strings, numbers and booleans are allowed", k)
			}
		}
	}
	return ar, nil
}

// authorizerContext is $context.authorizer: principalId, the context
// values, usageIdentifierKey; an empty map when no authorizer ran.
func (c *call) authorizerContext() map[string]any {
	if c.authorizer == nil {
		return map[string]any{}
	}
	return c.authorizer
}
