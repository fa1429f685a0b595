package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

func buildPortico(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "portico")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startPortico runs `portico serve` and returns the process and endpoint.
func startPortico(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line, ok := <-lines:
		endpoint, found := strings.CutPrefix(line, "portico listening on ")
		if !ok || !found {
			t.Fatalf("first line %q; stderr:\n%s", line, stderr.String())
		}
		return cmd, endpoint, &stderr
	case <-time.After(30 * time.Second):
		t.Fatalf("portico did not print its address; stderr:\n%s", stderr.String())
	}
	return nil, "", nil
}

func TestCLI(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"version"}, nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "portico ") {
		t.Errorf("version: %d %q", code, out.String())
	}
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"version", "--help"}, {"help", "serve"}, {"template", "--help"}} {
		out.Reset()
		errb.Reset()
		if code := run(context.Background(), args, nil, &out, &errb); code != 0 || strings.Count(out.String(), "Usage") != 1 || errb.Len() != 0 {
			t.Errorf("%v: exit %d, want the usage once on stdout and nothing on stderr; stdout %q stderr %q", args, code, out.String(), errb.String())
		}
	}
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"serve", "--no-such-flag"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "flag provided but not defined: -no-such-flag") || out.Len() != 0 {
		t.Errorf("serve --no-such-flag: exit %d, stdout %q stderr %q", code, out.String(), errb.String())
	}
	out.Reset()
	run(context.Background(), []string{"serve", "--help"}, nil, &out, &errb)
	if !strings.Contains(out.String(), "~/.local/state/portico") || !strings.Contains(out.String(), ":memory:") {
		t.Errorf("serve --help does not explain the data dir: %s", out.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"bogus"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Errorf("bogus: %d %q", code, errb.String())
	}
	if code := run(context.Background(), []string{"serve", "--credentials", "nocolon"}, nil, &out, &errb); code != 2 {
		t.Errorf("bad --credentials: %d", code)
	}
}

// TestDurabilityKill9 writes through a real `portico serve` process, kills
// it with SIGKILL, restarts it on the same data dir and reads everything back.
func TestDurabilityKill9(t *testing.T) {
	bin := buildPortico(t)
	data := t.TempDir()
	cmd, endpoint, _ := startPortico(t, bin, "--data", data)
	c := gatewaytest.NewClient(endpoint)
	ctx := context.Background()

	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("durable"), Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	var resIDs []string
	for _, part := range []string{"a", "b", "c"} {
		res, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String(part)})
		if err != nil {
			t.Fatal(err)
		}
		resIDs = append(resIDs, *res.Id)
		if _, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), Type: types.IntegrationTypeHttp,
			IntegrationHttpMethod: aws.String("GET"), Uri: aws.String("https://example.com/" + part)}); err != nil {
			t.Fatal(err)
		}
	}
	dep, err := c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, StageName: aws.String("dev"), Variables: map[string]string{"x": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	// The last acknowledged write before the kill.
	if _, err := c.UpdateIntegration(ctx, &apigateway.UpdateIntegrationInput{RestApiId: api.Id, ResourceId: &resIDs[2], HttpMethod: aws.String("GET"),
		PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/timeoutInMillis"), Value: aws.String("1234")}}}); err != nil {
		t.Fatal(err)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	_, endpoint2, _ := startPortico(t, bin, "--data", data)
	c2 := gatewaytest.NewClient(endpoint2)
	got, err := c2.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: api.Id})
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if *got.Name != "durable" || got.Tags["k"] != "v" || *got.RootResourceId != *api.RootResourceId {
		t.Errorf("api = %+v", got)
	}
	for i, id := range resIDs {
		integ, err := c2.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: api.Id, ResourceId: &id, HttpMethod: aws.String("GET")})
		if err != nil {
			t.Fatalf("integration %d: %v", i, err)
		}
		if !strings.HasSuffix(*integ.Uri, "/"+[]string{"a", "b", "c"}[i]) {
			t.Errorf("integration %d uri = %s", i, *integ.Uri)
		}
		if i == 2 && integ.TimeoutInMillis != 1234 {
			t.Errorf("last write lost: timeout = %d", integ.TimeoutInMillis)
		}
	}
	st, err := c2.GetStage(ctx, &apigateway.GetStageInput{RestApiId: api.Id, StageName: aws.String("dev")})
	if err != nil {
		t.Fatal(err)
	}
	if *st.DeploymentId != *dep.Id || st.Variables["x"] != "1" {
		t.Errorf("stage = %+v", st)
	}
	// New writes still work after the restart.
	if _, err := c2.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("after")}); err != nil {
		t.Fatal(err)
	}
}

// TestGracefulShutdown checks SIGTERM stops the server with exit status 0.
func TestGracefulShutdown(t *testing.T) {
	bin := buildPortico(t)
	cmd, endpoint, stderr := startPortico(t, bin, "--data", storeMemory)
	if _, err := gatewaytest.NewClient(endpoint).GetRestApis(context.Background(), &apigateway.GetRestApisInput{}); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, stderr)
	}
	log := stderr.String()
	if !strings.Contains(log, "msg=request method=GET path=/restapis status=200 duration=") || !strings.Contains(log, "msg=stopped") {
		t.Errorf("log:\n%s", log)
	}
}

const storeMemory = ":memory:"

// TestServeMountsInvoke checks `portico serve` serves a deployed stage on
// the invoke URL form.
func TestServeMountsInvoke(t *testing.T) {
	bin := buildPortico(t)
	cmd, endpoint, stderr := startPortico(t, bin, "--data", storeMemory)
	c := gatewaytest.NewClient(endpoint)
	ctx := context.Background()
	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("inv")})
	if err != nil {
		t.Fatal(err)
	}
	in := func(v string) *string { return aws.String(v) }
	steps := []func() error{
		func() error {
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: in("GET"), AuthorizationType: in("NONE")})
			return err
		},
		func() error {
			_, err := c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: in("GET"), StatusCode: in("200")})
			return err
		},
		func() error {
			_, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: in("GET"), Type: types.IntegrationTypeMock,
				RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`}})
			return err
		},
		func() error {
			_, err := c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: in("GET"), StatusCode: in("200"),
				ResponseTemplates: map[string]string{"application/json": `{"hello": "portico"}`}})
			return err
		},
		func() error {
			_, err := c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, StageName: in("dev")})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	resp, err := http.Get(endpoint + "/restapis/" + *api.Id + "/dev/_user_request_/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "portico") {
		t.Errorf("invoke: %d %s", resp.StatusCode, body)
	}
	// Stop the server so its log is complete, then check that the invoke
	// wrote exactly one access line, the invoke API's own.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, stderr)
	}
	var invokes, requests int
	for _, l := range strings.Split(stderr.String(), "\n") {
		switch {
		case strings.Contains(l, "msg=invoke ") && strings.Contains(l, "status=200"):
			invokes++
		case strings.Contains(l, "msg=request ") && strings.Contains(l, "_user_request_"):
			requests++
		}
	}
	if invokes != 1 || requests != 0 {
		t.Errorf("want exactly one access line for the invoke (msg=invoke), got %d invoke and %d request lines:\n%s", invokes, requests, stderr)
	}
}

// TestServeAddressInUse: a port that is taken is an error that says how to
// get a free one.
func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", ln.Addr().String(), "--data", storeMemory}, nil, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "address already in use") || !strings.Contains(errb.String(), "--addr 127.0.0.1:0") {
		t.Errorf("serve on a taken port: exit %d, stderr %q; want 1 and a hint to use --addr 127.0.0.1:0", code, errb.String())
	}
}
