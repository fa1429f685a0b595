package vtl

import "strconv"

// The abstract syntax tree of a template, modelled on text/template/parse.
//
// The set of node types is closed: node has an unexported marker method, so
// only this package can add a type, and each type is listed in nodeType.
// Every node carries the byte offset in the whole template source where it
// starts (interpolated string literals included), from which error messages
// compute a 1-based line and column. The renderer dispatches on the concrete
// type; a node type it does not know is a render error naming the type and
// its position, never silently empty output.

// pos is a byte offset in the template source. Embedded in every node, it
// gives the node its Position method.
type pos int

// Position returns the byte offset where the node starts.
func (p pos) Position() pos { return p }

// nodeType identifies the type of a node.
type nodeType uint8

const (
	nodeText      nodeType = iota // literal text
	nodeEscDir                    // an escaped directive, printed as text (\#if)
	nodeRef                       // a reference: $a, ${a.b}, $!a.m(1)[0]
	nodeSet                       // #set
	nodeIf                        // #if / #elseif / #else
	nodeForeach                   // #foreach
	nodeBreak                     // #break
	nodeStop                      // #stop
	nodeMacroCall                 // #name(args), a call of a #macro
	nodeDefine                    // #define
	nodeLiteral                   // true, false, a number or a plain string literal
	nodeString                    // a double-quoted string literal that interpolates
	nodeList                      // [a, b]
	nodeRange                     // [a..b]
	nodeMap                       // {k: v}
	nodeBinary                    // a binary operator: l op r
	nodeNot                       // ! or not
	numNodeTypes                  // the number of node types; not a node type
)

var nodeTypeNames = [numNodeTypes]string{
	nodeText:      "text",
	nodeEscDir:    "escaped directive",
	nodeRef:       "reference",
	nodeSet:       "#set",
	nodeIf:        "#if",
	nodeForeach:   "#foreach",
	nodeBreak:     "#break",
	nodeStop:      "#stop",
	nodeMacroCall: "macro call",
	nodeDefine:    "#define",
	nodeLiteral:   "literal",
	nodeString:    "interpolated string",
	nodeList:      "list",
	nodeRange:     "range",
	nodeMap:       "map",
	nodeBinary:    "binary operator",
	nodeNot:       "not",
}

func (t nodeType) String() string {
	if t < numNodeTypes && nodeTypeNames[t] != "" {
		return nodeTypeNames[t]
	}
	return "nodeType(" + strconv.Itoa(int(t)) + ")"
}

// node is an element of a parsed template.
type node interface {
	Type() nodeType
	Position() pos
	isNode() // closes the set of node types to this package
}

// expr is a node that has a value: the operands of #set, #if, #foreach,
// method and macro arguments, index expressions, list and map elements.
type expr interface {
	node
	isExpr()
}

// ------------------------------------------------------------- statements

// textNode is literal text.
type textNode struct {
	pos
	s string
}

// escDirNode is the literal output of an escaped directive: the backslashes
// halved and, when their number is odd, the directive's text.
type escDirNode struct {
	pos
	s string
}

// refNode is a reference, in the text or in an expression.
type refNode struct {
	pos            // at the first escaping backslash, else at '$'
	src     string // source text, printed when escaped
	silent  bool
	name    string
	mods    []modifier
	escapes int // backslashes before '$'
}

// modKind is the kind of one step of a reference after its name.
type modKind uint8

const (
	modProperty modKind = iota + 1 // .name
	modMethod                      // .name(args)
	modIndex                       // [expr]
)

// modifier is one step of a reference after its name.
type modifier struct {
	pos  // at '.' or '['
	kind modKind
	name string // property or method name
	args []expr // method arguments, or the one index expression
}

type setNode struct {
	pos
	lhs *refNode
	rhs expr
}

// ifNode is #if(conds[0]) blocks[0] #elseif(conds[1]) blocks[1] ... #else els #end.
type ifNode struct {
	pos
	conds  []expr
	blocks [][]node
	els    []node
}

type foreachNode struct {
	pos
	varName string
	iter    expr
	body    []node
}

type breakNode struct{ pos }

type stopNode struct{ pos }

// macroCall is #name(args); it prints its source text when no #macro of
// that name exists.
type macroCall struct {
	pos
	name string
	args []expr
	src  string
}

type defineNode struct {
	pos
	name string
	body []node
}

// macroDef is a #macro definition. It is not a node: definitions are
// collected at parse time (a macro can be called before it is defined) and
// produce no output where they stand.
type macroDef struct {
	pos
	name   string
	params []string
	body   []node
}

// ------------------------------------------------------------ expressions

// litExpr is a constant: bool, int32/int64, float64 or string.
type litExpr struct {
	pos
	v any
}

// strExpr is a double-quoted string literal containing '$' or '#': its
// contents are a template, rendered at each evaluation.
type strExpr struct {
	pos
	nodes []node
	trim  bool // drop the last character of the output (see stringLit)
}

type listExpr struct {
	pos
	items []expr
}

type rangeExpr struct {
	pos
	from, to expr
}

type mapExpr struct {
	pos
	keys, vals []expr
}

// binExpr is l op r; its position is the operator's.
type binExpr struct {
	pos
	op   binOp
	l, r expr
}

type notExpr struct {
	pos
	e expr
}

func (*textNode) Type() nodeType    { return nodeText }
func (*escDirNode) Type() nodeType  { return nodeEscDir }
func (*refNode) Type() nodeType     { return nodeRef }
func (*setNode) Type() nodeType     { return nodeSet }
func (*ifNode) Type() nodeType      { return nodeIf }
func (*foreachNode) Type() nodeType { return nodeForeach }
func (*breakNode) Type() nodeType   { return nodeBreak }
func (*stopNode) Type() nodeType    { return nodeStop }
func (*macroCall) Type() nodeType   { return nodeMacroCall }
func (*defineNode) Type() nodeType  { return nodeDefine }
func (*litExpr) Type() nodeType     { return nodeLiteral }
func (*strExpr) Type() nodeType     { return nodeString }
func (*listExpr) Type() nodeType    { return nodeList }
func (*rangeExpr) Type() nodeType   { return nodeRange }
func (*mapExpr) Type() nodeType     { return nodeMap }
func (*binExpr) Type() nodeType     { return nodeBinary }
func (*notExpr) Type() nodeType     { return nodeNot }

func (*textNode) isNode()    {}
func (*escDirNode) isNode()  {}
func (*refNode) isNode()     {}
func (*setNode) isNode()     {}
func (*ifNode) isNode()      {}
func (*foreachNode) isNode() {}
func (*breakNode) isNode()   {}
func (*stopNode) isNode()    {}
func (*macroCall) isNode()   {}
func (*defineNode) isNode()  {}
func (*litExpr) isNode()     {}
func (*strExpr) isNode()     {}
func (*listExpr) isNode()    {}
func (*rangeExpr) isNode()   {}
func (*mapExpr) isNode()     {}
func (*binExpr) isNode()     {}
func (*notExpr) isNode()     {}

func (*refNode) isExpr()   {}
func (*litExpr) isExpr()   {}
func (*strExpr) isExpr()   {}
func (*listExpr) isExpr()  {}
func (*rangeExpr) isExpr() {}
func (*mapExpr) isExpr()   {}
func (*binExpr) isExpr()   {}
func (*notExpr) isExpr()   {}

// ------------------------------------------------------ binary operators

// binOp is a binary operator.
type binOp uint8

const (
	opOr binOp = iota + 1
	opAnd
	opEq
	opNe
	opLt
	opGt
	opLe
	opGe
	opAdd
	opSub
	opMul
	opDiv
	opMod
	numBinOps // one past the last operator; not an operator
)

// assoc is an operator's associativity.
type assoc uint8

const (
	leftAssoc assoc = iota
	rightAssoc
)

// binOpInfo describes a binary operator: its canonical spelling, its
// precedence level (higher binds tighter) and its associativity.
type binOpInfo struct {
	name  string
	level int
	assoc assoc
}

// binOps is Velocity 1.7's operator precedence table (Parser.jjt:
// ConditionalOrExpression down to MultiplicativeExpression). Every operator
// is left-associative. The unary ! / not binds tighter than all of them.
var binOps = [numBinOps]binOpInfo{
	opOr:  {"||", 1, leftAssoc},
	opAnd: {"&&", 2, leftAssoc},
	opEq:  {"==", 3, leftAssoc},
	opNe:  {"!=", 3, leftAssoc},
	opLt:  {"<", 4, leftAssoc},
	opGt:  {">", 4, leftAssoc},
	opLe:  {"<=", 4, leftAssoc},
	opGe:  {">=", 4, leftAssoc},
	opAdd: {"+", 5, leftAssoc},
	opSub: {"-", 5, leftAssoc},
	opMul: {"*", 6, leftAssoc},
	opDiv: {"/", 6, leftAssoc},
	opMod: {"%", 6, leftAssoc},
}

// binOpSpellings maps every spelling of a binary operator, symbol or word,
// to the operator.
var binOpSpellings = map[string]binOp{
	"||": opOr, "or": opOr,
	"&&": opAnd, "and": opAnd,
	"==": opEq, "eq": opEq,
	"!=": opNe, "ne": opNe,
	"<": opLt, "lt": opLt,
	">": opGt, "gt": opGt,
	"<=": opLe, "le": opLe,
	">=": opGe, "ge": opGe,
	"+": opAdd, "-": opSub, "*": opMul, "/": opDiv, "%": opMod,
}

func (o binOp) String() string {
	if o > 0 && o < numBinOps {
		return binOps[o].name
	}
	return "binOp(" + strconv.Itoa(int(o)) + ")"
}
