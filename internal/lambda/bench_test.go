package lambda

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/portico/portico/internal/kv"
)

// Benchmarks print figures side by side measured in the same run; none
// asserts a time. Run: go test -run '^$' -bench . ./internal/lambda/

func benchEnv(b *testing.B) *env {
	b.Helper()
	e := &env{t: &testing.T{}, records: kv.NewMem(), codeDir: b.TempDir()}
	e.open()
	b.Cleanup(e.close)
	return e
}

// BenchmarkColdStart measures CreateFunction to the first answer, per
// runtime.
func BenchmarkColdStart(b *testing.B) {
	e := benchEnv(b)
	cases := []struct {
		name, runtime, handler string
		zip                    []byte
	}{
		{"python", "python3.12", "app.handler", pyZip(b, echoPy)},
		{"node", "nodejs20.x", "index.handler", nodeZip(b, "exports.handler = async (e) => ({ok: true, e});")},
		{"go", "provided.al2023", "bootstrap", goZip(b)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			var times []time.Duration
			for i := 0; b.Loop(); i++ {
				name := fmt.Sprintf("cold-%s-%d-%d", c.name, i, time.Now().UnixNano())
				start := time.Now()
				if _, err := e.client.CreateFunction(ctx, &awslambda.CreateFunctionInput{
					FunctionName: aws.String(name), Runtime: types.Runtime(c.runtime), Handler: aws.String(c.handler),
					Role: aws.String(testRole), Code: &types.FunctionCode{ZipFile: c.zip},
				}); err != nil {
					b.Fatal(err)
				}
				out, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(name), Payload: []byte(`{}`)})
				if err != nil || out.FunctionError != nil {
					b.Fatalf("%v %s", err, out.Payload)
				}
				times = append(times, time.Since(start))
				b.StopTimer()
				_, _ = e.client.DeleteFunction(ctx, &awslambda.DeleteFunctionInput{FunctionName: aws.String(name)})
				b.StartTimer()
			}
			b.ReportMetric(ms(p50(times)), "p50-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func p50(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkWarmGo compares a warm Go bootstrap, invoked in-process (API
// Gateway's path) and through the HTTP Invoke API, with a local HTTP
// handler doing the same work (decode the event, answer JSON).
func BenchmarkWarmGo(b *testing.B) {
	e := benchEnv(b)
	e.create(fnSpec{name: "warm-go", runtime: "provided.al2023", handler: "bootstrap", zip: goZip(b)})
	ctx := context.Background()
	payload := []byte(`{"echo":"hello"}`)
	if _, err := e.svc.Invoke(ctx, InvokeInput{FunctionName: "warm-go", Payload: payload}); err != nil {
		b.Fatal(err)
	}
	direct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"echo":%q,"request_id":"x","pid":%d}`, body, os.Getpid())
	}))
	defer direct.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	post := func(url string) {
		resp, err := client.Post(url, "application/json", bytes.NewReader(payload))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	invokeURL := e.srv.URL + "/2015-03-31/functions/warm-go/invocations"
	const rounds = 2000
	var inproc, viaHTTP, plain []time.Duration
	for range b.N {
		for range rounds {
			t0 := time.Now()
			out, err := e.svc.Invoke(ctx, InvokeInput{FunctionName: "warm-go", Payload: payload})
			if err != nil || out.FunctionError != "" {
				b.Fatal(err, string(out.Payload))
			}
			t1 := time.Now()
			post(invokeURL)
			t2 := time.Now()
			post(direct.URL)
			t3 := time.Now()
			inproc, viaHTTP, plain = append(inproc, t1.Sub(t0)), append(viaHTTP, t2.Sub(t1)), append(plain, t3.Sub(t2))
		}
	}
	b.ReportMetric(ms(p50(inproc)), "invoke-inproc-p50-ms")
	b.ReportMetric(ms(p50(viaHTTP)), "invoke-http-p50-ms")
	b.ReportMetric(ms(p50(plain)), "direct-http-p50-ms")
	b.ReportMetric(ms(p50(inproc)-p50(plain)), "added-inproc-vs-direct-ms")
	b.ReportMetric(0, "ns/op")
}

const bareServerPy = `
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
sys.path.insert(0, sys.argv[2])
from app import handler
import socket
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        out = json.dumps(handler(json.loads(body), None)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def log_message(self, *a):
        pass
s = HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
print("ready", flush=True)
s.serve_forever()
`

// BenchmarkPythonThroughput compares a warm Python function (one instance,
// invoked in-process back to back) with a bare Python HTTP server running
// the same handler.
func BenchmarkPythonThroughput(b *testing.B) {
	e := benchEnv(b)
	src := "def handler(event, context):\n    return {\"n\": event.get(\"n\", 0) + 1}\n"
	e.create(fnSpec{name: "py-tp", runtime: "python3.12", handler: "app.handler", zip: pyZip(b, src)})
	ctx := context.Background()
	payload := []byte(`{"n":1}`)
	if _, err := e.svc.Invoke(ctx, InvokeInput{FunctionName: "py-tp", Payload: payload}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "server.py"), []byte(bareServerPy), 0o644); err != nil {
		b.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("python3", filepath.Join(dir, "server.py"), fmt.Sprint(port), dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); !strings.HasPrefix(line, "ready") {
		b.Fatalf("bare server: %q", line)
	}
	client := &http.Client{}
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	const rounds = 2000
	var lambdaDur, bareDur time.Duration
	for range b.N {
		t0 := time.Now()
		for range rounds {
			if _, err := e.svc.Invoke(ctx, InvokeInput{FunctionName: "py-tp", Payload: payload}); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		for range rounds {
			resp, err := client.Post(url, "application/json", bytes.NewReader(payload))
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		t2 := time.Now()
		lambdaDur += t1.Sub(t0)
		bareDur += t2.Sub(t1)
	}
	n := float64(rounds * b.N)
	lambdaRate, bareRate := n/lambdaDur.Seconds(), n/bareDur.Seconds()
	b.ReportMetric(lambdaRate, "lambda-req/s")
	b.ReportMetric(bareRate, "bare-python-req/s")
	b.ReportMetric(100*lambdaRate/bareRate, "ratio-%")
	b.ReportMetric(0, "ns/op")
}
