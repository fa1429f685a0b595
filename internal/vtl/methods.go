package vtl

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// javaException is an exception thrown by a Java method: rendering fails.
type javaException struct {
	class, msg string
	method     string
}

func (e *javaException) Error() string {
	return fmt.Sprintf("invocation of method '%s' threw %s: %s", e.method, e.class, e.msg)
}

func throw(method, class, format string, a ...any) error {
	return &javaException{class: "java.lang." + class, msg: fmt.Sprintf(format, a...), method: method}
}

// getProperty resolves $v.name as Velocity 1.7's introspector does: getName()
// / getname(), Map.get("name"), get("name"), isName().
func getProperty(v any, name string) (any, bool, error) {
	if name == "" {
		return nil, false, nil
	}
	if m, ok := v.(*Map); ok {
		// LinkedHashMap has no no-arg getters templates can reach besides
		// getClass (unsupported), so Map.get is what Velocity ends up using
		res, _ := m.Get(name)
		return res, true, nil
	}
	capName := strings.ToUpper(name[:1]) + name[1:]
	if res, ok, err := callMethod(v, "get"+capName, nil); ok || err != nil {
		return res, ok, err
	}
	switch x := v.(type) {
	case *Map:
		res, _ := x.Get(name)
		return res, true, nil
	case Object:
		if res, ok, err := x.GetProperty(name); ok || err != nil {
			return res, ok, err
		}
	}
	if res, ok, err := callMethod(v, "is"+capName, nil); ok || err != nil {
		if _, isBool := res.(bool); isBool || err != nil {
			return res, ok, err
		}
	}
	return nil, false, nil
}

// index resolves $v[ix].
func index(v any, ix any) (any, bool, error) {
	switch x := v.(type) {
	case *List:
		i, ok := ix.(int32)
		if !ok {
			return nil, false, nil
		}
		if i < 0 {
			i += int32(len(x.Items))
		}
		if i < 0 || int(i) >= len(x.Items) {
			return nil, false, throw("get", "IndexOutOfBoundsException", "Index %d out of bounds for length %d", i, len(x.Items))
		}
		return x.Items[i], true, nil
	case *Map:
		res, _ := x.Get(ix)
		return res, true, nil
	case Object:
		return x.CallMethod("get", []any{ix})
	}
	return nil, false, nil
}

func argInt(a any) (int, bool) {
	switch x := a.(type) {
	case int32:
		return int(x), true
	case javaChar:
		return int(x), true
	}
	return 0, false
}

func argStr(a any) (string, bool) {
	s, ok := a.(string)
	return s, ok
}

// callMethod invokes a Java method on a template value.
func callMethod(v any, name string, args []any) (any, bool, error) {
	if name == "getClass" && len(args) == 0 {
		if c := classOf(v); c != "" {
			return c, true, nil
		}
	}
	switch x := v.(type) {
	case string:
		return stringMethod(x, name, args)
	case *List:
		return listMethod(x, name, args)
	case *Map:
		return mapMethod(x, name, args)
	case *Entry:
		switch {
		case name == "getKey" && len(args) == 0:
			return x.Key, true, nil
		case name == "getValue" && len(args) == 0:
			return x.Value, true, nil
		case name == "setValue" && len(args) == 1:
			old := x.Value
			x.Value = args[0]
			return old, true, nil
		}
	case int32, int64, float64, *big.Int, *bigDecimal:
		return numberMethod(x, name, args)
	case bool:
		switch {
		case name == "booleanValue" && len(args) == 0:
			return x, true, nil
		case name == "hashCode" && len(args) == 0:
			return javaHashCode(x)
		case name == "toString" && len(args) == 0:
			return strconv.FormatBool(x), true, nil
		}
	case javaChar:
		switch {
		case name == "charValue" && len(args) == 0:
			return x, true, nil
		case name == "toString" && len(args) == 0:
			return string(rune(x)), true, nil
		}
	case Object:
		return x.CallMethod(name, args)
	case javaClass:
		switch {
		case name == "getName" && len(args) == 0:
			return string(x), true, nil
		case name == "getSimpleName" && len(args) == 0:
			return string(x)[strings.LastIndexByte(string(x), '.')+1:], true, nil
		}
	}
	if v == nil {
		return nil, false, nil
	}
	// methods of java.lang.Object
	switch {
	case name == "hashCode" && len(args) == 0:
		return javaHashCode(v)
	case name == "equals" && len(args) == 1:
		return javaEquals(v, args[0]), true, nil
	case name == "toString" && len(args) == 0:
		s, err := javaString(v, 0)
		return s, err == nil, err
	}
	return nil, false, nil
}

// javaClass is a java.lang.Class, from getClass() ($x.class). Only the
// classes of scalar values are known: which collection and JSON classes
// AWS's objects have is not recorded anywhere.
type javaClass string

func (c javaClass) String() string { return "class " + string(c) }

func classOf(v any) javaClass {
	switch v.(type) {
	case string:
		return "java.lang.String"
	case int32:
		return "java.lang.Integer"
	case int64:
		return "java.lang.Long"
	case float64:
		return "java.lang.Double"
	case *big.Int:
		return "java.math.BigInteger"
	case *bigDecimal:
		return "java.math.BigDecimal"
	case bool:
		return "java.lang.Boolean"
	case javaChar:
		return "java.lang.Character"
	}
	return ""
}

func numberMethod(x any, name string, args []any) (any, bool, error) {
	if len(args) == 0 {
		switch name {
		case "toString":
			s, _ := javaString(x, 0)
			return s, true, nil
		case "intValue":
			return toIntValue(x), true, nil
		case "longValue":
			return toLong(x), true, nil
		case "doubleValue":
			return toFloat(x), true, nil
		case "hashCode":
			return javaHashCode(x)
		case "isNaN":
			if f, ok := x.(float64); ok {
				return math.IsNaN(f), true, nil
			}
		case "isInfinite":
			if f, ok := x.(float64); ok {
				return math.IsInf(f, 0), true, nil
			}
		case "signum", "abs", "negate":
			var u *big.Int
			switch b := x.(type) {
			case *big.Int:
				u = b
			case *bigDecimal:
				u = b.unscaled
			default:
				return nil, false, nil
			}
			if name == "signum" {
				return int32(u.Sign()), true, nil
			}
			r := new(big.Int).Abs(u)
			if name == "negate" {
				r.Neg(u)
			}
			if d, ok := x.(*bigDecimal); ok {
				return &bigDecimal{unscaled: r, scale: d.scale}, true, nil
			}
			return r, true, nil
		}
	}
	if len(args) == 1 {
		switch name {
		case "equals":
			return javaEquals(x, args[0]), true, nil
		case "compareTo":
			if sameNumType(x, args[0]) {
				return int32(compareNum(x, args[0])), true, nil
			}
			if args[0] != nil {
				// the Comparable bridge method casts its argument
				return nil, false, throw(name, "ClassCastException", "%s cannot be cast to %s", classOf(args[0]), classOf(x))
			}
		}
	}
	return nil, false, nil
}

func sameNumType(a, b any) bool {
	switch a.(type) {
	case int32:
		_, ok := b.(int32)
		return ok
	case int64:
		_, ok := b.(int64)
		return ok
	case float64:
		_, ok := b.(float64)
		return ok
	case *big.Int:
		_, ok := b.(*big.Int)
		return ok
	case *bigDecimal:
		_, ok := b.(*bigDecimal)
		return ok
	}
	return false
}

func javaD2L(f float64, lo, hi int64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f <= float64(lo):
		return lo
	case f >= float64(hi):
		return hi
	}
	return int64(f)
}

// maxCollection bounds list growth through addAll (a doubling loop would
// otherwise exhaust memory long before any loop limit).
const maxCollection = 1 << 20

// --------------------------------------------------------------- strings

// jstr is a Java string view: UTF-16 code units when non-ASCII.
type jstr struct {
	s     string
	u     []uint16
	ascii bool
}

func newJstr(s string) jstr {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return jstr{s: s, u: utf16.Encode([]rune(s))}
		}
	}
	return jstr{s: s, ascii: true}
}

func (j jstr) len() int {
	if j.ascii {
		return len(j.s)
	}
	return len(j.u)
}

func (j jstr) sub(a, b int) string {
	if j.ascii {
		return j.s[a:b]
	}
	return string(utf16.Decode(j.u[a:b]))
}

func (j jstr) at(i int) javaChar {
	if j.ascii {
		return javaChar(j.s[i])
	}
	return javaChar(j.u[i])
}

// indexOf finds needle at or after from, in UTF-16 units.
func (j jstr) indexOf(needle string, from int) int {
	if from < 0 {
		from = 0
	}
	if from > j.len() {
		if needle == "" {
			return j.len()
		}
		return -1
	}
	n := newJstr(needle)
	if j.ascii && n.ascii {
		i := strings.Index(j.s[from:], needle)
		if i < 0 {
			return -1
		}
		return i + from
	}
	nu := n.units()
	ju := j.units()
	for i := from; i+len(nu) <= len(ju); i++ {
		if equalU16(ju[i:i+len(nu)], nu) {
			return i
		}
	}
	return -1
}

func (j jstr) lastIndexOf(needle string, from int) int {
	nu := newJstr(needle).units()
	ju := j.units()
	if from > len(ju)-len(nu) {
		from = len(ju) - len(nu)
	}
	for i := from; i >= 0; i-- {
		if equalU16(ju[i:i+len(nu)], nu) {
			return i
		}
	}
	return -1
}

func (j jstr) units() []uint16 {
	if j.ascii {
		u := make([]uint16, len(j.s))
		for i := 0; i < len(j.s); i++ {
			u[i] = uint16(j.s[i])
		}
		return u
	}
	return j.u
}

func equalU16(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func charString(c javaChar) string { return string(utf16.Decode([]uint16{uint16(c)})) }

func stringMethod(s string, name string, args []any) (any, bool, error) {
	n := len(args)
	switch name {
	case "length":
		if n == 0 {
			return int32(newJstr(s).len()), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return s == "", true, nil
		}
	case "toString", "intern":
		if n == 0 {
			return s, true, nil
		}
	case "toLowerCase":
		if n == 0 {
			return strings.ToLower(s), true, nil
		}
	case "toUpperCase":
		if n == 0 {
			return strings.ToUpper(s), true, nil
		}
	case "trim":
		if n == 0 {
			return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' }), true, nil
		}
	case "hashCode":
		if n == 0 {
			var h int32
			for _, u := range newJstr(s).units() {
				h = 31*h + int32(u)
			}
			return h, true, nil
		}
	case "charAt":
		if n == 1 {
			i, ok := argInt(args[0])
			if !ok {
				break
			}
			j := newJstr(s)
			if i < 0 || i >= j.len() {
				return nil, false, throw(name, "StringIndexOutOfBoundsException", "index %d, length %d", i, j.len())
			}
			return j.at(i), true, nil
		}
	case "equals":
		if n == 1 {
			return javaEquals(s, args[0]), true, nil
		}
	case "equalsIgnoreCase":
		if n == 1 {
			o, ok := args[0].(string)
			return ok && strings.EqualFold(s, o), true, nil
		}
	case "contains":
		if n == 1 {
			if o, ok := argStr(args[0]); ok {
				return strings.Contains(s, o), true, nil
			}
		}
	case "startsWith":
		if o, ok := argStrAt(args, 0); ok {
			if n == 1 {
				return strings.HasPrefix(s, o), true, nil
			}
			if off, ok := argIntAt(args, 1); ok && n == 2 {
				j := newJstr(s)
				if off < 0 || off > j.len() {
					return false, true, nil
				}
				return strings.HasPrefix(j.sub(off, j.len()), o), true, nil
			}
		}
	case "endsWith":
		if o, ok := argStrAt(args, 0); ok && n == 1 {
			return strings.HasSuffix(s, o), true, nil
		}
	case "concat":
		if o, ok := argStrAt(args, 0); ok && n == 1 {
			return s + o, true, nil
		}
	case "indexOf", "lastIndexOf":
		if n < 1 || n > 2 {
			break
		}
		var needle string
		switch a := args[0].(type) {
		case string:
			needle = a
		case javaChar:
			needle = charString(a)
		case int32:
			if a < 0 || a > 0x10FFFF {
				return int32(-1), true, nil
			}
			needle = string([]rune{a})
		default:
			return nil, false, nil
		}
		j := newJstr(s)
		from := 0
		if name == "lastIndexOf" {
			from = j.len()
		}
		if n == 2 {
			f, ok := argInt(args[1])
			if !ok {
				break
			}
			from = f
		}
		if name == "indexOf" {
			return int32(j.indexOf(needle, from)), true, nil
		}
		if from < 0 {
			return int32(-1), true, nil
		}
		return int32(j.lastIndexOf(needle, from)), true, nil
	case "substring", "subSequence":
		j := newJstr(s)
		a, ok := argIntAt(args, 0)
		if !ok || n > 2 || (name == "subSequence" && n != 2) {
			break
		}
		b := j.len()
		if n == 2 {
			if b, ok = argIntAt(args, 1); !ok {
				break
			}
		}
		if a < 0 || b > j.len() || a > b {
			return nil, false, throw(name, "StringIndexOutOfBoundsException", "begin %d, end %d, length %d", a, b, j.len())
		}
		return j.sub(a, b), true, nil
	case "replace":
		if n != 2 {
			break
		}
		if a, ok := args[0].(javaChar); ok {
			if b, ok := args[1].(javaChar); ok {
				return strings.ReplaceAll(s, charString(a), charString(b)), true, nil
			}
		}
		a, ok1 := argStr(args[0])
		b, ok2 := argStr(args[1])
		if ok1 && ok2 {
			if a == "" {
				// Java inserts the replacement around every char
				j := newJstr(s)
				if (j.len()+1)*len(b) > maxCollection*16 {
					return nil, false, throw(name, "OutOfMemoryError", "result too large")
				}
				var sb strings.Builder
				sb.WriteString(b)
				for i := 0; i < j.len(); i++ {
					sb.WriteString(j.sub(i, i+1))
					sb.WriteString(b)
				}
				return sb.String(), true, nil
			}
			return strings.ReplaceAll(s, a, b), true, nil
		}
	case "replaceAll", "replaceFirst":
		if n != 2 {
			break
		}
		pat, ok1 := argStr(args[0])
		rep, ok2 := argStr(args[1])
		if !ok1 || !ok2 {
			break
		}
		re, err := compileJavaRegex(pat)
		if err != nil {
			return nil, false, throw(name, "util.regex.PatternSyntaxException", "%v", err)
		}
		tmpl, err := javaReplacement(rep)
		if err != nil {
			return nil, false, throw(name, "IllegalArgumentException", "%v", err)
		}
		if name == "replaceAll" {
			return re.ReplaceAllString(s, tmpl), true, nil
		}
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return s, true, nil
		}
		var dst []byte
		dst = re.ExpandString(dst, tmpl, s, loc)
		return s[:loc[0]] + string(dst) + s[loc[1]:], true, nil
	case "matches":
		if pat, ok := argStrAt(args, 0); ok && n == 1 {
			re, err := compileJavaRegex("^(?:" + pat + ")$")
			if err != nil {
				return nil, false, throw(name, "util.regex.PatternSyntaxException", "%v", err)
			}
			return re.MatchString(s), true, nil
		}
	case "split":
		pat, ok := argStrAt(args, 0)
		if !ok || n > 2 {
			break
		}
		limit := 0
		if n == 2 {
			if limit, ok = argIntAt(args, 1); !ok {
				break
			}
		}
		parts, err := javaSplit(s, pat, limit)
		if err != nil {
			return nil, false, throw(name, "util.regex.PatternSyntaxException", "%v", err)
		}
		l := &List{Items: make([]any, len(parts)), array: true}
		for i, p := range parts {
			l.Items[i] = p
		}
		return l, true, nil
	case "compareTo", "compareToIgnoreCase":
		if o, ok := argStrAt(args, 0); ok && n == 1 {
			a, b := s, o
			if name == "compareToIgnoreCase" {
				a, b = strings.ToLower(strings.ToUpper(a)), strings.ToLower(strings.ToUpper(b))
			}
			au, bu := newJstr(a).units(), newJstr(b).units()
			for i := 0; i < len(au) && i < len(bu); i++ {
				if au[i] != bu[i] {
					return int32(au[i]) - int32(bu[i]), true, nil
				}
			}
			return int32(len(au) - len(bu)), true, nil
		}
	}
	return nil, false, nil
}

//nolint:unparam // the index names which argument; every method so far reads the first
func argStrAt(args []any, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	return argStr(args[i])
}

func argIntAt(args []any, i int) (int, bool) {
	if i >= len(args) {
		return 0, false
	}
	return argInt(args[i])
}

var regexCache sync.Map

// compileJavaRegex compiles a java.util.regex pattern with Go's RE2 (the
// common subset; possessive quantifiers, lookaround and backreferences are
// not supported).
func compileJavaRegex(p string) (*regexp.Regexp, error) {
	if re, ok := regexCache.Load(p); ok {
		if re, ok := re.(*regexp.Regexp); ok {
			return re, nil
		}
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	regexCache.Store(p, re)
	return re, nil
}

// javaReplacement converts a Java replacement string ($1, \$) into Go's
// Expand template syntax.
func javaReplacement(r string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch c {
		case '\\':
			i++
			if i >= len(r) {
				return "", fmt.Errorf("character to be escaped is missing")
			}
			if r[i] == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(r[i])
			}
		case '$':
			i++
			if i >= len(r) {
				return "", fmt.Errorf("illegal group reference: group index is missing")
			}
			if r[i] == '{' {
				e := strings.IndexByte(r[i:], '}')
				if e < 0 {
					return "", fmt.Errorf("named capturing group is missing trailing '}'")
				}
				b.WriteString("${" + r[i+1:i+e] + "}")
				i += e
				continue
			}
			if r[i] < '0' || r[i] > '9' {
				return "", fmt.Errorf("illegal group reference")
			}
			b.WriteString("${" + string(r[i]) + "}")
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// javaSplit implements String.split(regex, limit).
func javaSplit(s, pat string, limit int) ([]string, error) {
	var idx [][]int
	if len(pat) == 1 && !strings.ContainsAny(pat, ".$|()[{^?*+\\") {
		// fast path like Java's
		var out []string
		rest := s
		for {
			if limit > 0 && len(out) == limit-1 {
				out = append(out, rest)
				break
			}
			i := strings.Index(rest, pat)
			if i < 0 {
				out = append(out, rest)
				break
			}
			out = append(out, rest[:i])
			rest = rest[i+1:]
		}
		return trimSplit(s, out, limit), nil
	}
	re, err := compileJavaRegex(pat)
	if err != nil {
		return nil, err
	}
	idx = re.FindAllStringIndex(s, -1)
	var out []string
	last := 0
	for _, m := range idx {
		if limit > 0 && len(out) == limit-1 {
			break
		}
		if m[1] == 0 { // zero-width match at the start never yields a leading empty string
			continue
		}
		if m[0] == m[1] && m[0] == len(s) {
			continue
		}
		out = append(out, s[last:m[0]])
		last = m[1]
	}
	out = append(out, s[last:])
	return trimSplit(s, out, limit), nil
}

func trimSplit(s string, out []string, limit int) []string {
	if s == "" {
		return []string{""}
	}
	if limit == 0 {
		for len(out) > 0 && out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
	}
	return out
}

// ----------------------------------------------------------------- lists

func listMethod(l *List, name string, args []any) (any, bool, error) {
	n := len(args)
	switch name {
	case "size":
		if n == 0 {
			return int32(len(l.Items)), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return len(l.Items) == 0, true, nil
		}
	case "get":
		if n == 1 {
			i, ok := args[0].(int32)
			if !ok {
				break
			}
			if i < 0 || int(i) >= len(l.Items) {
				return nil, false, throw(name, "IndexOutOfBoundsException", "Index %d out of bounds for length %d", i, len(l.Items))
			}
			return l.Items[i], true, nil
		}
	case "contains":
		if n == 1 {
			return listIndex(l.Items, args[0]) >= 0, true, nil
		}
	case "indexOf":
		if n == 1 {
			return int32(listIndex(l.Items, args[0])), true, nil
		}
	case "lastIndexOf":
		if n == 1 {
			for i := len(l.Items) - 1; i >= 0; i-- {
				if javaEquals(l.Items[i], args[0]) {
					return int32(i), true, nil
				}
			}
			return int32(-1), true, nil
		}
	case "add":
		if l.array {
			return nil, false, throw(name, "UnsupportedOperationException", "")
		}
		if n == 1 {
			l.Items = append(l.Items, args[0])
			return true, true, nil
		}
		if n == 2 {
			i, ok := args[0].(int32)
			if !ok {
				break
			}
			if i < 0 || int(i) > len(l.Items) {
				return nil, false, throw(name, "IndexOutOfBoundsException", "Index: %d, Size: %d", i, len(l.Items))
			}
			l.Items = append(l.Items, nil)
			copy(l.Items[i+1:], l.Items[i:])
			l.Items[i] = args[1]
			return nil, true, nil
		}
	case "set":
		if n == 2 {
			i, ok := args[0].(int32)
			if !ok {
				break
			}
			if i < 0 || int(i) >= len(l.Items) {
				return nil, false, throw(name, "IndexOutOfBoundsException", "Index %d out of bounds for length %d", i, len(l.Items))
			}
			old := l.Items[i]
			l.Items[i] = args[1]
			return old, true, nil
		}
	case "remove":
		if l.array {
			return nil, false, throw(name, "UnsupportedOperationException", "")
		}
		if n == 1 {
			if i, ok := args[0].(int32); ok {
				if i < 0 || int(i) >= len(l.Items) {
					return nil, false, throw(name, "IndexOutOfBoundsException", "Index %d out of bounds for length %d", i, len(l.Items))
				}
				old := l.Items[i]
				l.Items = append(l.Items[:i], l.Items[i+1:]...)
				return old, true, nil
			}
			i := listIndex(l.Items, args[0])
			if i < 0 {
				return false, true, nil
			}
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
			return true, true, nil
		}
	case "addAll":
		if n == 1 {
			if o, ok := args[0].(*List); ok && !l.array {
				if len(l.Items)+len(o.Items) > maxCollection {
					return nil, false, throw(name, "OutOfMemoryError", "list larger than %d elements", maxCollection)
				}
				l.Items = append(l.Items, o.Items...)
				return len(o.Items) > 0, true, nil
			}
		}
	case "clear":
		if n == 0 && !l.array {
			l.Items = l.Items[:0]
			return nil, true, nil
		}
	case "subList":
		if n == 2 {
			a, ok1 := args[0].(int32)
			b, ok2 := args[1].(int32)
			if !ok1 || !ok2 {
				break
			}
			if a < 0 || int(b) > len(l.Items) || a > b {
				return nil, false, throw(name, "IndexOutOfBoundsException", "fromIndex: %d, toIndex: %d, size: %d", a, b, len(l.Items))
			}
			return &List{Items: append([]any(nil), l.Items[a:b]...)}, true, nil
		}
	case "equals":
		if n == 1 {
			return javaEquals(l, args[0]), true, nil
		}
	case "hashCode":
		if n == 0 && !l.array {
			return javaHashCode(l)
		}
	case "toString":
		if n == 0 && !l.array {
			s, err := javaString(l, 0)
			return s, err == nil, err
		}
	}
	return nil, false, nil
}

func listIndex(items []any, v any) int {
	for i, it := range items {
		if javaEquals(it, v) {
			return i
		}
	}
	return -1
}

// ------------------------------------------------------------------ maps

func mapMethod(m *Map, name string, args []any) (any, bool, error) {
	n := len(args)
	switch name {
	case "get":
		if n == 1 {
			v, _ := m.Get(args[0])
			return v, true, nil
		}
	case "getOrDefault":
		if n == 2 {
			if v, ok := m.Get(args[0]); ok {
				return v, true, nil
			}
			return args[1], true, nil
		}
	case "put":
		if n == 2 {
			return m.Set(args[0], args[1]), true, nil
		}
	case "putAll":
		if n == 1 {
			if o, ok := args[0].(*Map); ok {
				for i, k := range o.keys {
					m.Set(k, o.vals[i])
				}
				return nil, true, nil
			}
		}
	case "remove":
		if n == 1 {
			return m.Delete(args[0]), true, nil
		}
	case "containsKey":
		if n == 1 {
			_, ok := m.Get(args[0])
			return ok, true, nil
		}
	case "containsValue":
		if n == 1 {
			return listIndex(m.vals, args[0]) >= 0, true, nil
		}
	case "keySet":
		if n == 0 {
			return &List{Items: append([]any(nil), m.keys...), set: true}, true, nil
		}
	case "values":
		if n == 0 {
			return &List{Items: append([]any(nil), m.vals...), coll: true}, true, nil
		}
	case "entrySet":
		if n == 0 {
			l := &List{Items: make([]any, len(m.keys)), set: true}
			for i := range m.keys {
				l.Items[i] = &Entry{Key: m.keys[i], Value: m.vals[i]}
			}
			return l, true, nil
		}
	case "size":
		if n == 0 {
			return int32(m.Len()), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return m.Len() == 0, true, nil
		}
	case "clear":
		if n == 0 {
			*m = *NewMap()
			return nil, true, nil
		}
	case "equals":
		if n == 1 {
			return javaEquals(m, args[0]), true, nil
		}
	case "hashCode":
		if n == 0 {
			return javaHashCode(m)
		}
	case "toString":
		if n == 0 {
			s, err := javaString(m, 0)
			return s, err == nil, err
		}
	}
	return nil, false, nil
}
