package lambda

import (
	"regexp"
	"strings"
)

// Function identifiers as the Lambda API takes them: a name, a partial ARN
// (123456789012:function:name) or a full ARN, each optionally followed by
// :qualifier.
var functionRefPattern = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:lambda:)?((?P<region>[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}):)?((?P<account>\d{12}):)?(function:)?(?P<name>[a-zA-Z0-9-_\.]+)(:(?P<qualifier>\$LATEST|[a-zA-Z0-9-_]+))?$`)

const functionRefRule = `Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`

var (
	functionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,64}$`)
	versionPattern      = regexp.MustCompile(`^[0-9]+$`)
	aliasPattern        = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,128}$`)
	qualifierPattern    = regexp.MustCompile(`^[a-zA-Z0-9$_-]+$`)
	statementIDPattern  = regexp.MustCompile(`^[a-zA-Z0-9-_.]{1,100}$`)
	rolePattern         = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
	actionPattern       = regexp.MustCompile(`^(lambda:[*]|lambda:[a-zA-Z]+|[*])$`)
	accountPattern      = regexp.MustCompile(`^\d{12}$`)
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
	m := functionRefPattern.FindStringSubmatch(s)
	if m == nil || len(s) > 170 {
		return ref{}, validation(s, field, functionRefRule)
	}
	g := func(n string) string { return m[functionRefPattern.SubexpIndex(n)] }
	return ref{name: g("name"), qualifier: g("qualifier"), region: g("region"), account: g("account")}, nil
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

// arnLike matches an ARN against a pattern as IAM's ArnLike does: each of
// the six colon-separated parts separately, with * and ? wildcards.
func arnLike(pattern, arn string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return false
	}
	for i := range pp {
		if !glob(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// glob matches s against p with * (any run) and ? (one character).
func glob(p, s string) bool {
	px, sx := 0, 0
	nextP, nextS := -1, -1
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				nextP, nextS = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if nextS > 0 && nextS <= len(s) {
			px, sx = nextP, nextS
			continue
		}
		return false
	}
	return true
}
