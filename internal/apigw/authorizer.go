package apigw

import (
	"fmt"
	"regexp"
	"strings"
)

// Authorizer types.
const (
	AuthorizerTypeToken   = "TOKEN"
	AuthorizerTypeRequest = "REQUEST"
	AuthorizerTypeCognito = "COGNITO_USER_POOLS"
)

// AuthorizerTypes is every authorizer type.
var AuthorizerTypes = []string{AuthorizerTypeToken, AuthorizerTypeRequest, AuthorizerTypeCognito}

// Authorizer result TTL: AWS's default and range.
const (
	AuthorizerTTLDefault = 300
	AuthorizerTTLMax     = 3600
)

// IdentitySource is one entry of an authorizer's identitySource.
type IdentitySource struct {
	Kind string // header, querystring, multivalueheader, multivaluequerystring, stageVariables, context
	Name string
}

// ParseIdentitySources reads an identitySource value for authorizer type
// typ: TOKEN takes exactly one method.request.header.NAME; REQUEST a
// comma-separated list of method.request.{header,querystring,
// multivalueheader,multivaluequerystring}.NAME, stageVariables.NAME and
// context.NAME; COGNITO_USER_POOLS one header, like TOKEN.
func ParseIdentitySources(typ, src string) ([]IdentitySource, error) {
	if strings.TrimSpace(src) == "" {
		return nil, nil
	}
	var out []IdentitySource
	for part := range strings.SplitSeq(src, ",") {
		p := strings.TrimSpace(part)
		var is IdentitySource
		switch {
		case strings.HasPrefix(p, "method.request."):
			kind, name, ok := strings.Cut(strings.TrimPrefix(p, "method.request."), ".")
			if !ok || name == "" {
				return nil, fmt.Errorf("Invalid identity source specified: %s", p)
			}
			switch kind {
			case "header", "querystring", "multivalueheader", "multivaluequerystring":
			default:
				return nil, fmt.Errorf("Invalid identity source specified: %s", p)
			}
			is = IdentitySource{Kind: kind, Name: name}
		case strings.HasPrefix(p, "stageVariables.") && len(p) > len("stageVariables."):
			is = IdentitySource{Kind: "stageVariables", Name: strings.TrimPrefix(p, "stageVariables.")}
		case strings.HasPrefix(p, "context.") && len(p) > len("context."):
			is = IdentitySource{Kind: "context", Name: strings.TrimPrefix(p, "context.")}
		default:
			return nil, fmt.Errorf("Invalid identity source specified: %s", p)
		}
		if typ != AuthorizerTypeRequest && is.Kind != "header" {
			return nil, fmt.Errorf("Invalid identity source specified: %s. The identity source for a %s authorizer must be a request header (method.request.header.NAME)", p, typ)
		}
		out = append(out, is)
	}
	if typ != AuthorizerTypeRequest && len(out) > 1 {
		return nil, fmt.Errorf("Invalid identity source specified: %s. A %s authorizer takes exactly one request header", src, typ)
	}
	return out, nil
}

// ValidateAuthorizer checks an authorizer as CreateAuthorizer and
// UpdateAuthorizer do; the messages are the management API's.
func ValidateAuthorizer(a *Authorizer) error {
	if a.Name == "" {
		return fmt.Errorf("Authorizer name must be non-empty")
	}
	if !In(a.Type, AuthorizerTypes) {
		return fmt.Errorf("%s", EnumError("createAuthorizerInput.type", a.Type, AuthorizerTypes))
	}
	ttl := int32(AuthorizerTTLDefault)
	if a.AuthorizerResultTTLInSeconds != nil {
		ttl = *a.AuthorizerResultTTLInSeconds
	}
	if ttl < 0 || ttl > AuthorizerTTLMax {
		return fmt.Errorf("Invalid authorizer result TTL specified: %d. The TTL must be between 0 and %d seconds", ttl, AuthorizerTTLMax)
	}
	switch a.Type {
	case AuthorizerTypeCognito:
		if len(a.ProviderARNs) == 0 {
			return fmt.Errorf("Provider ARNs must be specified for a COGNITO_USER_POOLS authorizer")
		}
		for _, arn := range a.ProviderARNs {
			if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":userpool/") {
				return fmt.Errorf("Invalid provider ARN specified: %s", arn)
			}
		}
	default:
		if a.AuthorizerURI == "" {
			return fmt.Errorf("Authorizer URI must be specified for a %s authorizer", a.Type)
		}
		if _, ok := LambdaFunctionARN(a.AuthorizerURI); !ok {
			return fmt.Errorf("Invalid Authorizer URI specified: %s", a.AuthorizerURI)
		}
	}
	srcs, err := ParseIdentitySources(a.Type, a.IdentitySource)
	if err != nil {
		return err
	}
	if len(srcs) == 0 && (a.Type != AuthorizerTypeRequest || ttl > 0) {
		return fmt.Errorf("Identity source must be specified for a %s authorizer%s", a.Type, map[bool]string{true: " with caching enabled", false: ""}[a.Type == AuthorizerTypeRequest])
	}
	if a.IdentityValidationExpression != "" && a.Type == AuthorizerTypeRequest {
		return fmt.Errorf("An identity validation expression is only supported by TOKEN and COGNITO_USER_POOLS authorizers")
	}
	if a.IdentityValidationExpression != "" {
		if _, err := compileRegexp(a.IdentityValidationExpression); err != nil {
			return fmt.Errorf("Invalid identity validation expression specified: %s", a.IdentityValidationExpression)
		}
	}
	return nil
}

// TTL returns the authorizer's result TTL in seconds (AWS's default 300).
func (a *Authorizer) TTL() int {
	if a.AuthorizerResultTTLInSeconds == nil {
		return AuthorizerTTLDefault
	}
	return int(*a.AuthorizerResultTTLInSeconds)
}

// compileRegexp compiles an identity validation expression (a Java regular
// expression in AWS; Go's RE2 syntax here), anchored as Java's matches().
func compileRegexp(expr string) (*regexp.Regexp, error) {
	return regexp.Compile(`^(?:` + expr + `)$`)
}

// IdentityValidationRegexp compiles an authorizer's identity validation
// expression; nil when it has none.
func IdentityValidationRegexp(a *Authorizer) *regexp.Regexp {
	if a.IdentityValidationExpression == "" {
		return nil
	}
	re, err := compileRegexp(a.IdentityValidationExpression)
	if err != nil {
		return nil
	}
	return re
}
