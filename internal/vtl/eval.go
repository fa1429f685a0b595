package vtl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits bound the work one render may do. Zero fields take the defaults.
type Limits struct {
	MaxLoopIterations int // total #foreach iterations (and range sizes), and macro calls and by-name argument evaluations, per render
	MaxOutputBytes    int // size of the rendered text and of any string built
	MaxDepth          int // nesting of macro calls, #define blocks and values
}

// Default limits.
const (
	DefaultMaxLoopIterations = 1_000_000
	DefaultMaxOutputBytes    = 10 << 20
	DefaultMaxDepth          = 100
)

func (l Limits) withDefaults() Limits {
	if l.MaxLoopIterations <= 0 {
		l.MaxLoopIterations = DefaultMaxLoopIterations
	}
	if l.MaxOutputBytes <= 0 {
		l.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// RenderError is an error raised while evaluating a template (a Java
// exception in Velocity, or an exceeded limit). Line/Col are 0 if unknown.
type RenderError struct {
	Line, Col int
	Msg       string
	err       error // the cause, if any
}

// Unwrap returns the cause of the error, if any.
func (e *RenderError) Unwrap() error { return e.err }

func (e *RenderError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

// ErrLimit is wrapped by errors caused by an exceeded Limits field.
var ErrLimit = errors.New("template limit exceeded")

// errUnsupported is wrapped by the error for a node the renderer has no case
// for: a bug in the engine, never a property of the template.
var errUnsupported = errors.New("unsupported template node")

type limitError struct {
	RenderError
}

func (e *limitError) Unwrap() error { return ErrLimit }

var (
	errBreak = errors.New("#break")
	errStop  = errors.New("#stop")
)

type renderer struct {
	ctx     context.Context
	t       *Template
	lim     Limits
	out     *strings.Builder
	globals map[string]any // nil until the first assignment
	env     *mappingEnv    // root variables built on first use, or nil
	frame   *macroFrame    // the running macro, nil outside macros
	iters   int
	steps   int // macro calls and by-name argument evaluations
	depth   int
	loops   int
}

// macroRef is the value of a #define'd reference: rendered on use.
type macroRef struct {
	body []node
}

func (r *renderer) errAt(at pos, msg string) error {
	l, c := lineCol(r.t.src, int(at))
	return &RenderError{Line: l, Col: c, Msg: msg}
}

// bugAt is errAt for an engine bug: the error wraps errUnsupported.
func (r *renderer) bugAt(at pos, msg string) error {
	l, c := lineCol(r.t.src, int(at))
	return &RenderError{Line: l, Col: c, Msg: msg, err: errUnsupported}
}

func (r *renderer) limitAt(at pos, msg string) error {
	l, c := lineCol(r.t.src, int(at))
	return &limitError{RenderError{Line: l, Col: c, Msg: msg}}
}

func lineCol(src string, off int) (int, int) {
	if off < 0 || off > len(src) {
		return 0, 0
	}
	ps := &parser{whole: src}
	return ps.lineCol(off)
}

// Render evaluates the template with the given root variables.
func (t *Template) Render(ctx context.Context, vars map[string]any, lim Limits) (string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	globals := make(map[string]any, len(vars)+4)
	for k, v := range vars {
		globals[k] = normalize(v)
	}
	return t.render(ctx, globals, nil, lim)
}

// render evaluates the template with globals (normalized; may be nil) and
// the root variables env builds on first use (may be nil).
func (t *Template) render(ctx context.Context, globals map[string]any, env *mappingEnv, lim Limits) (string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	r := &renderer{ctx: ctx, t: t, lim: lim.withDefaults(), out: &strings.Builder{}, globals: globals, env: env}
	// most mapping templates are literal text with a few references
	r.out.Grow(min(len(t.src), r.lim.MaxOutputBytes))
	return r.run()
}

func (r *renderer) run() (string, error) {
	err := r.nodes(r.t.nodes)
	if err != nil && err != errStop && err != errBreak {
		return "", err
	}
	return r.out.String(), nil
}

// macroFrame is the context of a running macro, as Velocity 1.7's
// ProxyVMContext: parameters bound to constants (number and boolean
// literals) and every variable #set inside the macro are local values;
// parameters bound to anything else keep the argument expression, which is
// evaluated in the caller's context at each use (arguments are passed by
// name). parent is the caller's frame, nil for the template itself.
type macroFrame struct {
	parent *macroFrame
	local  map[string]any
	proxy  map[string]expr
}

// lookup is the context's get: the innermost macro frame's local value,
// else its by-name argument evaluated in the caller's context, else the
// caller's context, down to the template's variables.
func (r *renderer) lookup(name string) (any, bool, error) {
	for f := r.frame; f != nil; f = f.parent {
		if v := f.local[name]; v != nil {
			return v, true, nil
		}
		if e, ok := f.proxy[name]; ok {
			if err := r.step(e.Position(), "macro argument evaluations"); err != nil {
				return nil, false, err
			}
			saved := r.frame
			r.frame = f.parent
			v, err := r.eval(e)
			r.frame = saved
			return v, true, err
		}
	}
	if v, ok := r.globals[name]; ok {
		return v, true, nil
	}
	if r.env != nil {
		v, ok := r.env.resolve(name)
		return v, ok, nil
	}
	return nil, false, nil
}

// setGlobal assigns a variable of the template itself.
func (r *renderer) setGlobal(name string, v any) {
	if r.globals == nil {
		r.globals = make(map[string]any, 4)
	}
	r.globals[name] = v
}

// assign is the context's put: inside a macro the value is local to the
// macro and, as Velocity 1.7 does without velocimacro.context.localscope,
// also stored in every calling context down to the template's.
func (r *renderer) assign(name string, v any) {
	for f := r.frame; f != nil; f = f.parent {
		f.local[name] = v
	}
	r.setGlobal(name, v)
}

// remove is the context's remove, through every calling context.
func (r *renderer) remove(name string) {
	for f := r.frame; f != nil; f = f.parent {
		delete(f.local, name)
		delete(f.proxy, name)
	}
	delete(r.globals, name)
}

func (r *renderer) write(at pos, s string) error {
	if r.out.Len()+len(s) > r.lim.MaxOutputBytes {
		return r.limitAt(at, fmt.Sprintf("output exceeds %d bytes", r.lim.MaxOutputBytes))
	}
	r.out.WriteString(s)
	return nil
}

func (r *renderer) nodes(ns []node) error {
	for _, n := range ns {
		if err := r.node(n); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) node(n node) error {
	switch n := n.(type) {
	case *textNode:
		return r.write(n.pos, n.s)
	case *escDirNode:
		return r.write(n.pos, n.s)
	case *refNode:
		return r.renderRef(n)
	case *setNode:
		return r.set(n)
	case *ifNode:
		for i, c := range n.conds {
			ok, err := r.cond(c)
			if err != nil {
				return err
			}
			if ok {
				return r.nodes(n.blocks[i])
			}
		}
		return r.nodes(n.els)
	case *foreachNode:
		return r.foreach(n)
	case *breakNode:
		return errBreak
	case *stopNode:
		return errStop
	case *macroCall:
		return r.callMacro(n)
	case *defineNode:
		r.assign(n.name, &macroRef{body: n.body})
		return nil
	default:
		return r.unsupported("render", n)
	}
}

// unsupported is the error for a node the renderer has no case for: the
// parser never builds one in that place, so this is a bug in the engine,
// reported instead of rendering nothing.
func (r *renderer) unsupported(what string, n node) error {
	if n == nil {
		return &RenderError{Msg: fmt.Sprintf("cannot %s a nil node", what), err: errUnsupported}
	}
	return r.bugAt(n.Position(), fmt.Sprintf("cannot %s a %s node (%T)", what, n.Type(), n))
}

func (r *renderer) renderRef(n *refNode) error {
	if n.escapes > 0 {
		if err := r.write(n.pos, strings.Repeat("\\", n.escapes/2)); err != nil {
			return err
		}
		if n.escapes%2 == 1 {
			return r.write(n.pos, n.src)
		}
	}
	v, err := r.evalRef(n)
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	s, err := r.str(n.pos, v)
	if err != nil {
		return err
	}
	return r.write(n.pos, s)
}

// str converts a value to its Java string form.
func (r *renderer) str(at pos, v any) (string, error) {
	if m, ok := v.(*macroRef); ok {
		return r.renderBlock(at, m.body)
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	s, err := javaString(v, 0)
	if err != nil {
		return "", r.limitAt(at, err.Error())
	}
	return s, nil
}

func (r *renderer) renderBlock(at pos, body []node) (string, error) {
	if r.depth >= r.lim.MaxDepth {
		return "", r.limitAt(at, fmt.Sprintf("recursion deeper than %d", r.lim.MaxDepth))
	}
	r.depth++
	saved := r.out
	r.out = &strings.Builder{}
	err := r.nodes(body)
	s := r.out.String()
	r.out = saved
	r.depth--
	if err != nil && err != errBreak {
		return "", err
	}
	if r.out.Len()+len(s) > r.lim.MaxOutputBytes {
		return "", r.limitAt(at, fmt.Sprintf("output exceeds %d bytes", r.lim.MaxOutputBytes))
	}
	return s, nil
}

// evalRef evaluates a reference the way Velocity 1.7 does with API
// Gateway's handlers: anything null or unresolvable becomes "".
func (r *renderer) evalRef(n *refNode) (any, error) {
	v, ok, err := r.lookup(n.name)
	if err != nil {
		return nil, err
	}
	if !ok || v == nil {
		return "", nil
	}
	for i := range n.mods {
		m := &n.mods[i]
		if mr, ok := v.(*macroRef); ok {
			s, err := r.str(m.pos, mr)
			if err != nil {
				return nil, err
			}
			v = s
		}
		var (
			res any
			ok  bool
			err error
		)
		switch m.kind {
		case modProperty:
			res, ok, err = getProperty(v, m.name)
		case modMethod:
			args := make([]any, len(m.args))
			for j, a := range m.args {
				if args[j], err = r.eval(a); err != nil {
					return nil, err
				}
			}
			res, ok, err = r.callMethod(v, m.name, args)
		case modIndex:
			var ix any
			if ix, err = r.eval(m.args[0]); err != nil {
				return nil, err
			}
			res, ok, err = index(v, ix)
		default:
			return nil, r.bugAt(m.pos, fmt.Sprintf("unsupported reference modifier %d", m.kind))
		}
		if err != nil {
			return nil, r.wrapErr(m.pos, err)
		}
		if !ok || res == nil {
			return "", nil
		}
		v = res
	}
	if mr, ok := v.(*macroRef); ok {
		return r.str(n.pos, mr)
	}
	return v, nil
}

func (r *renderer) wrapErr(at pos, err error) error {
	var re *RenderError
	if errors.As(err, &re) && re.Line > 0 {
		return err
	}
	var le *limitError
	if errors.As(err, &le) {
		return err
	}
	return r.errAt(at, err.Error())
}

func (r *renderer) callMethod(v any, name string, args []any) (any, bool, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, false, err
	}
	res, ok, err := callMethod(v, name, args)
	if s, isStr := res.(string); isStr && len(s) > r.lim.MaxOutputBytes {
		return nil, false, &limitError{RenderError{Msg: fmt.Sprintf("string exceeds %d bytes", r.lim.MaxOutputBytes)}}
	}
	return res, ok, err
}

func (r *renderer) set(n *setNode) error {
	v, err := r.eval(n.rhs)
	if err != nil {
		return err
	}
	if v == nil {
		return nil // Velocity 1.7 leaves the left side alone
	}
	if len(n.lhs.mods) == 0 {
		r.assign(n.lhs.name, v)
		return nil
	}
	obj, ok, err := r.lookup(n.lhs.name)
	if err != nil {
		return err
	}
	if !ok || obj == nil {
		return nil
	}
	for i := 0; i < len(n.lhs.mods)-1; i++ {
		m := &n.lhs.mods[i]
		var res any
		switch m.kind {
		case modProperty:
			res, ok, err = getProperty(obj, m.name)
		case modMethod:
			args := make([]any, len(m.args))
			for j, a := range m.args {
				if args[j], err = r.eval(a); err != nil {
					return err
				}
			}
			res, ok, err = r.callMethod(obj, m.name, args)
		case modIndex:
			var ix any
			if ix, err = r.eval(m.args[0]); err != nil {
				return err
			}
			res, ok, err = index(obj, ix)
		default:
			return r.bugAt(m.pos, fmt.Sprintf("unsupported reference modifier %d", m.kind))
		}
		if err != nil {
			return r.wrapErr(m.pos, err)
		}
		if !ok || res == nil {
			return nil
		}
		obj = res
	}
	last := &n.lhs.mods[len(n.lhs.mods)-1]
	switch last.kind {
	case modProperty:
		switch o := obj.(type) {
		case *Map:
			o.Set(last.name, v)
		case setter:
			o.SetProperty(last.name, v)
		}
	case modIndex:
		ix, err := r.eval(last.args[0])
		if err != nil {
			return err
		}
		switch o := obj.(type) {
		case *Map:
			o.Set(ix, v)
		case *List:
			i, ok := ix.(int32)
			if !ok || i < 0 || int(i) >= len(o.Items) {
				return r.errAt(last.pos, fmt.Sprintf("index %v out of bounds for length %d", ix, len(o.Items)))
			}
			o.Items[i] = v
		}
	case modMethod:
		// #set($a.m() = v) assigns nothing, as before
	default:
		return r.bugAt(last.pos, fmt.Sprintf("unsupported reference modifier %d", last.kind))
	}
	return nil
}

// setter is implemented by objects whose properties #set can assign.
type setter interface {
	SetProperty(name string, v any)
}

func (r *renderer) foreach(n *foreachNode) error {
	it, err := r.eval(n.iter)
	if err != nil {
		return err
	}
	var items []any
	switch x := it.(type) {
	case *List:
		items = append([]any(nil), x.Items...)
	case *Map:
		items = append([]any(nil), x.vals...)
	case iterable:
		items = x.Iterate()
	default:
		return nil
	}
	if len(items) == 0 {
		return nil
	}
	// as Velocity 1.7's Foreach: save the loop variable, $velocityCount,
	// $velocityHasNext and $foreach, and put them back (or remove them) after
	oldVar, _, err := r.lookup(n.varName)
	if err != nil {
		return err
	}
	oldCount, _, err := r.lookup("velocityCount")
	if err != nil {
		return err
	}
	oldHasNext, _, err := r.lookup("velocityHasNext")
	if err != nil {
		return err
	}
	outer, _, err := r.lookup("foreach")
	if err != nil {
		return err
	}
	scope := &foreachScope{}
	scope.parent, _ = outer.(*foreachScope)
	r.assign("foreach", scope)
	r.loops++
	defer func() {
		r.loops--
		r.restore(n.varName, oldVar)
		r.restore("velocityCount", oldCount)
		r.restore("velocityHasNext", oldHasNext)
		if cur, _, _ := r.lookup("foreach"); cur != nil {
			if fs, ok := cur.(*foreachScope); ok {
				r.restore("foreach", fs.parent)
			}
		}
	}()
	for i, item := range items {
		r.iters++
		if r.iters > r.lim.MaxLoopIterations {
			return r.limitAt(n.pos, fmt.Sprintf("more than %d loop iterations", r.lim.MaxLoopIterations))
		}
		if r.iters%1024 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		scope.index = i
		scope.hasNext = i+1 < len(items)
		r.assign("velocityCount", int32(i+1))
		r.assign("velocityHasNext", scope.hasNext)
		r.assign(n.varName, item)
		if err := r.nodes(n.body); err != nil {
			if err == errBreak {
				return nil
			}
			return err
		}
	}
	return nil
}

// step counts one unit of repeated work (a macro call, the evaluation of a
// by-name argument) against MaxLoopIterations: arguments passed by name can
// make a small template do exponential work without loops or output.
func (r *renderer) step(at pos, what string) error {
	r.steps++
	if r.steps > r.lim.MaxLoopIterations {
		return r.limitAt(at, fmt.Sprintf("more than %d %s", r.lim.MaxLoopIterations, what))
	}
	if r.steps%1024 == 0 {
		return r.ctx.Err()
	}
	return nil
}

// restore puts a saved variable back, or removes it if it had no value.
func (r *renderer) restore(name string, v any) {
	if v != nil && v != (*foreachScope)(nil) {
		r.assign(name, v)
	} else {
		r.remove(name)
	}
}

type iterable interface {
	Iterate() []any
}

type foreachScope struct {
	index   int
	hasNext bool
	parent  *foreachScope
}

func (f *foreachScope) GetProperty(name string) (any, bool, error) {
	switch name {
	case "index":
		return int32(f.index), true, nil
	case "count":
		return int32(f.index + 1), true, nil
	case "hasNext":
		return f.hasNext, true, nil
	case "first":
		return f.index == 0, true, nil
	case "last":
		return !f.hasNext, true, nil
	case "parent":
		if f.parent == nil {
			return nil, true, nil
		}
		return f.parent, true, nil
	}
	return nil, false, nil
}

func (f *foreachScope) CallMethod(name string, args []any) (any, bool, error) {
	if len(args) != 0 {
		return nil, false, nil
	}
	switch name {
	case "hasNext", "isFirst", "isLast", "getIndex", "getCount", "getHasNext", "getFirst", "getLast", "getParent":
		p := strings.TrimPrefix(strings.TrimPrefix(name, "get"), "is")
		p = strings.ToLower(p[:1]) + p[1:]
		return f.GetProperty(p)
	}
	return nil, false, nil
}

func (f *foreachScope) String() string {
	return fmt.Sprintf("org.apache.velocity.runtime.directive.ForeachScope@%x", ptrID(f)&0xffffff)
}

func (r *renderer) callMacro(n *macroCall) error {
	def, ok := r.t.macros[n.name]
	if !ok {
		return r.write(n.pos, n.src)
	}
	if r.depth >= r.lim.MaxDepth {
		return r.limitAt(n.pos, fmt.Sprintf("macro recursion deeper than %d", r.lim.MaxDepth))
	}
	if err := r.step(n.pos, "macro calls"); err != nil {
		return err
	}
	f := &macroFrame{parent: r.frame, local: make(map[string]any, len(def.params))}
	for i, p := range def.params {
		if i >= len(n.args) {
			continue
		}
		switch a := n.args[i].(type) {
		case *litExpr:
			// numbers and booleans are evaluated once, at the call
			if _, isStr := a.v.(string); !isStr {
				f.local[p] = a.v
				continue
			}
		}
		if f.proxy == nil {
			f.proxy = make(map[string]expr, len(def.params))
		}
		f.proxy[p] = n.args[i]
	}
	r.depth++
	r.frame = f
	err := r.nodes(def.body)
	r.frame = f.parent
	r.depth--
	return err
}

// ------------------------------------------------------------ expressions

func (r *renderer) eval(e expr) (any, error) {
	switch e := e.(type) {
	case *litExpr:
		return e.v, nil
	case *refNode:
		return r.evalRef(e)
	case *strExpr:
		out, err := r.renderBlock(e.pos, e.nodes)
		if err != nil || !e.trim || out == "" {
			return out, err
		}
		_, n := utf8.DecodeLastRuneInString(out)
		return out[:len(out)-n], nil
	case *listExpr:
		l := &List{Items: make([]any, 0, len(e.items))}
		for _, it := range e.items {
			v, err := r.eval(it)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, v)
		}
		return l, nil
	case *mapExpr:
		m := NewMap()
		for i := range e.keys {
			k, err := r.eval(e.keys[i])
			if err != nil {
				return nil, err
			}
			v, err := r.eval(e.vals[i])
			if err != nil {
				return nil, err
			}
			m.Set(k, v)
		}
		return m, nil
	case *rangeExpr:
		return r.rangeList(e)
	case *notExpr:
		v, err := r.cond(e.e)
		if err != nil {
			return nil, err
		}
		return !v, nil
	case *binExpr:
		return r.binary(e)
	default:
		return nil, r.unsupported("evaluate", e)
	}
}

// rangeBound is an integer range's end: any Number, by intValue() (a
// string or anything else makes the range null, as in Velocity 1.7).
func rangeBound(v any) (int64, bool) {
	if !isNumber(v) {
		return 0, false
	}
	return int64(toIntValue(v)), true
}

func (r *renderer) rangeList(e *rangeExpr) (any, error) {
	fv, err := r.eval(e.from)
	if err != nil {
		return nil, err
	}
	tv, err := r.eval(e.to)
	if err != nil {
		return nil, err
	}
	from, ok1 := rangeBound(fv)
	to, ok2 := rangeBound(tv)
	if !ok1 || !ok2 {
		return nil, nil
	}
	n := to - from
	if n < 0 {
		n = -n
	}
	n++
	if n > int64(r.lim.MaxLoopIterations) || n < 0 {
		return nil, r.limitAt(e.pos, fmt.Sprintf("range of %d elements exceeds %d", n, r.lim.MaxLoopIterations))
	}
	l := &List{Items: make([]any, 0, n)}
	step := int64(1)
	if to < from {
		step = -1
	}
	for i := from; ; i += step {
		l.Items = append(l.Items, normalize(int(i)))
		if i == to {
			break
		}
	}
	return l, nil
}

// cond is Velocity 1.7's evaluate(): the truth of a node depends on its kind.
// References are true unless null or false; true/false, comparisons and
// logic are booleans; every other literal or arithmetic node is false.
func (r *renderer) cond(e expr) (bool, error) {
	switch e := e.(type) {
	case *litExpr:
		b, ok := e.v.(bool)
		return ok && b, nil
	case *refNode:
		v, err := r.evalRef(e)
		if err != nil {
			return false, err
		}
		return truthy(v), nil
	case *notExpr:
		v, err := r.cond(e.e)
		return !v, err
	case *binExpr:
		switch e.op {
		case opAnd:
			l, err := r.cond(e.l)
			if err != nil || !l {
				return false, err
			}
			return r.cond(e.r)
		case opOr:
			l, err := r.cond(e.l)
			if err != nil || l {
				return l, err
			}
			return r.cond(e.r)
		case opEq, opNe, opLt, opGt, opLe, opGe:
			v, err := r.binary(e)
			if err != nil {
				return false, err
			}
			b, _ := v.(bool)
			return b, nil
		}
		// arithmetic is false without being evaluated: Velocity 1.7's
		// arithmetic nodes inherit SimpleNode.evaluate, which is false
		return false, nil
	case *strExpr, *listExpr, *mapExpr, *rangeExpr:
		// false without being evaluated, as in Velocity 1.7
		return false, nil
	default:
		return false, r.unsupported("evaluate the truth of", e)
	}
}

func (r *renderer) binary(e *binExpr) (any, error) {
	if e.op == opAnd || e.op == opOr {
		return r.cond(e)
	}
	l, err := r.eval(e.l)
	if err != nil {
		return nil, err
	}
	rv, err := r.eval(e.r)
	if err != nil {
		return nil, err
	}
	switch e.op {
	case opEq:
		return r.equal(e.pos, l, rv)
	case opNe:
		eq, err := r.equal(e.pos, l, rv)
		if err != nil {
			return nil, err
		}
		return !eq, nil
	case opLt, opGt, opLe, opGe:
		if !isNumber(l) || !isNumber(rv) {
			return false, nil
		}
		c := compareNum(l, rv)
		switch e.op {
		case opLt:
			return c < 0, nil
		case opGt:
			return c > 0, nil
		case opLe:
			return c <= 0, nil
		default:
			return c >= 0, nil
		}
	case opAdd:
		if isNumber(l) && isNumber(rv) {
			return r.arith(e, l, rv)
		}
		_, ls := l.(string)
		_, rs := rv.(string)
		if (ls || rs) && l != nil && rv != nil {
			a, err := r.str(e.pos, l)
			if err != nil {
				return nil, err
			}
			b, err := r.str(e.pos, rv)
			if err != nil {
				return nil, err
			}
			if len(a)+len(b) > r.lim.MaxOutputBytes {
				return nil, r.limitAt(e.pos, fmt.Sprintf("string exceeds %d bytes", r.lim.MaxOutputBytes))
			}
			return a + b, nil
		}
		return nil, nil
	case opSub, opMul:
		if isNumber(l) && isNumber(rv) {
			return r.arith(e, l, rv)
		}
		return nil, nil
	case opDiv, opMod:
		if !isNumber(l) || !isNumber(rv) || isZero(rv) {
			return nil, nil
		}
		return r.arith(e, l, rv)
	default:
		return nil, r.bugAt(e.pos, fmt.Sprintf("unsupported binary operator %s", e.op))
	}
}

// arith computes a numeric binary operator; an exception (BigInteger
// modulo a negative number, the modulo of BigDecimals) fails the render.
func (r *renderer) arith(e *binExpr, l, rv any) (any, error) {
	v, err := arith(e.op, l, rv)
	if err != nil {
		return nil, r.errAt(e.pos, err.Error())
	}
	return v, nil
}

func (r *renderer) equal(at pos, l, rv any) (bool, error) {
	if l == nil || rv == nil {
		return l == nil && rv == nil, nil
	}
	if isNumber(l) && isNumber(rv) {
		return compareNum(l, rv) == 0, nil
	}
	if sameKind(l, rv) {
		return javaEquals(l, rv), nil
	}
	a, err := r.str(at, l)
	if err != nil {
		return false, err
	}
	b, err := r.str(at, rv)
	if err != nil {
		return false, err
	}
	return a == b, nil
}

func sameKind(a, b any) bool {
	switch a.(type) {
	case string:
		_, ok := b.(string)
		return ok
	case bool:
		_, ok := b.(bool)
		return ok
	case *List:
		_, ok := b.(*List)
		return ok
	case *Map:
		_, ok := b.(*Map)
		return ok
	case javaChar:
		_, ok := b.(javaChar)
		return ok
	case *Entry:
		_, ok := b.(*Entry)
		return ok
	}
	return false
}
