// Package e2e drives the two real programs end to end: it builds
// `portico` and `terraform-provider-aws`, starts `portico serve` on a
// loopback port, applies Terraform configurations with the real terraform
// CLI (dev_overrides, no registry), then calls the deployed stages over
// HTTP in both invoke URL forms.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// binaries builds both programs once per test binary run.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "portico-e2e-bin-*") //nolint:usetesting // the binaries are shared by every test and outlive the first; TestMain removes the dir
		if err != nil {
			buildErr = err
			return
		}
		binDir = dir
		for _, pkg := range []string{"portico", "terraform-provider-aws"} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(dir, pkg), "./cmd/"+pkg)
			cmd.Dir = repoRoot(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func terraformPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TF_ACC_TERRAFORM_PATH"), os.Getenv("TERRAFORM")} {
		if p != "" {
			return p
		}
	}
	if p, err := exec.LookPath("terraform"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/local/bin/terraform"); err == nil {
		return "/usr/local/bin/terraform"
	}
	t.Fatal("terraform CLI not found: set TF_ACC_TERRAFORM_PATH (end-to-end tests need it)")
	return ""
}

// portico is a running `portico serve` subprocess.
type portico struct {
	endpoint string
	port     string
	log      *bytes.Buffer
}

func startPortico(t *testing.T, args ...string) *portico {
	t.Helper()
	bin := binaries(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "portico"), append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	cmd.Stderr = &logBuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("portico log:\n%s", logBuf.String())
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "portico listening on ") {
				lines <- strings.TrimPrefix(sc.Text(), "portico listening on ")
			}
		}
	}()
	select {
	case ep := <-lines:
		u, _ := url.Parse(ep)
		return &portico{endpoint: ep, port: u.Port(), log: &logBuf.Buffer}
	case <-time.After(30 * time.Second):
		t.Fatalf("portico serve did not print its address; log:\n%s", logBuf.String())
	}
	return nil
}

type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

// tfDir is a Terraform working directory bound to a gateway.
type tfDir struct {
	t   *testing.T
	dir string
	env []string
	tf  string
}

func newTF(t *testing.T, p *portico, configDir string) *tfDir {
	t.Helper()
	bin := binaries(t)
	work := t.TempDir()
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hashicorp/aws\" = %q\n  }\n  direct {}\n}\n", bin)), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "config")
	if err := os.CopyFS(dir, os.DirFS(configDir)); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"AWS_ENDPOINT_URL_API_GATEWAY="+p.endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=e2e", "AWS_SECRET_ACCESS_KEY=e2e", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_PROFILE=", "AWS_ENDPOINT_URL=",
	)
	return &tfDir{t: t, dir: dir, env: env, tf: terraformPath(t)}
}

func (d *tfDir) run(args ...string) string {
	d.t.Helper()
	cmd := exec.Command(d.tf, append([]string{"-chdir=" + d.dir}, args...)...)
	cmd.Env = d.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (d *tfDir) apply(vars ...string) {
	d.t.Helper()
	args := []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	for _, v := range vars {
		args = append(args, "-var", v)
	}
	d.run(args...)
}

func (d *tfDir) output(name string) string {
	d.t.Helper()
	return strings.TrimSpace(d.run("output", "-raw", name))
}

// answer is an HTTP response.
type answer struct {
	status int
	header http.Header
	body   string
}

// get calls rawURL; a *.execute-api.localhost host is connected to on
// 127.0.0.1 with the Host header kept (as curl does for .localhost names).
func call(t *testing.T, method, rawURL, body string, headers map[string]string) answer {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	host := u.Host
	if strings.HasSuffix(u.Hostname(), ".localhost") {
		u.Host = "127.0.0.1:" + u.Port()
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u.String(), rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, header: res.Header, body: string(b)}
}

// both calls path under both URL forms and checks they agree.
func both(t *testing.T, method, invokeURL, pathURL, path, body string, headers map[string]string) answer {
	t.Helper()
	a := call(t, method, invokeURL+path, body, headers)
	b := call(t, method, pathURL+path, body, headers)
	for _, x := range []answer{a, b} {
		if x.header.Get("x-amzn-RequestId") == "" || x.header.Get("x-amz-apigw-id") == "" {
			t.Errorf("%s %s: missing x-amzn-RequestId/x-amz-apigw-id: %v", method, path, x.header)
		}
	}
	if a.status != b.status || stripIDs(a.body) != stripIDs(b.body) {
		t.Errorf("%s %s: URL forms disagree:\n host form: %d %s\n path form: %d %s", method, path, a.status, a.body, b.status, b.body)
	}
	return a
}

var idRE = regexp.MustCompile(`"requestId": "[^"]*"`)

func stripIDs(s string) string { return idRE.ReplaceAllString(s, `"requestId": ""`) }

func jsonOf(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %q: %v", s, err)
	}
	return v
}
