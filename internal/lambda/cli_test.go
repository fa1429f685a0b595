package lambda

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAWSCLI drives the service with the AWS CLI (v1 on these machines).
func TestAWSCLI(t *testing.T) {
	awsPath, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the AWS CLI is not installed")
	}
	e := newEnv(t)
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "fn.zip")
	if err := os.WriteFile(zipPath, pyZip(t, echoPy), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(awsPath, append([]string{"--endpoint-url", e.srv.URL, "--region", "us-east-1", "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_PAGER=", "AWS_MAX_ATTEMPTS=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	var created map[string]any
	if err := json.Unmarshal(run("lambda", "create-function", "--function-name", "cli", "--runtime", "python3.12",
		"--handler", "app.handler", "--role", testRole, "--zip-file", "fileb://"+zipPath), &created); err != nil {
		t.Fatal(err)
	}
	if created["FunctionArn"] != "arn:aws:lambda:us-east-1:000000000000:function:cli" {
		t.Fatalf("create-function: %v", created)
	}
	run("lambda", "wait", "function-active-v2", "--function-name", "cli")
	outFile := filepath.Join(dir, "out.json")
	var inv map[string]any
	if err := json.Unmarshal(run("lambda", "invoke", "--function-name", "cli",
		"--payload", `{"hello":"cli"}`, "--log-type", "Tail", outFile), &inv); err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile(outFile)
	if inv["StatusCode"] != float64(200) || inv["ExecutedVersion"] != "$LATEST" || !strings.Contains(string(body), `"hello": "cli"`) || inv["LogResult"] == "" {
		t.Fatalf("invoke: %v %s", inv, body)
	}
	run("lambda", "add-permission", "--function-name", "cli", "--statement-id", "gw", "--action", "lambda:InvokeFunction",
		"--principal", "apigateway.amazonaws.com", "--source-arn", "arn:aws:execute-api:us-east-1:000000000000:api/*")
	if !strings.Contains(string(run("lambda", "get-policy", "--function-name", "cli")), "apigateway.amazonaws.com") {
		t.Fatal("get-policy")
	}
	run("lambda", "delete-function", "--function-name", "cli")
	cmd := exec.Command(awsPath, "--endpoint-url", e.srv.URL, "--region", "us-east-1", "lambda", "get-function", "--function-name", "cli")
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ResourceNotFoundException") || !strings.Contains(string(out), "Function not found: arn:aws:lambda:us-east-1:000000000000:function:cli") {
		t.Fatalf("get-function after delete: %v\n%s", err, out)
	}
}
