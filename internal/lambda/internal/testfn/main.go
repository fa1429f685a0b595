// Command testfn is a Lambda function built with aws-lambda-go, for the
// tests and benchmarks of internal/lambda: it runs as a provided.al2023
// bootstrap and does what its event asks.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	Echo    any    `json:"echo,omitempty"`
	Fail    string `json:"fail,omitempty"`
	Panic   bool   `json:"panic,omitempty"`
	Exit    int    `json:"exit,omitempty"`
	SleepMS int    `json:"sleep_ms,omitempty"`
	Print   int    `json:"print,omitempty"` // bytes to print
	Big     int    `json:"big,omitempty"`   // bytes to return
}

type response struct {
	Echo      any               `json:"echo,omitempty"`
	RequestID string            `json:"request_id"`
	ARN       string            `json:"arn"`
	Function  string            `json:"function"`
	Deadline  int64             `json:"deadline_ms"`
	Pid       int               `json:"pid"`
	Env       map[string]string `json:"env,omitempty"`
	Big       string            `json:"big,omitempty"`
}

func handle(ctx context.Context, req request) (*response, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	if req.Print > 0 {
		line := strings.Repeat("x", 99) + "\n"
		for n := 0; n < req.Print; n += len(line) {
			fmt.Print(line)
		}
	}
	if req.SleepMS > 0 {
		time.Sleep(time.Duration(req.SleepMS) * time.Millisecond)
	}
	if req.Exit != 0 {
		os.Exit(req.Exit)
	}
	if req.Panic {
		panic("boom")
	}
	if req.Fail != "" {
		return nil, errors.New(req.Fail)
	}
	dl, _ := ctx.Deadline()
	out := &response{Echo: req.Echo, RequestID: lc.AwsRequestID, ARN: lc.InvokedFunctionArn,
		Function: lambdacontext.FunctionName, Deadline: dl.UnixMilli(), Pid: os.Getpid()}
	if req.Echo == "env" {
		out.Env = map[string]string{}
		for _, kv := range os.Environ() {
			k, v, _ := strings.Cut(kv, "=")
			out.Env[k] = v
		}
	}
	if req.Big > 0 {
		out.Big = strings.Repeat("y", req.Big)
	}
	return out, nil
}

func main() { lambda.Start(handle) }
