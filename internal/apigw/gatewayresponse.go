package apigw

import (
	"fmt"
	"regexp"
	"strings"
)

// Gateway response types and their default status codes (AWS's API Gateway
// developer guide, "Gateway response types for API Gateway"). DEFAULT_4XX
// and DEFAULT_5XX have none: they take the status of the error they stand
// in for.
var GatewayResponseStatus = map[string]string{
	"ACCESS_DENIED":                  "403",
	"API_CONFIGURATION_ERROR":        "500",
	"AUTHORIZER_CONFIGURATION_ERROR": "500",
	"AUTHORIZER_FAILURE":             "500",
	"BAD_REQUEST_PARAMETERS":         "400",
	"BAD_REQUEST_BODY":               "400",
	"DEFAULT_4XX":                    "",
	"DEFAULT_5XX":                    "",
	"EXPIRED_TOKEN":                  "403",
	"INTEGRATION_FAILURE":            "504",
	"INTEGRATION_TIMEOUT":            "504",
	"INVALID_API_KEY":                "403",
	"INVALID_SIGNATURE":              "403",
	"MISSING_AUTHENTICATION_TOKEN":   "403",
	"QUOTA_EXCEEDED":                 "429",
	"REQUEST_TOO_LARGE":              "413",
	"RESOURCE_NOT_FOUND":             "404",
	"THROTTLED":                      "429",
	"UNAUTHORIZED":                   "401",
	"UNSUPPORTED_MEDIA_TYPE":         "415",
	"WAF_FILTERED":                   "403",
}

// GatewayResponseTypes lists the types in AWS's enum order.
var GatewayResponseTypes = []string{
	"DEFAULT_4XX", "DEFAULT_5XX", "RESOURCE_NOT_FOUND", "UNAUTHORIZED", "INVALID_API_KEY", "ACCESS_DENIED",
	"AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "INVALID_SIGNATURE", "EXPIRED_TOKEN",
	"MISSING_AUTHENTICATION_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "API_CONFIGURATION_ERROR",
	"UNSUPPORTED_MEDIA_TYPE", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "REQUEST_TOO_LARGE", "THROTTLED",
	"QUOTA_EXCEEDED", "WAF_FILTERED",
}

// DefaultGatewayResponseTemplate is the template every default gateway
// response has.
const DefaultGatewayResponseTemplate = `{"message":$context.error.messageString}`

// DefaultGatewayResponse is the response AWS lists for a type nobody put.
func DefaultGatewayResponse(responseType string) *GatewayResponse {
	return &GatewayResponse{
		ResponseType:       responseType,
		StatusCode:         GatewayResponseStatus[responseType],
		ResponseParameters: map[string]string{},
		ResponseTemplates:  map[string]string{"application/json": DefaultGatewayResponseTemplate},
		DefaultResponse:    true,
	}
}

var statusCodePattern = regexp.MustCompile(`^[1-5]\d\d$`)

// ValidateGatewayResponse checks a gateway response's status code and
// parameter forms (the same rules at plan time and in the management API).
func ValidateGatewayResponse(g *GatewayResponse) error {
	if g.StatusCode != "" && !statusCodePattern.MatchString(g.StatusCode) {
		return fmt.Errorf("Invalid status code specified: %s", g.StatusCode)
	}
	for k, v := range g.ResponseParameters {
		if err := ValidateGatewayResponseParameter(k, v); err != nil {
			return err
		}
	}
	return nil
}

// ValidateGatewayResponseParameter checks one responseParameters entry:
// the key names a gatewayresponse.header.*, the value is a quoted literal
// or a method.request.*, context.* or stageVariables.* expression.
func ValidateGatewayResponseParameter(k, v string) error {
	name, ok := strings.CutPrefix(k, "gatewayresponse.header.")
	if !ok || name == "" {
		return fmt.Errorf("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: %s]", k)
	}
	switch {
	case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
	case strings.HasPrefix(v, "method.request.querystring."), strings.HasPrefix(v, "method.request.header."),
		strings.HasPrefix(v, "method.request.path."), strings.HasPrefix(v, "method.request.multivaluequerystring."),
		strings.HasPrefix(v, "method.request.multivalueheader."),
		strings.HasPrefix(v, "context."), strings.HasPrefix(v, "stageVariables."):
	default:
		return fmt.Errorf("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: %s]", v)
	}
	return nil
}
