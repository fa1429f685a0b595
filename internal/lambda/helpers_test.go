package lambda

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"

	"github.com/portico/portico/internal/kv"
)

const testRole = "arn:aws:iam::000000000000:role/lambda-role"

// env is a Service on a loopback server with an SDK client.
type env struct {
	t       *testing.T
	svc     *Service
	srv     *httptest.Server
	client  *awslambda.Client
	records *kv.Mem
	codeDir string
}

func newEnv(t *testing.T, mod ...func(*Options)) *env {
	t.Helper()
	e := &env{t: t, records: kv.NewMem(), codeDir: t.TempDir()}
	e.open(mod...)
	return e
}

func (e *env) open(mod ...func(*Options)) {
	e.t.Helper()
	opts := Options{Records: e.records, CodeDir: e.codeDir, Region: "us-east-1", AccountID: "000000000000"}
	for _, m := range mod {
		m(&opts)
	}
	svc, err := New(opts)
	if err != nil {
		e.t.Fatal(err)
	}
	e.svc = svc
	e.srv = httptest.NewServer(svc)
	e.client = awslambda.NewFromConfig(aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 1,
	}, func(o *awslambda.Options) { o.BaseEndpoint = aws.String(e.srv.URL) })
	e.t.Cleanup(e.close)
}

func (e *env) close() {
	if e.srv != nil {
		e.srv.Close()
		e.srv = nil
	}
	if e.svc != nil {
		_ = e.svc.Close()
		e.svc = nil
	}
}

// reopen closes the service and opens a new one over the same records and
// code directory.
func (e *env) reopen() {
	e.close()
	e.open()
}

type file struct {
	name string
	body string
	mode os.FileMode
}

func zipOf(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
		mode := f.mode
		if mode == 0 {
			mode = 0o644
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pyZip(t testing.TB, src string) []byte { return zipOf(t, file{name: "app.py", body: src}) }

func nodeZip(t testing.TB, src string) []byte { return zipOf(t, file{name: "index.js", body: src}) }

var (
	bootstrapOnce sync.Once
	bootstrapBin  []byte
	bootstrapErr  error
)

// goZip is a package with the testfn bootstrap, built with aws-lambda-go.
func goZip(t testing.TB) []byte {
	t.Helper()
	bootstrapOnce.Do(func() {
		dir, err := os.MkdirTemp("", "portico-testfn-") //nolint:usetesting // built once for every test via sync.Once; a t.TempDir Fatal inside it would leave later callers an empty binary instead of bootstrapErr
		if err != nil {
			bootstrapErr = err
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "bootstrap")
		cmd := exec.Command("go", "build", "-o", out, "./internal/testfn")
		cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			bootstrapErr = errors.New(string(b))
			return
		}
		bootstrapBin, bootstrapErr = os.ReadFile(out)
	})
	if bootstrapErr != nil {
		t.Fatalf("build bootstrap: %v", bootstrapErr)
	}
	return zipOf(t, file{name: "bootstrap", body: string(bootstrapBin), mode: 0o755})
}

type fnSpec struct {
	name, runtime, handler string
	zip                    []byte
	timeout                int32
	env                    map[string]string
}

func (e *env) create(f fnSpec) *awslambda.CreateFunctionOutput {
	e.t.Helper()
	in := &awslambda.CreateFunctionInput{
		FunctionName: aws.String(f.name), Runtime: types.Runtime(f.runtime), Handler: aws.String(f.handler),
		Role: aws.String(testRole), Code: &types.FunctionCode{ZipFile: f.zip},
	}
	if f.timeout > 0 {
		in.Timeout = aws.Int32(f.timeout)
	}
	if f.env != nil {
		in.Environment = &types.Environment{Variables: f.env}
	}
	out, err := e.client.CreateFunction(context.Background(), in)
	if err != nil {
		e.t.Fatalf("CreateFunction %s: %v", f.name, err)
	}
	return out
}

func (e *env) invoke(name string, payload string, mods ...func(*awslambda.InvokeInput)) *awslambda.InvokeOutput {
	e.t.Helper()
	in := &awslambda.InvokeInput{FunctionName: aws.String(name), Payload: []byte(payload)}
	for _, m := range mods {
		m(in)
	}
	out, err := e.client.Invoke(context.Background(), in)
	if err != nil {
		e.t.Fatalf("Invoke %s: %v", name, err)
	}
	return out
}

// apiError asserts err is an AWS API error of type code.
func apiError(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("want %s, got %s: %s", code, ae.ErrorCode(), ae.ErrorMessage())
	}
}

// apiErrorOf is apiError that also returns the error, for a test that
// looks at its message.
func apiErrorOf(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	apiError(t, err, code)
	var ae smithy.APIError
	errors.As(err, &ae)
	return ae
}

// eventually polls cond until it holds or the bound passes (a bound on
// waiting, not a measured time).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func asTyped[T error](err error, target *T) bool { return errors.As(err, target) }
