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
