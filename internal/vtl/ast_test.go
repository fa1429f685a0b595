package vtl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// walk calls visit for n and every node below it, in source order.
func walk(n node, visit func(node)) {
	visit(n)
	walkAll := func(ns []node) {
		for _, c := range ns {
			walk(c, visit)
		}
	}
	walkExprs := func(es []expr) {
		for _, e := range es {
			walk(e, visit)
		}
	}
	switch n := n.(type) {
	case *textNode, *escDirNode, *breakNode, *stopNode, *litExpr:
	case *refNode:
		for _, m := range n.mods {
			walkExprs(m.args)
		}
	case *setNode:
		walk(n.lhs, visit)
		walk(n.rhs, visit)
	case *ifNode:
		for i, c := range n.conds {
			walk(c, visit)
			walkAll(n.blocks[i])
		}
		walkAll(n.els)
	case *foreachNode:
		walk(n.iter, visit)
		walkAll(n.body)
	case *macroCall:
		walkExprs(n.args)
	case *defineNode:
		walkAll(n.body)
	case *strExpr:
		walkAll(n.nodes)
	case *listExpr:
		walkExprs(n.items)
	case *rangeExpr:
		walk(n.from, visit)
		walk(n.to, visit)
	case *mapExpr:
		for i := range n.keys {
			walk(n.keys[i], visit)
			walk(n.vals[i], visit)
		}
	case *binExpr:
		walk(n.l, visit)
		walk(n.r, visit)
	case *notExpr:
		walk(n.e, visit)
	default:
		panic(fmt.Sprintf("walk: no case for %T", n))
	}
}

// allNodesTemplate holds every node type, some of them inside an
// interpolated string on a later line.
const allNodesTemplate = `text \#if $a \$b
#set($x = [1, 'two', 3.5] )
#set($r = [1..$n])
#set($m = {'k': true, "v": false})
#if($a && !$b || not ($n + 1 * 2 < 3 eq false))yes#elseif($a)no#else
other#end
#foreach($i in $r)#if($i > 2)#break#end$i#end
#macro(mac $p)[$p]#end
#mac("q")
#define($d)defined $a#end
  #set($y = "pre $a.b[0].c($n) post")
#stop`

func TestNodePositions(t *testing.T) {
	src := allNodesTemplate
	tpl, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	at := func(n interface{ Position() pos }) string {
		p := int(n.Position())
		if p < 0 || p >= len(src) {
			t.Fatalf("%T at %d: outside the template (%d bytes)", n, p, len(src))
		}
		return src[p:]
	}
	// what the source must start with at each node's position
	want := map[nodeType]func(n node) []string{
		// an interpolated string's text ends with the space Velocity appends
		nodeText:      func(n node) []string { return []string{n.(*textNode).s, strings.TrimSuffix(n.(*textNode).s, " ")} },
		nodeEscDir:    func(node) []string { return []string{`\#`} },
		nodeRef:       func(n node) []string { return []string{strings.Repeat(`\`, n.(*refNode).escapes) + "$"} },
		nodeSet:       func(node) []string { return []string{"#set("} },
		nodeIf:        func(node) []string { return []string{"#if("} },
		nodeForeach:   func(node) []string { return []string{"#foreach("} },
		nodeBreak:     func(node) []string { return []string{"#break"} },
		nodeStop:      func(node) []string { return []string{"#stop"} },
		nodeMacroCall: func(n node) []string { return []string{"#" + n.(*macroCall).name + "("} },
		nodeDefine:    func(node) []string { return []string{"#define("} },
		nodeLiteral: func(n node) []string {
			switch v := n.(*litExpr).v.(type) {
			case string:
				return []string{"'" + v + "'", `"` + v + `"`}
			default:
				return []string{fmt.Sprint(v)}
			}
		},
		nodeString: func(node) []string { return []string{`"`} },
		nodeList:   func(node) []string { return []string{"["} },
		nodeRange:  func(node) []string { return []string{"["} },
		nodeMap:    func(node) []string { return []string{"{"} },
		nodeBinary: func(n node) []string {
			var s []string
			for sp, op := range binOpSpellings {
				if op == n.(*binExpr).op {
					s = append(s, sp)
				}
			}
			return s
		},
		nodeNot: func(node) []string { return []string{"!", "not"} },
	}
	seen := map[nodeType]int{}
	check := func(n node) {
		seen[n.Type()]++
		f, ok := want[n.Type()]
		if !ok {
			t.Errorf("node type %s: no expectation in this test", n.Type())
			return
		}
		got := at(n)
		for _, w := range f(n) {
			if strings.HasPrefix(got, w) {
				return
			}
		}
		t.Errorf("%s node (%T) at %d: source there is %q, want it to start with one of %q", n.Type(), n, n.Position(), got[:min(len(got), 20)], f(n))
	}
	for _, n := range tpl.nodes {
		walk(n, func(n node) {
			check(n)
			if r, ok := n.(*refNode); ok {
				for _, m := range r.mods {
					if s := at(m); s[0] != '.' && s[0] != '[' {
						t.Errorf("modifier %q of $%s at %d: source there is %q", m.name, r.name, m.Position(), s[:min(len(s), 10)])
					}
				}
			}
		})
	}
	for _, def := range tpl.macros {
		if !strings.HasPrefix(at(def), "#macro(") {
			t.Errorf("#macro %s at %d: source there is %q", def.name, def.Position(), at(def)[:10])
		}
		for _, n := range def.body {
			walk(n, check)
		}
	}
	for ty := nodeType(0); ty < numNodeTypes; ty++ {
		if strings.HasPrefix(ty.String(), "nodeType(") {
			t.Errorf("node type %d has no name", ty)
		}
		if seen[ty] == 0 {
			t.Errorf("the template has no %s node: extend allNodesTemplate and walk", ty)
		}
	}
}

// Errors inside an interpolated string literal point into the whole
// template, not into the literal's contents.
func TestPositionsInStringLiterals(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
	}{
		{"method error", "x\n#set($y = \"$s.substring(9)\")", 2, 14},
		{"index error in a nested literal", "a\nb\n  $s.concat(\"-${l.get(7)}\")", 3, 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tpl.Render(context.Background(), map[string]any{"s": "abc", "l": []any{1}}, Limits{})
			var re *RenderError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a RenderError", err)
			}
			if re.Line != tt.line || re.Col != tt.col {
				t.Errorf("error at %d:%d (%v), want %d:%d", re.Line, re.Col, err, tt.line, tt.col)
			}
		})
	}
}

// alienNode is a node type the renderer has no case for. Only a file of this
// package can declare one: node's marker method is unexported.
type alienNode struct{ pos }

func (*alienNode) Type() nodeType { return numNodeTypes }
func (*alienNode) isNode()        {}
func (*alienNode) isExpr()        {}

func TestUnsupportedNodeIsAnError(t *testing.T) {
	const src = "abc\ndefgh"
	alien := &alienNode{pos: 6} // line 2, column 3
	ref := func(mods ...modifier) *refNode { return &refNode{pos: 0, name: "l", src: "$l", mods: mods} }
	tests := []struct {
		name  string
		nodes []node
		want  string
	}{
		{"in a block", []node{&textNode{s: "before"}, alien}, "cannot render a nodeType(17) node (*vtl.alienNode)"},
		{"nil in a block", []node{nil}, "cannot render a nil node"},
		{"expression node in a block", []node{&litExpr{pos: 6, v: true}}, "cannot render a literal node"},
		{"#set value", []node{&setNode{lhs: ref(), rhs: alien}}, "cannot evaluate a nodeType(17) node"},
		{"#if condition", []node{&ifNode{conds: []expr{alien}, blocks: [][]node{nil}}}, "cannot evaluate the truth of a nodeType(17) node"},
		{"! operand", []node{&setNode{lhs: ref(), rhs: &notExpr{e: alien}}}, "cannot evaluate the truth of"},
		{"#foreach list", []node{&foreachNode{varName: "i", iter: alien}}, "cannot evaluate a nodeType(17) node"},
		{"list element", []node{&setNode{lhs: ref(), rhs: &listExpr{items: []expr{alien}}}}, "cannot evaluate"},
		{"index", []node{ref(modifier{kind: modIndex, args: []expr{alien}})}, "cannot evaluate"},
		{"macro argument (by name: at its use)", []node{&macroCall{name: "m", args: []expr{alien}}}, "cannot evaluate"},
		{"operand", []node{&setNode{lhs: ref(), rhs: &binExpr{op: opAdd, l: &litExpr{v: 1}, r: alien}}}, "cannot evaluate"},
		{"interpolated string", []node{&setNode{lhs: ref(), rhs: &strExpr{nodes: []node{alien}}}}, "cannot render"},
		{"unknown operator", []node{&setNode{lhs: ref(), rhs: &binExpr{pos: 6, op: numBinOps, l: &litExpr{v: 1}, r: &litExpr{v: 2}}}}, "unsupported binary operator binOp(14)"},
		{"unknown modifier", []node{ref(modifier{pos: 6, kind: 0})}, "unsupported reference modifier 0"},
		{"unknown #set modifier", []node{&setNode{lhs: ref(modifier{pos: 6, kind: 9}), rhs: &litExpr{v: 1}}}, "unsupported reference modifier 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := &Template{src: src, nodes: tt.nodes, macros: map[string]*macroDef{"m": {name: "m", params: []string{"p"}, body: []node{&refNode{name: "p", src: "$p"}}}}}
			out, err := tpl.Render(context.Background(), map[string]any{"l": []any{1}}, Limits{})
			if err == nil {
				t.Fatalf("rendered %q, want an error", out)
			}
			var re *RenderError
			if !errors.As(err, &re) || !strings.Contains(re.Msg, tt.want) {
				t.Fatalf("got %v, want a RenderError containing %q", err, tt.want)
			}
			if !errors.Is(err, errUnsupported) {
				t.Errorf("%v does not wrap errUnsupported", err)
			}
			if tt.name != "nil in a block" && (re.Line != 2 || re.Col != 3) {
				t.Errorf("error at %d:%d, want 2:3 (the node's position)", re.Line, re.Col)
			}
		})
	}
}

func TestBinaryOperatorTable(t *testing.T) {
	// every operator has an entry, and a spelling that parses to it
	spelled := map[binOp]bool{}
	for sp, op := range binOpSpellings {
		spelled[op] = true
		if op <= 0 || op >= numBinOps {
			t.Errorf("spelling %q maps to %d, not an operator", sp, op)
		}
	}
	for op := binOp(1); op < numBinOps; op++ {
		info := binOps[op]
		if info.name == "" || info.level <= 0 {
			t.Errorf("operator %d has no table entry: %+v", op, info)
		}
		if binOpSpellings[info.name] != op {
			t.Errorf("operator %s: its canonical name does not parse to it", info.name)
		}
		if !spelled[op] {
			t.Errorf("operator %s has no spelling", info.name)
		}
		if info.assoc != leftAssoc {
			t.Errorf("operator %s is not left-associative; every Velocity 1.7 binary operator is", info.name)
		}
	}

	// each spelling parses to its operator, at the spelling's offset, and
	// evaluates as the operator does
	ops := []struct {
		spelling string
		op       binOp
		level    int
		a, b     string // operands
		want     string // #set($x = a op b)$x
	}{
		{"||", opOr, 1, "false", "true", "true"},
		{"or", opOr, 1, "false", "false", "false"},
		{"&&", opAnd, 2, "true", "false", "false"},
		{"and", opAnd, 2, "true", "true", "true"},
		{"==", opEq, 3, "1", "1.0", "true"},
		{"eq", opEq, 3, "'a'", "'b'", "false"},
		{"!=", opNe, 3, "1", "2", "true"},
		{"ne", opNe, 3, "2", "2", "false"},
		{"<", opLt, 4, "1", "2", "true"},
		{"lt", opLt, 4, "2", "1", "false"},
		{">", opGt, 4, "2", "1", "true"},
		{"gt", opGt, 4, "1", "2", "false"},
		{"<=", opLe, 4, "2", "2", "true"},
		{"le", opLe, 4, "3", "2", "false"},
		{">=", opGe, 4, "2", "2", "true"},
		{"ge", opGe, 4, "1", "2", "false"},
		{"+", opAdd, 5, "7", "2", "9"},
		{"-", opSub, 5, "7", "2", "5"},
		{"*", opMul, 6, "7", "2", "14"},
		{"/", opDiv, 6, "7", "2", "3"},
		{"%", opMod, 6, "7", "2", "1"},
	}
	if len(ops) != len(binOpSpellings) {
		t.Errorf("the test covers %d spellings, the table has %d", len(ops), len(binOpSpellings))
	}
	for _, tt := range ops {
		t.Run(tt.spelling, func(t *testing.T) {
			if got := binOpSpellings[tt.spelling]; got != tt.op {
				t.Fatalf("spelling %q is %s, want %s", tt.spelling, got, tt.op)
			}
			if got := binOps[tt.op].level; got != tt.level {
				t.Errorf("%s has level %d, want %d", tt.op, got, tt.level)
			}
			prefix := "#set($x = " + tt.a + " "
			src := prefix + tt.spelling + " " + tt.b + ")$x"
			tpl, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			e, ok := tpl.nodes[0].(*setNode).rhs.(*binExpr)
			if !ok || e.op != tt.op || int(e.pos) != len(prefix) {
				t.Fatalf("%q parsed to %#v, want %s at %d", src, tpl.nodes[0].(*setNode).rhs, tt.op, len(prefix))
			}
			if got := render(t, src, nil); got != tt.want {
				t.Errorf("%q rendered %q, want %q", src, got, tt.want)
			}
		})
	}

	// for every pair of operators, a op1 b op2 c groups by the table: the
	// tighter level binds first, equal levels associate to the left
	for _, o1 := range ops {
		for _, o2 := range ops {
			src := "#set($x = $a " + o1.spelling + " $b " + o2.spelling + " $c)"
			tpl, err := Parse(src)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			var want string
			if o2.level > o1.level || (o2.level == o1.level && binOps[o1.op].assoc == rightAssoc) {
				want = fmt.Sprintf("(a %s (b %s c))", o1.op, o2.op)
			} else {
				want = fmt.Sprintf("((a %s b) %s c)", o1.op, o2.op)
			}
			if got := exprString(tpl.nodes[0].(*setNode).rhs); got != want {
				t.Errorf("%s parsed as %s, want %s", src, got, want)
			}
		}
	}

	// unary ! binds tighter than every binary operator; parentheses group
	for _, tt := range []struct{ src, want string }{
		{"!$a && $b", "(!a && b)"},
		{"not $a == $b", "(!a == b)"},
		{"!($a || $b) && $c", "(!(a || b) && c)"},
		{"$a * ($b + $c)", "(a * (b + c))"},
		{"$a - $b - $c - $d", "(((a - b) - c) - d)"},
		{"$a || $b or $c", "((a || b) || c)"},
		{"$a / $b * $c % $d", "(((a / b) * c) % d)"},
		{"$a or $b and $c eq $d lt $e + $f * $g", "(a || (b && (c == (d < (e + (f * g))))))"},
		{"$andy and $order or $note", "((andy && order) || note)"},
		{"1 - 2", "(1 - 2)"},
		{"1 - -2", "(1 - -2)"},
		{"2 *-1", "(2 * -1)"},
	} {
		tpl, err := Parse("#set($x = " + tt.src + ")")
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if got := exprString(tpl.nodes[0].(*setNode).rhs); got != tt.want {
			t.Errorf("%s parsed as %s, want %s", tt.src, got, tt.want)
		}
	}
}

// TestNegativeNumberToken: as in Velocity 1.7's lexer, "-" before a digit
// is part of the number, so a number right after an operand is an error.
func TestNegativeNumberToken(t *testing.T) {
	for _, src := range []string{"1 -2", "1-1", "$a -1", "($a)-1.5", "2 -.5"} {
		if _, err := Parse("#set($x = " + src + ")"); err == nil {
			t.Errorf("%s: parsed, want a syntax error (Velocity 1.7 lexes -N as one number)", src)
		}
	}
}

// exprString prints the shape of a parsed expression, fully parenthesized.
func exprString(e expr) string {
	switch e := e.(type) {
	case *refNode:
		return e.name
	case *litExpr:
		return fmt.Sprint(e.v)
	case *binExpr:
		return "(" + exprString(e.l) + " " + e.op.String() + " " + exprString(e.r) + ")"
	case *notExpr:
		return "!" + exprString(e.e)
	}
	return fmt.Sprintf("%T", e)
}
