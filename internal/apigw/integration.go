package apigw

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Field names one argument of an integration by its Terraform attribute
// name.
type Field string

// Integration fields. The value is the Terraform attribute name.
const (
	FieldType                  Field = "type"
	FieldIntegrationHTTPMethod Field = "integration_http_method"
	FieldURI                   Field = "uri"
	FieldCredentials           Field = "credentials"
	FieldConnectionType        Field = "connection_type"
	FieldConnectionID          Field = "connection_id"
	FieldTimeout               Field = "timeout_milliseconds"
	FieldPassthroughBehavior   Field = "passthrough_behavior"
	FieldContentHandling       Field = "content_handling"
	FieldRequestParameters     Field = "request_parameters"
	FieldResponseTransferMode  Field = "response_transfer_mode"
)

// Attribute is the Terraform attribute name of f.
func (f Field) Attribute() string { return string(f) }

// MsgEmptyHTTPMethod is AWS's answer to an HTTP or AWS integration without an
// integration HTTP method.
const MsgEmptyHTTPMethod = "Enumeration value for HttpMethod must be non-empty"

// IntegrationSpec is what the rules of an integration look at. The provider
// fills it from a configuration at plan time (marking values it does not know
// yet in Unknown); the gateway fills it from a PutIntegration request or from
// an integration after patch operations.
type IntegrationSpec struct {
	Type                  string
	IntegrationHTTPMethod string
	URI                   string
	Credentials           string
	ConnectionType        string
	ConnectionID          string
	PassthroughBehavior   string
	ContentHandling       string
	ResponseTransferMode  string
	TimeoutInMillis       int32 // 0 means not set
	RequestParameters     map[string]string
	// Unknown marks fields whose value is not known yet (plan time); rules that
	// read them are skipped.
	Unknown map[Field]bool
}

// Violation is one broken rule.
type Violation struct {
	Field Field
	// Message explains the rule for a person reading a plan: what was wrong
	// and what to write instead.
	Message string
	// AWSMessage is the text API Gateway answers with a BadRequestException.
	AWSMessage string
	// PlanOnly marks a rule Portico checks at plan time that AWS itself does
	// not enforce; the gateway accepts such requests as AWS does.
	PlanOnly bool
}

// needsHTTPMethod reports whether an integration type calls a backend with
// its own HTTP method.
func needsHTTPMethod(t string) bool { return t != IntegrationTypeMock }

// IsHTTPType reports whether t is HTTP or HTTP_PROXY.
func IsHTTPType(t string) bool { return t == IntegrationTypeHTTP || t == IntegrationTypeHTTPProxy }

// ValidateIntegration checks every rule that ties an integration's arguments
// together: the type enum, the integration HTTP method required for every
// type but MOCK, the URI required (and of the right form) for HTTP and AWS
// types, the role required for AWS services other than Lambda, the connection
// id required by VPC_LINK, and the enums and ranges of the other arguments.
// The result is in a stable order.
func ValidateIntegration(s IntegrationSpec) []Violation {
	var vs []Violation
	known := func(f Field) bool { return !s.Unknown[f] }
	add := func(f Field, msg, aws string, planOnly bool) {
		vs = append(vs, Violation{Field: f, Message: msg, AWSMessage: aws, PlanOnly: planOnly})
	}

	typeOK := known(FieldType) && In(s.Type, IntegrationTypes)
	if known(FieldType) && !typeOK {
		add(FieldType, fmt.Sprintf("integration type %q is not one of %s", s.Type, OneOf(IntegrationTypes)),
			EnumError("putIntegrationInput.type", s.Type, IntegrationTypes), false)
	}

	if known(FieldIntegrationHTTPMethod) {
		switch s.IntegrationHTTPMethod {
		case "":
			if typeOK && needsHTTPMethod(s.Type) {
				add(FieldIntegrationHTTPMethod, fmt.Sprintf("integration_http_method is required when type is %q (every type but MOCK calls a backend with its own method), e.g. \"POST\"", s.Type),
					MsgEmptyHTTPMethod, false)
			}
		default:
			if err := ValidateHTTPMethod(s.IntegrationHTTPMethod); err != nil {
				add(FieldIntegrationHTTPMethod, "integration_http_method "+err.Error(), EnumError("putIntegrationInput.integrationHttpMethod", s.IntegrationHTTPMethod, HTTPMethods), false)
			}
		}
	}

	if typeOK && known(FieldURI) {
		switch {
		case s.Type == IntegrationTypeMock:
			if s.URI != "" {
				add(FieldURI, "uri must not be set when type is \"MOCK\": a MOCK integration calls no backend", "", true)
			}
		case s.URI == "":
			if IsHTTPType(s.Type) {
				add(FieldURI, fmt.Sprintf("uri is required when type is %q: a fully formed http(s) URL such as \"https://example.com/pets/{id}\"", s.Type), MsgInvalidHTTPEndpoint, false)
			} else {
				add(FieldURI, fmt.Sprintf("uri is required when type is %q: an ARN of the form arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}", s.Type), MsgInvalidARN, false)
			}
		case IsHTTPType(s.Type):
			if err := ValidateHTTPIntegrationURI(s.URI); err != nil {
				add(FieldURI, fmt.Sprintf("uri %q is not a valid endpoint for type %q: it must be a fully formed, encoded http:// or https:// URL with a host (RFC 3986)", s.URI, s.Type), err.Error(), false)
			}
		default:
			vs = append(vs, awsURIViolations(s, known)...)
		}
	}

	if known(FieldCredentials) && s.Credentials != "" {
		if err := ValidateCredentials(s.Credentials); err != nil {
			add(FieldCredentials, "credentials: "+err.Error(), MsgInvalidARN, false)
		}
	}

	if known(FieldConnectionType) && s.ConnectionType != "" && !In(s.ConnectionType, ConnectionTypes) {
		add(FieldConnectionType, fmt.Sprintf("connection_type %q is not one of %s", s.ConnectionType, OneOf(ConnectionTypes)),
			EnumError("putIntegrationInput.connectionType", s.ConnectionType, ConnectionTypes), false)
	}
	if known(FieldConnectionType) && known(FieldConnectionID) {
		if s.ConnectionType == ConnectionTypeVPCLink && s.ConnectionID == "" {
			add(FieldConnectionID, "connection_id is required when connection_type is \"VPC_LINK\": the id of the VPC link", "Connection Id must be specified when connection type is VPC_LINK", false)
		}
		if s.ConnectionType != ConnectionTypeVPCLink && s.ConnectionID != "" {
			add(FieldConnectionID, "connection_id may only be set when connection_type is \"VPC_LINK\"", "Connection Id can only be specified when connection type is VPC_LINK", false)
		}
	}

	if known(FieldTimeout) && s.TimeoutInMillis != 0 && (s.TimeoutInMillis < IntegrationTimeoutMin || s.TimeoutInMillis > IntegrationTimeoutMax) {
		add(FieldTimeout, fmt.Sprintf("timeout_milliseconds must be between %d and %d (default %d), got %d", IntegrationTimeoutMin, IntegrationTimeoutMax, IntegrationTimeoutDefault, s.TimeoutInMillis),
			fmt.Sprintf("Timeout should be between %d ms and %d ms", IntegrationTimeoutMin, IntegrationTimeoutMax), false)
	}
	if known(FieldPassthroughBehavior) && s.PassthroughBehavior != "" && !In(s.PassthroughBehavior, PassthroughBehaviors) {
		add(FieldPassthroughBehavior, fmt.Sprintf("passthrough_behavior %q is not one of %s", s.PassthroughBehavior, OneOf(PassthroughBehaviors)),
			EnumError("putIntegrationInput.passthroughBehavior", s.PassthroughBehavior, PassthroughBehaviors), false)
	}
	if known(FieldContentHandling) && s.ContentHandling != "" && !In(s.ContentHandling, ContentHandlingStrategies) {
		add(FieldContentHandling, fmt.Sprintf("content_handling %q is not one of %s", s.ContentHandling, OneOf(ContentHandlingStrategies)),
			EnumError("putIntegrationInput.contentHandling", s.ContentHandling, ContentHandlingStrategies), false)
	}
	if known(FieldResponseTransferMode) && s.ResponseTransferMode != "" && !In(s.ResponseTransferMode, ResponseTransferModes) {
		add(FieldResponseTransferMode, fmt.Sprintf("response_transfer_mode %q is not one of %s", s.ResponseTransferMode, OneOf(ResponseTransferModes)),
			EnumError("putIntegrationInput.responseTransferMode", s.ResponseTransferMode, ResponseTransferModes), false)
	}
	if known(FieldRequestParameters) {
		keys := make([]string, 0, len(s.RequestParameters))
		for k := range s.RequestParameters {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := ValidateIntegrationRequestParameter(k, s.RequestParameters[k]); err != nil {
				add(FieldRequestParameters, err.Error(), err.Error(), false)
			}
		}
	}
	return vs
}

func awsURIViolations(s IntegrationSpec, known func(Field) bool) []Violation {
	u, err := ParseAWSIntegrationURI(s.URI)
	if err != nil {
		msg := fmt.Sprintf("uri %q is not an AWS integration ARN: it must have the form arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}, e.g. arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations", s.URI)
		if errors.Is(err, ErrARNPathOrAction) {
			msg = fmt.Sprintf("uri %q must be an API Gateway service ARN whose last part starts with \"path/\" or \"action/\": arn:aws:apigateway:{region}:{service}:{path|action}/{service_api}", s.URI)
		}
		return []Violation{{Field: FieldURI, Message: msg, AWSMessage: err.Error()}}
	}
	var vs []Violation
	if u.Service != "lambda" && known(FieldCredentials) && s.Credentials == "" {
		vs = append(vs, Violation{Field: FieldCredentials,
			Message:    fmt.Sprintf("credentials are required for an %s integration with the %q service: the ARN of an IAM role API Gateway assumes (only Lambda integrations may omit it)", s.Type, u.Service),
			AWSMessage: MsgRoleRequired})
	}
	if s.Type == IntegrationTypeAWSProxy && u.Service != "lambda" && u.Service != "firehose" {
		vs = append(vs, Violation{Field: FieldURI,
			Message:    fmt.Sprintf("type \"AWS_PROXY\" only invokes Lambda functions and Firehose streams, but uri %q targets %q: use type \"AWS\" for other services", s.URI, u.Service),
			AWSMessage: MsgAWSProxyTarget})
	}
	return vs
}

// splitMapping returns the location of a mapping expression after prefix:
// "header" for "integration.request.header.X-Id" and prefix
// "integration.request."; ok is false when no non-empty name follows.
func splitMapping(expr, prefix string) (location string, ok bool) {
	rest, ok := strings.CutPrefix(expr, prefix)
	if !ok {
		return "", false
	}
	location, name, ok := strings.Cut(rest, ".")
	return location, ok && name != ""
}
