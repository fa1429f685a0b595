package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/portico/portico/internal/kv"
)

const helperEnv = "PORTICO_LAMBDA_ORPHAN_HELPER"

// TestMain lets the test binary act as a portico that gets killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		runOrphanHelper(dir)
		return
	}
	os.Exit(m.Run())
}

// runOrphanHelper runs the service with one idle and one busy instance,
// writes their pids to dir/pids and waits to be killed.
func runOrphanHelper(dir string) {
	svc, err := New(Options{Records: kv.NewMem(), CodeDir: filepath.Join(dir, "code")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	src := "import time\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return 'ok'\n"
	zip := zipOf(&testing.T{}, file{name: "app.py", body: src})
	body, _ := json.Marshal(map[string]any{"FunctionName": "orphan", "Runtime": "python3.12", "Handler": "app.handler",
		"Role": testRole, "Timeout": 300, "Code": map[string]any{"ZipFile": zip}})
	rec := httptest.NewRecorder()
	svc.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/2015-03-31/functions", bytes.NewReader(body)))
	if rec.Code != http.StatusCreated {
		fmt.Fprintln(os.Stderr, rec.Body.String())
		os.Exit(2)
	}
	go func() {
		_, _ = svc.Invoke(context.Background(), InvokeInput{FunctionName: "orphan", Payload: []byte(`{"sleep": 300}`)})
	}()
	for svc.rt.Busy("orphan") < 1 {
		_ = syscall.Nanosleep(&syscall.Timespec{Nsec: 10e6}, nil) // an early wake (EINTR) only polls sooner
	}
	if _, err := svc.Invoke(context.Background(), InvokeInput{FunctionName: "orphan"}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var pids []string
	for _, p := range svc.Instances("orphan") {
		pids = append(pids, strconv.Itoa(p))
	}
	_ = os.WriteFile(filepath.Join(dir, "pids.tmp"), []byte(strings.Join(pids, " ")), 0o644)
	_ = os.Rename(filepath.Join(dir, "pids.tmp"), filepath.Join(dir, "pids"))
	select {}
}

// alive reports whether pid is a live process (not gone, not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || len(s) < i+3 || s[i+2] != 'Z'
}

// TestInstancesDieWithPortico kills a process running the service with
// SIGKILL and checks that its function instances die with it.
func TestInstancesDieWithPortico(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	var pids []int
	eventually(t, "the helper's instances", func() bool {
		select {
		case err := <-exited:
			t.Fatalf("helper exited: %v\n%s", err, stderr.String())
		default:
		}
		b, err := os.ReadFile(filepath.Join(dir, "pids"))
		if err != nil {
			return false
		}
		for _, f := range strings.Fields(string(b)) {
			p, _ := strconv.Atoi(f)
			pids = append(pids, p)
		}
		return true
	})
	if len(pids) != 2 {
		t.Fatalf("pids %v", pids)
	}
	for _, p := range pids {
		if !alive(p) {
			t.Fatalf("instance %d not running before the kill", p)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Fatal("portico exited cleanly after kill -9")
	}
	eventually(t, "instances gone after kill -9 of their portico", func() bool {
		for _, p := range pids {
			if alive(p) {
				return false
			}
		}
		return true
	})
}
