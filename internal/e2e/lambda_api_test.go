package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// TestLambdaAPIExample applies examples/lambda-api to a real portico serve
// with the real terraform CLI: an IAM role, a Python function behind
// AWS_PROXY, a Go bootstrap behind an AWS (non-proxy) integration whose
// error messages selection patterns map to 404 and 400, and a function
// without aws_lambda_permission. Real HTTP calls check the answers in both
// invoke URL forms, the error mapping and AWS's 500 for the missing
// permission; a second plan is empty; a changed variable reaches the
// running function; destroy leaves no function behind.
func TestLambdaAPIExample(t *testing.T) {
	for _, tool := range []string{"python3", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to build and run the example's functions: %v", tool, err)
		}
	}
	p := startPortico(t)
	src := filepath.Join(repoRoot(t), "examples", "lambda-api")
	tf := newTF(t, p, src)
	// Lambda, IAM and STS on the same endpoint as API Gateway.
	tf.env = append(tf.env, "AWS_ENDPOINT_URL="+p.endpoint)

	build := exec.Command(filepath.Join(src, "build.sh"), filepath.Join(tf.dir, "build"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build.sh: %v\n%s", err, out)
	}

	tf.apply()
	invokeURL, pathURL := tf.output("invoke_url"), tf.output("path_form_url")
	if want := "http://" + tf.output("api_id") + ".execute-api.localhost:" + p.port + "/v1"; invokeURL != want {
		t.Fatalf("invoke_url = %q, want %q", invokeURL, want)
	}
	if arn := tf.output("hello_function_arn"); !regexp.MustCompile(`^arn:aws:lambda:us-east-1:\d{12}:function:lambda-api-hello$`).MatchString(arn) {
		t.Errorf("hello_function_arn = %q", arn)
	}

	// AWS_PROXY to Python: the proxy event in, the proxy response out.
	r := lambdaBoth(t, invokeURL, pathURL, "/hello?name=Ada")
	hello, _ := jsonOf(t, r.body).(map[string]any)
	if r.status != 200 || r.header.Get("X-Handler") != "python" || r.header.Get("Content-Type") != "application/json" ||
		hello["message"] != "Hello, Ada!" || hello["method"] != "GET" || hello["path"] != "/hello" || hello["resource"] != "/hello" ||
		hello["stage"] != "v1" || hello["function"] != "lambda-api-hello" || hello["requestId"] == "" {
		t.Errorf("GET /hello = %d %v %s", r.status, r.header, r.body)
	}

	// AWS (non-proxy) to the Go bootstrap: the template's event, the
	// function's result passed through.
	r = lambdaBoth(t, invokeURL, pathURL, "/pets/2")
	pet, _ := jsonOf(t, r.body).(map[string]any)
	if r.status != 200 || pet["id"] != 2.0 || pet["type"] != "cat" || pet["price"] != 124.99 || pet["requestId"] == "" {
		t.Errorf("GET /pets/2 = %d %s", r.status, r.body)
	}
	// The function's error message selects the integration response.
	r = lambdaBoth(t, invokeURL, pathURL, "/pets/42")
	if r.status != 404 || strings.TrimSpace(r.body) != `{"message": "NotFound: no pet with id 42"}` {
		t.Errorf("GET /pets/42 = %d %q, want 404 with the function's message", r.status, r.body)
	}
	r = lambdaBoth(t, invokeURL, pathURL, "/pets/abc")
	if r.status != 400 || strings.TrimSpace(r.body) != `{"message": "BadRequest: the pet id must be a number, got \"abc\""}` {
		t.Errorf("GET /pets/abc = %d %q, want 400 with the function's message", r.status, r.body)
	}

	// No aws_lambda_permission for API Gateway: AWS's 500.
	r = lambdaBoth(t, invokeURL, pathURL, "/locked")
	if r.status != 500 || strings.TrimSpace(r.body) != `{"message": "Internal server error"}` || r.header.Get("x-amzn-ErrorType") != "InternalServerErrorException" {
		t.Errorf("GET /locked = %d %v %q, want 500 Internal server error", r.status, r.header, r.body)
	}

	if code, out := tf.planExit(); code != 0 {
		t.Fatalf("second plan is not empty (exit %d):\n%s", code, out)
	}

	// An in-place update of the function's environment reaches the next
	// invocation.
	tf.apply("greeting=Hi")
	r = call(t, "GET", invokeURL+"/hello?name=Ada", "", nil)
	if hello, _ := jsonOf(t, r.body).(map[string]any); r.status != 200 || hello["message"] != "Hi, Ada!" {
		t.Errorf("GET /hello after greeting=Hi: %d %s", r.status, r.body)
	}

	tf.run("destroy", "-auto-approve", "-input=false", "-no-color", "-var", "greeting=Hi")
	conn := lambda.New(lambda.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(p.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("e2e", "e2e", ""),
	})
	out, err := conn.ListFunctions(context.Background(), &lambda.ListFunctionsInput{})
	if err != nil {
		t.Fatalf("ListFunctions after destroy: %v", err)
	}
	if len(out.Functions) != 0 {
		t.Errorf("%d functions left after destroy", len(out.Functions))
	}
}

var lambdaRequestIDRE = regexp.MustCompile(`"requestId":\s*"[^"]*"`)

// lambdaBoth is both() for answers that carry a request id in compact or
// spaced JSON: the two URL forms must agree apart from it.
func lambdaBoth(t *testing.T, invokeURL, pathURL, path string) answer {
	t.Helper()
	a := call(t, "GET", invokeURL+path, "", nil)
	b := call(t, "GET", pathURL+path, "", nil)
	for _, x := range []answer{a, b} {
		if x.header.Get("x-amzn-RequestId") == "" {
			t.Errorf("GET %s: no x-amzn-RequestId: %v", path, x.header)
		}
	}
	strip := func(s string) string { return lambdaRequestIDRE.ReplaceAllString(s, `"requestId":""`) }
	if a.status != b.status || strip(a.body) != strip(b.body) {
		t.Errorf("GET %s: URL forms disagree:\n host form: %d %s\n path form: %d %s", path, a.status, a.body, b.status, b.body)
	}

	return a
}
