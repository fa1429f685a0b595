package apigw

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// AWS's messages for integration URIs.
const (
	MsgInvalidHTTPEndpoint = "Invalid HTTP endpoint specified for URI"
	MsgInvalidARN          = "Invalid ARN specified in the request"
	MsgARNPathOrAction     = "AWS ARN for integration must contain path or action"
	MsgAWSProxyTarget      = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."
	MsgRoleRequired        = "Role ARN must be specified for AWS integrations"
)

// AWSURI is an AWS integration URI taken apart:
// arn:{partition}:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}.
type AWSURI struct {
	Partition string
	Region    string
	Subdomain string // the part before the last dot of the service field, if any
	Service   string
	Kind      string // "path" or "action"
	Path      string // what follows "path/" or "action/"
}

var partitionRE = regexp.MustCompile(`^aws(-[a-z]+)*$`)

// ErrInvalidARN and ErrARNPathOrAction are the two ways an AWS integration URI
// can be wrong; their texts are AWS's.
var (
	ErrInvalidARN      = errors.New(MsgInvalidARN)
	ErrARNPathOrAction = errors.New(MsgARNPathOrAction)
)

// ParseAWSIntegrationURI parses the URI of an AWS or AWS_PROXY integration.
// It returns ErrInvalidARN when uri is not an ARN and ErrARNPathOrAction when
// it is an ARN but not an API Gateway service ARN with a path or action.
func ParseAWSIntegrationURI(uri string) (AWSURI, error) {
	parts := strings.SplitN(uri, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !partitionRE.MatchString(parts[1]) {
		return AWSURI{}, ErrInvalidARN
	}
	if parts[2] != "apigateway" || parts[3] == "" || parts[4] == "" {
		return AWSURI{}, ErrARNPathOrAction
	}
	u := AWSURI{Partition: parts[1], Region: parts[3], Service: parts[4]}
	if i := strings.LastIndex(u.Service, "."); i >= 0 {
		u.Subdomain, u.Service = u.Service[:i], u.Service[i+1:]
	}
	kind, rest, ok := strings.Cut(parts[5], "/")
	if !ok || (kind != "path" && kind != "action") || rest == "" {
		return AWSURI{}, ErrARNPathOrAction
	}
	u.Kind, u.Path = kind, rest
	return u, nil
}

// LambdaFunctionARN returns the function ARN a Lambda integration URI invokes,
// e.g. arn:aws:lambda:eu-west-1:012345678901:function:my-func from
// arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations.
func LambdaFunctionARN(uri string) (string, bool) {
	u, err := ParseAWSIntegrationURI(uri)
	if err != nil || u.Service != "lambda" || u.Kind != "path" {
		return "", false
	}
	_, rest, ok := strings.Cut(u.Path, "/functions/")
	if !ok {
		return "", false
	}
	fn, ok := strings.CutSuffix(rest, "/invocations")
	if !ok || fn == "" {
		return "", false
	}
	return fn, true
}

// Placeholders that may stand anywhere in an HTTP integration URI: stage
// variables (${stageVariables.name}) and path parameters ({name}, {name+}).
var (
	stageVarPlaceholderRE = regexp.MustCompile(`\$\{stageVariables\.[A-Za-z0-9_]+\}`)
	pathParamPlaceholder  = regexp.MustCompile(`\{[A-Za-z0-9._-]+\+?\}`)
)

// ValidateHTTPIntegrationURI checks the URI of an HTTP or HTTP_PROXY
// integration: a fully formed, encoded http or https URL (RFC 3986) with a
// host. ${stageVariables.name} and {param} placeholders are allowed and are
// substituted when the integration runs.
func ValidateHTTPIntegrationURI(uri string) error {
	s := stageVarPlaceholderRE.ReplaceAllString(uri, "stagevar")
	s = pathParamPlaceholder.ReplaceAllString(s, "param")
	if s == "" || strings.ContainsAny(s, " \t\r\n\"<>\\^`{|}") {
		return errors.New(MsgInvalidHTTPEndpoint)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return errors.New(MsgInvalidHTTPEndpoint)
	}
	if h := u.Hostname(); h == "" || strings.HasPrefix(h, ".") {
		return errors.New(MsgInvalidHTTPEndpoint)
	}
	return nil
}

// credentialsRE matches an IAM role ARN or the caller pass-through form
// arn:aws:iam::*:user/*.
var credentialsRE = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::(\d{12}|\*):(role/.+|user/\*)$`)

// ValidateCredentials checks an integration's credentials: an IAM role ARN for
// API Gateway to assume, or arn:aws:iam::*:user/* to pass the caller's
// identity through.
func ValidateCredentials(c string) error {
	if credentialsRE.MatchString(c) {
		return nil
	}
	return errors.New("Invalid ARN specified in the request: credentials must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME) or arn:aws:iam::*:user/*")
}
