package invoke

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// execLog is an execution log in API Gateway's style, as TestInvokeMethod
// returns it and as CloudWatch execution logging writes it. A nil *execLog
// records nothing (the common, fast case).
type execLog struct {
	b strings.Builder
}

// javaDate is java.util.Date.toString() in UTC, which AWS's log lines use.
const javaDate = "Mon Jan 02 15:04:05 MST 2006"

func newExecLog(requestID string) *execLog {
	l := &execLog{}
	l.b.WriteString("Execution log for request ")
	l.b.WriteString(requestID)
	l.b.WriteByte('\n')
	return l
}

func (l *execLog) printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.b.WriteString(time.Now().UTC().Format(javaDate))
	l.b.WriteString(" : ")
	fmt.Fprintf(&l.b, format, args...)
	l.b.WriteByte('\n')
}

func (l *execLog) String() string {
	if l == nil {
		return ""
	}
	return l.b.String()
}

// javaMap formats a map as Java's AbstractMap.toString does: {a=1, b=2}.
func javaMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// javaHeaders formats headers as AWS's log does (first value of each, names as sent).
func javaHeaders(h http.Header) string {
	m := make(map[string]string, len(h))
	for k, vs := range h {
		m[k] = strings.Join(vs, ",")
	}
	return javaMap(m)
}

func javaQuery(q map[string][]string) string {
	m := make(map[string]string, len(q))
	for k, vs := range q {
		m[k] = strings.Join(vs, ",")
	}
	return javaMap(m)
}

// truncateBody is how AWS logs bodies: the first 1000 bytes then "[TRUNCATED]".
func truncateBody(b []byte) string {
	if len(b) > 1000 {
		return string(b[:1000]) + " [TRUNCATED]"
	}
	return string(b)
}
