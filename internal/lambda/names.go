package lambda

import (
	"regexp"

	"github.com/portico/portico/internal/lambdaspec"
)

const functionRefRule = `Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`

var (
	versionPattern   = regexp.MustCompile(`^[0-9]+$`)
	aliasPattern     = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,128}$`)
	qualifierPattern = regexp.MustCompile(`^[a-zA-Z0-9$_-]+$`)
	rolePattern      = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
)

// ref is a parsed function identifier.
type ref struct {
	name      string
	qualifier string
	region    string
	account   string
}

// parseRef parses a function identifier given in field (for messages).
func parseRef(s, field string) (ref, *Error) {
	r, err := lambdaspec.ParseFunctionRef(s)
	if err != nil {
		return ref{}, validation(s, field, functionRefRule)
	}
	return ref{name: r.Name, qualifier: r.Qualifier, region: r.Region, account: r.Account}, nil
}

// withQualifier merges a Qualifier parameter into a ref.
func (r ref) withQualifier(q string) (ref, *Error) {
	if q == "" {
		return r, nil
	}
	if r.qualifier != "" && r.qualifier != q {
		return r, invalidParam("The derived qualifier from the function name does not match the specified qualifier.")
	}
	r.qualifier = q
	return r, nil
}

func isVersion(q string) bool { return versionPattern.MatchString(q) }

func isAlias(q string) bool { return aliasPattern.MatchString(q) && !isVersion(q) }
