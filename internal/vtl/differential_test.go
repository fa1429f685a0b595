package vtl

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The differential test renders every corpus template with this engine and
// with Apache Velocity 1.7 (Debian's velocity jar, configured as API Gateway:
// see testdata/oracle/Oracle.java) and compares the outputs byte for byte.
// With VTL_ORACLE_REQUIRED=1 (set by scripts/vtl-oracle.sh, used in CI) a
// missing Java toolchain or jar is a failure instead of a skip.

var oracleJars = []string{
	"/usr/share/java/velocity.jar",
	"/usr/share/java/commons-lang.jar",
	"/usr/share/java/commons-collections3.jar",
}

// diffInput is the fixed request every corpus template sees; Oracle.java
// builds the same one.
func diffInput(body []byte) MappingInput {
	return MappingInput{
		Body:        body,
		PathParams:  map[string]string{"petId": "42", "id": "path-id"},
		QueryParams: map[string][]string{"q": {"hello world"}, "limit": {"10"}, "id": {"query-id"}},
		Headers: map[string][]string{
			"Accept": {"application/json"}, "User-Agent": {"curl/8.0"}, "X-Trace": {"abc="},
		},
		StageVariables: map[string]string{"env": "test", "url": "https://example.com/api"},
		Context: map[string]any{
			"requestId": "req-123", "httpMethod": "POST", "stage": "test",
			"resourcePath": "/pets/{petId}",
			"identity":     map[string]any{"sourceIp": "192.0.2.1", "userAgent": "curl/8.0"},
		},
	}
}

type diffCase struct {
	name string
	src  string
	body string // file name under testdata/differential/bodies, "" = empty body
}

// loadCorpus reads the hand-written cases: testdata/differential/*.vtl files,
// each holding cases separated by lines "===== name [body=FILE]".
func loadCorpus(t testing.TB) []diffCase {
	files, err := filepath.Glob("testdata/differential/*.vtl")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var cases []diffCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(f), ".vtl")
		var cur *diffCase
		var lines []string
		finish := func() {
			if cur != nil {
				cur.src = strings.Join(lines, "\n")
				cases = append(cases, *cur)
			}
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "===== ") {
				finish()
				fields := strings.Fields(line[6:])
				cur = &diffCase{name: base + "/" + fields[0], body: "pets.json"}
				for _, fl := range fields[1:] {
					if v, ok := strings.CutPrefix(fl, "body="); ok {
						cur.body = v
					}
				}
				lines = nil
				continue
			}
			lines = append(lines, line)
		}
		finish()
	}
	return cases
}

// generateCorpus builds n random templates from the grammar's pieces, with
// the whitespace around directives that Velocity 1.7 gobbles: references,
// $input/$util/$context, number literals at the edges of Integer and Long,
// '$' that starts no reference (in text and in strings), #set (also into
// maps by property, bracket and put), #if, #foreach ($foreach,
// $velocityCount, $velocityHasNext, #break), macros whose parameters are
// used twice (by-name arguments), comments and unparsed blocks.
func generateCorpus(n int, seed int64) []diffCase {
	rng := rand.New(rand.NewSource(seed))
	g := &gen{rng: rng}
	cases := make([]diffCase, n)
	for i := range cases {
		g.vars = []string{"a", "b"}
		g.macros = false
		var sb strings.Builder
		sb.WriteString("#set($a = 1)#set($b = 'x')")
		if rng.Intn(3) == 0 {
			// macros whose parameters are used twice: arguments pass by name
			g.macros = true
			sb.WriteString("#macro(mc $p)[$p|$p]#end#macro(inc $p)#set($p = $p + 1)$p#end")
		}
		if rng.Intn(2) == 0 {
			sb.WriteString("\n")
		}
		g.block(&sb, 0, 3+rng.Intn(6))
		bodies := []string{"pets.json", "photos.json", "empty.json", "array.json"}
		cases[i] = diffCase{name: fmt.Sprintf("gen/%03d", i), src: sb.String(), body: bodies[rng.Intn(len(bodies))]}
	}
	return cases
}

type gen struct {
	inValue bool
	rng     *rand.Rand
	vars    []string
	loop    int
	macros  bool // #mc and #inc are defined
}

func (g *gen) pick(xs ...string) string { return xs[g.rng.Intn(len(xs))] }

func (g *gen) ws() string {
	return g.pick("", "", " ", "  ", "\n", " \n", "\t\n", "\n\n", "\r\n")
}

func (g *gen) ref() string {
	v := "$" + g.vars[g.rng.Intn(len(g.vars))]
	switch g.rng.Intn(14) {
	case 0:
		return "$!" + v[1:]
	case 1:
		return "${" + v[1:] + "}"
	case 2:
		return "$missing" + g.pick("", ".foo", ".foo.bar", ".size()")
	case 3:
		return g.pick("$input.path('$.pets[0].name')", "$input.json('$.pets[1]')", "$input.path('$.owner').name",
			"$input.params('petId')", "$input.params().querystring", "$input.json('$')", "$input.path('$.count')",
			"$input.path('$.missing')", "$input.json('$.photos.photo[0].title')", "$input.path('$[0]')",
			"$input.path('$.pets')", "$input.path('$')", "$input.body", "$input.json(\"$\")", "$input.path(\"$.owner\")",
			"$input.path('$.pets[*].tags')", "$input.path('$.pets[0]').tags", "$input.json(\"$.pets[$a]\")")
	case 4:
		return g.pick("$context.requestId", "$context.identity.sourceIp", "$stageVariables.env", "$context.nope",
			"$util.escapeJavaScript($b)", "$util.urlEncode(\"a b&c=d*~\")", "$util.base64Encode($b)")
	case 5:
		return v + g.pick(".length()", ".toString()", ".size()", ".toUpperCase()", ".substring(0)", ".isEmpty()",
			".contains('x')", ".equals($a)", ".hashCode()")
	case 6:
		if !g.inValue {
			return "\\" + v
		}
	}
	return v
}

func (g *gen) value(depth int) string {
	g.inValue = true
	defer func() { g.inValue = depth > 0 }()
	switch g.rng.Intn(14) {
	case 0:
		return fmt.Sprint(g.rng.Intn(200) - 50)
	case 12:
		// the edges of Integer and Long, and every literal form
		return g.pick("2147483647", "-2147483648", "2147483648", "9223372036854775807", "99999999999999999999",
			"3000000000", "1e3", ".5", "1.", "-.25", "1E+2", "65536")
	case 13:
		// '$' that starts no reference, in strings
		return g.pick(`"$"`, `"a$"`, `"$$"`, `"$!"`, `"$ $a"`, `"price $5"`, `"$.x"`, `"#if(true)t#end"`, `"x##y"`, `"\u0024a"`,
			`"$input.json('$.count')"`, `"#set($a = $a + 1)$a"`)
	case 1:
		return g.pick("1.5", "0.1", "2.0", "100.25", "1.0E3", "-0.5")
	case 2:
		return g.pick("'s'", "'it''s'", "\"q $a\"", "\"\"", "''", "\"x${b}y\"", "'$a'", "\"#if(true)t#end\"")
	case 3:
		return g.pick("true", "false")
	case 4:
		if depth < 2 {
			return "[" + g.value(depth+1) + ", " + g.value(depth+1) + "]"
		}
	case 5:
		if depth < 2 {
			return "{\"k\": " + g.value(depth+1) + ", 'j': " + g.value(depth+1) + "}"
		}
	case 6:
		return fmt.Sprintf("[%d..%d]", g.rng.Intn(5), g.rng.Intn(5))
	case 7, 8:
		if depth < 2 {
			op := g.pick("+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "eq", "ne", "gt", "le", "and", "or")
			return "(" + g.value(depth+1) + " " + op + " " + g.value(depth+1) + ")"
		}
	case 9:
		if depth < 2 {
			return "!" + g.value(depth+1)
		}
	}
	return g.ref()
}

func (g *gen) text() string {
	return g.pick("hello", " world ", "{\"k\": ", "}", ",", "[1, 2]", " a.b", "x#y", "$ ", "50$ ", "# ", "$1", "\\n", "=",
		"  ", "\n", "'q'", "\"dq\"", ")", "(", "#{", "##c\n", "#* block *#", "#[[ $raw ]]#", "$.", "x$! ", "foo@bar",
		"price: $5 ", "$$ ", "$[0] ", " $ ", "\"$\"", "${ }", "US$", "$-1 ")
}

func (g *gen) block(sb *strings.Builder, depth, n int) {
	for i := 0; i < n; i++ {
		switch k := g.rng.Intn(10); {
		case k < 3:
			sb.WriteString(g.text())
		case k < 5:
			sb.WriteString(g.ref())
		case k == 5:
			name := g.pick("a", "b", "c", "m.k", "d")
			if name == "c" || name == "d" {
				g.vars = append(g.vars, name)
			}
			if name == "m.k" {
				sb.WriteString(g.ws() + "#set($m = {})")
				g.vars = append(g.vars, "m")
			}
			sb.WriteString(g.pick("", " ", "\t") + "#set($" + name + g.pick(" = ", "=", " =") + g.value(0) + ")" + g.ws())
		case k == 6 && depth < 3:
			sb.WriteString("#if(" + g.value(0) + ")" + g.ws())
			g.block(sb, depth+1, 1+g.rng.Intn(3))
			if g.rng.Intn(3) == 0 {
				sb.WriteString(g.pick("", "  ") + "#elseif(" + g.value(0) + ")" + g.ws())
				g.block(sb, depth+1, 1+g.rng.Intn(2))
			}
			if g.rng.Intn(2) == 0 {
				sb.WriteString(g.pick("#else", "#{else}") + g.ws())
				g.block(sb, depth+1, 1+g.rng.Intn(2))
			}
			sb.WriteString(g.pick("#end", "#{end}", "  #end") + g.ws())
		case k == 7 && depth < 3:
			v := fmt.Sprintf("i%d", depth)
			src := g.pick("[1..3]", "['a', 'b']", "$input.path('$.pets')", "{'x': 1, 'y': 2}", "[]", "$missing",
				"$input.params().keySet()", "$input.path('$.pets[*].name')", "$input.path('$.photos.photo')")
			sb.WriteString("#foreach($" + v + " in " + src + ")" + g.ws())
			g.vars = append(g.vars, v)
			g.loop++
			g.block(sb, depth+1, 1+g.rng.Intn(3))
			sb.WriteString(g.pick("$foreach.hasNext", "$velocityCount", "$foreach.index", "#if($foreach.hasNext),#end", ""))
			g.loop--
			g.vars = g.vars[:len(g.vars)-1]
			sb.WriteString(g.pick("#end", "#end\n", " #end \n", "#{end}"))
		case k == 8:
			switch g.rng.Intn(4) {
			case 0:
				sb.WriteString(g.ws())
			case 1:
				// map assignment by property, bracket and put
				sb.WriteString(g.pick("", " ") + "#set($m = {})")
				g.vars = append(g.vars, "m")
				sb.WriteString(g.pick("#set($m.k = "+g.value(0)+")", "#set($m[$b] = "+g.value(0)+")", "#set($m['q'] = "+g.value(0)+")",
					"$m.put('p', "+g.value(0)+")", "#set($context.responseOverride.header[$b] = "+g.value(0)+")"))
				sb.WriteString(g.pick("$m", "$m.k", "$context.responseOverride", ""))
			case 2:
				if g.macros {
					sb.WriteString(g.pick("#mc(", "#inc(", "#mc( ") + g.value(0) + ")" + g.ws())
					break
				}
				sb.WriteString(g.ref())
			default:
				if g.loop > 0 {
					sb.WriteString(g.pick("$velocityHasNext", "$foreach.count", "$foreach.first"))
				} else {
					sb.WriteString(g.text())
				}
			}
		default:
			if g.loop > 0 && g.rng.Intn(4) == 0 {
				sb.WriteString("#if($velocityCount > 1)#break#end")
			} else {
				sb.WriteString(g.ref())
			}
		}
	}
}

func oracleAvailable() (string, error) {
	for _, j := range oracleJars {
		if _, err := os.Stat(j); err != nil {
			return "", fmt.Errorf("velocity oracle jar missing: %v (apt-get install velocity)", err)
		}
	}
	if _, err := exec.LookPath("javac"); err != nil {
		return "", fmt.Errorf("javac not found: %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		return "", fmt.Errorf("java not found: %v", err)
	}
	return strings.Join(oracleJars, string(os.PathListSeparator)), nil
}

// runOracle renders cases with Velocity 1.7. Returns name -> output, and
// name -> error text for cases Velocity rejected.
func runOracle(t *testing.T, cases []diffCase) (map[string]string, map[string]string) {
	cp, err := oracleAvailable()
	if err != nil {
		if os.Getenv("VTL_ORACLE_REQUIRED") != "" {
			t.Fatalf("differential oracle required but unavailable: %v", err)
		}
		t.Skipf("differential oracle unavailable (set VTL_ORACLE_REQUIRED=1 to fail): %v", err)
	}
	dir := t.TempDir()
	classes := filepath.Join(dir, "classes")
	if out, err := exec.Command("javac", "-nowarn", "-d", classes, "-cp", cp, "testdata/oracle/Oracle.java").CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	cdir := filepath.Join(dir, "cases")
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		base := filepath.Join(cdir, fmt.Sprintf("%04d", i))
		if err := os.WriteFile(base+".vtl", []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		if c.body != "" {
			b, err := os.ReadFile(filepath.Join("testdata/differential/bodies", c.body))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".body", b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command("java", "-cp", cp+string(os.PathListSeparator)+classes, "Oracle", cdir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	outs, errs := map[string]string{}, map[string]string{}
	for i, c := range cases {
		base := filepath.Join(cdir, fmt.Sprintf("%04d", i))
		if b, err := os.ReadFile(base + ".out"); err == nil {
			outs[c.name] = string(b)
		} else if b, err := os.ReadFile(base + ".err"); err == nil {
			errs[c.name] = string(b)
		} else {
			t.Fatalf("oracle wrote nothing for %s", c.name)
		}
	}
	return outs, errs
}

func renderCase(c diffCase) (string, error) {
	var body []byte
	if c.body != "" {
		b, err := os.ReadFile(filepath.Join("testdata/differential/bodies", c.body))
		if err != nil {
			return "", err
		}
		body = b
	}
	t, err := Parse(c.src)
	if err != nil {
		return "", err
	}
	out, err := RenderMapping(context.Background(), t, diffInput(body))
	return out.Body, err
}

const generatedCases = 400

func TestDifferential(t *testing.T) {
	hand := loadCorpus(t)
	if len(hand) < 100 {
		t.Fatalf("hand-written corpus has %d cases, want >= 100", len(hand))
	}
	seed := int64(7)
	if s := os.Getenv("VTL_DIFF_SEED"); s != "" { // explore other generated corpora
		if _, err := fmt.Sscan(s, &seed); err != nil {
			t.Fatalf("VTL_DIFF_SEED: %v", err)
		}
	}
	n := generatedCases
	if s := os.Getenv("VTL_DIFF_COUNT"); s != "" { // a larger generated corpus (the fuzz budget)
		if _, err := fmt.Sscan(s, &n); err != nil || n < 0 {
			t.Fatalf("VTL_DIFF_COUNT: %q is not a count", s)
		}
	}
	cases := append(hand, generateCorpus(n, seed)...)
	outs, errs := runOracle(t, cases)
	pass, fail := 0, 0
	var report strings.Builder
	for _, c := range cases {
		got, err := renderCase(c)
		want, ok := outs[c.name]
		switch {
		case !ok && err != nil:
			pass++ // both reject the template
		case !ok:
			fail++
			fmt.Fprintf(&report, "--- %s: Velocity failed (%s) but we rendered %q\n%s\n", c.name, firstLine(errs[c.name]), got, c.src)
		case err != nil:
			fail++
			fmt.Fprintf(&report, "--- %s: we failed (%v), Velocity rendered %q\n%s\n", c.name, err, want, c.src)
		case got != want:
			fail++
			fmt.Fprintf(&report, "--- %s: output differs\n got: %q\nwant: %q\n%s\n", c.name, got, want, c.src)
		default:
			pass++
		}
	}
	t.Logf("differential: %d templates (%d hand-written, %d generated): %d identical, %d different", len(cases), len(hand), len(cases)-len(hand), pass, fail)
	if fail > 0 {
		t.Errorf("%d of %d templates differ from Velocity 1.7:\n%s", fail, len(cases), report.String())
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
