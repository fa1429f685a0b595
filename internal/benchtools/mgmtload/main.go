// Command mgmtload drives API Gateway management endpoints (portico serve,
// moto_server) with the same aws-sdk-go-v2 load and prints their figures side
// by side: ops/s, p50/p99 latency and the server's resident memory, for one
// fresh REST API per size.
//
// Per resource, one of 8 concurrent clients (each its own apigateway.Client
// and connection pool, aws.NopRetryer, static credentials test/test,
// us-east-1) runs, in order:
//
//	CreateResource   pathPart rNNNNN, a child of the API's root resource
//	PutMethod        GET, authorizationType NONE
//	PutIntegration   type MOCK
//	GetResource      embed=methods; the GET method and its MOCK integration must be in it
//	patch            -patch restapi (default): UpdateRestApi replace /description
//	                 -patch method: UpdateMethod replace /operationName (moto_server
//	                 5.2.1 does not implement UpdateMethod)
//
// Every answer is checked; failures are counted and printed, and make the
// command exit 1. Nothing asserts timing: the figures and ratios are printed.
//
// With -manifest FILE it writes what was acknowledged on portico (REST API
// and resource ids); "mgmtload -verify FILE -portico URL" later checks that
// all of it is still there (e.g. after kill -9 and a restart).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// opNames are the measured operations, in the order each resource runs them.
var opNames = []string{"CreateResource", "PutMethod", "PutIntegration", "GetResource", "patch"}

type target struct {
	name     string
	endpoint string
	pid      int
	clients  []*apigateway.Client
	idleRSS  int64 // kB, before any load
}

type result struct {
	size      int
	ops       int
	failures  int
	elapsed   time.Duration
	lat       []time.Duration   // every op
	perOp     [][]time.Duration // by opNames index
	rssAfter  int64             // kB
	hwmAfter  int64             // kB, VmHWM
	apiID     string
	resources []string // acknowledged resource ids (all five ops answered correctly)
	errs      []string // first few failures
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mgmtload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	porticoURL := fs.String("portico", "", "portico serve base `URL`")
	porticoPID := fs.Int("portico-pid", 0, "`PID` of the portico serve process (for VmRSS)")
	motoURL := fs.String("moto", "", "moto_server base `URL` (empty: not measured)")
	motoPID := fs.Int("moto-pid", 0, "`PID` of the moto_server process (for VmRSS)")
	sizesFlag := fs.String("sizes", "100,400,1600", "comma-separated resource counts, one fresh REST API each")
	nClients := fs.Int("clients", 8, "concurrent clients per target")
	patch := fs.String("patch", "restapi", "the per-resource patch: restapi (UpdateRestApi replace /description) or method (UpdateMethod replace /operationName)")
	manifest := fs.String("manifest", "", "write portico's acknowledged REST APIs and resources to this `file`")
	verify := fs.String("verify", "", "check that every REST API and resource in this manifest `file` is present on -portico, then exit")
	rounds := fs.Int("rounds", 1, "rounds; each round builds a fresh REST API per size and target, the best round is reported with the spread")
	fsyncDir := fs.String("fsync-dir", "", "measure serial 4 KiB write+fdatasync in this `directory` (the data directory's file system) before and after the load")
	timeout := fs.Duration("op-timeout", 60*time.Second, "per-operation timeout")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *porticoURL == "" {
		fmt.Fprintln(stderr, "mgmtload: -portico URL is required")
		return 2
	}
	if *patch != "restapi" && *patch != "method" {
		fmt.Fprintf(stderr, "mgmtload: -patch %q: want restapi or method\n", *patch)
		return 2
	}
	ctx := context.Background()
	if *verify != "" {
		if err := verifyManifest(ctx, newClient(*porticoURL), *verify, stdout); err != nil {
			fmt.Fprintf(stderr, "mgmtload: verify: %v\n", err)
			return 1
		}
		return 0
	}
	var sizes []int
	for s := range strings.SplitSeq(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "mgmtload: bad size %q in -sizes\n", s)
			return 2
		}
		sizes = append(sizes, n)
	}

	targets := []*target{{name: "portico", endpoint: *porticoURL, pid: *porticoPID}}
	if *motoURL != "" {
		targets = append(targets, &target{name: "moto_server", endpoint: *motoURL, pid: *motoPID})
	} else {
		fmt.Fprintln(stdout, "moto_server: not measured (no -moto endpoint)")
	}
	for _, t := range targets {
		for range *nClients {
			t.clients = append(t.clients, newClient(t.endpoint))
		}
		t.idleRSS, _ = readStatus(t.pid, "VmRSS")
	}

	fmt.Fprintf(stdout, "load: %d clients per target; per resource CreateResource (child of root), PutMethod GET NONE, PutIntegration MOCK, GetResource embed=methods, %s\n",
		*nClients, patchLabel(*patch))
	if *fsyncDir != "" {
		fmt.Fprintf(stdout, "disk before the load: %s\n", fsyncFloor(*fsyncDir))
	}
	results := map[string][]*result{} // best round per size, in size order
	all := map[string][]*result{}     // every round
	failed := 0
	// Sizes in increasing order, the targets interleaved at each size, so
	// both see the same machine load as closely as one run allows.
	for round := range *rounds {
		for i, n := range sizes {
			for _, t := range targets {
				fmt.Fprintf(stdout, "  round %d  %-11s %5d resources ... ", round+1, t.name, n)
				r, err := runSize(ctx, t, n, *patch, *timeout)
				if err != nil {
					fmt.Fprintf(stdout, "setup failed: %v\n", err)
					r = &result{size: n, failures: 1, errs: []string{err.Error()}}
				} else {
					fmt.Fprintf(stdout, "%.1fs, %.0f ops/s, %d failures\n", r.elapsed.Seconds(), opsPerSec(r), r.failures)
				}
				failed += r.failures
				all[t.name] = append(all[t.name], r)
				if round == 0 {
					results[t.name] = append(results[t.name], r)
				} else if opsPerSec(r) > opsPerSec(results[t.name][i]) {
					results[t.name][i] = r
				}
			}
		}
	}
	if *fsyncDir != "" {
		fmt.Fprintf(stdout, "disk after the load:  %s\n", fsyncFloor(*fsyncDir))
	}
	report(stdout, targets, results, all, sizes)
	if *manifest != "" {
		if err := writeManifest(*manifest, all["portico"]); err != nil {
			fmt.Fprintf(stderr, "mgmtload: %v\n", err)
			return 1
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "FAIL: %d failed operations\n", failed)
		for _, t := range targets {
			for _, r := range all[t.name] {
				for _, e := range r.errs {
					fmt.Fprintf(stdout, "  %s %d: %s\n", t.name, r.size, e)
				}
			}
		}
		return 1
	}
	return 0
}

func patchLabel(patch string) string {
	if patch == "method" {
		return "UpdateMethod replace /operationName"
	}
	return "UpdateRestApi replace /description"
}

func newClient(endpoint string) *apigateway.Client {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:  awshttp.NewBuildableClient(),
	}
	return apigateway.NewFromConfig(cfg, func(o *apigateway.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
}

// runSize builds one fresh REST API of n resources on t with all clients.
func runSize(ctx context.Context, t *target, n int, patch string, timeout time.Duration) (*result, error) {
	c := t.clients[0]
	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String(fmt.Sprintf("mgmtload-%d", n))})
	if err != nil {
		return nil, fmt.Errorf("CreateRestApi: %w", err)
	}
	if api.Id == nil {
		return nil, errors.New("CreateRestApi: no id in the answer")
	}
	root, err := rootResource(ctx, c, *api.Id, api.RootResourceId)
	if err != nil {
		return nil, err
	}
	r := &result{size: n, apiID: *api.Id, perOp: make([][]time.Duration, len(opNames))}
	var (
		next atomic.Int64
		mu   sync.Mutex
		wg   sync.WaitGroup
	)
	start := time.Now()
	for _, cl := range t.clients {
		wg.Go(func() {
			var (
				lat   []time.Duration
				perOp = make([][]time.Duration, len(opNames))
				done  []string
				fails int
				errs  []string
			)
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					break
				}
				w := worker{c: cl, api: *api.Id, root: root, patch: patch, timeout: timeout}
				id, err := w.resource(ctx, i, func(op int, d time.Duration) {
					lat = append(lat, d)
					perOp[op] = append(perOp[op], d)
				})
				if err != nil {
					fails++
					if len(errs) < 5 {
						errs = append(errs, err.Error())
					}
					continue
				}
				done = append(done, id)
			}
			mu.Lock()
			defer mu.Unlock()
			r.lat = append(r.lat, lat...)
			for op := range perOp {
				r.perOp[op] = append(r.perOp[op], perOp[op]...)
			}
			r.resources = append(r.resources, done...)
			r.failures += fails
			if room := 5 - len(r.errs); room > 0 {
				r.errs = append(r.errs, errs[:min(room, len(errs))]...)
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.ops = len(r.lat)
	r.rssAfter, _ = readStatus(t.pid, "VmRSS")
	r.hwmAfter, _ = readStatus(t.pid, "VmHWM")
	return r, nil
}

func rootResource(ctx context.Context, c *apigateway.Client, api string, fromCreate *string) (string, error) {
	if fromCreate != nil && *fromCreate != "" {
		return *fromCreate, nil
	}
	p := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: aws.String(api)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("GetResources: %w", err)
		}
		for _, res := range page.Items {
			if aws.ToString(res.Path) == "/" {
				return aws.ToString(res.Id), nil
			}
		}
	}
	return "", fmt.Errorf("REST API %s has no root resource", api)
}

type worker struct {
	c       *apigateway.Client
	api     string
	root    string
	patch   string
	timeout time.Duration
}

// resource runs the five operations for resource i, checks each answer and
// reports each operation's latency. The first failure ends the resource.
func (w worker) resource(ctx context.Context, i int, observe func(op int, d time.Duration)) (string, error) {
	part := fmt.Sprintf("r%05d", i)
	timed := func(op int, f func(ctx context.Context) error) error {
		ctx, cancel := context.WithTimeout(ctx, w.timeout)
		defer cancel()
		start := time.Now()
		err := f(ctx)
		observe(op, time.Since(start))
		if err != nil {
			return fmt.Errorf("%s %s: %w", opNames[op], part, err)
		}
		return nil
	}
	var id string
	err := timed(0, func(ctx context.Context) error {
		out, err := w.c.CreateResource(ctx, &apigateway.CreateResourceInput{
			RestApiId: aws.String(w.api), ParentId: aws.String(w.root), PathPart: aws.String(part),
		})
		if err != nil {
			return err
		}
		id = aws.ToString(out.Id)
		switch {
		case id == "":
			return errors.New("no id in the answer")
		case aws.ToString(out.Path) != "/"+part:
			return fmt.Errorf("path %q, want %q", aws.ToString(out.Path), "/"+part)
		case aws.ToString(out.ParentId) != w.root:
			return fmt.Errorf("parentId %q, want %q", aws.ToString(out.ParentId), w.root)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := timed(1, func(ctx context.Context) error {
		out, err := w.c.PutMethod(ctx, &apigateway.PutMethodInput{
			RestApiId: aws.String(w.api), ResourceId: aws.String(id),
			HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE"),
		})
		if err != nil {
			return err
		}
		if aws.ToString(out.HttpMethod) != "GET" || aws.ToString(out.AuthorizationType) != "NONE" {
			return fmt.Errorf("answered httpMethod %q authorizationType %q", aws.ToString(out.HttpMethod), aws.ToString(out.AuthorizationType))
		}
		return nil
	}); err != nil {
		return "", err
	}
	if err := timed(2, func(ctx context.Context) error {
		out, err := w.c.PutIntegration(ctx, &apigateway.PutIntegrationInput{
			RestApiId: aws.String(w.api), ResourceId: aws.String(id), HttpMethod: aws.String("GET"),
			Type:             types.IntegrationTypeMock,
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		})
		if err != nil {
			return err
		}
		if out.Type != types.IntegrationTypeMock {
			return fmt.Errorf("answered type %q", out.Type)
		}
		return nil
	}); err != nil {
		return "", err
	}
	if err := timed(3, func(ctx context.Context) error {
		out, err := w.c.GetResource(ctx, &apigateway.GetResourceInput{
			RestApiId: aws.String(w.api), ResourceId: aws.String(id), Embed: []string{"methods"},
		})
		if err != nil {
			return err
		}
		if aws.ToString(out.Id) != id || aws.ToString(out.Path) != "/"+part {
			return fmt.Errorf("answered id %q path %q", aws.ToString(out.Id), aws.ToString(out.Path))
		}
		m, ok := out.ResourceMethods["GET"]
		if !ok {
			return errors.New("no GET method in resourceMethods")
		}
		if m.MethodIntegration == nil || m.MethodIntegration.Type != types.IntegrationTypeMock {
			return errors.New("GET method without its MOCK integration")
		}
		return nil
	}); err != nil {
		return "", err
	}
	if err := timed(4, func(ctx context.Context) error {
		value := "mgmtload " + part
		op := []types.PatchOperation{{Op: types.OpReplace, Value: aws.String(value)}}
		if w.patch == "method" {
			op[0].Path = aws.String("/operationName")
			out, err := w.c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{
				RestApiId: aws.String(w.api), ResourceId: aws.String(id), HttpMethod: aws.String("GET"), PatchOperations: op,
			})
			if err != nil {
				return err
			}
			if aws.ToString(out.OperationName) != value {
				return fmt.Errorf("answered operationName %q, want %q", aws.ToString(out.OperationName), value)
			}
			return nil
		}
		op[0].Path = aws.String("/description")
		out, err := w.c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: aws.String(w.api), PatchOperations: op})
		if err != nil {
			return err
		}
		if aws.ToString(out.Description) != value {
			return fmt.Errorf("answered description %q, want %q", aws.ToString(out.Description), value)
		}
		return nil
	}); err != nil {
		return "", err
	}
	return id, nil
}

// fsyncFloor times 200 serial 4 KiB writes, each followed by fdatasync (as
// bbolt commits), in a scratch file in dir: the rate one writer that syncs
// every write can reach on this file system right now.
func fsyncFloor(dir string) string {
	f, err := os.CreateTemp(dir, "fsync-floor-")
	if err != nil {
		return fmt.Sprintf("fsync floor not measured: %v", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	const n = 200
	lat := make([]time.Duration, 0, n)
	start := time.Now()
	for i := range n {
		t := time.Now()
		if _, err := f.WriteAt(buf, int64(i)*4096); err != nil {
			return fmt.Sprintf("fsync floor not measured: %v", err)
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			return fmt.Sprintf("fsync floor not measured: %v", err)
		}
		lat = append(lat, time.Since(t))
	}
	total := time.Since(start)
	slices.Sort(lat)
	return fmt.Sprintf("4 KiB write+fdatasync, one writer: %.0f/s, p50 %s ms, p99 %s ms", n/total.Seconds(), ms3(pct(lat, 0.5)), ms3(pct(lat, 0.99)))
}

func ms3(d time.Duration) string { return strconv.FormatFloat(d.Seconds()*1000, 'f', 3, 64) }

// readStatus returns a kB field (VmRSS, VmHWM) of /proc/PID/status.
func readStatus(pid int, field string) (int64, error) {
	if pid <= 0 {
		return 0, errors.New("no pid")
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read status: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse %s: %w", field, err)
		}
		return kb, nil
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return strconv.FormatFloat(d.Seconds()*1000, 'f', 1, 64) }

func mb(kb int64) string {
	if kb == 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(kb)/1024, 'f', 1, 64)
}

func opsPerSec(r *result) float64 {
	if r == nil || r.elapsed <= 0 {
		return 0
	}
	return float64(r.ops) / r.elapsed.Seconds()
}

func report(w io.Writer, targets []*target, results, all map[string][]*result, sizes []int) {
	fmt.Fprintln(w)
	if len(all[targets[0].name]) > len(results[targets[0].name]) {
		fmt.Fprintln(w, "best round per target and size (ops/s range: all rounds):")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tresources\tops\tfailures\tseconds\tops/s\tops/s range\tp50 ms\tp99 ms\tRSS idle MB\tRSS after MB\tpeak RSS MB\t")
	for _, t := range targets {
		for _, r := range results[t.name] {
			lo, hi := opsPerSec(r), opsPerSec(r)
			for _, o := range all[t.name] {
				if o.size == r.size {
					lo, hi = min(lo, opsPerSec(o)), max(hi, opsPerSec(o))
				}
			}
			slices.Sort(r.lat)
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%.0f\t%.0f-%.0f\t%s\t%s\t%s\t%s\t%s\t\n", t.name, r.size, r.ops, r.failures,
				r.elapsed.Seconds(), opsPerSec(r), lo, hi, ms(pct(r.lat, 0.50)), ms(pct(r.lat, 0.99)), mb(t.idleRSS), mb(r.rssAfter), mb(r.hwmAfter))
		}
	}
	tw.Flush()

	fmt.Fprintln(w)
	fmt.Fprintln(w, "p50 / p99 ms by operation:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "target\tresources\t")
	for _, op := range opNames {
		fmt.Fprintf(tw, "%s\t", op)
	}
	fmt.Fprintln(tw)
	for _, t := range targets {
		for _, r := range results[t.name] {
			fmt.Fprintf(tw, "%s\t%d\t", t.name, r.size)
			for op := range opNames {
				if op >= len(r.perOp) {
					fmt.Fprint(tw, "-\t")
					continue
				}
				slices.Sort(r.perOp[op])
				fmt.Fprintf(tw, "%s / %s\t", ms(pct(r.perOp[op], 0.5)), ms(pct(r.perOp[op], 0.99)))
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()

	at := func(name string, size int) *result {
		for _, r := range results[name] {
			if r.size == size {
				return r
			}
		}
		return nil
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "ratios (same run):")
	lo, hi := sizes[0], sizes[len(sizes)-1]
	if a, b := at("portico", lo), at("portico", hi); lo != hi && a != nil && b != nil && opsPerSec(a) > 0 {
		fmt.Fprintf(w, "  portico ops/s at %d / at %d resources: %.0f %%  (goal >= 80 %%)\n", hi, lo, 100*opsPerSec(b)/opsPerSec(a))
	}
	for _, n := range sizes {
		if a, b := at("portico", n), at("moto_server", n); a != nil && b != nil && opsPerSec(b) > 0 {
			goal := ""
			if n == 400 {
				goal = "  (goal >= 10x at 400)"
			}
			fmt.Fprintf(w, "  portico / moto_server ops/s at %d resources: %.1fx%s\n", n, opsPerSec(a)/opsPerSec(b), goal)
		}
	}
	if len(targets) > 0 && targets[0].idleRSS > 0 {
		fmt.Fprintf(w, "  portico idle RSS: %s MB  (goal < 25 MB)\n", mb(targets[0].idleRSS))
		if r := at("portico", hi); r != nil {
			fmt.Fprintf(w, "  portico RSS after %d resources: %s MB, peak %s MB  (goal < 40 MB)\n", hi, mb(r.rssAfter), mb(r.hwmAfter))
		}
	}
}

// manifest is what portico acknowledged: every resource listed answered all
// five operations correctly.
type manifest struct {
	APIs []manifestAPI `json:"apis"`
}

type manifestAPI struct {
	ID        string   `json:"id"`
	Resources []string `json:"resources"`
}

func writeManifest(path string, rs []*result) error {
	var m manifest
	for _, r := range rs {
		if r.apiID != "" {
			m.APIs = append(m.APIs, manifestAPI{ID: r.apiID, Resources: r.resources})
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// verifyManifest checks every acknowledged resource is present with its GET
// method and MOCK integration.
func verifyManifest(ctx context.Context, c *apigateway.Client, path string, w io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("decode manifest %s: %w", path, err)
	}
	total, missing := 0, 0
	for _, api := range m.APIs {
		found := map[string]bool{}
		p := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{
			RestApiId: aws.String(api.ID), Embed: []string{"methods"}, Limit: aws.Int32(500),
		})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("GetResources %s: %w", api.ID, err)
			}
			for _, res := range page.Items {
				m, ok := res.ResourceMethods["GET"]
				found[aws.ToString(res.Id)] = ok && m.MethodIntegration != nil && m.MethodIntegration.Type == types.IntegrationTypeMock
			}
		}
		for _, id := range api.Resources {
			total++
			if !found[id] {
				missing++
				if missing <= 5 {
					fmt.Fprintf(w, "  missing: REST API %s resource %s (or its GET method / MOCK integration)\n", api.ID, id)
				}
			}
		}
	}
	if missing > 0 {
		return fmt.Errorf("%d of %d acknowledged resources missing", missing, total)
	}
	fmt.Fprintf(w, "durability: all %d acknowledged resources of %d REST APIs present, each with GET + MOCK\n", total, len(m.APIs))
	return nil
}
