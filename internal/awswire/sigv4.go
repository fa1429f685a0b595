package awswire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AWS Signature Version 4 checking of incoming requests.
//
// Without credentials configured, any request is accepted, but an
// Authorization header that claims SigV4 must be well formed. With
// credentials, every request must be signed by one of them.

const sigv4Algorithm = "AWS4-HMAC-SHA256"

type sigv4Auth struct {
	credential    string // AKID/date/region/service/aws4_request
	accessKey     string
	scope         string // date/region/service/aws4_request
	date          string
	region        string
	service       string
	signedHeaders []string
	signature     string
}

func parseAuthorization(h string) (sigv4Auth, bool) {
	rest, ok := strings.CutPrefix(h, sigv4Algorithm+" ")
	if !ok {
		return sigv4Auth{}, false
	}
	var credential, signedHeaders, sig string
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return sigv4Auth{}, false
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signedHeaders = v
		case "Signature":
			sig = v
		}
	}
	return parseAuthFields(credential, signedHeaders, sig)
}

// parseAuthFields reads the three parts of a SigV4 signature, from an
// Authorization header or from a presigned URL's X-Amz-* query parameters.
func parseAuthFields(credential, signedHeaders, sig string) (sigv4Auth, bool) {
	a := sigv4Auth{credential: credential, signature: sig}
	if signedHeaders != "" {
		a.signedHeaders = strings.Split(signedHeaders, ";")
	}
	fields := strings.Split(a.credential, "/")
	if len(fields) != 5 || fields[0] == "" || fields[4] != "aws4_request" || len(a.signedHeaders) == 0 || a.signature == "" {
		return sigv4Auth{}, false
	}
	a.accessKey, a.date, a.region, a.service = fields[0], fields[1], fields[2], fields[3]
	a.scope = strings.Join(fields[1:], "/")
	return a, true
}

var (
	errIncomplete = &Error{Status: http.StatusForbidden, Type: "IncompleteSignatureException",
		Message: "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters, separated by commas."}
	errMissingToken = &Error{Status: http.StatusForbidden, Type: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
	errUnknownKey   = &Error{Status: http.StatusForbidden, Type: "UnrecognizedClientException", Message: "The security token included in the request is invalid."}
	errBadSignature = &Error{Status: http.StatusForbidden, Type: "InvalidSignatureException",
		Message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}
)

// maxSkew is how far a request's signing time may be from the server's
// clock (AWS: 5 minutes, "... - 5 min.").
const maxSkew = 5 * time.Minute

const amzDateFormat = "20060102T150405Z"

// MaxSignedBody is the largest body read to verify a signature: the
// API Gateway management API's own limit (it answers 413 above it too).
const MaxSignedBody = 10 << 20

var errTooLarge = &Error{Status: http.StatusRequestEntityTooLarge, Type: "BadRequestException", Message: "Request body too large"}

var errNoDate = &Error{Status: http.StatusForbidden, Type: "IncompleteSignatureException",
	Message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."}

func invalidSignature(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Type: "InvalidSignatureException", Message: msg}
}

// CheckSignature returns nil when r may proceed: it is signed with SigV4 by
// one of creds (access key id -> secret), or creds is empty and any
// well-formed signature (or none) is accepted. It reads (and replaces) at
// most MaxSignedBody bytes of the body to verify the payload hash.
func CheckSignature(r *http.Request, creds map[string]string) *Error {
	return checkSignatureAt(r, creds, time.Now().UTC())
}

// SigningService returns the service name of r's SigV4 credential scope
// (Authorization header or presigned query), e.g. "apigateway", "lambda",
// "sqs"; "" when r is not signed with SigV4. AWS's clients name the service
// they address there, so it routes a request on a shared endpoint.
func SigningService(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if a, ok := parseAuthorization(h); ok {
			return a.service
		}
		return ""
	}
	if c := r.URL.Query().Get("X-Amz-Credential"); c != "" {
		if f := strings.Split(c, "/"); len(f) == 5 {
			return f[3]
		}
	}
	return ""
}

func checkSignatureAt(r *http.Request, creds map[string]string, now time.Time) *Error {
	h := r.Header.Get("Authorization")
	q := r.URL.Query()
	presigned := h == "" && q.Has("X-Amz-Algorithm")
	var (
		a  sigv4Auth
		ok bool
	)
	switch {
	case presigned:
		if q.Get("X-Amz-Algorithm") != sigv4Algorithm {
			if len(creds) == 0 {
				return nil
			}
			return errIncomplete
		}
		a, ok = parseAuthFields(q.Get("X-Amz-Credential"), q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature"))
	case h == "":
		if len(creds) == 0 {
			return nil
		}
		return errMissingToken
	case !strings.HasPrefix(h, sigv4Algorithm):
		if len(creds) == 0 {
			return nil // other schemes are not ours to judge
		}
		return errIncomplete
	default:
		a, ok = parseAuthorization(h)
	}
	if !ok {
		return errIncomplete
	}
	if len(creds) == 0 {
		return nil
	}
	secret, ok := creds[a.accessKey]
	if !ok {
		return errUnknownKey
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if presigned {
		amzDate = q.Get("X-Amz-Date")
	} else if amzDate == "" {
		amzDate = r.Header.Get("Date")
	}
	signed, err := time.Parse(amzDateFormat, amzDate)
	if err != nil {
		if signed, err = http.ParseTime(amzDate); err != nil {
			return errNoDate
		}
	}
	if e := checkSigningTime(q, presigned, signed, now); e != nil {
		return e
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxSignedBody+1))
	if err != nil {
		return errBadSignature
	}
	if len(body) > MaxSignedBody {
		return errTooLarge
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !hmac.Equal([]byte(signature(r, a, secret, body, amzDate, presigned)), []byte(a.signature)) {
		return errBadSignature
	}
	return nil
}

// checkSigningTime refuses a request signed too far from now (AWS's 403
// "Signature expired" / "Signature not yet current"), and a presigned URL
// past its X-Amz-Expires.
func checkSigningTime(q url.Values, presigned bool, signed, now time.Time) *Error {
	f := func(t time.Time) string { return t.UTC().Format(amzDateFormat) }
	if signed.After(now.Add(maxSkew)) {
		return invalidSignature(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + 5 min.)", f(signed), f(now.Add(maxSkew)), f(now)))
	}
	if presigned {
		secs, err := strconv.Atoi(q.Get("X-Amz-Expires"))
		if err != nil || secs < 1 || secs > 604800 {
			return invalidSignature("X-Amz-Expires must be a number of seconds between 1 and 604800")
		}
		if expiry := signed.Add(time.Duration(secs) * time.Second); now.After(expiry) {
			return invalidSignature(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %d sec.)", f(expiry), f(now), f(signed), secs))
		}
		return nil
	}
	if signed.Before(now.Add(-maxSkew)) {
		return invalidSignature(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - 5 min.)", f(signed), f(now.Add(-maxSkew)), f(now)))
	}
	return nil
}

// signature computes the SigV4 signature of r as described by a.
// A presigned request's canonical query leaves out X-Amz-Signature.
func signature(r *http.Request, a sigv4Auth, secret string, body []byte, amzDate string, presigned bool) string {
	payloadHash := r.Header.Get("X-Amz-Content-Sha256")
	if presigned && a.service == "s3" {
		payloadHash = "UNSIGNED-PAYLOAD" // S3's presigned URLs never sign the payload
	}
	if payloadHash != "UNSIGNED-PAYLOAD" {
		sum := sha256.Sum256(body)
		payloadHash = hex.EncodeToString(sum[:])
	}
	rawPath, rawQuery, _ := strings.Cut(r.RequestURI, "?")
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil && u.IsAbs() {
		rawPath, rawQuery = u.EscapedPath(), u.RawQuery
	}
	if rawPath == "" {
		rawPath = "/"
	}
	var cr strings.Builder
	cr.WriteString(r.Method + "\n")
	canonicalPath := uriEncode(rawPath, false) // the escaped path, escaped once more (SigV4)
	if a.service == "s3" {
		// S3 signs the path as sent: each byte of the decoded path escaped once
		if p, err := url.PathUnescape(rawPath); err == nil {
			canonicalPath = uriEncode(p, false)
		}
	}
	cr.WriteString(canonicalPath + "\n")
	cr.WriteString(canonicalQuery(rawQuery, presigned) + "\n")
	for _, name := range a.signedHeaders {
		cr.WriteString(name + ":" + headerValue(r, name) + "\n")
	}
	cr.WriteString("\n" + strings.Join(a.signedHeaders, ";") + "\n")
	cr.WriteString(payloadHash)
	crHash := sha256.Sum256([]byte(cr.String()))
	sts := sigv4Algorithm + "\n" + amzDate + "\n" + a.scope + "\n" + hex.EncodeToString(crHash[:])

	key := hmacSHA256([]byte("AWS4"+secret), a.date)
	key = hmacSHA256(key, a.region)
	key = hmacSHA256(key, a.service)
	key = hmacSHA256(key, "aws4_request")
	return hex.EncodeToString(hmacSHA256(key, sts))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func headerValue(r *http.Request, name string) string {
	var vals []string
	switch name {
	case "host":
		vals = []string{r.Host}
	case "content-length":
		vals = r.Header.Values("Content-Length")
		if len(vals) == 0 && r.ContentLength >= 0 {
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		vals = r.Header.Values(name)
	}
	for i, v := range vals {
		vals[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(vals, ",")
}

// uriEncode is SigV4's URI encoding: unreserved characters stay, everything
// else is %XX (upper case); '/' stays unless encodeSlash.
func uriEncode(s string, encodeSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

func canonicalQuery(raw string, presigned bool) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var pairs []kv
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, kv{uriEncode(k, true), uriEncode(v, true)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.k + "=" + p.v
	}
	return strings.Join(out, "&")
}
