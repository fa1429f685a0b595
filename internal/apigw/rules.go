package apigw

import (
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Request parameter locations.
var (
	methodRequestLocations      = []string{"path", "querystring", "header", "multivaluequerystring", "multivalueheader"}
	integrationRequestLocations = []string{"path", "querystring", "header", "multivaluequerystring", "multivalueheader"}
	integrationResponseSources  = []string{"header", "multivalueheader"}
)

// MsgInvalidPathPart is AWS's answer to a path part it does not accept.
const MsgInvalidPathPart = "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace."

var pathPartRE = regexp.MustCompile(`^([a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$`)

// ValidatePathPart checks one segment of a resource path: literal characters
// a-zA-Z0-9._-, or a {param}, or a greedy {param+}.
func ValidatePathPart(p string) error {
	if !pathPartRE.MatchString(p) {
		return errors.New(MsgInvalidPathPart)
	}
	return nil
}

// IsGreedyPathPart reports whether p is a {name+} segment.
func IsGreedyPathPart(p string) bool { return strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") }

// PathParamName returns "id" for "{id}" and "proxy" for "{proxy+}".
func PathParamName(p string) (string, bool) {
	if !strings.HasPrefix(p, "{") || !strings.HasSuffix(p, "}") {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(p, "{"), "}"), "+"), true
}

var statusCodeRE = regexp.MustCompile(`^[1-5]\d\d$`)

// ValidateStatusCode checks a method or integration response status code.
func ValidateStatusCode(code string) error {
	if !statusCodeRE.MatchString(code) {
		return fmt.Errorf("Invalid status code specified: %q must be a three-digit HTTP status code from 100 to 599", code)
	}
	return nil
}

var stageNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// MaxStageNameLength is the longest stage name API Gateway accepts.
const MaxStageNameLength = 128

// ValidateStageName checks a stage name.
func ValidateStageName(name string) error {
	if name == "" || len(name) > MaxStageNameLength || !stageNameRE.MatchString(name) {
		return errors.New("Stage name only allows a-zA-Z0-9_-")
	}
	return nil
}

var (
	stageVarNameRE  = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	stageVarValueRE = regexp.MustCompile(`^[A-Za-z0-9-._~:/?#&=,]{0,512}$`)
)

// ValidateStageVariables checks stage variable names and values.
func ValidateStageVariables(vars map[string]string) error {
	for k, v := range vars {
		if !stageVarNameRE.MatchString(k) {
			return fmt.Errorf("Stage variable name %q is invalid: names may only contain alphanumeric characters and underscores (at most 64)", k)
		}
		if !stageVarValueRE.MatchString(v) {
			return fmt.Errorf("Stage variable value %q of %q is invalid: values must match the regular expression [A-Za-z0-9-._~:/?#&=,]* (at most 512 characters)", v, k)
		}
	}
	return nil
}

var modelNameRE = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

// ValidateModelName checks a model name: alphanumeric only.
func ValidateModelName(name string) error {
	if name == "" {
		return errors.New("No Model Name specified")
	}
	if !modelNameRE.MatchString(name) {
		return fmt.Errorf("Model name must be alphanumeric: %s", name)
	}
	return nil
}

// ValidateMethodRequestParameter checks a method request parameter name:
// method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.NAME.
func ValidateMethodRequestParameter(key string) error {
	loc, ok := splitMapping(key, "method.request.")
	if !ok || !In(loc, methodRequestLocations) {
		return fmt.Errorf("Invalid method request parameter specified: %q must have the form method.request.{%s}.NAME", key, strings.Join(methodRequestLocations, "|"))
	}
	return nil
}

// ValidateMethodResponseParameter checks a method response parameter name:
// method.response.header.NAME.
func ValidateMethodResponseParameter(key string) error {
	loc, ok := splitMapping(key, "method.response.")
	if !ok || loc != "header" {
		return fmt.Errorf("Invalid response parameter specified: %q must have the form method.response.header.NAME", key)
	}
	return nil
}

func invalidMapping(expr string) error {
	return fmt.Errorf("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: %s]", expr)
}

// isLiteral reports whether v is a quoted static value such as 'application/json'.
func isLiteral(v string) bool { return len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' }

func isContextOrStageVar(v string) bool {
	for _, p := range []string{"context.", "stageVariables."} {
		if rest, ok := strings.CutPrefix(v, p); ok && rest != "" {
			return true
		}
	}
	return false
}

// ValidateIntegrationRequestParameter checks one entry of an integration's
// request parameters: the key is integration.request.{location}.NAME and the
// value is method.request.{location}.NAME, method.request.body[.JSONPath],
// a 'literal', context.X or stageVariables.X.
func ValidateIntegrationRequestParameter(key, value string) error {
	if loc, ok := splitMapping(key, "integration.request."); !ok || !In(loc, integrationRequestLocations) {
		return invalidMapping(key)
	}
	if isLiteral(value) || isContextOrStageVar(value) || value == "method.request.body" || strings.HasPrefix(value, "method.request.body.") {
		return nil
	}
	if loc, ok := splitMapping(value, "method.request."); ok && In(loc, methodRequestLocations) {
		return nil
	}
	return invalidMapping(value)
}

// ValidateIntegrationResponseParameter checks one entry of an integration
// response's response parameters: the key is method.response.header.NAME and
// the value is integration.response.{header|multivalueheader}.NAME,
// integration.response.body[.JSONPath], a 'literal', context.X or
// stageVariables.X.
func ValidateIntegrationResponseParameter(key, value string) error {
	if err := ValidateMethodResponseParameter(key); err != nil {
		return invalidMapping(key)
	}
	if isLiteral(value) || isContextOrStageVar(value) || value == "integration.response.body" || strings.HasPrefix(value, "integration.response.body.") {
		return nil
	}
	if loc, ok := splitMapping(value, "integration.response."); ok && In(loc, integrationResponseSources) {
		return nil
	}
	return invalidMapping(value)
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewID returns a new 10-character identifier of lower-case letters and
// digits, the form of AWS's REST API, resource and deployment ids.
func NewID() string { return newID(10) }

func newID(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		_, _ = rand.Read(buf)
		for _, c := range buf {
			// 252 is the largest multiple of 36 below 256: rejecting the
			// rest keeps every character equally likely.
			if c < 252 && len(out) < n {
				out = append(out, idAlphabet[int(c)%len(idAlphabet)])
			}
		}
	}
	return string(out)
}
