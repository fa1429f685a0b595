package vtl

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Map is an insertion-ordered map, the template-side equivalent of Java's
// LinkedHashMap. Keys are compared with Java equals semantics.
type Map struct {
	keys  []any
	vals  []any
	index map[mapKey]int
}

type mapKey struct {
	kind byte
	s    string
}

func keyOf(k any) mapKey {
	switch v := k.(type) {
	case string:
		return mapKey{'s', v}
	case int32:
		return mapKey{'i', strconv.FormatInt(int64(v), 10)}
	case int64:
		return mapKey{'l', strconv.FormatInt(v, 10)}
	case float64:
		return mapKey{'d', strconv.FormatFloat(v, 'g', -1, 64)}
	case *big.Int:
		return mapKey{'B', v.String()}
	case *bigDecimal:
		return mapKey{'D', v.unscaled.String() + "e" + strconv.Itoa(v.scale)}
	case bool:
		return mapKey{'b', strconv.FormatBool(v)}
	case nil:
		return mapKey{'n', ""}
	default:
		return mapKey{'o', strconv.FormatUint(uint64(ptrID(v)), 16)}
	}
}

// NewMap returns an empty ordered map.
func NewMap() *Map { return &Map{index: map[mapKey]int{}} }

// Len returns the number of entries.
func (m *Map) Len() int { return len(m.keys) }

// Get returns the value stored under k.
func (m *Map) Get(k any) (any, bool) {
	i, ok := m.index[keyOf(normalize(k))]
	if !ok {
		return nil, false
	}
	return m.vals[i], true
}

// Set stores v under k, keeping the position of an existing key, and returns
// the previous value (nil if none).
func (m *Map) Set(k, v any) any {
	k = normalize(k)
	v = normalize(v)
	mk := keyOf(k)
	if i, ok := m.index[mk]; ok {
		old := m.vals[i]
		m.vals[i] = v
		return old
	}
	m.index[mk] = len(m.keys)
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	return nil
}

// Delete removes k and returns the value it had.
func (m *Map) Delete(k any) any {
	mk := keyOf(normalize(k))
	i, ok := m.index[mk]
	if !ok {
		return nil
	}
	old := m.vals[i]
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	delete(m.index, mk)
	for j := i; j < len(m.keys); j++ {
		m.index[keyOf(m.keys[j])] = j
	}
	return old
}

// Keys returns the keys in insertion order.
func (m *Map) Keys() []any { return m.keys }

// Values returns the values in insertion order.
func (m *Map) Values() []any { return m.vals }

// List is a mutable list, the equivalent of Java's ArrayList.
type List struct {
	Items []any
	array bool // a Java array (String.split); printed as Java prints arrays
	set   bool // a Set view (keySet, entrySet): hashed as a Set
	json  bool // from $input.path: printed as compact JSON, as AWS prints it
	coll  bool // the values() view: a plain Collection, identity hash
}

// NewList returns a list holding items (normalized).
func NewList(items ...any) *List {
	l := &List{Items: make([]any, len(items))}
	for i, it := range items {
		l.Items[i] = normalize(it)
	}
	return l
}

// Entry is a Map.Entry from entrySet().
type Entry struct {
	Key, Value any
}

// javaChar is a Java char (from String.charAt).
type javaChar uint16

// Object is implemented by values that expose Java-like methods and
// properties to templates ($input, $util, ...). ok=false means no such
// method/property (rendered as an invalid reference: empty text).
type Object interface {
	CallMethod(name string, args []any) (result any, ok bool, err error)
	GetProperty(name string) (result any, ok bool, err error)
}

// normalize converts Go values into the engine's value model.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int32, int64, float64, *big.Int, *bigDecimal, *Map, *List, *Entry, javaChar, Object, macroRef:
		return v
	case int:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return int32(x)
		}
		return int64(x)
	case int8:
		return int32(x)
	case int16:
		return int32(x)
	case uint8:
		return int32(x)
	case uint16:
		return int32(x)
	case uint32:
		return int64(x)
	case uint:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return float64(x)
	case []any:
		l := &List{Items: make([]any, len(x))}
		for i, it := range x {
			l.Items[i] = normalize(it)
		}
		return l
	case []string:
		l := &List{Items: make([]any, len(x))}
		for i, it := range x {
			l.Items[i] = it
		}
		return l
	case map[string]any:
		m := NewMap()
		ks := make([]string, 0, len(x))
		for k := range x {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			m.Set(k, x[k])
		}
		return m
	case map[string]string:
		m := NewMap()
		ks := make([]string, 0, len(x))
		for k := range x {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			m.Set(k, x[k])
		}
		return m
	}
	return v
}

// ---------------------------------------------------------------- printing

// javaString renders v the way Java's String.valueOf does (null -> "null").
func javaString(v any, depth int) (string, error) {
	var b strings.Builder
	if err := writeJava(&b, v, depth); err != nil {
		return "", err
	}
	return b.String(), nil
}

const maxPrintDepth = 200

func writeJava(b *strings.Builder, v any, depth int) error {
	if depth > maxPrintDepth {
		return &RenderError{Msg: "value nested too deeply to print (cyclic list or map?)"}
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(formatDouble(x))
	case *big.Int:
		b.WriteString(x.String())
	case javaChar:
		b.WriteString(string(rune(x)))
	case *List:
		if x.json {
			// AWS prints the arrays $input.path returns as JSON, maps and
			// all, inside Java-style map output: {a=1, b=[{"c":5}]}
			// (LocalStack's test_input_path_template_formatting recording)
			return writeJSON(b, x, depth)
		}
		b.WriteByte('[')
		for i, it := range x.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if it == v {
				b.WriteString("(this Collection)")
				continue
			}
			if err := writeJava(b, it, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case *Map:
		b.WriteByte('{')
		for i := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if x.keys[i] == v {
				b.WriteString("(this Map)")
			} else if err := writeJava(b, x.keys[i], depth+1); err != nil {
				return err
			}
			b.WriteByte('=')
			if x.vals[i] == v {
				b.WriteString("(this Map)")
			} else if err := writeJava(b, x.vals[i], depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case *Entry:
		if err := writeJava(b, x.Key, depth+1); err != nil {
			return err
		}
		b.WriteByte('=')
		return writeJava(b, x.Value, depth+1)
	case interface{ String() string }:
		b.WriteString(x.String())
	default:
		b.WriteString("")
	}
	return nil
}

// formatDouble prints a float64 the way Java's Double.toString does
// (shortest representation that round-trips).
func formatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	a := math.Abs(f)
	if a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde+XX
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// truthy is Velocity 1.7's condition test: only null and false are false.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	}
	return true
}

// javaHashCode is Object.hashCode for the values whose hash Java defines
// by value (strings, boxed numbers and booleans, collections); ok is false
// for identity hashes, which no template can rely on.
func javaHashCode(v any) (any, bool, error) {
	h, ok := hashOf(v, 0)
	if !ok {
		return nil, false, nil
	}
	return h, true, nil
}

func hashOf(v any, depth int) (int32, bool) {
	if depth > maxPrintDepth {
		return 0, false
	}
	switch x := v.(type) {
	case nil:
		return 0, true
	case string:
		var h int32
		for _, u := range newJstr(x).units() {
			h = 31*h + int32(u)
		}
		return h, true
	case bool:
		if x {
			return 1231, true
		}
		return 1237, true
	case int32:
		return x, true
	case int64:
		return int32(x ^ int64(uint64(x)>>32)), true
	case float64:
		b := math.Float64bits(x)
		if math.IsNaN(x) {
			b = 0x7ff8000000000000
		}
		return int32(int64(b ^ (b >> 32))), true
	case javaChar:
		return int32(x), true
	case *big.Int:
		return bigIntHash(x), true
	case *bigDecimal:
		return 31*bigIntHash(x.unscaled) + int32(x.scale), true
	case *List:
		if x.array || x.coll {
			return 0, false
		}
		if x.set {
			var h int32
			for _, it := range x.Items {
				eh, ok := hashOf(it, depth+1)
				if !ok {
					return 0, false
				}
				h += eh
			}
			return h, true
		}
		h := int32(1)
		for _, it := range x.Items {
			eh, ok := hashOf(it, depth+1)
			if !ok {
				return 0, false
			}
			h = 31*h + eh
		}
		return h, true
	case *Map:
		var h int32
		for i, k := range x.keys {
			kh, ok1 := hashOf(k, depth+1)
			vh, ok2 := hashOf(x.vals[i], depth+1)
			if !ok1 || !ok2 {
				return 0, false
			}
			h += kh ^ vh
		}
		return h, true
	case *Entry:
		kh, ok1 := hashOf(x.Key, depth+1)
		vh, ok2 := hashOf(x.Value, depth+1)
		return kh ^ vh, ok1 && ok2
	}
	return 0, false
}

// bigIntHash is BigInteger.hashCode: the magnitude's 32-bit words, most
// significant first, hashed by 31, times the sign.
func bigIntHash(x *big.Int) int32 {
	b := new(big.Int).Abs(x).Bytes()
	for len(b)%4 != 0 {
		b = append([]byte{0}, b...)
	}
	var h int32
	for i := 0; i < len(b); i += 4 {
		w := uint32(b[i])<<24 | uint32(b[i+1])<<16 | uint32(b[i+2])<<8 | uint32(b[i+3])
		h = 31*h + int32(w)
	}
	return h * int32(x.Sign())
}

// javaEquals is Object.equals between two values of the engine.
func javaEquals(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int32:
		y, ok := b.(int32)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (math.IsNaN(x) && math.IsNaN(y)))
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && x.Cmp(y) == 0
	case *bigDecimal:
		y, ok := b.(*bigDecimal)
		return ok && x.scale == y.scale && x.unscaled.Cmp(y.unscaled) == 0
	case javaChar:
		y, ok := b.(javaChar)
		return ok && x == y
	case *List:
		y, ok := b.(*List)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		if len(x.Items) != len(y.Items) || x.array || y.array {
			return false
		}
		for i := range x.Items {
			if !javaEquals(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *Map:
		y, ok := b.(*Map)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		if x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			v, ok := y.Get(k)
			if !ok || !javaEquals(x.vals[i], v) {
				return false
			}
		}
		return true
	case *Entry:
		y, ok := b.(*Entry)
		return ok && javaEquals(x.Key, y.Key) && javaEquals(x.Value, y.Value)
	}
	return a == b
}
