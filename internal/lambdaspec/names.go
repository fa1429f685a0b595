package lambdaspec

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	// functionRefRE is the API's pattern for FunctionName on every operation
	// that takes an existing function: a name, a partial ARN
	// (123456789012:function:name) or a full ARN, optionally qualified.
	functionRefRE = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*):lambda:)?([a-z]{2}((-gov)|(-iso[a-z]?))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)
	qualifierRE   = regexp.MustCompile(`^(\$LATEST|[a-zA-Z0-9-_]+)$`)
	aliasRE       = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
	versionRE     = regexp.MustCompile(`^(\$LATEST|[0-9]+)$`)
	statementRE   = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
	actionRE      = regexp.MustCompile(`^(lambda:[*]|lambda:[a-zA-Z]+|[*])$`)
	tokenRE       = regexp.MustCompile(`^[a-zA-Z0-9._\-]+$`)
	accountRE     = regexp.MustCompile(`^\d{12}$`)
	envKeyRE      = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9_])+$`)
)

// FunctionRef is a FunctionName parameter taken apart. Fields absent from
// the reference are empty.
type FunctionRef struct {
	Partition string
	Region    string
	Account   string
	Name      string
	Qualifier string
}

// ErrInvalidFunctionRef is a FunctionName that is neither a name nor a
// (partial) function ARN.
var ErrInvalidFunctionRef = errors.New("must be a function name, a partial ARN (123456789012:function:NAME) or a function ARN, optionally with :QUALIFIER")

// ParseFunctionRef parses a FunctionName parameter: "my-function",
// "my-function:v1", "123456789012:function:my-function" or
// "arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]".
// The name is at most 64 characters and the whole reference at most 140.
func ParseFunctionRef(s string) (FunctionRef, error) {
	if s == "" || len(s) > FunctionRefMaxLen {
		return FunctionRef{}, ErrInvalidFunctionRef
	}
	m := functionRefRE.FindStringSubmatch(s)
	if m == nil {
		return FunctionRef{}, ErrInvalidFunctionRef
	}
	ref := FunctionRef{
		Partition: m[2],
		Region:    strings.TrimSuffix(m[3], ":"),
		Account:   strings.TrimSuffix(m[7], ":"),
		Name:      m[9],
		Qualifier: m[11],
	}
	// A full ARN needs every part; "function:" needs an account before it.
	if m[1] != "" && (ref.Region == "" || ref.Account == "" || m[8] == "") {
		return FunctionRef{}, ErrInvalidFunctionRef
	}
	if m[8] != "" && ref.Account == "" {
		return FunctionRef{}, ErrInvalidFunctionRef
	}
	if len(ref.Name) > FunctionNameMaxLen {
		return FunctionRef{}, fmt.Errorf("function name %q is %d characters; the limit is %d", ref.Name, len(ref.Name), FunctionNameMaxLen)
	}
	return ref, nil
}

// ValidateFunctionName checks a name for a new function (CreateFunction
// also accepts an ARN whose name part is then used).
func ValidateFunctionName(name string) error {
	ref, err := ParseFunctionRef(name)
	if err != nil {
		return err
	}
	if ref.Qualifier != "" {
		return fmt.Errorf("function name %q must not have a qualifier when creating a function", name)
	}
	return nil
}

// ValidateQualifier checks a version or alias qualifier: $LATEST or
// [a-zA-Z0-9-_]+, 1..128 characters.
func ValidateQualifier(q string) error {
	if len(q) == 0 || len(q) > QualifierMaxLen || !qualifierRE.MatchString(q) {
		return fmt.Errorf("qualifier %q must be $LATEST, a version number or an alias name (letters, digits, - and _; 1 to %d characters)", q, QualifierMaxLen)
	}
	return nil
}

// ValidateAliasName checks an alias name: [a-zA-Z0-9-_]+, not all digits
// (that would be a version), 1..128 characters.
func ValidateAliasName(name string) error {
	if len(name) == 0 || len(name) > AliasNameMaxLen || !aliasRE.MatchString(name) {
		return fmt.Errorf("alias name %q must be 1 to %d letters, digits, - or _", name, AliasNameMaxLen)
	}
	if strings.Trim(name, "0123456789") == "" {
		return fmt.Errorf("alias name %q must not be only digits (that is a version number)", name)
	}
	return nil
}

// ValidateFunctionVersion checks a version an alias points to: $LATEST or a
// published version number.
func ValidateFunctionVersion(v string) error {
	if len(v) == 0 || len(v) > 1024 || !versionRE.MatchString(v) {
		return fmt.Errorf("function version %q must be $LATEST or a published version number", v)
	}
	return nil
}

// ValidateStatementID checks a permission's statement id: [a-zA-Z0-9-_]+,
// 1..100 characters.
func ValidateStatementID(sid string) error {
	if len(sid) == 0 || len(sid) > StatementIDMaxLen || !statementRE.MatchString(sid) {
		return fmt.Errorf("statement id %q must be 1 to %d letters, digits, - or _", sid, StatementIDMaxLen)
	}
	return nil
}

// ValidateAction checks a permission's action: lambda:Name, lambda:* or *.
func ValidateAction(a string) error {
	if !actionRE.MatchString(a) {
		return fmt.Errorf("action %q must be lambda:ACTION (e.g. lambda:InvokeFunction), lambda:* or *", a)
	}
	return nil
}

// ValidateEventSourceToken checks AddPermission's EventSourceToken.
func ValidateEventSourceToken(t string) error {
	if len(t) == 0 || len(t) > EventSourceTokenMax || !tokenRE.MatchString(t) {
		return fmt.Errorf("event source token must be 1 to %d letters, digits, '.', '_' or '-'", EventSourceTokenMax)
	}
	return nil
}

// ValidateAccountID checks a 12-digit AWS account id.
func ValidateAccountID(a string) error {
	if !accountRE.MatchString(a) {
		return fmt.Errorf("account id %q must be 12 digits", a)
	}
	return nil
}

// ValidateEnvironmentKey checks a variable name: a letter, then letters,
// digits and underscores (at least two characters), and not one Lambda
// reserves.
func ValidateEnvironmentKey(k string) error {
	if !envKeyRE.MatchString(k) {
		return fmt.Errorf("environment variable name %q must start with a letter and have at least two letters, digits or underscores", k)
	}
	if slices.Contains(ReservedEnvironmentKeys, k) {
		return &ReservedKeysError{Keys: []string{k}}
	}
	return nil
}

// ReservedKeysError is AWS's refusal of reserved environment variables.
type ReservedKeysError struct{ Keys []string }

func (e *ReservedKeysError) Error() string {
	return "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " + strings.Join(e.Keys, ", ")
}

// ReservedKeysIn returns the reserved keys among vars' keys, sorted.
func ReservedKeysIn(vars map[string]string) []string {
	var out []string
	for k := range vars {
		if slices.Contains(ReservedEnvironmentKeys, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
