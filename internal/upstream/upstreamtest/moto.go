// Package upstreamtest starts a real moto_server (pip's moto[server]) on a
// free loopback port for tests of the upstream pass-through and of AWS
// integrations, and builds aws-sdk-go-v2 configurations for it or for
// portico in front of it. A machine without moto_server fails the test
// with what to install: such tests never skip.
package upstreamtest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region and credentials the helpers use (moto accepts any).
const (
	Region          = "us-east-1"
	AccessKeyID     = "test"
	SecretAccessKey = "test"
	// Account is moto's default account (its STS reports it for any
	// credentials that are not an assumed role's).
	Account = "123456789012"
)

// Moto is a running moto_server.
type Moto struct {
	URL string // http://127.0.0.1:PORT
	cmd *exec.Cmd
	out *bytes.Buffer
}

// Binary finds moto_server: $MOTO_SERVER, else on PATH. The error says
// what to install.
func Binary() (string, error) {
	if p := os.Getenv("MOTO_SERVER"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("moto_server")
	if err != nil {
		return "", fmt.Errorf("moto_server is not installed (needed by the upstream and AWS-integration tests): pip install 'moto[server]' (moto 5.2.1 is the one tested), or set MOTO_SERVER=/path/to/moto_server: %w", err)
	}
	return p, nil
}

// Start starts a moto_server of its own for t (stopped when t ends) and
// waits until it answers.
func Start(t testing.TB) *Moto {
	t.Helper()
	m, err := start()
	if err != nil {
		t.Fatalf("upstreamtest: %v", err)
	}
	t.Cleanup(m.Stop)
	return m
}

var (
	sharedOnce sync.Once
	shared     *Moto
	sharedErr  error
)

// Shared returns one moto_server for the whole test binary, started on
// first use. It dies with the test process (parent-death signal); tests
// that share it use names of their own.
func Shared(t testing.TB) *Moto {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		t.Fatalf("upstreamtest: %v", sharedErr)
	}
	return shared
}

func start() (*Moto, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	m := &Moto{URL: "http://127.0.0.1:" + strconv.Itoa(port), out: &bytes.Buffer{}}
	m.cmd = exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	m.cmd.Stdout, m.cmd.Stderr = &syncWriter{w: m.out}, &syncWriter{w: m.out}
	m.cmd.SysProcAttr = procAttr()
	m.cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- m.cmd.Wait() }()
	// moto imports every service's backend before it listens: a few seconds
	deadline := time.Now().Add(60 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil}}
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("moto_server exited before answering (%v); its output:\n%s", err, m.out)
		default:
		}
		resp, err := client.Get(m.URL + "/moto-api/")
		if err == nil {
			_ = resp.Body.Close()
			return m, nil
		}
		if time.Now().After(deadline) {
			m.kill()
			return nil, fmt.Errorf("moto_server did not answer on %s within 60 s; its output:\n%s", m.URL, m.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server (its whole process group).
func (m *Moto) Stop() { m.kill() }

func (m *Moto) kill() {
	if m.cmd.Process != nil {
		_ = syscall.Kill(-m.cmd.Process.Pid, syscall.SIGKILL)
		_ = m.cmd.Process.Kill()
	}
}

// Reset drops everything moto holds (its /moto-api/reset).
func (m *Moto) Reset(t testing.TB) {
	t.Helper()
	resp, err := http.Post(m.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("upstreamtest: reset moto: %v", err)
	}
	_ = resp.Body.Close()
}

// Config is an aws-sdk-go-v2 configuration for endpoint (moto itself, or
// portico in front of it): static test credentials, no retries.
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64}},
	}
}

// ConfigWith is Config signing with other credentials (portico's
// --credentials).
func ConfigWith(endpoint, accessKeyID, secret string) aws.Config {
	c := Config(endpoint)
	c.Credentials = credentials.NewStaticCredentialsProvider(accessKeyID, secret, "")
	return c
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("free port: %v is not a TCP address", ln.Addr())
	}
	return addr.Port, nil
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w.Len() > 1<<20 {
		return len(p), nil // keep the start (startup errors); drop the request log
	}
	return s.w.Write(p)
}
