package iam

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The AWS query protocol as IAM (Version 2010-05-08) and STS (2011-06-15)
// speak it: form-encoded parameters in, XML out. Answers are
//
//	<ActionResponse xmlns="..."><ActionResult>...</ActionResult>
//	  <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></ActionResponse>
//
// and errors
//
//	<ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>...</Code>
//	  <Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>

const (
	iamVersion   = "2010-05-08"
	stsVersion   = "2011-06-15"
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
)

// timeFormat is how IAM and STS write timestamps (ISO 8601, UTC, seconds).
const timeFormat = "2006-01-02T15:04:05Z"

// Error is an IAM or STS error answer.
type Error struct {
	Status  int
	Code    string
	Message string
	// Receiver marks a service-side fault (Type Receiver); client errors
	// are Sender.
	Receiver bool
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func noSuchEntity(format string, args ...any) *Error {
	return errorf(http.StatusNotFound, "NoSuchEntity", format, args...)
}

func alreadyExists(format string, args ...any) *Error {
	return errorf(http.StatusConflict, "EntityAlreadyExists", format, args...)
}

func deleteConflict(format string, args ...any) *Error {
	return errorf(http.StatusConflict, "DeleteConflict", format, args...)
}

func limitExceeded(format string, args ...any) *Error {
	return errorf(http.StatusConflict, "LimitExceeded", format, args...)
}

func malformedPolicy(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "MalformedPolicyDocument", Message: msg}
}

func invalidInput(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, "InvalidInput", format, args...)
}

func validationError(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, "ValidationError", format, args...)
}

func serviceFailure(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "ServiceFailure", Message: err.Error(), Receiver: true}
}

func roleNotFound(name string) *Error {
	return noSuchEntity("The role with name %s cannot be found.", name)
}

// xw writes XML. Text is escaped; element names are trusted.
type xw struct{ b strings.Builder }

func (w *xw) open(name string)  { w.b.WriteString("<" + name + ">") }
func (w *xw) close(name string) { w.b.WriteString("</" + name + ">") }

func (w *xw) text(s string) {
	for _, r := range s {
		switch r {
		case '<':
			w.b.WriteString("&lt;")
		case '>':
			w.b.WriteString("&gt;")
		case '&':
			w.b.WriteString("&amp;")
		case '"':
			w.b.WriteString("&quot;")
		case '\'':
			w.b.WriteString("&apos;")
		case '\r':
			w.b.WriteString("&#xD;")
		default:
			w.b.WriteRune(r)
		}
	}
}

// elem writes <name>value</name>.
func (w *xw) elem(name, value string) {
	w.open(name)
	w.text(value)
	w.close(name)
}

// opt writes <name>value</name> unless value is "".
func (w *xw) opt(name, value string) {
	if value != "" {
		w.elem(name, value)
	}
}

func (w *xw) time(name string, t time.Time) { w.elem(name, t.UTC().Format(timeFormat)) }

func (w *xw) int(name string, n int) { w.elem(name, strconv.Itoa(n)) }

func (w *xw) bool(name string, b bool) { w.elem(name, strconv.FormatBool(b)) }

// members writes <name><member>...</member>...</name>, one member per item.
func (w *xw) members(name string, n int, item func(i int)) {
	w.open(name)
	for i := range n {
		w.open("member")
		item(i)
		w.close("member")
	}
	w.close(name)
}

// strings writes a list of strings as members.
func (w *xw) strings(name string, items []string) {
	w.members(name, len(items), func(i int) { w.text(items[i]) })
}

// tags writes a list of tags as the members of Tags.
func (w *xw) tags(tags []tag) {
	w.members("Tags", len(tags), func(i int) {
		w.elem("Key", tags[i].Key)
		w.elem("Value", tags[i].Value)
	})
}

// page writes IsTruncated and, when truncated, Marker.
func (w *xw) page(marker string) {
	w.bool("IsTruncated", marker != "")
	w.opt("Marker", marker)
}

func writeResponse(w http.ResponseWriter, ns, action, requestID string, result func(*xw)) {
	var x xw
	x.b.WriteString(`<` + action + `Response xmlns="` + ns + `">`)
	if result != nil {
		x.open(action + "Result")
		result(&x)
		x.close(action + "Result")
	}
	x.open("ResponseMetadata")
	x.elem("RequestId", requestID)
	x.close("ResponseMetadata")
	x.close(action + "Response")
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(x.b.String()))
}

func writeError(w http.ResponseWriter, ns, requestID string, e *Error) {
	var x xw
	x.b.WriteString(`<ErrorResponse xmlns="` + ns + `">`)
	x.open("Error")
	if e.Receiver {
		x.elem("Type", "Receiver")
	} else {
		x.elem("Type", "Sender")
	}
	x.elem("Code", e.Code)
	x.elem("Message", e.Message)
	x.close("Error")
	x.elem("RequestId", requestID)
	x.close("ErrorResponse")
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	_, _ = w.Write([]byte(x.b.String()))
}

// encodeDocument URL-encodes a policy document as IAM returns documents:
// every byte outside the unreserved set (RFC 3986) as %XX, so spaces are
// %20 and a literal '+' stays distinguishable (url.QueryUnescape and
// urllib's unquote both decode it).
func encodeDocument(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// params reads a request's parameters and collects validation failures in
// AWS's "N validation error(s) detected: ..." form.
type params struct {
	v    url.Values
	errs []string
}

func (p *params) get(name string) string { return p.v.Get(name) }

func (p *params) has(name string) bool { _, ok := p.v[name]; return ok }

// fail records one constraint failure of the member at wire name member
// (AWS names members in lower camel case, e.g. 'roleName').
func (p *params) fail(value *string, member, constraint string) {
	v := "null"
	if value != nil {
		v = "'" + *value + "'"
	}
	p.errs = append(p.errs, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", v, member, constraint))
}

// str checks a string parameter: required, length bounds, pattern. It
// returns the value ("" when absent).
func (p *params) str(name string, required bool, minLen, maxLen int, pattern *patternRule) string {
	member := lowerFirst(name)
	if !p.has(name) {
		if required {
			p.fail(nil, member, "Member must not be null")
		}
		return ""
	}
	v := p.get(name)
	n := len([]rune(v))
	switch {
	case n < minLen:
		p.fail(&v, member, fmt.Sprintf("Member must have length greater than or equal to %d", minLen))
	case maxLen > 0 && n > maxLen:
		p.fail(&v, member, fmt.Sprintf("Member must have length less than or equal to %d", maxLen))
	case pattern != nil && !pattern.re.MatchString(v):
		p.fail(&v, member, "Member must satisfy regular expression pattern: "+pattern.text)
	}
	return v
}

// integer checks an optional integer parameter within [lo, hi]; it returns
// def when absent.
func (p *params) integer(name string, lo, hi, def int) int {
	if !p.has(name) {
		return def
	}
	v := p.get(name)
	n, err := strconv.Atoi(v)
	member := lowerFirst(name)
	switch {
	case err != nil:
		p.fail(&v, member, "Member must be an integer")
	case n < lo:
		p.fail(&v, member, fmt.Sprintf("Member must have value greater than or equal to %d", lo))
	case n > hi:
		p.fail(&v, member, fmt.Sprintf("Member must have value less than or equal to %d", hi))
	}
	return n
}

// list returns Name.member.1, Name.member.2, ... in order.
func (p *params) list(name string) []string {
	var out []string
	for i := 1; ; i++ {
		k := fmt.Sprintf("%s.member.%d", name, i)
		if !p.has(k) {
			return out
		}
		out = append(out, p.get(k))
	}
}

// err returns the collected validation errors as one ValidationError.
func (p *params) err() *Error {
	switch len(p.errs) {
	case 0:
		return nil
	case 1:
		return validationError("1 validation error detected: %s", p.errs[0])
	default:
		return validationError("%d validation errors detected: %s", len(p.errs), strings.Join(p.errs, "; "))
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
