package vtl

import (
	"errors"
	"strconv"
	"testing"
)

// TestMacroArgumentsByName pins Velocity 1.7's macro calls: an argument
// other than a number or boolean literal is evaluated at each use of the
// parameter, in the caller's context (testdata/differential/macros.vtl
// checks the same against 1.7).
func TestMacroArgumentsByName(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"string argument re-rendered at each use", `#macro(twice $x)$x $x#end#set($i = 0)#twice("#set($i = $i + 1)$i")`, "1 2"},
		{"reference argument sees later changes", `#macro(m $a)$a #set($n = $n + 1)$a#end#set($n = 1)#m($n)`, "12"},
		{"property argument re-read", `#macro(m $a)$a #set($s.x = 2)$a#end#set($s = {"x": 1})#m($s.x)`, "12"},
		{"list literal is new at each use", `#macro(m $l)$l.add(1) $l#end#m([])`, "true []"},
		{"a named list is shared", `#macro(m $l)$l.add(1)#end#set($x = [])#m($x)$x`, "true[1]"},
		{"nested macros pass by name through", `#macro(outer $a)#inner($a)#end#macro(inner $b)$b $b#end#set($n = 0)#outer("#set($n = $n + 1)$n")`, "1 2"},
		{"#set of a parameter writes through to the caller", `#macro(inc $v)#set($v = $v + 1)$v #end#set($v = 1)#inc($v)#inc($v)$v`, "2 3 3"},
		{"#set of a parameter bound to a literal stays local", `#macro(m $a)#set($a = $a + 1)$a#end#set($n = 1)#m($n)|$n`, "2|1"},
		{"literal argument", `#set($a = 1)#macro(m $a)$a#end#m(2)$a`, "21"},
		{"missing argument reads the caller's variable", `#set($a = 'G')#macro(m $a)[$a]#end#m()`, "[G]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, tt.src, nil); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestMacroByNameBlowUp: arguments passed by name let each level of
// #define double the work without loops or output; the work budget stops it.
func TestMacroByNameBlowUp(t *testing.T) {
	src := `#macro(two $a)#if($a)#end#if($a)#end#end#define($d0)x#end`
	for i := 1; i <= 60; i++ {
		src += "#define($d" + strconv.Itoa(i) + ")#two($d" + strconv.Itoa(i-1) + ")#end"
	}
	src += "$d60"
	tpl, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Render(t.Context(), nil, Limits{MaxLoopIterations: 10000})
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want an error wrapping ErrLimit", err)
	}
}
