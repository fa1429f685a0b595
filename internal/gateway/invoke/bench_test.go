package invoke_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
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
//	go test -run '^$' -bench Invoke -benchtime 3s ./internal/gateway/invoke/
//
// BenchmarkInvokeRatios prints the ratios (MOCK vs bare net/http,
// HTTP_PROXY through portico vs the backend directly); `make bench` and
// docs/benchmarks.md use it. Figures are printed, never asserted.

const benchBody = `{"id": 1, "type": "dog", "price": 249.99}`

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, Proxy: nil}}
}

type benchTargets struct {
	bare, backend, mock, proxy struct{ url, host string }
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
	mf := a.urlForms("bench", "/pets/1")["host"]
	tg.mock.url, tg.mock.host = mf.url, mf.host
	pf := a.urlForms("bench", "/api/pets/1")["host"]
	tg.proxy.url, tg.proxy.host = pf.url, pf.host
	return tg
}

// measure runs n requests against url with c concurrent keep-alive clients
// and returns requests per second.
func measure(tb testing.TB, url, host string, n, c int) float64 {
	client := benchClient()
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	per := n / c
	start := time.Now()
	errs := make(chan error, c)
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				req, _ := http.NewRequest("GET", url, nil)
				if host != "" {
					req.Host = host
				}
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("%s: status %d", url, res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	return float64(per*c) / time.Since(start).Seconds()
}

func benchOne(b *testing.B, pick func(benchTargets) struct{ url, host string }) {
	tg := setupBench(b)
	t := pick(tg)
	client := benchClient()
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
	benchOne(b, func(t benchTargets) struct{ url, host string } { return t.bare })
}

func BenchmarkInvokeMock(b *testing.B) {
	benchOne(b, func(t benchTargets) struct{ url, host string } { return t.mock })
}

func BenchmarkInvokeBackendDirect(b *testing.B) {
	benchOne(b, func(t benchTargets) struct{ url, host string } { return t.backend })
}

func BenchmarkInvokeHTTPProxy(b *testing.B) {
	benchOne(b, func(t benchTargets) struct{ url, host string } { return t.proxy })
}

// BenchmarkInvokeRatios measures the four targets back to back (best of
// three rounds each) and prints requests/s and the ratios.
func BenchmarkInvokeRatios(b *testing.B) {
	tg := setupBench(b)
	n := 20000
	if s := os.Getenv("PORTICO_BENCH_REQUESTS"); s != "" {
		_, _ = fmt.Sscan(s, &n)
	}
	const conc = 8
	for range 1 { // warm-up
		measure(b, tg.mock.url, tg.mock.host, 2000, conc)
		measure(b, tg.proxy.url, tg.proxy.host, 2000, conc)
	}
	b.ResetTimer()
	for range b.N {
		// rounds interleave the targets so that load from elsewhere on the
		// machine hits them alike; each target keeps its best round
		var bare, mockRPS, direct, proxy float64
		for range 3 {
			bare = max(bare, measure(b, tg.bare.url, "", n, conc))
			mockRPS = max(mockRPS, measure(b, tg.mock.url, tg.mock.host, n, conc))
			direct = max(direct, measure(b, tg.backend.url, "", n, conc))
			proxy = max(proxy, measure(b, tg.proxy.url, tg.proxy.host, n, conc))
		}
		b.ReportMetric(mockRPS/bare*100, "mock_%_of_bare")
		b.ReportMetric(proxy/direct*100, "proxy_%_of_direct")
		fmt.Printf("invoke throughput (loopback, %d keep-alive clients, %d requests per round, best of 3):\n", conc, n)
		fmt.Printf("  bare net/http         %8.0f req/s\n", bare)
		fmt.Printf("  MOCK + template       %8.0f req/s  = %5.1f%% of bare net/http\n", mockRPS, mockRPS/bare*100)
		fmt.Printf("  backend directly      %8.0f req/s\n", direct)
		fmt.Printf("  HTTP_PROXY {proxy+}   %8.0f req/s  = %5.1f%% of the backend directly\n", proxy, proxy/direct*100)
	}
}
