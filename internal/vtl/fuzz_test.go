package vtl

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var fuzzLimits = Limits{MaxLoopIterations: 5000, MaxOutputBytes: 1 << 16, MaxDepth: 30}

func addCorpusSeeds(f *testing.F, add func(src string)) {
	for _, s := range []string{
		"", "$a", "#set($a = 1)$a", "#if($a)x#else y#end", "#foreach($i in [1..3])$i#end",
		"#macro(m $x)$x#end#m(1)", "#define($d)d#end$d", "\\$a \\#if", "#[[ raw ]]#", "## c\n#* b *#",
		"$input.json('$')", "$util.escapeJavaScript('x')", "#set($m = {'a': [1, 2]})$m.a[0]",
		"#foreach($i in [1..1000000])#end", "#macro(r)#r()#end#r()", "#set($s = \"$s$s\")",
	} {
		add(s)
	}
	files, _ := filepath.Glob("testdata/differential/*.vtl")
	for _, fn := range files {
		b, err := os.ReadFile(fn)
		if err != nil {
			f.Fatal(err)
		}
		for _, part := range strings.Split(string(b), "\n===== ") {
			if _, rest, ok := strings.Cut(part, "\n"); ok {
				add(rest)
			}
		}
	}
}

// FuzzParse: Parse never panics, and a template that parses also renders
// without panicking or hanging.
func FuzzParse(f *testing.F) {
	addCorpusSeeds(f, func(s string) { f.Add(s) })
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := Parse(src)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Line < 1 || se.Col < 1 {
				t.Fatalf("bad error %T %v", err, err)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err = tpl.Render(ctx, map[string]any{"a": 1, "b": "x", "l": []any{1, "two"}}, fuzzLimits)
		if errors.Is(err, errUnsupported) {
			t.Fatalf("the parser built a tree the renderer cannot run: %v", err)
		}
	})
}

// FuzzRender: rendering arbitrary templates with the API Gateway variables.
func FuzzRender(f *testing.F) {
	addCorpusSeeds(f, func(s string) { f.Add(s, `{"a": [1, {"b": "c"}], "n": 1.5}`) })
	f.Fuzz(func(t *testing.T, src, body string) {
		tpl, err := Parse(src)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		in := diffInput([]byte(body))
		in.Limits = fuzzLimits
		out, err := RenderMapping(ctx, tpl, in)
		if errors.Is(err, errUnsupported) {
			t.Fatalf("the parser built a tree the renderer cannot run: %v", err)
		}
		if err == nil && len(out.Body) > fuzzLimits.MaxOutputBytes {
			t.Fatalf("output %d bytes exceeds limit", len(out.Body))
		}
	})
}

// FuzzRenderMapping: arbitrary bodies and JSONPaths through $input and $util.
func FuzzRenderMapping(f *testing.F) {
	for _, s := range []struct{ path, body string }{
		{"$", `{}`}, {"$.a[0]", `{"a": [1]}`}, {"$..b", `{"a": {"b": 1}}`}, {"$.a[?(@.x > 1)]", `{"a": [{"x": 2}]}`},
		{"$['a b']", `{"a b": "c"}`}, {"a.b", `{"a": {"b": null}}`}, {"$[*]", `[1, "2", [3]]`}, {"$.x", `not json`},
	} {
		f.Add(s.path, s.body)
	}
	tpl, err := Parse(`$input.json($p)|$input.path($p)|$util.escapeJavaScript($input.body)|$util.urlEncode($input.body)|$util.base64Decode($util.base64Encode($input.body))#set($x = $util.parseJson($input.json($p)))$x`)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, body string) {
		in := diffInput([]byte(body))
		in.Limits = fuzzLimits
		vars, _ := MappingVars(in)
		vars["p"] = path
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = tpl.Render(ctx, vars, fuzzLimits)
	})
}
