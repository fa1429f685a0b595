package invoke_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// Invoke throughput against bare net/http on loopback, with the same
// keep-alive client and concurrency for every target:
//
//	go test -run '^$' -bench Invoke -benchtime 3s -benchmem ./internal/gateway/invoke/
//
// BenchmarkInvokeRatios prints requests/s, allocations per request and the
// ratios (MOCK vs bare net/http; HTTP_PROXY through portico vs the backend
// directly and vs the same backend behind a bare httputil.ReverseProxy, the
// floor any HTTP proxy pays on the same CPUs); `make bench` and
// docs/benchmarks.md use it. Figures are printed, never asserted.

const benchBody = `{"id": 1, "type": "dog", "price": 249.99}`

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, Proxy: nil}}
}

type benchTarget struct{ url, host string }

type benchTargets struct {
	bare, backend, mock, proxy, rproxy benchTarget
}

func setupBench(b *testing.B) benchTargets {
	b.Helper()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchBody)
	}))
	b.Cleanup(bare.Close)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchBody)
	}))
	b.Cleanup(backend.Close)

	// The reference proxy: the standard library's ReverseProxy in front of
	// the same backend, with a transport configured as portico's.
	backendURL, err := url.Parse(backend.URL)
	if err != nil {
		b.Fatal(err)
	}
	rpTransport := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	b.Cleanup(rpTransport.CloseIdleConnections)
	rproxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:   func(pr *httputil.ProxyRequest) { pr.SetURL(backendURL); pr.SetXForwarded() },
		Transport: rpTransport,
	})
	b.Cleanup(rproxy.Close)

	t := b
	g := startGateway(b, "")
	a := g.newAPI(t)
	a.method(t, "/pets/{petId}", "GET", nil, mock(`{"statusCode": 200}`))
	a.response(t, "/pets/{petId}", "GET", "200", nil, nil, map[string]string{"application/json": `{"id": $input.params('petId'), "type": "dog", "price": 249.99}`})
	a.method(t, "/api/{proxy+}", "ANY", map[string]bool{"method.request.path.proxy": true}, &apigateway.PutIntegrationInput{
		Type: types.IntegrationTypeHttpProxy, IntegrationHttpMethod: aws.String("ANY"), Uri: aws.String(backend.URL + "/{proxy}"),
		RequestParameters: map[string]string{"integration.request.path.proxy": "method.request.path.proxy"},
	})
	a.deploy(t, "bench", nil)
	var tg benchTargets
	tg.bare.url = bare.URL + "/pets/1"
	tg.backend.url = backend.URL + "/pets/1"
	tg.rproxy.url = rproxy.URL + "/pets/1"
	mf := a.urlForms("bench", "/pets/1")["host"]
	tg.mock.url, tg.mock.host = mf.url, mf.host
	pf := a.urlForms("bench", "/api/pets/1")["host"]
	tg.proxy.url, tg.proxy.host = pf.url, pf.host
	return tg
}

// measure runs n requests against t with c concurrent keep-alive clients
// and returns requests per second, heap allocations and CPU time (µs) per
// request (the whole process: load generator, gateway and backends).
func measure(tb testing.TB, t benchTarget, n, c int) (rps, allocs, cpu float64) {
	client := benchClient()
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	per := n / c
	errs := make(chan error, c)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := processCPU()
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				req, _ := http.NewRequest("GET", t.url, nil)
				if t.host != "" {
					req.Host = t.host
				}
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("%s: status %d", t.url, res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1 := processCPU()
	runtime.ReadMemStats(&after)
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	done := float64(per * c)
	return done / elapsed.Seconds(), float64(after.Mallocs-before.Mallocs) / done, float64((cpu1 - cpu0).Microseconds()) / done
}

func benchOne(b *testing.B, pick func(benchTargets) benchTarget) {
	tg := setupBench(b)
	t := pick(tg)
	client := benchClient()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", t.url, nil)
			if t.host != "" {
				req.Host = t.host
			}
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
		}
	})
}

func BenchmarkInvokeBareNetHTTP(b *testing.B) {
	benchOne(b, func(t benchTargets) benchTarget { return t.bare })
}

func BenchmarkInvokeMock(b *testing.B) {
	benchOne(b, func(t benchTargets) benchTarget { return t.mock })
}

func BenchmarkInvokeBackendDirect(b *testing.B) {
	benchOne(b, func(t benchTargets) benchTarget { return t.backend })
}

func BenchmarkInvokeReverseProxy(b *testing.B) {
	benchOne(b, func(t benchTargets) benchTarget { return t.rproxy })
}

func BenchmarkInvokeHTTPProxy(b *testing.B) {
	benchOne(b, func(t benchTargets) benchTarget { return t.proxy })
}

// stat collects one target's rounds.
type stat struct {
	name             string
	rps, allocs, cpu []float64
}

func (s *stat) best() float64 { return slices.Max(s.rps) }

func (s *stat) allocsPerReq() float64 { return slices.Min(s.allocs) }

func (s *stat) cpuPerReq() float64 { return slices.Min(s.cpu) }

// BenchmarkInvokeRatios measures the five targets in interleaved rounds
// (so that load from elsewhere on the machine hits them alike; each target
// keeps its best round, and the spread of its rounds is printed) and
// prints requests/s, allocations per request and the ratios.
func BenchmarkInvokeRatios(b *testing.B) {
	tg := setupBench(b)
	n := 20000
	if s := os.Getenv("PORTICO_BENCH_REQUESTS"); s != "" {
		_, _ = fmt.Sscan(s, &n)
	}
	rounds := 3
	if s := os.Getenv("PORTICO_BENCH_ROUNDS"); s != "" {
		_, _ = fmt.Sscan(s, &rounds)
	}
	const conc = 8
	targets := []struct {
		name string
		t    benchTarget
	}{
		{"bare net/http", tg.bare},
		{"MOCK + template", tg.mock},
		{"backend directly", tg.backend},
		{"httputil.ReverseProxy", tg.rproxy},
		{"HTTP_PROXY {proxy+}", tg.proxy},
	}
	for _, t := range targets { // warm-up
		_, _, _ = measure(b, t.t, 2000, conc)
	}
	b.ResetTimer()
	for range b.N {
		stats := make([]*stat, len(targets))
		for i, t := range targets {
			stats[i] = &stat{name: t.name}
		}
		for range rounds {
			for i, t := range targets {
				rps, allocs, cpu := measure(b, t.t, n, conc)
				stats[i].rps = append(stats[i].rps, rps)
				stats[i].allocs = append(stats[i].allocs, allocs)
				stats[i].cpu = append(stats[i].cpu, cpu)
			}
		}
		bare, mockS, direct, rp, proxy := stats[0], stats[1], stats[2], stats[3], stats[4]
		b.ReportMetric(mockS.best()/bare.best()*100, "mock_%_of_bare")
		b.ReportMetric(proxy.best()/direct.best()*100, "proxy_%_of_direct")
		b.ReportMetric(rp.best()/direct.best()*100, "revproxy_%_of_direct")
		b.ReportMetric(proxy.best()/rp.best()*100, "proxy_%_of_revproxy")
		fmt.Printf("invoke throughput (loopback, %d keep-alive clients, %d requests per round, best of %d interleaved rounds):\n", conc, n, rounds)
		fmt.Printf("  %-22s %8s  %-17s  %s\n", "target", "req/s", "rounds (min-max)", "allocs/req  CPU µs/req (whole process)")
		for _, s := range stats {
			fmt.Printf("  %-22s %8.0f  %7.0f-%-7.0f    %6.1f    %6.1f\n", s.name, s.best(), slices.Min(s.rps), slices.Max(s.rps), s.allocsPerReq(), s.cpuPerReq())
		}
		fmt.Printf("  MOCK                  = %5.1f%% of bare net/http (+%.0f allocs/req)\n", mockS.best()/bare.best()*100, mockS.allocsPerReq()-bare.allocsPerReq())
		fmt.Printf("  ReverseProxy          = %5.1f%% of the backend directly (+%.0f allocs/req)\n", rp.best()/direct.best()*100, rp.allocsPerReq()-direct.allocsPerReq())
		fmt.Printf("  HTTP_PROXY            = %5.1f%% of the backend directly (+%.0f allocs/req), %5.1f%% of ReverseProxy\n",
			proxy.best()/direct.best()*100, proxy.allocsPerReq()-direct.allocsPerReq(), proxy.best()/rp.best()*100)
		fmt.Printf("  CPU-bound ceiling     = direct CPU/req ÷ proxied CPU/req: HTTP_PROXY %.1f%%, ReverseProxy %.1f%%\n",
			direct.cpuPerReq()/proxy.cpuPerReq()*100, direct.cpuPerReq()/rp.cpuPerReq()*100)
	}
}
