package vtl

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/theory/jsonpath"
	"github.com/theory/jsonpath/spec"
)

// MappingInput is the request (or integration response) a mapping template sees.
type MappingInput struct {
	Body           []byte
	PathParams     map[string]string
	QueryParams    map[string][]string // multi-value; $input.params() uses the first value
	Headers        map[string][]string // names kept as given; first value used
	StageVariables map[string]string
	Context        map[string]any // the $context tree (identity.sourceIp nested as a map)
	Limits         Limits         // zero = defaults
}

// Overrides are the $context.requestOverride values a template set.
type Overrides struct {
	Header, Querystring, Path map[string]string
}

// ResponseOverrides are the $context.responseOverride values a template set.
type ResponseOverrides struct {
	Status int // 0 when not set
	Header map[string]string
}

// MappingOutput is the result of a mapping template.
type MappingOutput struct {
	Body             string
	RequestOverride  Overrides
	ResponseOverride ResponseOverrides
}

// RenderMapping renders t with API Gateway's $input, $util, $context and
// $stageVariables built from in. Each root variable is built the first time
// the template reads it (and then kept, so every use sees the same value):
// a template that never reads $context or $input.params() costs nothing
// for them.
func RenderMapping(ctx context.Context, t *Template, in MappingInput) (MappingOutput, error) {
	env := &mappingEnv{in: in}
	body, err := t.render(ctx, nil, env, in.Limits)
	if err != nil {
		return MappingOutput{}, err
	}
	out := MappingOutput{Body: body}
	cm := env.ctx
	if cm == nil {
		// $context was never read, so no override can have been set.
		return out, nil
	}
	ro := subMap(cm, "requestOverride")
	out.RequestOverride = Overrides{
		Header:      stringMap(subMap(ro, "header")),
		Querystring: stringMap(subMap(ro, "querystring")),
		Path:        stringMap(subMap(ro, "path")),
	}
	rs := subMap(cm, "responseOverride")
	out.ResponseOverride.Header = stringMap(subMap(rs, "header"))
	if rs != nil {
		if st, ok := rs.Get("status"); ok {
			switch x := st.(type) {
			case int32:
				out.ResponseOverride.Status = int(x)
			case int64:
				out.ResponseOverride.Status = int(x)
			case float64:
				out.ResponseOverride.Status = int(x)
			case string:
				out.ResponseOverride.Status, _ = strconv.Atoi(strings.TrimSpace(x))
			}
		}
	}
	return out, nil
}

// mappingRoots are the root variables of a mapping template.
var mappingRoots = [...]string{"input", "util", "context", "stageVariables"}

// mappingEnv builds a mapping template's root variables on first use.
type mappingEnv struct {
	in    MappingInput
	input *Input
	ctx   *Map
	sv    *Map
}

// resolve returns root variable name, building it on first use.
func (e *mappingEnv) resolve(name string) (any, bool) {
	switch name {
	case "input":
		if e.input == nil {
			e.input = &Input{body: string(e.in.Body), src: &e.in}
		}
		return e.input, true
	case "util":
		return Util{}, true
	case "context":
		if e.ctx == nil {
			e.ctx = contextVar(e.in.Context)
		}
		return e.ctx, true
	case "stageVariables":
		if e.sv == nil {
			e.sv = NewMap()
			for _, k := range sortedKeys(e.in.StageVariables) {
				e.sv.Set(k, e.in.StageVariables[k])
			}
		}
		return e.sv, true
	}
	return nil, false
}

// MappingVars builds the root variables of a mapping template; the second
// result is the $context map (to read overrides back after rendering).
func MappingVars(in MappingInput) (map[string]any, *Map) {
	env := &mappingEnv{in: in}
	vars := make(map[string]any, len(mappingRoots))
	for _, n := range mappingRoots {
		vars[n], _ = env.resolve(n)
	}
	return vars, env.ctx
}

// paramsVar builds $input.params(): path, querystring and header maps
// (first value of a multi-value parameter), each sorted by name.
func paramsVar(in *MappingInput) *Map {
	params := NewMap()
	path := NewMap()
	for _, k := range sortedKeys(in.PathParams) {
		path.Set(k, in.PathParams[k])
	}
	qs := NewMap()
	for _, k := range sortedKeys(in.QueryParams) {
		qs.Set(k, firstValue(in.QueryParams[k]))
	}
	hdr := NewMap()
	for _, k := range sortedKeys(in.Headers) {
		hdr.Set(k, firstValue(in.Headers[k]))
	}
	params.Set("path", path)
	params.Set("querystring", qs)
	params.Set("header", hdr)
	return params
}

func firstValue(vs []string) string {
	if len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// contextVar builds $context from the caller's tree: a copy the template
// may modify, with the requestOverride and responseOverride maps present.
func contextVar(c map[string]any) *Map {
	cm := copyContext(c)
	ro := ensureMap(cm, "requestOverride")
	ensureMap(ro, "header")
	ensureMap(ro, "querystring")
	ensureMap(ro, "path")
	rs := ensureMap(cm, "responseOverride")
	ensureMap(rs, "header")
	return cm
}

// copyContext is normalize(c) with every nested *Map deep-copied, so that
// the template never modifies the caller's values.
func copyContext(c map[string]any) *Map {
	m := NewMap()
	for _, k := range sortedKeys(c) {
		switch x := c[k].(type) {
		case map[string]any:
			m.Set(k, copyContext(x))
		case *Map:
			m.Set(k, deepCopyMap(x))
		default:
			m.Set(k, x)
		}
	}
	return m
}

func deepCopyMap(m *Map) *Map {
	c := NewMap()
	for i, k := range m.keys {
		v := m.vals[i]
		if sm, ok := v.(*Map); ok {
			v = deepCopyMap(sm)
		}
		c.Set(k, v)
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func ensureMap(m *Map, k string) *Map {
	if v, ok := m.Get(k); ok {
		if sm, ok := v.(*Map); ok {
			return sm
		}
	}
	sm := NewMap()
	m.Set(k, sm)
	return sm
}

func subMap(m *Map, k string) *Map {
	if m == nil {
		return nil
	}
	v, _ := m.Get(k)
	sm, _ := v.(*Map)
	return sm
}

func stringMap(m *Map) map[string]string {
	if m == nil || m.Len() == 0 {
		return nil
	}
	out := make(map[string]string, m.Len())
	for i, k := range m.keys {
		ks, _ := javaString(k, 0)
		if m.vals[i] == nil {
			continue
		}
		vs, _ := javaString(m.vals[i], 0)
		out[ks] = vs
	}
	return out
}

// ----------------------------------------------------------------- $input

// Input is $input.
type Input struct {
	body   string
	src    *MappingInput // $input.params() is built from it on first use
	params *Map
	parsed any
	perr   error
	done   bool
}

func (in *Input) paramsMap() *Map {
	if in.params == nil {
		src := in.src
		if src == nil {
			src = &MappingInput{}
		}
		in.params = paramsVar(src)
	}
	return in.params
}

func (in *Input) root() (any, error) {
	if !in.done {
		in.done = true
		b := in.body
		if strings.TrimSpace(b) == "" {
			b = "{}"
		}
		in.parsed, in.perr = parseJSON(b, true)
	}
	return in.parsed, in.perr
}

// bodyText is $input.body: the body as sent, "{}" when it is empty
// (LocalStack's test_input_body_formatting recording).
func (in *Input) bodyText() string {
	if in.body == "" {
		return "{}"
	}
	return in.body
}

// GetProperty implements Object.
func (in *Input) GetProperty(name string) (any, bool, error) {
	if name == "body" {
		return in.bodyText(), true, nil
	}
	return nil, false, nil
}

// CallMethod implements Object.
func (in *Input) CallMethod(name string, args []any) (any, bool, error) {
	switch name {
	case "getBody":
		if len(args) == 0 {
			return in.bodyText(), true, nil
		}
	case "params":
		if len(args) == 0 {
			return in.paramsMap(), true, nil
		}
		if len(args) == 1 {
			k, ok := args[0].(string)
			if !ok {
				return nil, false, nil
			}
			if in.params == nil && in.src != nil {
				// not built (so not modified) yet: read the inputs directly
				if v, ok := in.src.PathParams[k]; ok {
					return v, true, nil
				}
				if vs, ok := in.src.QueryParams[k]; ok {
					return firstValue(vs), true, nil
				}
				if vs, ok := in.src.Headers[k]; ok {
					return firstValue(vs), true, nil
				}
				return "", true, nil
			}
			for _, sec := range []string{"path", "querystring", "header"} {
				if v, ok := subMap(in.paramsMap(), sec).Get(k); ok {
					return v, true, nil
				}
			}
			return "", true, nil
		}
	case "path", "json":
		if len(args) != 1 {
			return nil, false, nil
		}
		p, ok := args[0].(string)
		if !ok {
			return nil, false, nil
		}
		root, err := in.root()
		if err != nil {
			return nil, false, fmt.Errorf("invalid JSON in request body: %v", err)
		}
		v, found, err := evalJSONPath(root, p)
		if err != nil {
			return nil, false, err
		}
		if name == "path" {
			if !found {
				return nil, true, nil
			}
			return v, true, nil
		}
		var b strings.Builder
		if err := writeJSON(&b, v, 0); err != nil {
			return nil, false, err
		}
		return b.String(), true, nil
	}
	return nil, false, nil
}

// evalJSONPath evaluates an API Gateway ($-rooted, Jayway-style) JSONPath.
// A definite path yields one value; a path with wildcards, filters,
// slices, unions or deep scan yields a list.
func evalJSONPath(root any, p string) (any, bool, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		if strings.HasPrefix(p, "[") {
			p = "$" + p
		} else {
			p = "$." + p
		}
	}
	if v, found, ok := simplePath(root, p); ok {
		return v, found, nil
	}
	jp, err := jsonpath.Parse(adaptPath(p))
	if err != nil {
		return nil, false, fmt.Errorf("invalid JSONPath %q: %v", p, err)
	}
	plain := toPlain(root)
	nodes := jp.SelectLocated(plain)
	vals := make([]any, 0, len(nodes))
	for _, n := range nodes {
		v, ok := navigate(root, n.Path)
		if ok {
			vals = append(vals, v)
		}
	}
	if jp.Query().Singular() != nil {
		if len(vals) == 0 {
			return nil, false, nil
		}
		return vals[0], true, nil
	}
	sortDocOrder(root, nodes, vals)
	return &List{Items: vals, json: true}, true, nil
}

// simplePath handles $, .name, ['name'], [n] and [*] / .* without the
// library, preserving document order. ok=false means "not simple".
func simplePath(root any, p string) (v any, found, ok bool) {
	cur := []any{root}
	multi := false
	i := 1
	for i < len(p) {
		var next []any
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '.' {
				return nil, false, false
			}
			st := i
			for i < len(p) && p[i] != '.' && p[i] != '[' {
				if strings.IndexByte("()?@,:' \"", p[i]) >= 0 {
					return nil, false, false
				}
				i++
			}
			name := p[st:i]
			if name == "" {
				return nil, false, false
			}
			if name == "*" {
				multi = true
				next = wildcard(cur)
			} else {
				next = member(cur, name)
			}
		case '[':
			e := strings.IndexByte(p[i:], ']')
			if e < 0 {
				return nil, false, false
			}
			in := strings.TrimSpace(p[i+1 : i+e])
			i += e + 1
			switch {
			case in == "*":
				multi = true
				next = wildcard(cur)
			case len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0]:
				name := in[1 : len(in)-1]
				if strings.ContainsAny(name, "'\"\\,") {
					return nil, false, false
				}
				next = member(cur, name)
			default:
				n, err := strconv.Atoi(in)
				if err != nil {
					return nil, false, false
				}
				for _, c := range cur {
					if l, ok := c.(*List); ok {
						k := n
						if k < 0 {
							k += len(l.Items)
						}
						if k >= 0 && k < len(l.Items) {
							next = append(next, l.Items[k])
						}
					}
				}
			}
		default:
			return nil, false, false
		}
		cur = next
	}
	if multi {
		return &List{Items: cur, json: true}, true, true
	}
	if len(cur) == 0 {
		return nil, false, true
	}
	return cur[0], true, true
}

func member(cur []any, name string) []any {
	var next []any
	for _, c := range cur {
		if m, ok := c.(*Map); ok {
			if v, ok := m.Get(name); ok {
				next = append(next, v)
			}
		}
	}
	return next
}

func wildcard(cur []any) []any {
	var next []any
	for _, c := range cur {
		switch x := c.(type) {
		case *Map:
			next = append(next, x.vals...)
		case *List:
			next = append(next, x.Items...)
		}
	}
	return next
}

// adaptPath rewrites Jayway-isms into RFC 9535: dotted names with
// characters RFC 9535 does not allow in shorthand become ['name'].
func adaptPath(p string) string {
	var b strings.Builder
	b.WriteByte('$')
	i := 1
	for i < len(p) {
		c := p[i]
		if c == '[' {
			// copy the bracket segment as is, minding quotes
			depth := 0
			var q byte
			for i < len(p) {
				ch := p[i]
				b.WriteByte(ch)
				i++
				if q != 0 {
					if ch == '\\' && i < len(p) {
						b.WriteByte(p[i])
						i++
					} else if ch == q {
						q = 0
					}
					continue
				}
				if ch == '\'' || ch == '"' {
					q = ch
				} else if ch == '[' {
					depth++
				} else if ch == ']' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			continue
		}
		if c == '.' {
			if i+1 < len(p) && p[i+1] == '.' {
				b.WriteString("..")
				i += 2
			} else {
				i++
			}
			st := i
			for i < len(p) && p[i] != '.' && p[i] != '[' {
				i++
			}
			name := p[st:i]
			if name == "*" || name == "" {
				if strings.HasSuffix(b.String(), "..") {
					b.WriteString(name)
				} else {
					b.WriteString("." + name)
				}
				continue
			}
			if !strings.HasSuffix(b.String(), "..") {
				b.WriteByte('.')
			} else {
				s := b.String()
				b.Reset()
				b.WriteString(s[:len(s)-2] + "..")
			}
			if isShorthand(name) {
				b.WriteString(name)
			} else {
				s := b.String()
				b.Reset()
				b.WriteString(strings.TrimSuffix(s, "."))
				b.WriteString("['" + strings.ReplaceAll(strings.ReplaceAll(name, `\`, `\\`), "'", `\'`) + "']")
			}
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isShorthand(name string) bool {
	for i, r := range name {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80 || (i > 0 && r >= '0' && r <= '9') {
			continue
		}
		return false
	}
	return name != ""
}

func toPlain(v any) any {
	switch x := v.(type) {
	case *Map:
		m := make(map[string]any, x.Len())
		for i, k := range x.keys {
			ks, _ := k.(string)
			m[ks] = toPlain(x.vals[i])
		}
		return m
	case *List:
		l := make([]any, len(x.Items))
		for i, it := range x.Items {
			l[i] = toPlain(it)
		}
		return l
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	}
	return v
}

func navigate(root any, np spec.NormalizedPath) (any, bool) {
	cur := root
	for _, sel := range np {
		switch s := sel.(type) {
		case spec.Name:
			m, ok := cur.(*Map)
			if !ok {
				return nil, false
			}
			if cur, ok = m.Get(string(s)); !ok {
				return nil, false
			}
		case spec.Index:
			l, ok := cur.(*List)
			if !ok || int(s) < 0 || int(s) >= len(l.Items) {
				return nil, false
			}
			cur = l.Items[s]
		default:
			return nil, false
		}
	}
	return cur, true
}

// sortDocOrder orders results by their position in the document (the
// library walks Go maps, whose order is random).
func sortDocOrder(root any, nodes []*spec.LocatedNode, vals []any) {
	if len(nodes) != len(vals) {
		return
	}
	type kv struct {
		key []int
		v   any
	}
	items := make([]kv, len(nodes))
	for i, n := range nodes {
		items[i] = kv{docKey(root, n.Path), vals[i]}
	}
	sort.SliceStable(items, func(a, b int) bool {
		x, y := items[a].key, items[b].key
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] != y[i] {
				return x[i] < y[i]
			}
		}
		return len(x) < len(y)
	})
	for i := range items {
		vals[i] = items[i].v
	}
}

func docKey(root any, np spec.NormalizedPath) []int {
	key := make([]int, 0, len(np))
	cur := root
	for _, sel := range np {
		switch s := sel.(type) {
		case spec.Name:
			m, _ := cur.(*Map)
			if m == nil {
				return key
			}
			i := m.index[keyOf(string(s))]
			key = append(key, i)
			cur = m.vals[i]
		case spec.Index:
			l, _ := cur.(*List)
			if l == nil || int(s) >= len(l.Items) {
				return key
			}
			key = append(key, int(s))
			cur = l.Items[s]
		}
	}
	return key
}

// ------------------------------------------------------------------ $util

// Util is $util.
type Util struct{}

// GetProperty implements Object.
func (Util) GetProperty(string) (any, bool, error) { return nil, false, nil }

// CallMethod implements Object.
func (Util) CallMethod(name string, args []any) (any, bool, error) {
	if len(args) != 1 {
		return nil, false, nil
	}
	s, isStr := args[0].(string)
	if !isStr && args[0] != nil {
		return nil, false, nil
	}
	switch name {
	case "escapeJavaScript":
		if args[0] == nil {
			return nil, true, nil
		}
		return EscapeJavaScript(s), true, nil
	case "parseJson":
		v, err := ParseJSON(s)
		if err != nil {
			return nil, false, err
		}
		return v, true, nil
	case "urlEncode":
		return URLEncode(s), true, nil
	case "urlDecode":
		v, err := URLDecode(s)
		if err != nil {
			return nil, false, err
		}
		return v, true, nil
	case "base64Encode":
		return base64.StdEncoding.EncodeToString([]byte(s)), true, nil
	case "base64Decode":
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
			if err != nil {
				return nil, false, fmt.Errorf("base64Decode: %v", err)
			}
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), true, nil
	}
	return nil, false, nil
}

// EscapeJavaScript escapes like Apache commons-lang 2.x
// StringEscapeUtils.escapeJavaScript (' -> \', / -> \/, non-ASCII -> \uXXXX).
func EscapeJavaScript(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		units := []uint16{uint16(r)}
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			units = []uint16{uint16(r1), uint16(r2)}
		}
		for _, ch := range units {
			switch {
			case ch > 0xfff:
				fmt.Fprintf(&b, "\\u%04X", ch)
			case ch > 0xff:
				fmt.Fprintf(&b, "\\u0%03X", ch)
			case ch > 0x7f:
				fmt.Fprintf(&b, "\\u00%02X", ch)
			case ch < 32:
				switch ch {
				case '\b':
					b.WriteString(`\b`)
				case '\n':
					b.WriteString(`\n`)
				case '\t':
					b.WriteString(`\t`)
				case '\f':
					b.WriteString(`\f`)
				case '\r':
					b.WriteString(`\r`)
				default:
					fmt.Fprintf(&b, "\\u00%02X", ch)
				}
			default:
				switch ch {
				case '\'':
					b.WriteString(`\'`)
				case '"':
					b.WriteString(`\"`)
				case '\\':
					b.WriteString(`\\`)
				case '/':
					b.WriteString(`\/`)
				default:
					b.WriteByte(byte(ch))
				}
			}
		}
	}
	return b.String()
}

// URLEncode encodes like java.net.URLEncoder.encode(s, "UTF-8").
func URLEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// URLDecode decodes like java.net.URLDecoder.decode(s, "UTF-8").
func URLDecode(s string) (string, error) {
	v, err := url.QueryUnescape(s)
	if err != nil {
		return "", fmt.Errorf("urlDecode: %v", err)
	}
	return strings.ToValidUTF8(v, "\uFFFD"), nil
}
