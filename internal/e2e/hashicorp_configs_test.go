package e2e

// HashiCorp's own acceptance-test configurations apply unchanged on Portico.
//
// testdata/hashicorp_configs/<sequence>/<step>.tf are the HCL of the
// testAcc...Config_... functions of hashicorp/terraform-provider-aws
// internal/service/apigateway/*_test.go that use only the nine resources
// Portico's provider has (each file names its source file and function;
// format verbs are filled with fixed values, said in the file's header). A
// directory is one HashiCorp test: its steps in HashiCorp's order.
//
// For every sequence, against one `portico serve` shared by all:
//   - step 1 applies; `terraform plan -detailed-exitcode` is then empty;
//   - every next step is planned first: the plan must update in place
//     (no delete action) except for the addresses a step lists in a
//     `# portico-e2e: replace=ADDR[,ADDR]` line, which HashiCorp's test
//     expects to be replaced (and which must then be replaced); the saved
//     plan is applied and the next plan is empty again;
//   - `terraform destroy` succeeds and every REST API the sequence created
//     answers 404 NotFoundException on the management API.
//
// HashiCorp configurations left out, and why, are listed in
// testdata/hashicorp_configs/LEFT_OUT.md.

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestHashiCorpConfigs(t *testing.T) {
	p := startPortico(t, "--data", ":memory:")
	root := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "hashicorp_configs")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []string
	for _, e := range entries {
		if e.IsDir() {
			seqs = append(seqs, e.Name())
		}
	}
	if len(seqs) == 0 {
		t.Fatal("no configurations in " + root)
	}
	binaries(t)
	for _, seq := range seqs {
		t.Run(seq, func(t *testing.T) {
			t.Parallel()
			runHashiCorpSequence(t, p, filepath.Join(root, seq))
		})
	}
}

// hcStep is one configuration of a sequence.
type hcStep struct {
	file    string
	hcl     []byte
	replace []string // addresses HashiCorp's test expects to be replaced
}

func readHashiCorpSteps(t *testing.T, dir string) []hcStep {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return stepNumber(files[i]) < stepNumber(files[j]) })
	var steps []hcStep
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		st := hcStep{file: filepath.Base(f), hcl: b}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "# portico-e2e: replace="); ok {
				st.replace = strings.Split(strings.TrimSpace(v), ",")
			}
		}
		steps = append(steps, st)
	}
	if len(steps) == 0 {
		t.Fatalf("no steps in %s", dir)
	}
	return steps
}

func stepNumber(path string) int {
	n := 0
	for _, c := range strings.TrimSuffix(filepath.Base(path), ".tf") {
		if c < '0' || c > '9' {
			return 1 << 30
		}
		n = n*10 + int(c-'0')
	}
	return n
}

type planJSON struct {
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions []string `json:"actions"`
		} `json:"change"`
	} `json:"resource_changes"`
}

type stateJSON struct {
	Values struct {
		RootModule struct {
			Resources []struct {
				Type   string         `json:"type"`
				Values map[string]any `json:"values"`
			} `json:"resources"`
		} `json:"root_module"`
	} `json:"values"`
}

func runHashiCorpSequence(t *testing.T, p *portico, dir string) {
	steps := readHashiCorpSteps(t, dir)
	d := newTF(t, p, t.TempDir())
	main := filepath.Join(d.dir, "main.tf")
	apis := map[string]bool{}
	for i, st := range steps {
		if err := os.WriteFile(main, st.hcl, 0o600); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			d.apply()
		} else {
			d.run("plan", "-input=false", "-no-color", "-out=step.tfplan")
			var plan planJSON
			if err := json.Unmarshal([]byte(d.run("show", "-json", "step.tfplan")), &plan); err != nil {
				t.Fatalf("%s: plan JSON: %v", st.file, err)
			}
			replaced := map[string]bool{}
			for _, rc := range plan.ResourceChanges {
				if slices.Contains(rc.Change.Actions, "delete") {
					replaced[rc.Address] = true
					if !slices.Contains(st.replace, rc.Address) {
						t.Errorf("%s: %s is planned %v; HashiCorp's test updates it in place\n%s", st.file, rc.Address, rc.Change.Actions,
							d.run("show", "-no-color", "step.tfplan"))
					}
				}
			}
			for _, a := range st.replace {
				if !replaced[a] {
					t.Errorf("%s: %s is not replaced; HashiCorp's test expects a new one", st.file, a)
				}
			}
			if t.Failed() {
				t.FailNow()
			}
			d.run("apply", "-input=false", "-no-color", "step.tfplan")
		}
		// The configuration just applied plans empty (exit 0; 2 = a diff fails d.run).
		d.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
		var state stateJSON
		if err := json.Unmarshal([]byte(d.run("show", "-json")), &state); err != nil {
			t.Fatalf("%s: state JSON: %v", st.file, err)
		}
		for _, r := range state.Values.RootModule.Resources {
			if r.Type == "aws_api_gateway_rest_api" {
				if id, _ := r.Values["id"].(string); id != "" {
					apis[id] = true
				}
			}
		}
	}
	if len(apis) == 0 {
		t.Fatal("the sequence created no REST API")
	}
	d.run("destroy", "-auto-approve", "-input=false", "-no-color")
	for id := range apis {
		res, err := http.Get(p.endpoint + "/restapis/" + id)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("after destroy, GET /restapis/%s answers %d, want 404", id, res.StatusCode)
		}
	}
}
