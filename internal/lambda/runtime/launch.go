package runtime

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/portico/portico/internal/lambdaspec"
)

// The runtime interface clients portico carries, for hosts without AWS's
// own: small programs that speak the Runtime API and load the handler as
// AWS's clients do (same handler rules, same error types and messages).
//
//go:embed ric/bootstrap.py ric/bootstrap.mjs
var ricFS embed.FS

// launcher decides how to start each runtime on this host.
type launcher struct {
	opts   *Options
	dir    string // where the embedded clients are
	mu     sync.Mutex
	looked map[string]lookup
}

type lookup struct {
	path   string
	awsRIC bool
	err    error
}

func newLauncher(opts *Options) (*launcher, error) {
	dir := opts.RuntimeDir
	if dir == "" {
		sum := sha256.New()
		_ = fs.WalkDir(ricFS, "ric", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := ricFS.ReadFile(p)
				sum.Write(b)
			}
			return nil
		})
		dir = filepath.Join(os.TempDir(), "portico-lambda-runtime-"+hex.EncodeToString(sum.Sum(nil))[:12])
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("runtime dir: %w", err)
	}
	for _, name := range []string{"bootstrap.py", "bootstrap.mjs"} {
		b, err := ricFS.ReadFile("ric/" + name)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, name)
		if cur, err := os.ReadFile(dst); err == nil && string(cur) == string(b) {
			continue
		}
		tmp := dst + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return nil, fmt.Errorf("write runtime client: %w", err)
		}
		if err := os.Rename(tmp, dst); err != nil {
			return nil, fmt.Errorf("write runtime client: %w", err)
		}
	}
	opts.RuntimeDir = dir
	return &launcher{opts: opts, dir: dir, looked: map[string]lookup{}}, nil
}

func family(runtimeID string) string {
	if r, ok := lambdaspec.LookupRuntime(runtimeID); ok {
		return r.Family
	}
	return ""
}

// supported lists what portico runs, for messages.
const supported = "provided.al2023, provided.al2, python3.x (host python3) and nodejs18.x-24.x (host node)"

// resolve returns how to start spec's runtime, or an UnavailableError that
// says what to install.
func (l *launcher) resolve(spec *Spec) (*launch, error) {
	switch family(spec.Runtime) {
	case lambdaspec.FamilyProvided:
		if spec.Runtime == "provided" {
			break
		}
		return &launch{path: filepath.Join(spec.CodeDir, "bootstrap")}, nil
	case lambdaspec.FamilyPython:
		lk := l.find(spec.Runtime, func() lookup {
			want := spec.Runtime // python3.12
			for _, name := range []string{want, "python3"} {
				p, err := exec.LookPath(name)
				if err != nil {
					continue
				}
				// A name on PATH may be a shim for an interpreter that is
				// not installed (pyenv): ask it.
				out, err := exec.Command(p, "-c", probePython).Output()
				if err != nil {
					continue
				}
				kind, exe, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
				if exe != "" {
					p = exe // the interpreter itself, not a shim in front of it
				}
				return lookup{path: p, awsRIC: kind == "awslambdaric" && !l.opts.DisableAWSRIC}
			}
			return lookup{err: &UnavailableError{Runtime: spec.Runtime, Reason: fmt.Sprintf(
				"the runtime %s needs a Python 3 interpreter on the host: install python3 (Debian/Ubuntu: apt-get install python3) or put %s on PATH", spec.Runtime, want)}}
		})
		if lk.err != nil {
			return nil, lk.err
		}
		if lk.awsRIC {
			return &launch{path: lk.path, args: []string{"-u", "-m", "awslambdaric", spec.Handler}}, nil
		}
		return &launch{path: lk.path, args: []string{"-u", filepath.Join(l.dir, "bootstrap.py")}}, nil
	case lambdaspec.FamilyNode:
		if strings.HasPrefix(spec.Runtime, "nodejs") && !strings.HasSuffix(spec.Runtime, ".x") {
			break // nodejs, nodejs4.3-edge: retired
		}
		lk := l.find("node", func() lookup {
			if p, err := exec.LookPath("node"); err == nil {
				return lookup{path: p}
			}
			return lookup{err: &UnavailableError{Runtime: spec.Runtime, Reason: fmt.Sprintf(
				"the runtime %s needs Node.js on the host: install node (Debian/Ubuntu: apt-get install nodejs) and put it on PATH", spec.Runtime)}}
		})
		if lk.err != nil {
			return nil, lk.err
		}
		return &launch{path: lk.path, args: []string{filepath.Join(l.dir, "bootstrap.mjs")}}, nil
	}
	return nil, &UnavailableError{Runtime: spec.Runtime, Reason: fmt.Sprintf(
		"the runtime %s is not one portico serve runs as a host process; it runs %s", spec.Runtime, supported)}
}

const probePython = `import sys
try:
    import awslambdaric
    print("awslambdaric")
except ImportError:
    print("python")
print(sys.executable)
`

func (l *launcher) find(key string, f func() lookup) lookup {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lk, ok := l.looked[key]; ok {
		return lk
	}
	lk := f()
	l.looked[key] = lk
	return lk
}

// precheck finds what Lambda finds before it starts a runtime: an OS-only
// runtime needs the package's bootstrap.
func (l *launcher) precheck(spec *Spec, requestID string) []byte {
	if family(spec.Runtime) != lambdaspec.FamilyProvided {
		return nil
	}
	p := filepath.Join(spec.CodeDir, "bootstrap")
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return nil
	}
	return errorBody("Runtime.InvalidEntrypoint", fmt.Sprintf(
		"RequestId: %s Error: Couldn't find valid bootstrap(s): [%s]", requestID, p))
}

// entrypointFailure turns a failure to start a bootstrap (missing, not
// executable, not a program) into Lambda's Runtime.InvalidEntrypoint
// function error.
func entrypointFailure(spec *Spec, requestID string, err error) []byte {
	if family(spec.Runtime) != lambdaspec.FamilyProvided {
		return nil
	}
	return errorBody("Runtime.InvalidEntrypoint", "RequestId: "+requestID+" Error: "+err.Error())
}
