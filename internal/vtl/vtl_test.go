package vtl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func render(t *testing.T, src string, vars map[string]any) string {
	t.Helper()
	tpl, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	out, err := tpl.Render(context.Background(), vars, Limits{})
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return out
}

func mapping(t *testing.T, src, body string) MappingOutput {
	t.Helper()
	tpl, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	out, err := RenderMapping(context.Background(), tpl, diffInput([]byte(body)))
	if err != nil {
		t.Fatalf("RenderMapping(%q): %v", src, err)
	}
	return out
}

func TestConstructs(t *testing.T) {
	vars := map[string]any{"s": "str", "n": 3, "l": []any{1, "b"}, "m": map[string]any{"k": "v"}, "f": 1.5, "t": true}
	tests := []struct{ name, src, want string }{
		{"text", "plain", "plain"},
		{"refs", "$s ${s} $!s $!{s} ${s}x", "str str str str strx"},
		{"null refs print nothing", "[$nope][$!nope][$nope.a.b][$s.nope][$s.nope()]", "[][][][][]"},
		{"property chain", "$m.k $m.get('k') $m['k'] $l[1] $l.get(0)", "v v v b 1"},
		{"escapes", "\\$s \\\\$s \\$nope", "$s \\str $nope"},
		{"comments", "a## c\nb#* x *#c", "abc"},
		{"unparsed", "#[[$s #if]]#", "$s #if"},
		{"set", "#set($x = $n + 1)$x", "4"},
		{"set gobbles newline", "#set($x = 1)\n$x", "1"},
		{"if elseif else", "#if($n == 1)a#elseif($n == 3)b#else c#end", "b"},
		{"foreach vars", "#foreach($i in $l)$velocityCount/$foreach.count/$foreach.index/$foreach.hasNext;#end", "1/1/0/true;2/2/1/false;"},
		{"break", "#foreach($i in [1..9])#if($i > 2)#break#end$i#end", "12"},
		{"stop", "a#stop b", "a"},
		{"macro", "#macro(m $a $b)$b$a#end#m(1 2)", "21"},
		{"define", "#define($d)<$s>#end$d$d", "<str><str>"},
		{"int arithmetic", "#set($x = 7 / 2)$x, #set($x = 7 % 3)$x, #set($x = 2147483647 + 1)$x", "3, 1, 2147483648"},
		{"decimal arithmetic", "#set($x = 1.5 * 2)$x, #set($x = $f + 1)$x", "3.0, 2.5"},
		{"division by zero is null", "[#set($x = 1 / 0)$x]", "[]"},
		{"comparisons", "#if(1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 == 1.0 && 1 != 2)ok#end", "ok"},
		{"word operators", "#if(1 lt 2 and 2 le 2 and 3 gt 2 and 3 ge 3 and 1 eq 1 and 1 ne 2 and not false)ok#end", "ok"},
		{"or", "#if(false || true)a#end#if(false or false)b#end", "a"},
		{"string literals", "#set($x = \"<$s>\")#set($y = '<$s>')$x $y", "<str> <$s>"},
		{"list range map literals", "#set($x = [1, 'a'])#set($r = [1..3])#set($mm = {'a': 1, 'b': [2]})$x $r $mm", "[1, a] [1, 2, 3] {a=1, b=[2]}"},
		{"java printing", "$l $m $f $t", "[1, b] {k=v} 1.5 true"},
		{"string methods", "$s.length() $s.toUpperCase() $s.substring(1) $s.replace('s', 'S') $s.contains('t') $s.startsWith('s') $s.endsWith('r') $s.indexOf('r') $s.isEmpty() $s.equals('str') $s.matches('s.*')", "3 STR tr Str true true true 2 false true true"},
		{"split trim lower", "#set($in = ' A,B ')#foreach($p in $in.trim().toLowerCase().split(','))[$p]#end", "[a][b]"},
		{"whitespace before #set after a reference is gobbled", "$s #set($x = 1)$x", "str1"},
		{"replaceAll", "$s.replaceAll('(s)(t)', '$2$1')", "tsr"},
		{"list methods", "#set($x = [])#set($d = $x.add(1))$x.size() $x.isEmpty() $x.contains(1) $x.get(0)", "1 false true 1"},
		{"map methods", "#set($x = {})#set($d = $x.put('a', 1))$x.get('a') $x.containsKey('a') $x.keySet() $x.values() $x.entrySet() $x.size() $x.isEmpty()", "1 true [a] [1] [a=1] 1 false"},
		{"empty string equals null ref", "#if($nope == '')eq#end", "eq"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, tt.src, vars); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The examples in AWS's API Gateway documentation, with the outputs it shows.
func TestAWSDocExamples(t *testing.T) {
	petsBody := `[{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 124.99}, {"id": 3, "type": "fish", "price": 0.99}]`
	tests := []struct{ name, src, body, want string }{
		{"pets", `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "number": $elem.id,
    "class": "$elem.type",
    "salesPrice": $elem.price
  }#if($foreach.hasNext),#end

#end
]`, petsBody, `[
  {
    "number": 1,
    "class": "dog",
    "salesPrice": 249.99
  },
  {
    "number": 2,
    "class": "cat",
    "salesPrice": 124.99
  },
  {
    "number": 3,
    "class": "fish",
    "salesPrice": 0.99
  }
]`},
		{"pets response", `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end

#end
]`, petsBody, `[
  {
    "description" : "Item 1 is a dog.",
    "askingPrice" : 249.99
  },
  {
    "description" : "Item 2 is a cat.",
    "askingPrice" : 124.99
  },
  {
    "description" : "Item 3 is a fish.",
    "askingPrice" : 0.99
  }
]`},
		{"photos", `#set($inputRoot = $input.path('$'))
{
  "photos": [
#foreach($elem in $inputRoot.photos.photo)
    {
      "id": "$elem.id",
      "photographedBy": "$elem.owner",
      "title": "$elem.title",
      "ispublic": $elem.ispublic,
      "isfriend": $elem.isfriend,
      "isfamily": $elem.isfamily
    }#if($foreach.hasNext),#end
		
#end
  ]
}`, `{"photos": {"page": 1, "pages": "1234", "perpage": 100, "total": "123398", "photo": [{"id": "12345678901", "owner": "23456789@A12", "secret": "abc123d456", "server": "1234", "farm": 1, "title": "Sample photo 1", "ispublic": true, "isfriend": false, "isfamily": false}, {"id": "23456789012", "owner": "34567890@B23", "secret": "bcd234e567", "server": "2345", "farm": 2, "title": "Sample photo 2", "ispublic": true, "isfriend": false, "isfamily": false}]}}`, `{
  "photos": [
    {
      "id": "12345678901",
      "photographedBy": "23456789@A12",
      "title": "Sample photo 1",
      "ispublic": true,
      "isfriend": false,
      "isfamily": false
    },		
    {
      "id": "23456789012",
      "photographedBy": "34567890@B23",
      "title": "Sample photo 2",
      "ispublic": true,
      "isfriend": false,
      "isfamily": false
    }		
  ]
}`},
		{"params loop", `#set($allParams = $input.params())
{
"params" : {
#foreach($type in $allParams.keySet())
#set($params = $allParams.get($type))
"$type" : {
#foreach($paramName in $params.keySet())
"$paramName" : "$util.escapeJavaScript($params.get($paramName))"#if($foreach.hasNext),#end
#end
}#if($foreach.hasNext),#end
#end
}
}`, "", `{
"params" : {
"path" : {
"id" : "path-id","petId" : "42"},"querystring" : {
"id" : "query-id","limit" : "10","q" : "hello world"},"header" : {
"Accept" : "application\/json","User-Agent" : "curl\/8.0","X-Trace" : "abc="}}
}`},
		{"parseJson", `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`, `{"errorMessage":"{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}`, `{
   "errorMessageObjKey2ArrVal" : 1
}`},
		{"input json and params", `{
    "name" : "$input.params('petId')",
    "body" : $input.json('$')
}`, `{"a": [1, 2.5, "x"]}`, `{
    "name" : "42",
    "body" : {"a":[1,2.5,"x"]}
}`},
		{"empty body reads as {}", `$input.json('$')|$input.path('$.a')|$input.body|`, "", `{}||{}|`}, // test_input_body_formatting
		{"missing path prints nothing", `"$input.path('$.missing')" $input.json('$.missing')`, `{}`, `"" null`},
		{"util", `$util.escapeJavaScript("it's") $util.urlEncode("a b*~") $util.urlDecode("a+b%7E") $util.base64Encode("hi ☃") $util.base64Decode("aGkg4piD") [$util.urlEncode($nope)]`, "",
			`it\'s a+b*%7E a b~ aGkg4piD hi ☃ []`},
		{"context and stage variables", `$context.requestId $context.identity.sourceIp $context.httpMethod $stageVariables.env [$context.nope]`, "",
			`req-123 192.0.2.1 POST test []`},
		{"jsonpath filters and deep scan", `$input.json('$.pets[?(@.price > 100)].id') $input.json('$..type') $input.json('$.pets[0:2].id') $input.path('$.pets.length()')`,
			`{"pets": ` + petsBody + `}`, `[1,2] ["dog","cat","fish"] [1,2] `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mapping(t, tt.src, tt.body).Body; got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	out := mapping(t, `#set($context.requestOverride.header.X-Up = "u")#set($context.requestOverride.querystring.q = "v")#set($context.requestOverride.path.id = 9)#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Down = "d")body`, "")
	if out.Body != "body" || out.RequestOverride.Header["X-Up"] != "u" || out.RequestOverride.Querystring["q"] != "v" ||
		out.RequestOverride.Path["id"] != "9" || out.ResponseOverride.Status != 404 || out.ResponseOverride.Header["X-Down"] != "d" {
		t.Fatalf("%+v", out)
	}
	plain := mapping(t, "x", "")
	if plain.ResponseOverride.Status != 0 || plain.RequestOverride.Header != nil {
		t.Fatalf("unexpected overrides %+v", plain)
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"#if(true)x", 1, 11, "expected #end to close #if opened at 1:1"},
		{"ok\n  #foreach($x [1])", 2, 15, "expected 'in'"},
		{"#set($a 1)", 1, 9, "expected '='"},
		{"a\nb #end", 2, 3, "unexpected #end"},
		{"${a", 1, 4, "expected '}'"},
		{"#set($a = 'x)", 1, 11, "unterminated string"},
		{"#* open", 1, 1, "unterminated comment"},
		{"$a.b(1", 1, 7, "expected ',' or ')'"},
		{"x $", 1, 3, "expected a reference name"},
		{"#if(1 +)x#end", 1, 8, "expected a value"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want SyntaxError", tt.src, err)
			continue
		}
		if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %d:%d %q, want %d:%d containing %q", tt.src, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
		}
		if !strings.HasPrefix(se.Error(), fmt.Sprintf("%d:%d: ", se.Line, se.Col)) {
			t.Errorf("Error() = %q", se.Error())
		}
	}
}

func TestRenderErrors(t *testing.T) {
	tpl, err := Parse("line\n  $s.substring(9)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpl.Render(context.Background(), map[string]any{"s": "abc"}, Limits{})
	var re *RenderError
	if !errors.As(err, &re) || re.Line != 2 || !strings.Contains(re.Msg, "StringIndexOutOfBoundsException") {
		t.Fatalf("got %v", err)
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name, src string
		lim       Limits
	}{
		{"loop", "#foreach($i in [1..10])#foreach($j in [1..10])x#end#end", Limits{MaxLoopIterations: 50}},
		{"huge range", "#foreach($i in [1..2000000000])#end", Limits{}},
		{"output", "#foreach($i in [1..100])xxxxxxxxxx#end", Limits{MaxOutputBytes: 500}},
		{"macro recursion", "#macro(r)#r()#end#r()", Limits{}},
		{"define recursion", "#define($d)$d#end$d", Limits{}},
		{"string doubling", "#set($s = 'xx')#foreach($i in [1..64])#set($s = \"$s$s\")#end", Limits{}},
		{"list doubling", "#set($l = [1])#foreach($i in [1..64])#set($d = $l.addAll($l))#end", Limits{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err = tpl.Render(ctx, nil, tt.lim)
			if err == nil {
				t.Fatal("want an error")
			}
			if ctx.Err() != nil {
				t.Fatal("timed out")
			}
		})
	}
	// deep nesting is a syntax error, not a stack overflow
	if _, err := Parse(strings.Repeat("#if(true)", 5000)); err == nil {
		t.Fatal("want error for deep nesting")
	}
	if _, err := Parse("#set($x = " + strings.Repeat("(", 100000) + ")"); err == nil {
		t.Fatal("want error for deep parentheses")
	}
	var le error = &limitError{}
	if !errors.Is(le, ErrLimit) {
		t.Fatal("limit errors wrap ErrLimit")
	}
}

func TestConcurrentRender(t *testing.T) {
	tpl, err := Parse("#set($x = $n * 2)$x")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func(i int) {
			out, _ := tpl.Render(context.Background(), map[string]any{"n": i}, Limits{})
			done <- out
		}(i)
	}
	seen := map[string]bool{}
	for i := 0; i < 8; i++ {
		seen[<-done] = true
	}
	if len(seen) != 8 {
		t.Fatalf("renders interfered: %v", seen)
	}
}

func TestOrderedMapInput(t *testing.T) {
	m := NewMap()
	m.Set("z", 1)
	m.Set("a", 2)
	if got := render(t, "$m #foreach($k in $m.keySet())$k#end", map[string]any{"m": m}); got != "{z=1, a=2} za" {
		t.Fatalf("got %q", got)
	}
}

func TestFormatDouble(t *testing.T) {
	for f, want := range map[float64]string{1: "1.0", 0.1: "0.1", 1e7: "1.0E7", 1.5e-7: "1.5E-7", 123456.5: "123456.5", 0.001: "0.001", 1e-4: "1.0E-4", -2.5: "-2.5"} {
		if got := formatDouble(f); got != want {
			t.Errorf("formatDouble(%v) = %q, want %q", f, got, want)
		}
	}
}

// TestLazyRootVariables: RenderMapping builds $input.params(), $context and
// $stageVariables on first use; the output must be what rendering with all
// of them built up front (MappingVars) gives, whatever the template does to
// them (shadowing, #foreach variables, modification, reassignment).
func TestLazyRootVariables(t *testing.T) {
	tests := []struct {
		name, src string
		status    int    // expected responseOverride.status
		header    string // expected requestOverride.header.X
	}{
		{name: "params read", src: `$input.params('petId') $input.params('q') $input.params('Accept') [$input.params('nope')]`},
		{name: "params modified first", src: `$input.params().path.put('petId', 'x')$input.params('petId') $input.params()`},
		{name: "params map then name", src: `$input.params().header.size() $input.params('X-Trace')`},
		{name: "context shadowed by foreach", src: `#foreach($context in [1, 2])$context#end #set($context.responseOverride.status = 401)$context.stage`, status: 401},
		{name: "context reassigned", src: `#set($context = {})#set($context.responseOverride = {'status': 500})$context`},
		{name: "context printed", src: `$context $stageVariables $util.urlEncode($stageVariables.env)`},
		{name: "context set to an undefined reference", src: `#set($context = $null)#set($context.requestOverride.header.X = 'h')[$context]`},
		{name: "header override", src: `#set($context.requestOverride.header.X = 'h')$context.requestOverride`, header: "h"},
		{name: "input shadowed", src: `#set($input = 'text')$input #foreach($stageVariables in ['a'])$stageVariables#end $stageVariables.url`},
		{name: "macro argument", src: `#macro(show $c)$c.identity.sourceIp#end#show($context)`},
		{name: "none", src: `plain $x text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			in := diffInput([]byte(`{"a": 1}`))
			vars, _ := MappingVars(in)
			vars["input"].(*Input).paramsMap() // eager reference: everything built first
			want, err := tpl.Render(context.Background(), vars, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := RenderMapping(context.Background(), tpl, in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Body != want {
				t.Errorf("lazy %q, eager %q", got.Body, want)
			}
			if got.ResponseOverride.Status != tt.status || got.RequestOverride.Header["X"] != tt.header {
				t.Errorf("overrides %+v", got)
			}
		})
	}
}

// TestContextNotModified: a template modifying $context never changes the
// caller's map, nested *Map values included.
func TestContextNotModified(t *testing.T) {
	nested := NewMap()
	nested.Set("k", "v")
	in := MappingInput{Context: map[string]any{"identity": map[string]any{"sourceIp": "1.2.3.4"}, "extra": nested}}
	tpl, err := Parse(`#set($context.identity.sourceIp = 'x')#set($context.extra.k = 'w')$context.identity.sourceIp$context.extra.k`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := RenderMapping(context.Background(), tpl, in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Body != "xw" || in.Context["identity"].(map[string]any)["sourceIp"] != "1.2.3.4" {
		t.Fatalf("body %q, context %v", out.Body, in.Context)
	}
	if v, _ := nested.Get("k"); v != "v" {
		t.Fatalf("nested map modified: %v", v)
	}
}
