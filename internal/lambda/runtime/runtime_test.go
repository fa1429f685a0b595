package runtime

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newManager(t *testing.T, opts Options) *Manager {
	t.Helper()
	opts.Region = "us-east-1"
	opts.RuntimeDir = t.TempDir()
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func codeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWarmReuseAndContext(t *testing.T) {
	tests := []struct {
		name, runtime, handler string
		files                  map[string]string
	}{
		{"python", "python3.12", "app.handler", map[string]string{"app.py": `
import os
def handler(event, context):
    print("hello from python")
    return {"pid": os.getpid(), "id": context.aws_request_id, "fn": context.function_name,
            "left": context.get_remaining_time_in_millis(), "event": event}
`}},
		{"node", "nodejs20.x", "index.handler", map[string]string{"index.js": `
exports.handler = async (event, context) => {
  console.log("hello from node");
  return {pid: process.pid, id: context.awsRequestId, fn: context.functionName,
          left: context.getRemainingTimeInMillis(), event};
};
`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, Options{})
			spec := &Spec{FunctionName: "f", Version: "$LATEST", Runtime: tc.runtime, Handler: tc.handler,
				CodeDir: codeDir(t, tc.files), MemoryMB: 128, Timeout: 3 * time.Second, LogGroup: "/aws/lambda/f", Key: "k1", Reserved: -1}
			var pids []float64
			for n := range 2 {
				id := "req-" + string(rune('a'+n))
				res, err := m.Invoke(context.Background(), spec, Request{RequestID: id, Payload: []byte(`{"n":1}`), InvokedARN: "arn:aws:lambda:us-east-1:000000000000:function:f"})
				if err != nil {
					t.Fatal(err)
				}
				if res.FunctionError != "" {
					t.Fatalf("function error: %s\n%s", res.Payload, res.Log)
				}
				var out map[string]any
				if err := json.Unmarshal(res.Payload, &out); err != nil {
					t.Fatalf("%v: %s", err, res.Payload)
				}
				if out["id"] != id || out["fn"] != "f" || out["left"].(float64) <= 0 || out["left"].(float64) > 3000 {
					t.Fatalf("context: %v", out)
				}
				if res.Cold != (n == 0) {
					t.Fatalf("invocation %d cold=%v", n, res.Cold)
				}
				log := string(res.Log)
				if !strings.Contains(log, "START RequestId: "+id) || !strings.Contains(log, "hello from") || !strings.Contains(log, "REPORT RequestId: "+id) {
					t.Fatalf("log:\n%s", log)
				}
				pids = append(pids, out["pid"].(float64))
			}
			if pids[0] != pids[1] {
				t.Fatalf("not reused: %v", pids)
			}
		})
	}
}
