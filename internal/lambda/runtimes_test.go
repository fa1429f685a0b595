package lambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const contextPy = `
import os, time
def handler(event, context):
    print("log line from python")
    return {"request_id": context.aws_request_id, "arn": context.invoked_function_arn,
            "function": context.function_name, "left": context.get_remaining_time_in_millis(),
            "pid": os.getpid(), "env": {k: os.environ.get(k) for k in ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER", "LAMBDA_TASK_ROOT", "AWS_REGION", "AWS_DEFAULT_REGION", "TZ",
            "AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "MY_VAR"]},
            "event": event}
`

const contextNode = `
exports.handler = async (event, context) => {
  console.log("log line from node");
  const env = {};
  for (const k of ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER",
    "LAMBDA_TASK_ROOT", "AWS_REGION", "AWS_DEFAULT_REGION", "TZ", "AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "MY_VAR"]) env[k] = process.env[k];
  return {request_id: context.awsRequestId, arn: context.invokedFunctionArn, function: context.functionName,
          left: context.getRemainingTimeInMillis(), pid: process.pid, env, event};
};
`

// TestRuntimes runs a real handler in every runtime: context, environment,
// log tail, warm reuse.
func TestRuntimes(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, runtime, handler string
		zip                    []byte
		goFn                   bool
		logLine                string
	}{
		{"python", "python3.12", "app.handler", pyZip(t, contextPy), false, "log line from python"},
		{"node", "nodejs20.x", "index.handler", nodeZip(t, contextNode), false, "log line from node"},
		{"go", "provided.al2023", "bootstrap", goZip(t), true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "rt-" + tc.name
			e.create(fnSpec{name: name, runtime: tc.runtime, handler: tc.handler, zip: tc.zip, timeout: 7, env: map[string]string{"MY_VAR": "mine"}})
			payload := `{"k":"v"}`
			if tc.goFn {
				payload = `{"echo":"env"}`
			}
			var pids []float64
			for n := range 2 {
				out := e.invoke(name, payload, func(in *awslambda.InvokeInput) { in.LogType = types.LogTypeTail })
				if out.FunctionError != nil {
					t.Fatalf("function error %s: %s", aws.ToString(out.FunctionError), out.Payload)
				}
				var res struct {
					RequestID string            `json:"request_id"`
					ARN       string            `json:"arn"`
					Function  string            `json:"function"`
					Left      float64           `json:"left"`
					Deadline  int64             `json:"deadline_ms"`
					Pid       float64           `json:"pid"`
					Env       map[string]string `json:"env"`
				}
				if err := json.Unmarshal(out.Payload, &res); err != nil {
					t.Fatalf("%v: %s", err, out.Payload)
				}
				reqID := out.ResultMetadata
				_ = reqID
				if res.ARN != "arn:aws:lambda:us-east-1:000000000000:function:"+name || res.Function != name || res.RequestID == "" {
					t.Fatalf("context: %+v", res)
				}
				if !tc.goFn && (res.Left <= 0 || res.Left > 7000) {
					t.Fatalf("remaining time %v", res.Left)
				}
				if tc.goFn {
					if left := time.Until(time.UnixMilli(res.Deadline)); left <= 0 || left > 7*time.Second {
						t.Fatalf("deadline %v away", left)
					}
				}
				env := res.Env
				want := map[string]string{"AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
					"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128", "_HANDLER": tc.handler, "AWS_REGION": "us-east-1",
					"AWS_DEFAULT_REGION": "us-east-1", "TZ": ":UTC", "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + name,
					"AWS_ACCESS_KEY_ID": "test", "MY_VAR": "mine"}
				for k, v := range want {
					if env[k] != v {
						t.Errorf("%s = %q, want %q", k, env[k], v)
					}
				}
				if !strings.HasPrefix(env["AWS_LAMBDA_RUNTIME_API"], "127.0.0.1:") || env["LAMBDA_TASK_ROOT"] == "" ||
					!strings.Contains(env["AWS_LAMBDA_LOG_STREAM_NAME"], "[$LATEST]") {
					t.Errorf("runtime env: %v", env)
				}
				logs, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
				if err != nil {
					t.Fatal(err)
				}
				lg := string(logs)
				if !strings.Contains(lg, "START RequestId: "+res.RequestID+" Version: $LATEST") ||
					!strings.Contains(lg, "END RequestId: "+res.RequestID) ||
					!strings.Contains(lg, "REPORT RequestId: "+res.RequestID+"\tDuration: ") ||
					!strings.Contains(lg, "Max Memory Used: ") || !strings.Contains(lg, tc.logLine) {
					t.Fatalf("log tail:\n%s", lg)
				}
				pids = append(pids, res.Pid)
				_ = n
			}
			if pids[0] != pids[1] {
				t.Fatalf("instance not reused warm: pids %v", pids)
			}
		})
	}
}

type fault struct {
	name, runtime, handler string
	zip                    []byte
	payload                string
	timeout                int32
	errorType              string
	messageHas             string
	// recover is a payload that works once the fault is over (same
	// function, new instance).
	recover string
}

func TestFaults(t *testing.T) {
	e := newEnv(t)
	goPkg := goZip(t)
	bad := `
def handler(event, context):
    if event.get("raise"):
        raise ValueError("bad input")
    if event.get("set"):
        return {1, 2}
    if event.get("exit"):
        import os
        os._exit(3)
    if event.get("hang"):
        import time
        time.sleep(60)
    if event.get("print"):
        import sys
        sys.stdout.write(("z" * 1023 + "\n") * event["print"])
    return {"ok": True}
`
	nodeBad := `
exports.handler = async (event) => {
  if (event.throw) throw new TypeError("nope");
  if (event.crash) setTimeout(() => { throw new Error("async crash"); }, 0), await new Promise(r => setTimeout(r, 1000));
  if (event.big) return "x".repeat(7 * 1024 * 1024);
  return {ok: true};
};
`
	faults := []fault{
		{name: "py-import", runtime: "python3.12", handler: "missing.handler", zip: pyZip(t, bad),
			errorType: "Runtime.ImportModuleError", messageHas: "Unable to import module 'missing': No module named 'missing'"},
		{name: "py-handler", runtime: "python3.12", handler: "app.nothere", zip: pyZip(t, bad),
			errorType: "Runtime.HandlerNotFound", messageHas: "Handler 'nothere' missing on module 'app'"},
		{name: "py-syntax", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, "def handler(:\n"),
			errorType: "Runtime.UserCodeSyntaxError", messageHas: "Syntax error in module 'app'"},
		{name: "py-raise", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, bad), payload: `{"raise":1}`,
			errorType: "ValueError", messageHas: "bad input", recover: `{}`},
		{name: "py-not-json", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, bad), payload: `{"set":1}`,
			errorType: "Runtime.MarshalError", messageHas: "Unable to marshal response: Object of type set is not JSON serializable", recover: `{}`},
		{name: "py-crash", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, bad), payload: `{"exit":1}`,
			errorType: "Runtime.ExitError", messageHas: "Runtime exited with error: exit status 3", recover: `{}`},
		{name: "py-hang", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, bad), payload: `{"hang":1}`, timeout: 1,
			errorType: "Sandbox.Timedout", messageHas: "Task timed out after 1.0", recover: `{}`},
		{name: "py-megabytes", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, bad), payload: `{"print":4096}`,
			recover: `{}`},
		{name: "node-import", runtime: "nodejs20.x", handler: "missing.handler", zip: nodeZip(t, nodeBad),
			errorType: "Runtime.ImportModuleError", messageHas: "Cannot find module 'missing'"},
		{name: "node-handler", runtime: "nodejs20.x", handler: "index.nothere", zip: nodeZip(t, nodeBad),
			errorType: "Runtime.HandlerNotFound", messageHas: "index.nothere is undefined or not exported"},
		{name: "node-throw", runtime: "nodejs20.x", handler: "index.handler", zip: nodeZip(t, nodeBad), payload: `{"throw":1}`,
			errorType: "TypeError", messageHas: "nope", recover: `{}`},
		{name: "node-crash", runtime: "nodejs22.x", handler: "index.handler", zip: nodeZip(t, nodeBad), payload: `{"crash":1}`,
			errorType: "Error", messageHas: "async crash", recover: `{}`},
		{name: "node-too-big", runtime: "nodejs20.x", handler: "index.handler", zip: nodeZip(t, nodeBad), payload: `{"big":1}`,
			errorType: "Function.ResponseSizeTooLarge", messageHas: "exceeded maximum allowed payload size (6291556 bytes)", recover: `{}`},
		{name: "go-error", runtime: "provided.al2023", handler: "bootstrap", zip: goPkg, payload: `{"fail":"went wrong"}`,
			errorType: "errorString", messageHas: "went wrong", recover: `{}`},
		{name: "go-panic", runtime: "provided.al2023", handler: "bootstrap", zip: goPkg, payload: `{"panic":true}`,
			errorType: "string", messageHas: "boom", recover: `{}`},
		{name: "go-exit", runtime: "provided.al2", handler: "bootstrap", zip: goPkg, payload: `{"exit":2}`,
			errorType: "Runtime.ExitError", messageHas: "Runtime exited with error: exit status 2", recover: `{}`},
		{name: "go-hang", runtime: "provided.al2023", handler: "bootstrap", zip: goPkg, payload: `{"sleep_ms":60000}`, timeout: 1,
			errorType: "Sandbox.Timedout", messageHas: "Error: Task timed out after 1.0", recover: `{}`},
		{name: "no-bootstrap", runtime: "provided.al2023", handler: "bootstrap", zip: zipOf(t, file{name: "other", body: "x"}),
			errorType: "Runtime.InvalidEntrypoint", messageHas: "Couldn't find valid bootstrap(s)"},
		{name: "bootstrap-exits", runtime: "provided.al2023", handler: "bootstrap",
			zip:       zipOf(t, file{name: "bootstrap", body: "#!/bin/sh\necho starting; exit 1\n", mode: 0o755}),
			errorType: "Runtime.ExitError", messageHas: "Runtime exited with error: exit status 1"},
		{name: "bootstrap-not-executable", runtime: "provided.al2023", handler: "bootstrap",
			zip:       zipOf(t, file{name: "bootstrap", body: "#!/bin/sh\nexit 0\n", mode: 0o644}),
			errorType: "Runtime.InvalidEntrypoint", messageHas: "permission denied"},
	}
	var wg sync.WaitGroup
	for _, f := range faults {
		e.create(fnSpec{name: f.name, runtime: f.runtime, handler: f.handler, zip: f.zip, timeout: f.timeout})
	}
	for _, f := range faults {
		wg.Add(1)
		t.Run(f.name, func(t *testing.T) {
			defer wg.Done()
			payload := f.payload
			if payload == "" {
				payload = "{}"
			}
			out := e.invoke(f.name, payload, func(in *awslambda.InvokeInput) { in.LogType = types.LogTypeTail })
			if out.StatusCode != 200 {
				t.Fatalf("status %d", out.StatusCode)
			}
			if f.errorType == "" {
				if out.FunctionError != nil {
					t.Fatalf("function error: %s", out.Payload)
				}
				logs, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
				if len(logs) != 4096 || !strings.Contains(string(logs), "REPORT RequestId:") {
					t.Fatalf("tail of %d bytes:\n%s", len(logs), logs)
				}
			} else {
				if aws.ToString(out.FunctionError) != "Unhandled" {
					t.Fatalf("X-Amz-Function-Error %q, payload %s", aws.ToString(out.FunctionError), out.Payload)
				}
				var body struct {
					ErrorType    string `json:"errorType"`
					ErrorMessage string `json:"errorMessage"`
				}
				if err := json.Unmarshal(out.Payload, &body); err != nil {
					t.Fatalf("%v: %s", err, out.Payload)
				}
				if body.ErrorType != f.errorType || !strings.Contains(body.ErrorMessage, f.messageHas) {
					t.Fatalf("error %s: %s\nwant %s containing %q", body.ErrorType, body.ErrorMessage, f.errorType, f.messageHas)
				}
			}
			if f.recover != "" {
				again := e.invoke(f.name, f.recover)
				if again.FunctionError != nil || !strings.Contains(string(again.Payload), `"`) {
					t.Fatalf("next invoke after the fault: %s %s", aws.ToString(again.FunctionError), again.Payload)
				}
			}
		})
	}
	wg.Wait()
}

// TestParallelAndThrottle: parallel invocations get parallel instances; a
// reserved concurrency of 1 throttles the second; 0 throttles all.
func TestParallelAndThrottle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "par", runtime: "provided.al2023", handler: "bootstrap", zip: goZip(t), timeout: 10})
	var wg sync.WaitGroup
	pids := make([]float64, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := e.invoke("par", `{"sleep_ms":800}`)
			var res struct{ Pid float64 }
			_ = json.Unmarshal(out.Payload, &res)
			pids[i] = res.Pid
		}()
	}
	wg.Wait()
	if pids[0] == 0 || pids[0] == pids[1] {
		t.Fatalf("parallel invocations on one instance: %v", pids)
	}

	if _, err := e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("par"), ReservedConcurrentExecutions: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.invoke("par", `{"sleep_ms":3000}`)
	}()
	eventually(t, "a busy instance", func() bool { return e.svc.rt.Busy("par") == 1 })
	_, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("par"), Payload: []byte(`{}`)})
	ae := apiErrorOf(t, err, "TooManyRequestsException")
	var tm *types.TooManyRequestsException
	if !asTyped(err, &tm) || tm.Reason != types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded || ae.ErrorMessage() != "Rate Exceeded." {
		t.Fatalf("throttle: %v", err)
	}
	<-done
	if _, err := e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("par"), ReservedConcurrentExecutions: aws.Int32(0)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("par"), Payload: []byte(`{}`)})
	apiError(t, err, "TooManyRequestsException")
}

func TestEventInvokeAndIdleStop(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.IdleTimeout = 300 * time.Millisecond })
	marker := filepath.Join(t.TempDir(), "ran")
	src := `
def handler(event, context):
    open(event["path"], "w").write(context.aws_request_id)
    return None
`
	e.create(fnSpec{name: "ev", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, src)})
	payload, _ := json.Marshal(map[string]string{"path": marker})
	out := e.invoke("ev", string(payload), func(in *awslambda.InvokeInput) { in.InvocationType = types.InvocationTypeEvent })
	if out.StatusCode != 202 || len(out.Payload) != 0 {
		t.Fatalf("Event: status %d payload %q", out.StatusCode, out.Payload)
	}
	eventually(t, "the event's function run", func() bool { b, err := os.ReadFile(marker); return err == nil && len(b) > 0 })
	sync := e.invoke("ev", string(payload))
	if string(sync.Payload) != "null" {
		t.Fatalf("None answers %q", sync.Payload)
	}
	eventually(t, "idle instances stopped", func() bool { return len(e.svc.Instances("ev")) == 0 })
}

func TestDurability(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "keep", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, echoPy), env: map[string]string{"A": "1"}})
	if _, err := e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("keep")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.CreateAlias(ctx, &awslambda.CreateAliasInput{FunctionName: aws.String("keep"), Name: aws.String("prod"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.AddPermission(ctx, &awslambda.AddPermissionInput{FunctionName: aws.String("keep"), StatementId: aws.String("gw"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com"), Qualifier: aws.String("prod"),
		SourceArn: aws.String("arn:aws:execute-api:us-east-1:000000000000:api1/*")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.TagResource(ctx, &awslambda.TagResourceInput{Resource: aws.String("arn:aws:lambda:us-east-1:000000000000:function:keep"), Tags: map[string]string{"team": "a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("keep"), ReservedConcurrentExecutions: aws.Int32(3)}); err != nil {
		t.Fatal(err)
	}
	before, _ := e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("keep")})
	e.invoke("keep", `{}`)

	e.reopen()
	if len(e.svc.Instances("")) != 0 {
		t.Fatal("instances survived a reopen")
	}
	after, err := e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("keep")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(after.Configuration.RevisionId) != aws.ToString(before.Configuration.RevisionId) ||
		aws.ToString(after.Configuration.CodeSha256) != aws.ToString(before.Configuration.CodeSha256) ||
		after.Configuration.Environment.Variables["A"] != "1" || after.Tags["team"] != "a" ||
		*after.Concurrency.ReservedConcurrentExecutions != 3 {
		t.Fatalf("after reopen: %+v", after)
	}
	if !e.svc.Permitted("keep:prod", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:api1/prod/GET/") {
		t.Fatal("policy lost")
	}
	out := e.invoke("keep", `{"x":1}`, func(in *awslambda.InvokeInput) { in.Qualifier = aws.String("prod") })
	if aws.ToString(out.ExecutedVersion) != "1" || !strings.Contains(string(out.Payload), `"x": 1`) && !strings.Contains(string(out.Payload), `"x":1`) {
		t.Fatalf("invoke after reopen: %s %s", aws.ToString(out.ExecutedVersion), out.Payload)
	}
	// A code directory lost (but not the zip) is unpacked again.
	if err := os.RemoveAll(filepath.Join(e.codeDir, "code")); err != nil {
		t.Fatal(err)
	}
	e.reopen()
	if out := e.invoke("keep", `{}`); out.FunctionError != nil {
		t.Fatalf("after losing the unpacked code: %s", out.Payload)
	}
}
