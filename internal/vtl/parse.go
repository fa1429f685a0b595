package vtl

import (
	"errors"
	"fmt"
	"math/big"
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
	// where the last plain-text run starts and ends in the pending text
	runStart, runEnd int
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

// at converts an offset in ps.src to a node position: an offset in the
// whole template.
func (ps *parser) at(off int) pos { return pos(ps.base + off) }

// lineCol returns the 1-based line and column of an offset in ps.src.
func (ps *parser) lineCol(off int) (line, col int) {
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
	l, c := ps.lineCol(off)
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
//
//	block     = { text | reference | escaped | comment | unparsed | directive }
//		( "#end" | "#else" | "#elseif" | EOF )
//	escaped   = "\"+ ( reference | "#" directive-name )  (an odd count escapes)
//	comment   = "##" ... newline | "#*" ... "*#"
//	unparsed  = "#[[" ... "]]#"
//	directive = set | if | foreach | "#break" | "#stop" | macro | define
//		| "#" name [ws] "(" args ")"                  (a macro call)
//
// Every "#name" may also be written "#{name}". After #end, #else and any
// directive that closes with ')', the rest of the line ([ \t]* newline)
// is swallowed.
func (ps *parser) block() (nodes []node, term string) {
	ps.enter()
	defer func() { ps.depth-- }()
	var tb strings.Builder
	textPos := 0 // where the pending text starts
	// refMode: Velocity 1.7's lexer is still in reference mode here (after a
	// reference that is not ${...}, and through a #set, a block comment or an
	// identifier that follows one); runRefMode: it was when the last plain
	// text run started; bracketErr: a '[' here is a syntax error in 1.7
	refMode, runRefMode, bracketErr := false, false, false
	// propMode: refMode after a property ($a.b): "##" is text there
	propMode, runPropMode := false, false
	flush := func() {
		if tb.Len() > 0 {
			nodes = append(nodes, &textNode{pos: ps.at(textPos), s: tb.String()})
			tb.Reset()
		}
		ps.loneStart, ps.loneEnd = -1, -1
	}
	for ps.p < len(ps.src) {
		if tb.Len() == 0 {
			textPos = ps.p
		}
		c := ps.src[ps.p]
		switch c {
		case '$':
			if r := ps.tryRef(0); r != nil {
				flush()
				nodes = append(nodes, r)
				refMode, bracketErr = !strings.HasSuffix(r.src, "}"), false
				propMode = lastIsProperty(nodes)
				continue
			}
			refMode = false
			// consecutive lone '$' tokens are one token in Velocity 1.7's
			// lexer (MORE): before a #set they all vanish
			if ps.loneStart < 0 || ps.loneEnd != tb.Len() {
				ps.loneStart = tb.Len()
			}
			if ps.dollarText(&tb) {
				ps.loneStart, ps.loneEnd = -1, -1
				continue
			}
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
				afterLone := ps.loneStart >= 0 && ps.loneEnd == tb.Len()
				if afterLone {
					t := tb.String()
					afterLone = strings.HasSuffix(t, "$") || strings.HasSuffix(t, "$!")
				}
				if afterLone {
					// after a lone '$' the lexer reads "$\\$b" as one reference
					// token: the backslashes are text and $b is no escape
					if r := ps.tryRef(0); r != nil {
						tb.WriteString(ps.src[save:q])
						flush()
						nodes = append(nodes, r)
						refMode, bracketErr = !strings.HasSuffix(r.src, "}"), false
						propMode = lastIsProperty(nodes)
						continue
					}
				}
				if r := ps.tryRef(n); r != nil {
					flush()
					nodes = append(nodes, r)
					refMode, bracketErr = !strings.HasSuffix(r.src, "}"), false
					propMode = lastIsProperty(nodes)
					continue
				}
				ps.p = save
			}
			refMode = false
			if q < len(ps.src) && ps.src[q] == '#' {
				save := ps.p
				ps.p = q
				if w, e, ok := ps.directiveWord(); ok && directives[w] {
					flush()
					lit := strings.Repeat("\\", n/2)
					if n%2 == 1 {
						nodes = append(nodes, &escDirNode{pos: ps.at(save), s: lit + ps.src[q:e]})
						ps.p = e
						continue
					}
					nodes = append(nodes, &escDirNode{pos: ps.at(save), s: lit})
					continue // ps.p at '#': parse the directive normally
				}
				ps.p = save
			}
			tb.WriteString(ps.src[ps.p:q])
			ps.p = q
		case '#':
			switch ps.peek(1) {
			case '#':
				if tb.Len() == 0 && refMode && propMode {
					// Velocity 1.7 lexes "##" right after a property
					// reference ($a.b##, also through a #set) as text
					tb.WriteString("##")
					ps.p += 2
					refMode = false
					continue
				}
				e := strings.IndexByte(ps.src[ps.p:], '\n')
				if e < 0 {
					ps.p = len(ps.src)
				} else {
					ps.p += e + 1
				}
				flush()
				refMode = false
				continue
			case '*':
				e := strings.Index(ps.src[ps.p+2:], "*#")
				if e < 0 {
					ps.failAt(ps.p, "unterminated comment: expected '*#'")
				}
				ps.p += 2 + e + 2
				if tb.Len() == 0 && len(nodes) > 0 {
					if _, ok := nodes[len(nodes)-1].(*refNode); ok {
						// a block comment leaves Velocity 1.7's lexer in
						// reference mode: an index or a method call right
						// after it is a syntax error
						if ps.peek(0) == '[' {
							ps.failAt(ps.p, "unexpected '[' after a comment that follows a reference")
						}
						if ps.peek(0) == '.' && isIdentStart(ps.peek(1)) {
							q := ps.p + 1
							for q < len(ps.src) && isIdentChar(ps.src[q]) {
								q++
							}
							if q < len(ps.src) && ps.src[q] == '(' {
								ps.failAt(q, "unexpected method call after a comment that follows a reference")
							}
						}
					}
				}
				bracketErr = bracketErr || refMode
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
			setInRefMode, setInPropMode := false, false
			if w == "set" && ok {
				setInRefMode, setInPropMode = refMode, propMode
			}
			refMode = false
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
				// whitespace that starts right after a token is part of #set;
				// afterRef: the #set starts in reference mode and returns to it
				afterRef, afterProp := setInRefMode, setInPropMode
				if s := tb.String(); strings.Trim(s, " \t") == "" {
					if tb.Len() > 0 {
						afterRef, afterProp = runRefMode, runPropMode
					}
					tb.Reset()
				} else if w := len(strings.TrimRight(s, " \t")); w == ps.runStart && ps.runEnd == len(s) && w > 0 && ps.loneEnd != w {
					// whitespace that starts a token of its own (after "#y",
					// a "}" ending a reference, an escape...) is part of #set
					afterRef, afterProp = runRefMode, runPropMode
					tb.Reset()
					tb.WriteString(s[:w])
				} else if w == ps.loneEnd && ps.loneStart >= 0 {
					// a lone '$', '$!' or '#' token right before #set vanishes
					// with the whitespace; "$." keeps its text
					keep := ps.loneStart
					if strings.HasSuffix(s[:w], "$.") {
						keep = w
					}
					// after a lone '$' the lexer is in reference mode too
					afterRef = keep < w && strings.Contains(s[keep:w], "$")
					tb.Reset()
					tb.WriteString(s[:keep])
				}
				flush()
				ps.p = e
				nodes = append(nodes, ps.setDirective(start))
				refMode, bracketErr, propMode = afterRef, afterRef, afterRef && afterProp
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
				nodes = append(nodes, &breakNode{ps.at(start)})
			case "stop":
				flush()
				ps.p = e
				nodes = append(nodes, &stopNode{ps.at(start)})
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
					nodes = append(nodes, &macroCall{pos: ps.at(start), name: w, args: args, src: ps.src[start:ps.p]})
					ps.gobbleNL()
					continue
				}
				tb.WriteString(ps.src[start:e])
				ps.p = e
			}
		default:
			// fast path: plain text, a TEXT token of Velocity 1.7's lexer
			q := ps.p
			if refMode {
				switch {
				case c == '}':
					// in reference mode "}" is a token of its own
					tb.WriteByte('}')
					ps.p++
					refMode = false
					continue
				case c == '(' && tb.Len() == 0 && lastIsProperty(nodes):
					// "$a.b(" that is no method call: "(" is a token of its own
					tb.WriteByte('(')
					ps.p++
					bracketErr = false
					continue
				case c == '[' && bracketErr:
					ps.failAt(ps.p, "unexpected '[': Velocity 1.7 is still reading a reference here")
				case isIdentStart(c):
					// an identifier is a token of its own, still in reference mode
					for q < len(ps.src) && isIdentChar(ps.src[q]) {
						q++
					}
					ps.runStart = tb.Len()
					tb.WriteString(ps.src[ps.p:q])
					ps.runEnd = tb.Len()
					ps.p = q
					bracketErr = false
					continue
				}
			}
			for q < len(ps.src) && ps.src[q] != '$' && ps.src[q] != '#' && ps.src[q] != '\\' {
				q++
			}
			runRefMode, refMode = refMode, false
			runPropMode = propMode
			ps.runStart = tb.Len()
			tb.WriteString(ps.src[ps.p:q])
			ps.runEnd = tb.Len()
			ps.p = q
		}
	}
	flush()
	return nodes, ""
}

// lastIsProperty reports whether the last node is a reference ending in a
// property ($a.b, not ${a.b}).
func lastIsProperty(nodes []node) bool {
	if len(nodes) == 0 {
		return false
	}
	r, ok := nodes[len(nodes)-1].(*refNode)
	return ok && len(r.mods) > 0 && r.mods[len(r.mods)-1].kind == modProperty && !strings.HasSuffix(r.src, "}")
}

// dollarText handles a '$' that does not start a reference, as Velocity
// 1.7's lexer does: at the end of the template it is an error, "$!" loses
// its "!" unless '#', '{' or '[' follows, and a '$' right before #set, #if,
// #elseif, #else or #end vanishes. Before any other directive or a macro
// call ("$#foreach(...)", "$#mymacro()", "$#break") the '$' makes the whole
// directive text, arguments included, literal text: dollarText writes it
// and returns true.
func (ps *parser) dollarText(tb *strings.Builder) bool {
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
		w, e, ok := ps.directiveWord()
		ps.p = save
		if ok {
			switch w {
			case "set", "if", "elseif", "else", "end":
				ps.p = q
				return false
			default:
				if directives[w] || ps.macros[w] != nil {
					end := ps.literalArgs(e)
					tb.WriteString(ps.src[ps.p:end])
					ps.p = end
					return true
				}
			}
		}
	}
	if bang && (ps.src[q] == '#' || ps.src[q] == '{' || ps.src[q] == '[' || ps.src[q] == '\\') { // "$![" is Velocity's EMPTY_INDEX text
		tb.WriteString("$!")
		ps.p = q
		return false
	}
	tb.WriteByte('$')
	ps.p = q
	return false
}

// literalArgs returns the end of a directive's "( ... )" that starts after
// optional whitespace at off (off itself when there is none), minding
// quotes; an unclosed '(' is a syntax error, as in Velocity 1.7.
func (ps *parser) literalArgs(off int) int {
	q := off
	for q < len(ps.src) && (ps.src[q] == ' ' || ps.src[q] == '\t' || ps.src[q] == '\n' || ps.src[q] == '\r') {
		q++
	}
	if q >= len(ps.src) || ps.src[q] != '(' {
		return off
	}
	depth := 0
	for i := q; i < len(ps.src); i++ {
		switch c := ps.src[i]; c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"', '\'':
			j := strings.IndexByte(ps.src[i+1:], c)
			if j < 0 {
				ps.failAt(i, "unterminated string literal: expected closing "+string(c))
			}
			i += j + 1
		}
	}
	ps.failAt(q, "expected ')' to close the directive's arguments")
	return off
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

// setDirective parses #set; start is the offset of its '#'.
//
//	set = "#set" [ws] "(" reference "=" expr ")"
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
	return &setNode{pos: ps.at(start), lhs: lhs, rhs: rhs}
}

// ifDirective parses #if with its #elseif and #else branches.
//
//	if = "#if" [ws] "(" expr ")" block
//		{ "#elseif" [ws] "(" expr ")" block } [ "#else" block ] "#end"
func (ps *parser) ifDirective(start int) node {
	n := &ifNode{pos: ps.at(start)}
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
	l, c := ps.lineCol(start)
	ps.failAt(ps.p, fmt.Sprintf("expected #end to close %s opened at %d:%d, found end of template", what, l, c))
}

// foreachDirective parses #foreach.
//
//	foreach = "#foreach" [ws] "(" "$" name "in" param ")" block "#end"
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
	return &foreachNode{pos: ps.at(start), varName: v.name, iter: it, body: body}
}

// macroDirective parses a #macro definition.
//
//	macro = "#macro" [ws] "(" name { [","] "$" name } ")" block "#end"
//
// The definition goes to ps.macros, not into the tree.
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
	def := &macroDef{pos: ps.at(start), name: ps.src[ps.p:q]}
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

// defineDirective parses #define.
//
//	define = "#define" [ws] "(" "$" name ")" block "#end"
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
	return &defineNode{pos: ps.at(start), name: r.name, body: body}
}

// callArgs parses a macro call's arguments.
//
//	args = { [","] param } ")"    (after the macro call's '(')
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
//
//	reference = "$" ["!"] ( ref | "{" ref "}" )
//	ref       = name { "." name [ "(" methodArgs ] | "[" expr "]" }
//	name      = [a-zA-Z_] [a-zA-Z0-9_-]*
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
	r := &refNode{pos: ps.at(start - escapes), silent: silent, name: ps.src[q:e], escapes: escapes}
	ps.p = e
	for ps.p < len(ps.src) {
		c := ps.src[ps.p]
		if c == '.' && ps.p+1 < len(ps.src) && isIdentStart(ps.src[ps.p+1]) {
			s := ps.p + 1
			e := s
			for e < len(ps.src) && isIdentChar(ps.src[e]) {
				e++
			}
			m := modifier{pos: ps.at(ps.p), kind: modProperty, name: ps.src[s:e]}
			ps.p = e
			if ps.peek(0) == '(' && ps.directiveAfterParen() {
				// Velocity 1.7 looks three tokens ahead for a method call; a
				// directive right after '(' makes this a property and '(' text
				r.mods = append(r.mods, m)
				break
			}
			if ps.peek(0) == '(' {
				ps.p++
				m.kind = modMethod
				m.args = ps.methodArgs()
			}
			r.mods = append(r.mods, m)
			continue
		}
		if c == '$' && ps.peek(1) == '[' && len(r.mods) > 0 && r.mods[len(r.mods)-1].kind == modProperty {
			// after a property Velocity 1.7's lexer reads "$[" as the
			// index bracket: $a.b$[0] is $a.b[0]
			ps.p++
			c = '['
		}
		if c == '[' {
			open := ps.p
			ps.p++
			ps.enter()
			ix := ps.expr()
			ps.depth--
			ps.ws()
			if ps.peek(0) != ']' {
				ps.expect("']' to close the index")
			}
			ps.p++
			r.mods = append(r.mods, modifier{pos: ps.at(open), kind: modIndex, args: []expr{ix}})
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

// directiveAfterParen reports whether the '(' at ps.p is followed by a
// directive instead of a method argument: a directive right after it,
// [ \t]* "#set(" (one token for Velocity 1.7's lexer), or the end of the
// template.
func (ps *parser) directiveAfterParen() bool {
	q := ps.p + 1
	if q == len(ps.src) {
		return true // "$a.b(" at the end of the template
	}
	if ps.src[q] == '#' {
		save := ps.p
		ps.p = q
		w, _, ok := ps.directiveWord()
		ps.p = save
		if ok && directives[w] {
			return true
		}
	}
	for q < len(ps.src) && (ps.src[q] == ' ' || ps.src[q] == '\t') {
		q++
	}
	rest := ps.src[q:]
	for _, kw := range []string{"#set", "#{set}"} {
		if strings.HasPrefix(rest, kw) {
			t := strings.TrimLeft(rest[len(kw):], " ")
			return strings.HasPrefix(t, "(")
		}
	}
	return false
}

// methodArgs parses a method call's arguments.
//
//	methodArgs = [ param { "," param } ] ")"    (after the method's '(')
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
//
//	expr      = binary(1)
//	binary(l) = unary { binop binary(level(binop)+1) }  binop: level(binop) >= l
//	unary     = ( "!" | "not" ) unary | primary
//	primary   = reference | string | number | "true" | "false"
//		| "(" expr ")" | list | range | map
//
// binary is precedence climbing over the binOps table: an operator joins the
// expression being built while its level is at least l; its right operand
// takes the operators that bind tighter (and, were one right-associative,
// those of its own level). Left-associative operators of one level chain in
// the loop: a - b - c is (a - b) - c.

func (ps *parser) expr() expr {
	ps.enter()
	defer func() { ps.depth-- }()
	return ps.binary(1)
}

func (ps *parser) binary(minLevel int) expr {
	l := ps.unary()
	for {
		save := ps.p
		op, at, end := ps.binaryOp()
		if op == 0 || binOps[op].level < minLevel {
			ps.p = save
			return l
		}
		ps.p = end
		next := binOps[op].level + 1
		if binOps[op].assoc == rightAssoc {
			next = binOps[op].level
		}
		l = &binExpr{pos: ps.at(at), op: op, l: l, r: ps.binary(next)}
	}
}

// binaryOp looks for a binary operator after whitespace at ps.p. It returns
// the operator and the offsets where its spelling starts and ends, or 0.
// Word operators (and, eq, ...) must not run into a following word character.
func (ps *parser) binaryOp() (op binOp, start, end int) {
	ps.ws()
	start = ps.p
	if start >= len(ps.src) {
		return 0, start, start
	}
	if isIdentStart(ps.src[start]) {
		end = start + 1
		for end < len(ps.src) && isWordChar(ps.src[end]) {
			end++
		}
		return binOpSpellings[ps.src[start:end]], start, end
	}
	if end = start + 2; end <= len(ps.src) {
		if op := binOpSpellings[ps.src[start:end]]; op != 0 {
			return op, start, end
		}
	}
	if ps.src[start] == '-' && ps.isNumberStart(0) {
		// "-1" is one number token in Velocity 1.7, not an operator and a
		// number: "5 -1" is a syntax error
		return 0, start, start
	}
	end = start + 1
	return binOpSpellings[ps.src[start:end]], start, end
}

// unaryNot reads "!" or "not" after whitespace ("!" not followed by '=').
func (ps *parser) unaryNot() bool {
	ps.ws()
	switch {
	case ps.peek(0) == '!' && ps.peek(1) != '=':
		ps.p++
		return true
	case strings.HasPrefix(ps.src[ps.p:], "not") && !isWordChar(ps.peek(3)):
		ps.p += 3
		return true
	}
	return false
}

func (ps *parser) unary() expr {
	ps.ws()
	start := ps.p
	if ps.unaryNot() {
		ps.enter()
		defer func() { ps.depth-- }()
		return &notExpr{pos: ps.at(start), e: ps.unary()}
	}
	return ps.primary()
}

// param is a value allowed as a method or macro argument and inside list
// and map literals: no operators or parentheses (as in Velocity 1.7).
//
//	param = reference | string | number | "true" | "false" | list | range | map
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
	case ps.isNumberStart(0):
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
			start := ps.p
			ps.p = q
			return &litExpr{pos: ps.at(start), v: true}
		case "false":
			start := ps.p
			ps.p = q
			return &litExpr{pos: ps.at(start), v: false}
		}
	}
	ps.expect("a value (reference, string, number, true, false, list or map)")
	return nil
}

// isNumberStart reports whether a number literal starts at ps.p+off:
// a digit, or '.' followed by a digit, each optionally after '-'.
func (ps *parser) isNumberStart(off int) bool {
	c := ps.peek(off)
	if c == '-' {
		off++
		c = ps.peek(off)
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	return isDigit(c) || c == '.' && isDigit(ps.peek(off+1))
}

// number parses a number literal, as Velocity 1.7's lexer reads them.
//
//	integer = ["-"] digits                 (not followed by a single '.')
//	float   = ["-"] digits "." [digits] [exponent]
//		| ["-"] "." digits [exponent]
//		| ["-"] digits exponent
//	exponent = ("e" | "E") ["+" | "-"] digits
//
// An integer is an Integer, a Long when too large, a BigInteger beyond
// that; a float is a Double (Infinity when out of range).
func (ps *parser) number() expr {
	start := ps.p
	q := ps.p
	src := ps.src
	digits := func() {
		for q < len(src) && src[q] >= '0' && src[q] <= '9' {
			q++
		}
	}
	if src[q] == '-' {
		q++
	}
	intStart := q
	digits()
	isFloat := false
	if q < len(src) && src[q] == '.' && (q+1 >= len(src) || src[q+1] != '.') {
		// "1..3" is the integer 1 and a range's "..": a single '.' makes a float
		if q > intStart || q+1 < len(src) && src[q+1] >= '0' && src[q+1] <= '9' {
			isFloat = true
			q++
			digits()
		}
	}
	if q < len(src) && (src[q] == 'e' || src[q] == 'E') && q > intStart {
		r := q + 1
		if r < len(src) && (src[r] == '+' || src[r] == '-') {
			r++
		}
		if r < len(src) && src[r] >= '0' && src[r] <= '9' {
			for r < len(src) && src[r] >= '0' && src[r] <= '9' {
				r++
			}
			q = r
			isFloat = true
		}
	}
	s := src[start:q]
	ps.p = q
	if isFloat {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			ps.failAt(start, "invalid number "+s)
		}
		return &litExpr{pos: ps.at(start), v: f}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &litExpr{pos: ps.at(start), v: normalize(int(n))}
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		ps.failAt(start, "invalid number "+s)
	}
	return &litExpr{pos: ps.at(start), v: b}
}

// stringLit parses a string literal.
//
//	string = "'" { char | "''" } "'" | '"' { char | '""' } '"'
//
// In a double-quoted string "\uXXXX" is a character; a double-quoted string
// whose source contains '$' or '#' is a template, rendered at each
// evaluation. As Velocity 1.7 does, the template is the contents plus a
// space, and the last character of its output is dropped, so a '$' at the
// end is text ("$" renders as "$"); a string containing "##" gets no space.
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
		if c == '\\' && q+1 < len(ps.src) && quote == '"' {
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
	raw := ps.src[start+1 : q]
	ps.p = q + 1
	s := b.String()
	if quote == '\'' || !strings.ContainsAny(raw, "$#") {
		return &litExpr{pos: ps.at(start), v: s}
	}
	// interpolate: parse the contents as a template
	trim := !strings.Contains(s, "##")
	if trim {
		s += " "
	}
	sub := &parser{src: s, whole: ps.whole, base: ps.base + start + 1, macros: ps.macros, depth: ps.depth, loneStart: -1, loneEnd: -1}
	nodes, term := sub.block()
	if term != "" {
		sub.failAt(sub.termPos, "unexpected #"+term+" in string literal")
	}
	return &strExpr{pos: ps.at(start), nodes: nodes, trim: trim}
}

// listLit parses a list or range literal.
//
//	list  = "[" [ param { "," param } ] "]"
//	range = "[" param ".." param "]"
func (ps *parser) listLit() expr {
	start := ps.p
	ps.p++
	ps.ws()
	if ps.peek(0) == ']' {
		ps.p++
		return &listExpr{pos: ps.at(start)}
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
		return &rangeExpr{pos: ps.at(start), from: first, to: to}
	}
	l := &listExpr{pos: ps.at(start), items: []expr{first}}
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

// mapLit parses a map literal.
//
//	map = "{" [ param ":" param { "," param ":" param } ] "}"
func (ps *parser) mapLit() expr {
	m := &mapExpr{pos: ps.at(ps.p)}
	ps.p++
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
