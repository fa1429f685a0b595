// Command tfbench times `terraform apply` and the `terraform plan` that
// follows it for N API Gateway resources applied with the built provider
// against a running `portico serve`, next to the same count of
// `terraform_data` resources with the same dependency shape (the floor: what
// terraform itself costs for that graph), and prints the ratios.
//
// Shape, for N resources:
//
//	aws:   one aws_api_gateway_rest_api + N-1 aws_api_gateway_resource
//	       (count), each a child of the API's root_resource_id
//	floor: one terraform_data + N-1 terraform_data (count), each with an
//	       input that references the first one's id and output
//
// Both run with the real terraform CLI at its default -parallelism (10), from
// empty state, in fresh directories; the provider is taken from
// -provider-dir through a dev_overrides CLI configuration (no terraform
// init). Each apply must report N added and each plan must be empty
// (-detailed-exitcode 0); anything else is a failure and the exit code is 1.
// Nothing asserts timing.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type timing struct{ apply, plan time.Duration }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tfbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	terraform := fs.String("terraform", "terraform", "terraform CLI `path`")
	providerDir := fs.String("provider-dir", "bin", "`directory` holding terraform-provider-aws")
	endpoint := fs.String("endpoint", "", "portico serve base `URL`")
	sizesFlag := fs.String("sizes", "101,401", "comma-separated resource counts (the REST API included)")
	rounds := fs.Int("rounds", 1, "rounds per size (floor and aws alternated); the best of each is reported")
	work := fs.String("work", "", "work `directory` (default: a new temporary directory, removed afterwards)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *endpoint == "" {
		fmt.Fprintln(stderr, "tfbench: -endpoint URL is required")
		return 2
	}
	var sizes []int
	for s := range strings.SplitSeq(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 2 {
			fmt.Fprintf(stderr, "tfbench: bad size %q in -sizes (want >= 2)\n", s)
			return 2
		}
		sizes = append(sizes, n)
	}
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "tfbench-")
		if err != nil {
			fmt.Fprintf(stderr, "tfbench: %v\n", err)
			return 1
		}
		defer os.RemoveAll(d)
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "tfbench: %v\n", err)
		return 1
	}
	pdir, err := filepath.Abs(*providerDir)
	if err != nil {
		fmt.Fprintf(stderr, "tfbench: %v\n", err)
		return 1
	}
	if _, err := os.Stat(filepath.Join(pdir, "terraform-provider-aws")); err != nil {
		fmt.Fprintf(stderr, "tfbench: no provider binary: %v\n", err)
		return 1
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"hashicorp/aws\" = %q\n  }\n  direct {}\n}\n", pdir), 0o644); err != nil {
		fmt.Fprintf(stderr, "tfbench: %v\n", err)
		return 1
	}
	b := bench{terraform: *terraform, endpoint: *endpoint, env: tfEnv(rc)}

	fmt.Fprintf(stdout, "terraform: %s, default -parallelism; aws = 1 aws_api_gateway_rest_api + N-1 aws_api_gateway_resource under its root; floor = the same graph of terraform_data\n", *terraform)
	best := map[string]map[int]timing{"floor": {}, "aws": {}}
	paired := map[int][][2]float64{} // per round: aws/floor for apply and plan
	failed := 0
	for _, n := range sizes {
		for round := range *rounds {
			var pair [2]timing
			ok := 0
			for k, kind := range []string{"floor", "aws"} {
				d := filepath.Join(dir, fmt.Sprintf("%s-%d-%d", kind, n, round))
				t, err := b.measure(kind, n, d)
				if err != nil {
					fmt.Fprintf(stdout, "  %-5s N=%d round %d: FAIL: %v\n", kind, n, round+1, err)
					failed++
					continue
				}
				fmt.Fprintf(stdout, "  %-5s N=%d round %d: apply %.2fs, plan %.2fs\n", kind, n, round+1, t.apply.Seconds(), t.plan.Seconds())
				pair[k] = t
				ok++
				old, ok := best[kind][n]
				if !ok || t.apply < old.apply {
					old.apply = t.apply
				}
				if !ok || t.plan < old.plan {
					old.plan = t.plan
				}
				best[kind][n] = old
			}
			if ok == 2 {
				paired[n] = append(paired[n], [2]float64{ratio(pair[1].apply, pair[0].apply), ratio(pair[1].plan, pair[0].plan)})
			}
		}
	}

	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "N\tfloor apply s\taws apply s\tapply ratio\tpaired apply ratios\tfloor plan s\taws plan s\tplan ratio\tpaired plan ratios\t")
	for _, n := range sizes {
		f, fok := best["floor"][n]
		a, aok := best["aws"][n]
		if !fok || !aok {
			fmt.Fprintf(tw, "%d\t-\t-\t-\t-\t-\t-\t-\t-\t\n", n)
			continue
		}
		fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%.2fx\t%s\t%.2f\t%.2f\t%.2fx\t%s\t\n", n,
			f.apply.Seconds(), a.apply.Seconds(), ratio(a.apply, f.apply), spread(paired[n], 0),
			f.plan.Seconds(), a.plan.Seconds(), ratio(a.plan, f.plan), spread(paired[n], 1))
	}
	tw.Flush()
	fmt.Fprintln(stdout, "(s columns: best round; ratio: best aws / best floor; paired: aws / floor of each round, min-max)")
	if f, ok := best["floor"][401]; ok {
		if a, ok := best["aws"][401]; ok {
			fmt.Fprintf(stdout, "goals at N=401: apply %.2fx the floor (goal <= 1.5x), plan %.2fx (goal <= 2x)\n", ratio(a.apply, f.apply), ratio(a.plan, f.plan))
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "FAIL: %d terraform runs failed\n", failed)
		return 1
	}
	return 0
}

// spread is the min-max of column i of the paired ratios.
func spread(p [][2]float64, i int) string {
	if len(p) == 0 {
		return "-"
	}
	lo, hi := p[0][i], p[0][i]
	for _, r := range p[1:] {
		lo, hi = min(lo, r[i]), max(hi, r[i])
	}
	return fmt.Sprintf("%.2f-%.2fx", lo, hi)
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return a.Seconds() / b.Seconds()
}

// tfEnv is the environment terraform runs with: the caller's, without AWS
// settings that could redirect the provider, plus the CLI configuration.
func tfEnv(rc string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+rc,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"AWS_EC2_METADATA_DISABLED=true",
	)
}

type bench struct {
	terraform string
	endpoint  string
	env       []string
}

// measure writes the config of kind for n resources into dir, applies it and
// plans it again, and returns both wall-clock times.
func (b bench) measure(kind string, n int, dir string) (timing, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return timing{}, fmt.Errorf("mkdir: %w", err)
	}
	cfg := floorConfig(n)
	if kind == "aws" {
		cfg = awsConfig(n, b.endpoint)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		return timing{}, fmt.Errorf("write config: %w", err)
	}
	var t timing
	out, d, err := b.tf(dir, "apply", "-auto-approve", "-input=false", "-no-color")
	t.apply = d
	if err != nil {
		return t, fmt.Errorf("terraform apply: %w\n%s", err, tail(out))
	}
	want := fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", n)
	if !bytes.Contains(out, []byte(want)) {
		return t, fmt.Errorf("terraform apply did not report %q\n%s", want, tail(out))
	}
	out, d, err = b.tf(dir, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	t.plan = d
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 2 {
			return t, fmt.Errorf("terraform plan after apply is not empty\n%s", tail(out))
		}
		return t, fmt.Errorf("terraform plan: %w\n%s", err, tail(out))
	}
	return t, nil
}

func (b bench) tf(dir string, args ...string) ([]byte, time.Duration, error) {
	cmd := exec.Command(b.terraform, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = b.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	return out.Bytes(), time.Since(start), err
}

func tail(out []byte) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > 25 {
		lines = lines[len(lines)-25:]
	}
	return "    " + strings.Join(lines, "\n    ")
}

func floorConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "api" {
  input = "tfbench-%d"
}

resource "terraform_data" "r" {
  count = %d
  input = {
    rest_api_id = terraform_data.api.id
    parent_id   = terraform_data.api.output
    path_part   = "r${count.index}"
  }
}
`, n, n-1)
}

func awsConfig(n int, endpoint string) string {
	return fmt.Sprintf(`provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  endpoints {
    apigateway = %q
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name = "tfbench-%d"
}

resource "aws_api_gateway_resource" "r" {
  count       = %d
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "r${count.index}"
}
`, endpoint, n, n-1)
}
