package templatecli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	tpl := write(t, dir, "t.vtl", `#set($r = $input.path('$'))
{"name": "$r.name", "q": "$input.params('q')", "h": "$input.params('X-Api')", "p": "$input.params('id')", "env": "$stageVariables.env", "ip": "$context.identity.sourceIp", "b64": "$input.params('sig')"}`)
	body := write(t, dir, "b.json", `{"name": "Rex"}`)
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"file body", "", []string{"render", "--template", tpl, "--body", body, "--query", "q=a=b", "--header", "X-Api=k",
			"--path", "id=7", "--stage-var", "env=prod", "--context", "identity.sourceIp=1.2.3.4", "--header", "sig=YWJj=="},
			`{"name": "Rex", "q": "a=b", "h": "k", "p": "7", "env": "prod", "ip": "1.2.3.4", "b64": "YWJj=="}`},
		{"stdin body", `{"name": "Tom"}`, []string{"render", "--template", tpl, "--body", "-"},
			`{"name": "Tom", "q": "", "h": "", "p": "", "env": "", "ip": "", "b64": ""}`},
		{"no body", "", []string{"render", "--template", tpl},
			`{"name": "", "q": "", "h": "", "p": "", "env": "", "ip": "", "b64": ""}`},
		{"first query value", "", []string{"render", "--template", tpl, "--query", "q=1", "--query", "q=2"},
			`{"name": "", "q": "1", "h": "", "p": "", "env": "", "ip": "", "b64": ""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.stdin, tt.args...)
			if code != 0 || out != tt.want {
				t.Fatalf("code %d, stdout %q, stderr %q; want %q", code, out, errs, tt.want)
			}
		})
	}
}

func TestRenderHeaderCaseKept(t *testing.T) {
	dir := t.TempDir()
	tpl := write(t, dir, "t.vtl", `$input.params().header`)
	code, out, _ := run(t, "", "render", "--template", tpl, "--header", "X-MiXed=1")
	if code != 0 || out != "{X-MiXed=1}" {
		t.Fatalf("got %d %q", code, out)
	}
}

func TestRenderOverridesReported(t *testing.T) {
	dir := t.TempDir()
	tpl := write(t, dir, "t.vtl", `#set($context.responseOverride.status = 418)#set($context.requestOverride.header.X-A = "v")ok`)
	code, out, errs := run(t, "", "render", "--template", tpl)
	if code != 0 || out != "ok" {
		t.Fatalf("got %d %q %q", code, out, errs)
	}
	if !strings.Contains(errs, "# responseOverride.status = 418") || !strings.Contains(errs, "# requestOverride.header.X-A = v") {
		t.Fatalf("stderr %q", errs)
	}
}

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	bad := write(t, dir, "bad.vtl", "line1\n#if(true\nx")
	code, _, errs := run(t, "", "render", "--template", bad)
	if code != 1 || !strings.HasPrefix(errs, bad+":3:1: expected ')' to close #if") {
		t.Fatalf("code %d stderr %q", code, errs)
	}
	rt := write(t, dir, "rt.vtl", "a\n  $input.path('$').get(0).substring(9)")
	code, _, errs = run(t, "[\"x\"]", "render", "--template", rt, "--body", "-")
	if code != 1 || !strings.HasPrefix(errs, rt+":2:") {
		t.Fatalf("code %d stderr %q", code, errs)
	}
	for _, args := range [][]string{
		{"render"},
		{"render", "--template", bad, "--query", "novalue"},
		{"render", "--template", bad, "extra"},
		{"nope"},
		{},
		{"check"},
	} {
		if code, _, _ := run(t, "", args...); code != 2 {
			t.Errorf("%v: code %d, want 2", args, code)
		}
	}
	if code, _, errs := run(t, "", "render", "--template", filepath.Join(dir, "missing.vtl")); code != 1 || errs == "" {
		t.Errorf("missing template: code %d", code)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good.vtl", "#foreach($x in [1..3])$x#end")
	bad := write(t, dir, "bad.vtl", "ok\nok\n  #foreach($x [1])")
	code, out, errs := run(t, "", "check", good, bad)
	if code != 1 {
		t.Fatalf("code %d", code)
	}
	if !strings.Contains(out, good+": ok") {
		t.Errorf("stdout %q", out)
	}
	if !strings.HasPrefix(errs, bad+":3:") || !strings.Contains(errs, "expected 'in'") {
		t.Errorf("stderr %q", errs)
	}
	if code, _, _ := run(t, "", "check", good); code != 0 {
		t.Errorf("good file: code %d", code)
	}
}

func TestHelp(t *testing.T) {
	for _, a := range [][]string{{"--help"}, {"-h"}, {"render", "--help"}} {
		code, out, _ := run(t, "", a...)
		if code != 0 || !strings.Contains(out, "portico template render") {
			t.Errorf("%v: code %d out %q", a, code, out)
		}
	}
}
