package vtl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a template syntax error with a 1-based line and column.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Template is a parsed template, safe for concurrent rendering.
type Template struct {
	src    string
	nodes  []node
	macros map[string]*macroDef
}

// Source returns the template text.
func (t *Template) Source() string { return t.src }

// ------------------------------------------------------------------- AST

type node any

type textNode struct{ s string }

type refNode struct {
	pos     int
	src     string // source text, printed when escaped
	silent  bool
	name    string
	mods    []modifier
	escapes int // backslashes before '$'
}

type modifier struct {
	kind byte // 'p' property, 'm' method, 'i' index
	name string
	args []expr
	pos  int
}

type setNode struct {
	pos int
	lhs *refNode
	rhs expr
}

type ifNode struct {
	pos    int
	conds  []expr
	blocks [][]node
	els    []node
}

type foreachNode struct {
	pos     int
	varName string
	iter    expr
	body    []node
}

type breakNode struct{ pos int }
type stopNode struct{ pos int }

type macroDef struct {
	name   string
	params []string
	body   []node
}

type macroCall struct {
	pos  int
	name string
	args []expr
	src  string
}

type defineNode struct {
	name string
	body []node
}

// literal output of an escaped directive: backslashes halved, the directive text kept.
type escDirNode struct{ s string }

type expr any

type litExpr struct{ v any }

type strExpr struct {
	pos   int
	nodes []node
}

type listExpr struct{ items []expr }

type rangeExpr struct {
	pos      int
	from, to expr
}

type mapExpr struct{ keys, vals []expr }

type binExpr struct {
	op   string
	l, r expr
	pos  int
}

type notExpr struct{ e expr }

// ----------------------------------------------------------------- parser

const maxParseDepth = 400

type parser struct {
	src     string
	p       int
	base    int // offset of src within the whole template (string literals)
	whole   string
	macros  map[string]*macroDef
	depth   int
	termPos int
	// the last lone '$'/'#' text token written to the pending text
	loneStart, loneEnd int
}

// Parse parses a Velocity template.
func Parse(src string) (t *Template, err error) {
	ps := &parser{src: src, whole: src, macros: map[string]*macroDef{}, loneStart: -1, loneEnd: -1}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*SyntaxError)
			if !ok {
				panic(r)
			}
			t, err = nil, se
		}
	}()
	nodes, term := ps.block()
	if term != "" {
		ps.failAt(ps.termPos, fmt.Sprintf("unexpected #%s: no open #if/#foreach/#macro/#define to close", term))
	}
	return &Template{src: src, nodes: nodes, macros: ps.macros}, nil
}

func (ps *parser) pos(off int) (line, col int) {
	off += ps.base
	if off > len(ps.whole) {
		off = len(ps.whole)
	}
	line = 1 + strings.Count(ps.whole[:off], "\n")
	ls := strings.LastIndexByte(ps.whole[:off], '\n') + 1
	col = 1 + utf8.RuneCountInString(ps.whole[ls:off])
	return
}

func (ps *parser) failAt(off int, msg string) {
	l, c := ps.pos(off)
	panic(&SyntaxError{Line: l, Col: c, Msg: msg})
}

func (ps *parser) found() string {
	if ps.p >= len(ps.src) {
		return "end of template"
	}
	r, _ := utf8.DecodeRuneInString(ps.src[ps.p:])
	if r == '\n' {
		return "newline"
	}
	return strconv.QuoteRune(r)
}

func (ps *parser) expect(msg string) {
	ps.failAt(ps.p, "expected "+msg+", found "+ps.found())
}

func (ps *parser) enter() {
	ps.depth++
	if ps.depth > maxParseDepth {
		ps.failAt(ps.p, "template nested too deeply")
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '-'
}

func isWordChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

var directives = map[string]bool{
	"set": true, "if": true, "elseif": true, "else": true, "end": true, "foreach": true,
	"break": true, "stop": true, "macro": true, "define": true,
	"include": true, "parse": true, "evaluate": true,
}

func (ps *parser) peek(off int) byte {
	if ps.p+off < len(ps.src) {
		return ps.src[ps.p+off]
	}
	return 0
}

// gobbleNL consumes [ \t]* followed by a newline, if that is what follows.
func (ps *parser) gobbleNL() {
	q := ps.p
	for q < len(ps.src) && (ps.src[q] == ' ' || ps.src[q] == '\t') {
		q++
	}
	if q < len(ps.src) && ps.src[q] == '\n' {
		ps.p = q + 1
	} else if q < len(ps.src) && ps.src[q] == '\r' {
		if q+1 < len(ps.src) && ps.src[q+1] == '\n' {
			ps.p = q + 2
		} else {
			ps.p = q + 1
		}
	}
}

// directiveWord reads "name" or "{name}" after '#' at ps.p (pointing at '#').
// Returns name, the end offset, and whether one was found.
func (ps *parser) directiveWord() (string, int, bool) {
	q := ps.p + 1
	if q < len(ps.src) && ps.src[q] == '{' {
		s := q + 1
		e := s
		for e < len(ps.src) && isWordChar(ps.src[e]) {
			e++
		}
		if e > s && e < len(ps.src) && ps.src[e] == '}' && isIdentStart(ps.src[s]) {
			return ps.src[s:e], e + 1, true
		}
		return "", 0, false
	}
	if q < len(ps.src) && isIdentStart(ps.src[q]) {
		e := q
		for e < len(ps.src) && isWordChar(ps.src[e]) {
			e++
		}
		return ps.src[q:e], e, true
	}
	return "", 0, false
}

// block parses content until #end/#else/#elseif or EOF. term is the
// terminator word ("" at EOF).
func (ps *parser) block() (nodes []node, term string) {
	ps.enter()
	defer func() { ps.depth-- }()
	var tb strings.Builder
	flush := func() {
		if tb.Len() > 0 {
			nodes = append(nodes, &textNode{tb.String()})
			tb.Reset()
		}
		ps.loneStart, ps.loneEnd = -1, -1
	}
	for ps.p < len(ps.src) {
		c := ps.src[ps.p]
		switch c {
		case '$':
			if r := ps.tryRef(0); r != nil {
				flush()
				nodes = append(nodes, r)
				continue
			}
			ps.loneStart = tb.Len()
			ps.dollarText(&tb)
			ps.loneEnd = tb.Len()
			if ps.peek(0) == '.' {
				tb.WriteByte('.')
				ps.p++
				ps.loneEnd = tb.Len()
			}
		case '\\':
			q := ps.p
			for q < len(ps.src) && ps.src[q] == '\\' {
				q++
			}
			n := q - ps.p
			if q < len(ps.src) && ps.src[q] == '$' {
				save := ps.p
				ps.p = q
				if r := ps.tryRef(n); r != nil {
					flush()
					nodes = append(nodes, r)
					continue
				}
				ps.p = save
			}
			if q < len(ps.src) && ps.src[q] == '#' {
				save := ps.p
				ps.p = q
				if w, e, ok := ps.directiveWord(); ok && directives[w] {
					flush()
					lit := strings.Repeat("\\", n/2)
					if n%2 == 1 {
						nodes = append(nodes, &escDirNode{lit + ps.src[q:e]})
						ps.p = e
						continue
					}
					nodes = append(nodes, &escDirNode{lit})
					continue // ps.p at '#': parse the directive normally
				}
				ps.p = save
			}
			tb.WriteString(ps.src[ps.p:q])
			ps.p = q
		case '#':
			switch ps.peek(1) {
			case '#':
				if tb.Len() == 0 && len(nodes) > 0 {
					// Velocity 1.7 lexes "##" right after a property
					// reference ($a.b##) as text, not as a comment
					if r, ok := nodes[len(nodes)-1].(*refNode); ok && len(r.mods) > 0 &&
						r.mods[len(r.mods)-1].kind == 'p' && !strings.HasSuffix(r.src, "}") {
						tb.WriteString("##")
						ps.p += 2
						continue
					}
				}
				e := strings.IndexByte(ps.src[ps.p:], '\n')
				if e < 0 {
					ps.p = len(ps.src)
				} else {
					ps.p += e + 1
				}
				flush()
				continue
			case '*':
				e := strings.Index(ps.src[ps.p+2:], "*#")
				if e < 0 {
					ps.failAt(ps.p, "unterminated comment: expected '*#'")
				}
				ps.p += 2 + e + 2
				flush()
				continue
			case '[':
				if ps.peek(2) == '[' {
					e := strings.Index(ps.src[ps.p+3:], "]]#")
					if e < 0 {
						ps.failAt(ps.p, "unterminated #[[ block: expected ']]#'")
					}
					tb.WriteString(ps.src[ps.p+3 : ps.p+3+e])
					ps.p += 3 + e + 3
					flush()
					continue
				}
			}
			w, e, ok := ps.directiveWord()
			if !ok {
				ps.loneStart = tb.Len()
				tb.WriteByte('#')
				ps.loneEnd = tb.Len()
				ps.p++
				continue
			}
			start := ps.p
			switch w {
			case "end", "else":
				ps.p = e
				ps.gobbleNL()
				flush()
				ps.termPos = start
				return nodes, w
			case "elseif":
				ps.p = e
				flush()
				ps.termPos = start
				return nodes, w
			case "set":
				// whitespace that starts right after a token is part of #set
				afterRef := false
				if s := tb.String(); strings.Trim(s, " \t") == "" {
					tb.Reset()
					if len(nodes) > 0 {
						_, afterRef = nodes[len(nodes)-1].(*refNode)
					}
				} else if w := len(strings.TrimRight(s, " \t")); w == ps.loneEnd && ps.loneStart >= 0 {
					// a lone '$', '$!' or '#' token right before #set vanishes
					// with the whitespace; "$." keeps its text
					keep := ps.loneStart
					if strings.HasSuffix(s[:w], "$.") {
						keep = w
					}
					tb.Reset()
					tb.WriteString(s[:keep])
				}
				flush()
				ps.p = e
				nodes = append(nodes, ps.setDirective(start))
				if afterRef && ps.peek(0) == '[' {
					// Velocity 1.7's lexer is still in reference mode here
					ps.failAt(ps.p, "unexpected '[' after a #set that follows a reference")
				}
			case "if":
				flush()
				ps.p = e
				nodes = append(nodes, ps.ifDirective(start))
			case "foreach":
				flush()
				ps.p = e
				nodes = append(nodes, ps.foreachDirective(start))
			case "break":
				flush()
				ps.p = e
				nodes = append(nodes, &breakNode{start})
			case "stop":
				flush()
				ps.p = e
				nodes = append(nodes, &stopNode{start})
			case "macro":
				flush()
				ps.p = e
				ps.macroDirective(start)
			case "define":
				flush()
				ps.p = e
				nodes = append(nodes, ps.defineDirective(start))
			case "include", "parse", "evaluate":
				ps.failAt(start, "#"+w+" is not supported in API Gateway mapping templates")
			default:
				// macro call if followed by '('
				q := e
				for q < len(ps.src) && (ps.src[q] == ' ' || ps.src[q] == '\t') {
					q++
				}
				if q < len(ps.src) && ps.src[q] == '(' {
					flush()
					ps.p = q + 1
					args := ps.callArgs()
					nodes = append(nodes, &macroCall{pos: start, name: w, args: args, src: ps.src[start:ps.p]})
					ps.gobbleNL()
					continue
				}
				tb.WriteString(ps.src[start:e])
				ps.p = e
			}
		default:
			// fast path: plain text
			q := ps.p
			for q < len(ps.src) && ps.src[q] != '$' && ps.src[q] != '#' && ps.src[q] != '\\' {
				q++
			}
			tb.WriteString(ps.src[ps.p:q])
			ps.p = q
		}
	}
	flush()
	return nodes, ""
}

// dollarText handles a '$' that does not start a reference, as Velocity
// 1.7's lexer does: at the end of the template it is an error, "$!" loses
// its "!" unless a '#' follows, and a '$' right before a directive vanishes.
func (ps *parser) dollarText(tb *strings.Builder) {
	q := ps.p + 1
	bang := q < len(ps.src) && ps.src[q] == '!'
	if bang {
		q++
	}
	if q >= len(ps.src) {
		ps.failAt(ps.p, "expected a reference name after '$', found end of template")
	}
	if ps.src[q] == '#' {
		save := ps.p
		ps.p = q
		w, _, ok := ps.directiveWord()
		ps.p = save
		if ok && directives[w] {
			ps.p = q
			return
		}
	}
	if bang && (ps.src[q] == '#' || ps.src[q] == '{') {
		tb.WriteString("$!")
		ps.p = q
		return
	}
	tb.WriteByte('$')
	ps.p = q
}

func (ps *parser) ws() {
	for ps.p < len(ps.src) {
		switch ps.src[ps.p] {
		case ' ', '\t', '\n', '\r':
			ps.p++
		default:
			return
		}
	}
}

func (ps *parser) openParen(dir string) {
	for ps.p < len(ps.src) && (ps.src[ps.p] == ' ' || ps.src[ps.p] == '\t') {
		ps.p++
	}
	if ps.peek(0) != '(' {
		ps.expect("'(' after #" + dir)
	}
	ps.p++
}

func (ps *parser) closeParen(dir string) {
	ps.ws()
	if ps.peek(0) != ')' {
		ps.expect("')' to close #" + dir)
	}
	ps.p++
	ps.gobbleNL()
}

func (ps *parser) setDirective(start int) node {
	ps.openParen("set")
	ps.ws()
	if ps.peek(0) != '$' {
		ps.expect("a reference such as $name after #set(")
	}
	lhs := ps.tryRef(0)
	if lhs == nil {
		ps.expect("a reference such as $name after #set(")
	}
	ps.ws()
	if ps.peek(0) != '=' {
		ps.expect("'=' in #set")
	}
	ps.p++
	rhs := ps.expr()
	ps.closeParen("set")
	return &setNode{pos: start, lhs: lhs, rhs: rhs}
}

func (ps *parser) ifDirective(start int) node {
	n := &ifNode{pos: start}
	dir := "if"
	for {
		ps.openParen(dir)
		cond := ps.expr()
		ps.closeParen(dir)
		body, term := ps.block()
		n.conds = append(n.conds, cond)
		n.blocks = append(n.blocks, body)
		switch term {
		case "end":
			return n
		case "elseif":
			dir = "elseif"
			continue
		case "else":
			els, t2 := ps.block()
			if t2 != "end" {
				ps.unclosed(start, "#if")
			}
			n.els = els
			return n
		default:
			ps.unclosed(start, "#if")
		}
	}
}

func (ps *parser) unclosed(start int, what string) {
	l, c := ps.pos(start)
	ps.failAt(ps.p, fmt.Sprintf("expected #end to close %s opened at %d:%d, found end of template", what, l, c))
}

func (ps *parser) foreachDirective(start int) node {
	ps.openParen("foreach")
	ps.ws()
	v := ps.tryRef(0)
	if v == nil || len(v.mods) > 0 {
		ps.expect("a loop variable such as $item in #foreach")
	}
	ps.ws()
	if !strings.HasPrefix(ps.src[ps.p:], "in") || (ps.p+2 < len(ps.src) && isWordChar(ps.src[ps.p+2])) {
		ps.expect("'in' in #foreach")
	}
	ps.p += 2
	it := ps.param()
	ps.closeParen("foreach")
	body, term := ps.block()
	if term != "end" {
		if term == "" {
			ps.unclosed(start, "#foreach")
		}
		ps.failAt(ps.termPos, "unexpected #"+term+" in #foreach: expected #end")
	}
	return &foreachNode{pos: start, varName: v.name, iter: it, body: body}
}

func (ps *parser) macroDirective(start int) {
	ps.openParen("macro")
	ps.ws()
	q := ps.p
	for q < len(ps.src) && isWordChar(ps.src[q]) {
		q++
	}
	if q == ps.p || !isIdentStart(ps.src[ps.p]) {
		ps.expect("a macro name in #macro")
	}
	def := &macroDef{name: ps.src[ps.p:q]}
	ps.p = q
	for {
		ps.ws()
		if ps.peek(0) == ',' {
			ps.p++
			continue
		}
		if ps.peek(0) == ')' {
			break
		}
		r := ps.tryRef(0)
		if r == nil || len(r.mods) > 0 {
			ps.expect("a parameter such as $name or ')' in #macro")
		}
		def.params = append(def.params, r.name)
	}
	ps.closeParen("macro")
	body, term := ps.block()
	if term != "end" {
		if term == "" {
			ps.unclosed(start, "#macro")
		}
		ps.failAt(ps.termPos, "unexpected #"+term+" in #macro: expected #end")
	}
	def.body = body
	if directives[def.name] {
		ps.failAt(start, "cannot define a macro named #"+def.name)
	}
	ps.macros[def.name] = def
}

func (ps *parser) defineDirective(start int) node {
	ps.openParen("define")
	ps.ws()
	r := ps.tryRef(0)
	if r == nil || len(r.mods) > 0 {
		ps.expect("a reference such as $name in #define")
	}
	ps.closeParen("define")
	body, term := ps.block()
	if term != "end" {
		if term == "" {
			ps.unclosed(start, "#define")
		}
		ps.failAt(ps.termPos, "unexpected #"+term+" in #define: expected #end")
	}
	return &defineNode{name: r.name, body: body}
}

func (ps *parser) callArgs() []expr {
	var args []expr
	for {
		ps.ws()
		switch ps.peek(0) {
		case ')':
			ps.p++
			return args
		case ',':
			ps.p++
			continue
		case 0:
			ps.expect("')' to close the macro call")
		}
		args = append(args, ps.param())
	}
}

// tryRef parses a reference at ps.p ('$'). Returns nil (position unchanged)
// when the text is not a reference.
func (ps *parser) tryRef(escapes int) *refNode {
	start := ps.p
	q := ps.p + 1
	silent := false
	if q < len(ps.src) && ps.src[q] == '!' {
		silent = true
		q++
	}
	formal := false
	if q < len(ps.src) && ps.src[q] == '{' {
		formal = true
		q++
	}
	if q >= len(ps.src) || !isIdentStart(ps.src[q]) {
		return nil
	}
	e := q
	for e < len(ps.src) && isIdentChar(ps.src[e]) {
		e++
	}
	r := &refNode{pos: start - escapes, silent: silent, name: ps.src[q:e], escapes: escapes}
	ps.p = e
	for ps.p < len(ps.src) {
		c := ps.src[ps.p]
		if c == '.' && ps.p+1 < len(ps.src) && isIdentStart(ps.src[ps.p+1]) {
			s := ps.p + 1
			e := s
			for e < len(ps.src) && isIdentChar(ps.src[e]) {
				e++
			}
			m := modifier{kind: 'p', name: ps.src[s:e], pos: ps.p}
			ps.p = e
			if ps.peek(0) == '(' {
				ps.p++
				m.kind = 'm'
				m.args = ps.methodArgs()
			}
			r.mods = append(r.mods, m)
			continue
		}
		if c == '[' {
			pos := ps.p
			ps.p++
			ps.enter()
			ix := ps.expr()
			ps.depth--
			ps.ws()
			if ps.peek(0) != ']' {
				ps.expect("']' to close the index")
			}
			ps.p++
			r.mods = append(r.mods, modifier{kind: 'i', args: []expr{ix}, pos: pos})
			continue
		}
		break
	}
	if formal {
		if ps.peek(0) != '}' {
			ps.expect("'}' to close ${" + r.name)
		}
		ps.p++
	}
	r.src = ps.src[start:ps.p]
	return r
}

func (ps *parser) methodArgs() []expr {
	var args []expr
	ps.ws()
	if ps.peek(0) == ')' {
		ps.p++
		return args
	}
	for {
		args = append(args, ps.param())
		ps.ws()
		switch ps.peek(0) {
		case ',':
			ps.p++
		case ')':
			ps.p++
			return args
		default:
			ps.expect("',' or ')' in method arguments")
		}
	}
}

// ------------------------------------------------------------ expressions

func (ps *parser) expr() expr {
	ps.enter()
	defer func() { ps.depth-- }()
	return ps.orExpr()
}

// op tries to read one of the operators; word operators need a boundary.
func (ps *parser) op(ops ...string) string {
	ps.ws()
	for _, o := range ops {
		if strings.HasPrefix(ps.src[ps.p:], o) {
			end := ps.p + len(o)
			if isIdentStart(o[0]) && end < len(ps.src) && isWordChar(ps.src[end]) {
				continue
			}
			if o == "=" || o == "!" || o == "<" || o == ">" {
				if end < len(ps.src) && ps.src[end] == '=' {
					continue
				}
			}
			ps.p = end
			return o
		}
	}
	return ""
}

func (ps *parser) orExpr() expr {
	l := ps.andExpr()
	for {
		pos := ps.p
		o := ps.op("||", "or")
		if o == "" {
			ps.p = pos
			return l
		}
		l = &binExpr{op: "||", l: l, r: ps.andExpr(), pos: pos}
	}
}

func (ps *parser) andExpr() expr {
	l := ps.eqExpr()
	for {
		pos := ps.p
		o := ps.op("&&", "and")
		if o == "" {
			ps.p = pos
			return l
		}
		l = &binExpr{op: "&&", l: l, r: ps.eqExpr(), pos: pos}
	}
}

var opCanon = map[string]string{"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}

func (ps *parser) eqExpr() expr {
	l := ps.relExpr()
	for {
		pos := ps.p
		o := ps.op("==", "!=", "eq", "ne")
		if o == "" {
			ps.p = pos
			return l
		}
		if c, ok := opCanon[o]; ok {
			o = c
		}
		l = &binExpr{op: o, l: l, r: ps.relExpr(), pos: pos}
	}
}

func (ps *parser) relExpr() expr {
	l := ps.addExpr()
	for {
		pos := ps.p
		o := ps.op("<=", ">=", "<", ">", "lt", "gt", "le", "ge")
		if o == "" {
			ps.p = pos
			return l
		}
		if c, ok := opCanon[o]; ok {
			o = c
		}
		l = &binExpr{op: o, l: l, r: ps.addExpr(), pos: pos}
	}
}

func (ps *parser) addExpr() expr {
	l := ps.mulExpr()
	for {
		pos := ps.p
		o := ps.op("+", "-")
		if o == "" {
			ps.p = pos
			return l
		}
		l = &binExpr{op: o, l: l, r: ps.mulExpr(), pos: pos}
	}
}

func (ps *parser) mulExpr() expr {
	l := ps.unary()
	for {
		pos := ps.p
		o := ps.op("*", "/", "%")
		if o == "" {
			ps.p = pos
			return l
		}
		l = &binExpr{op: o, l: l, r: ps.unary(), pos: pos}
	}
}

func (ps *parser) unary() expr {
	ps.ws()
	if ps.op("!", "not") != "" {
		ps.enter()
		defer func() { ps.depth-- }()
		return &notExpr{ps.unary()}
	}
	return ps.primary()
}

// param is a value allowed as a method or macro argument and inside list
// and map literals: no operators or parentheses (as in Velocity 1.7).
func (ps *parser) param() expr {
	ps.ws()
	if ps.peek(0) == '(' || ps.peek(0) == '!' {
		ps.expect("a value (reference, string, number, true, false, list or map)")
	}
	ps.enter()
	defer func() { ps.depth-- }()
	return ps.primary()
}

func (ps *parser) primary() expr {
	ps.ws()
	c := ps.peek(0)
	switch {
	case c == '$':
		if r := ps.tryRef(0); r != nil {
			return r
		}
		ps.expect("a reference name after '$'")
	case c == '"' || c == '\'':
		return ps.stringLit()
	case c >= '0' && c <= '9' || c == '-' && ps.peek(1) >= '0' && ps.peek(1) <= '9':
		return ps.number()
	case c == '(':
		ps.p++
		e := ps.expr()
		ps.ws()
		if ps.peek(0) != ')' {
			ps.expect("')'")
		}
		ps.p++
		return e
	case c == '[':
		return ps.listLit()
	case c == '{':
		return ps.mapLit()
	case isIdentStart(c):
		q := ps.p
		for q < len(ps.src) && isWordChar(ps.src[q]) {
			q++
		}
		switch ps.src[ps.p:q] {
		case "true":
			ps.p = q
			return &litExpr{true}
		case "false":
			ps.p = q
			return &litExpr{false}
		}
	}
	ps.expect("a value (reference, string, number, true, false, list or map)")
	return nil
}

func (ps *parser) number() expr {
	start := ps.p
	q := ps.p
	if ps.src[q] == '-' {
		q++
	}
	for q < len(ps.src) && ps.src[q] >= '0' && ps.src[q] <= '9' {
		q++
	}
	isFloat := false
	if q+1 < len(ps.src) && ps.src[q] == '.' && ps.src[q+1] >= '0' && ps.src[q+1] <= '9' {
		isFloat = true
		q++
		for q < len(ps.src) && ps.src[q] >= '0' && ps.src[q] <= '9' {
			q++
		}
	}
	if isFloat && q < len(ps.src) && (ps.src[q] == 'e' || ps.src[q] == 'E') {
		r := q + 1
		if r < len(ps.src) && (ps.src[r] == '+' || ps.src[r] == '-') {
			r++
		}
		if r < len(ps.src) && ps.src[r] >= '0' && ps.src[r] <= '9' {
			for r < len(ps.src) && ps.src[r] >= '0' && ps.src[r] <= '9' {
				r++
			}
			q = r
		}
	}
	s := ps.src[start:q]
	ps.p = q
	if isFloat {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			ps.failAt(start, "invalid number "+s)
		}
		return &litExpr{f}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, _ := strconv.ParseFloat(s, 64)
		return &litExpr{f}
	}
	return &litExpr{normalize(int(n))}
}

func (ps *parser) stringLit() expr {
	start := ps.p
	quote := ps.src[ps.p]
	q := ps.p + 1
	var b strings.Builder
	for {
		if q >= len(ps.src) {
			ps.failAt(start, "unterminated string literal: expected closing "+string(quote))
		}
		c := ps.src[q]
		if c == quote {
			if q+1 < len(ps.src) && ps.src[q+1] == quote {
				b.WriteByte(quote)
				q += 2
				continue
			}
			break
		}
		if c == '\\' && q+1 < len(ps.src) {
			if ps.src[q+1] == 'u' && q+6 <= len(ps.src) {
				if n, err := strconv.ParseUint(ps.src[q+2:q+6], 16, 32); err == nil {
					b.WriteRune(rune(n))
					q += 6
					continue
				}
			}
			b.WriteByte(c)
			b.WriteByte(ps.src[q+1])
			q += 2
			continue
		}
		b.WriteByte(c)
		q++
	}
	ps.p = q + 1
	s := b.String()
	if quote == '\'' || !strings.ContainsAny(s, "$#") {
		return &litExpr{s}
	}
	// interpolate: parse the contents as a template
	sub := &parser{src: s, whole: ps.whole, base: ps.base + start + 1, macros: ps.macros, depth: ps.depth, loneStart: -1, loneEnd: -1}
	nodes, term := sub.block()
	if term != "" {
		sub.failAt(sub.termPos, "unexpected #"+term+" in string literal")
	}
	return &strExpr{pos: start, nodes: nodes}
}

func (ps *parser) listLit() expr {
	start := ps.p
	ps.p++
	ps.ws()
	if ps.peek(0) == ']' {
		ps.p++
		return &listExpr{}
	}
	first := ps.param()
	ps.ws()
	if strings.HasPrefix(ps.src[ps.p:], "..") {
		ps.p += 2
		to := ps.param()
		ps.ws()
		if ps.peek(0) != ']' {
			ps.expect("']' to close the range")
		}
		ps.p++
		return &rangeExpr{pos: start, from: first, to: to}
	}
	l := &listExpr{items: []expr{first}}
	for {
		ps.ws()
		switch ps.peek(0) {
		case ',':
			ps.p++
			l.items = append(l.items, ps.param())
		case ']':
			ps.p++
			return l
		default:
			ps.expect("',' or ']' in list")
		}
	}
}

func (ps *parser) mapLit() expr {
	ps.p++
	m := &mapExpr{}
	ps.ws()
	if ps.peek(0) == '}' {
		ps.p++
		return m
	}
	for {
		k := ps.param()
		ps.ws()
		if ps.peek(0) != ':' {
			ps.expect("':' after map key")
		}
		ps.p++
		v := ps.param()
		m.keys = append(m.keys, k)
		m.vals = append(m.vals, v)
		ps.ws()
		switch ps.peek(0) {
		case ',':
			ps.p++
		case '}':
			ps.p++
			return m
		default:
			ps.expect("',' or '}' in map")
		}
	}
}
