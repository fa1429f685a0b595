package apigw

import (
	"fmt"
	"slices"
	"strings"
)

// HTTPMethods are the methods a method or an integration may use. ANY matches
// every method.
var HTTPMethods = []string{"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "ANY"}

// Integration types.
const (
	IntegrationTypeHTTP      = "HTTP"
	IntegrationTypeAWS       = "AWS"
	IntegrationTypeMock      = "MOCK"
	IntegrationTypeHTTPProxy = "HTTP_PROXY"
	IntegrationTypeAWSProxy  = "AWS_PROXY"
)

// IntegrationTypes is every integration type, in the order AWS lists them.
var IntegrationTypes = []string{IntegrationTypeHTTP, IntegrationTypeAWS, IntegrationTypeMock, IntegrationTypeHTTPProxy, IntegrationTypeAWSProxy}

// Passthrough behaviours.
const (
	PassthroughWhenNoMatch     = "WHEN_NO_MATCH"
	PassthroughWhenNoTemplates = "WHEN_NO_TEMPLATES"
	PassthroughNever           = "NEVER"
)

// PassthroughBehaviors is every passthrough behaviour.
var PassthroughBehaviors = []string{PassthroughWhenNoMatch, PassthroughWhenNoTemplates, PassthroughNever}

// Content handling strategies.
const (
	ContentHandlingToBinary = "CONVERT_TO_BINARY"
	ContentHandlingToText   = "CONVERT_TO_TEXT"
)

// ContentHandlingStrategies is every content handling strategy.
var ContentHandlingStrategies = []string{ContentHandlingToBinary, ContentHandlingToText}

// Connection types.
const (
	ConnectionTypeInternet = "INTERNET"
	ConnectionTypeVPCLink  = "VPC_LINK"
)

// ConnectionTypes is every integration connection type.
var ConnectionTypes = []string{ConnectionTypeInternet, ConnectionTypeVPCLink}

// Method authorization types (PutMethod's authorizationType).
const (
	AuthorizationNone             = "NONE"
	AuthorizationAWSIAM           = "AWS_IAM"
	AuthorizationCustom           = "CUSTOM"
	AuthorizationCognitoUserPools = "COGNITO_USER_POOLS"
)

// AuthorizationTypes is every method authorization type.
var AuthorizationTypes = []string{AuthorizationNone, AuthorizationAWSIAM, AuthorizationCustom, AuthorizationCognitoUserPools}

// AuthorizerAuthorizationTypes are the authorization types that need an
// authorizer (a method's authorizerId): CUSTOM (a Lambda authorizer) and
// COGNITO_USER_POOLS. The other types carry none; API Gateway drops the
// authorizer id of a method patched to one of them.
var AuthorizerAuthorizationTypes = []string{AuthorizationCustom, AuthorizationCognitoUserPools}

// UsesAuthorizer reports whether authorization type t needs an authorizer.
func UsesAuthorizer(t string) bool { return In(t, AuthorizerAuthorizationTypes) }

// EndpointTypes is every REST API endpoint type.
var EndpointTypes = []string{EndpointTypeEdge, EndpointTypeRegional, EndpointTypePrivate}

// IPAddressTypes is every endpoint IP address type.
var IPAddressTypes = []string{IPAddressTypeIPv4, IPAddressTypeDualstack}

// API key sources of a REST API.
const (
	APIKeySourceHeader     = "HEADER"
	APIKeySourceAuthorizer = "AUTHORIZER"
)

// APIKeySources is every API key source.
var APIKeySources = []string{APIKeySourceHeader, APIKeySourceAuthorizer}

// DefaultAPIKeySource is the API key source of a REST API created without
// one (CreateRestApi reference: "HEADER ... the default").
const DefaultAPIKeySource = APIKeySourceHeader

// Response transfer modes.
const (
	ResponseTransferBuffered = "BUFFERED"
	ResponseTransferStream   = "STREAM"
)

// ResponseTransferModes is every integration response transfer mode.
var ResponseTransferModes = []string{ResponseTransferBuffered, ResponseTransferStream}

// CacheClusterSizes is every stage cache cluster size, in GB.
var CacheClusterSizes = []string{"0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"}

// LoggingLevels is every method-setting logging level.
var LoggingLevels = []string{"OFF", "ERROR", "INFO"}

// UnauthorizedCacheControlHeaderStrategies is every method-setting strategy for
// unauthorized cache control headers.
var UnauthorizedCacheControlHeaderStrategies = []string{"FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"}

// Integration timeouts in milliseconds. AWS's default and documented ceiling is
// 29000; Regional and private APIs may raise it to 300000.
const (
	IntegrationTimeoutMin     = 50
	IntegrationTimeoutDefault = 29000
	IntegrationTimeoutMax     = 300000
)

// In reports whether v is one of allowed.
func In(v string, allowed []string) bool { return slices.Contains(allowed, v) }

// EnumError is AWS's message for a value outside an enumeration, with field
// being the request member, e.g. "putIntegrationInput.type".
func EnumError(field, value string, allowed []string) string {
	return fmt.Sprintf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
		value, field, strings.Join(allowed, ", "))
}

// OneOf describes an enumeration for a plan-time message: `"A", "B" or "C"`.
func OneOf(allowed []string) string {
	q := make([]string, len(allowed))
	for i, a := range allowed {
		q[i] = fmt.Sprintf("%q", a)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// ValidateHTTPMethod checks a method name against HTTPMethods. The seed
// document lists "OPTION", a typo for OPTIONS; that spelling (and lower-case
// names) get an error that suggests the right one.
func ValidateHTTPMethod(m string) error {
	if In(m, HTTPMethods) {
		return nil
	}
	if m == "" {
		return fmt.Errorf("the HTTP method must not be empty: use one of %s", OneOf(HTTPMethods))
	}
	if up := strings.ToUpper(m); In(up, HTTPMethods) {
		return fmt.Errorf("%q is not an HTTP method: methods are upper case, did you mean %q?", m, up)
	}
	if strings.EqualFold(m, "OPTION") {
		return fmt.Errorf("%q is not an HTTP method: did you mean \"OPTIONS\"? Use one of %s", m, OneOf(HTTPMethods))
	}
	return fmt.Errorf("%q is not an HTTP method: use one of %s", m, OneOf(HTTPMethods))
}
