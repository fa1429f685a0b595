package vtl

import "testing"

// TestDollarLiterals: a '$' that starts no reference is text, in the
// template and inside double-quoted strings, as Velocity 1.7 renders it
// (testdata/differential/dollar.vtl checks the same against 1.7). These
// templates parse, so the provider's plan-time check accepts them.
func TestDollarLiterals(t *testing.T) {
	tests := []struct{ name, src, body, want string }{
		{"json of the root, double-quoted", `$input.json("$")`, `{"a":1}`, `{"a":1}`},
		{"path of the root, double-quoted", `$input.path("$").a`, `{"a":1}`, `1`},
		{"set a dollar", `#set($x = "$")$x`, ``, `$`},
		{"dollar space", `a $ b`, ``, `a $ b`},
		{"two dollars", `$$ x`, ``, `$$ x`},
		{"dollar dot", `$.`, ``, `$.`},
		{"price", `price: $5`, ``, `price: $5`},
		{"dollar at the end of a string", `#set($x = "100$")$x`, ``, `100$`},
		{"dollar bang in a string", `#set($x = "$!")$x`, ``, `$`},
		{"empty index text", `$[ $![`, ``, `$[ $![`},
		{"string ending in a directive", `#set($x = "#if(true)x#end")[$x]`, ``, `[x]`},
		{"string with a line comment keeps its end", `#set($x = "a##b")[$x]`, ``, `[a]`},
		{"unicode escape does not interpolate", `#set($x = "\u0024a")$x`, ``, `$a`},
		{"single quotes keep backslash-u", `#set($x = '\u0041')$x`, ``, `\u0041`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mapping(t, tt.src, tt.body).Body; got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
	// a '$' at the very end of the template is an error in Velocity 1.7
	for _, src := range []string{"$", "price $", "$!"} {
		if _, err := Parse(src); err == nil {
			t.Errorf("Parse(%q) succeeded, want a syntax error as in Velocity 1.7", src)
		}
	}
}

// TestLexerStates pins how Velocity 1.7's lexer state decides what is text
// (testdata/differential/lexer.vtl checks the same against 1.7).
func TestLexerStates(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"$ before a directive parsed by name is literal", `a$#foreach($i in [1,2])x`, `a$#foreach($i in [1,2])x`},
		{"$ before a macro call is literal", `#macro(mm)M#end[$#mm()]`, `[$#mm()]`},
		{"$ before #if vanishes", `[$#if(true)y#end]`, `[y]`},
		{"$[ after a property is an index", `#set($m = {"l": [7, 8]})$m.l$[1]`, `8`},
		{"whitespace after #word before #set vanishes", `x#y #set($a = 1)$a`, `x#y1`},
		{"whitespace after text before #set stays", `x y #set($a = 1)$a`, `x y 1`},
		{"} after a reference is its own token", `#set($b = 'x')$b}	#set($a = 1)$a`, `x}1`},
		{"identifier after a method call is its own token", `#set($b = 'x')$b.length()hello #set($c = 2)$c`, `1hello2`},
		{"unfinished call before #set is a property", `#set($b = 'x')$b.length( #set($q = 1)$q`, `(1`},
		{"backslashes after a lone $ are text", `#set($b = 'x')[$\$b][$!\$b]`, `[$\x][$!\x]`},
		{"## after a property and a #set is text", "#set($b = {'k': 'v'})$b.k #set($q = 1)##c\nx", "v##c\nx"},
		{"## after a method call and a #set is a comment", "#set($b = 'x')$b.length() #set($q = 1)##c\ny", "1y"},
		{"call cut by a directive is a property", `#set($b = 'x')$b.length(#if(true)y#end`, `(y`},
		{"arithmetic in #if is not evaluated", `#set($a = 1)#if(("#set($a = $a + 1)$a" + 1))#end$a`, `1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, tt.src, nil); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
	for _, src := range []string{
		"#set($b = 'x')$b#* c *#[0]",
		"#set($b = 'x')$b#* c *#.length()",
		"#set($b = 'x')$b.length()#set($q = 1)hello #set($r = 2)[$q$r]",
	} {
		if _, err := Parse(src); err == nil {
			t.Errorf("Parse(%q) succeeded, want a syntax error as in Velocity 1.7", src)
		}
	}
}
