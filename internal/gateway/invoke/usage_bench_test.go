package invoke_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// BenchmarkInvokeAPIKeyThrottle measures what the API key lookup, the
// usage plan's token bucket, the stage's method-settings bucket, the
// account bucket and the quota count add to a MOCK method, against the same
// MOCK method without them, in one run, calling the invoke handler in
// process (no sockets, so the figures are the gateway's own cost):
//
//	go test -run '^$' -bench APIKeyThrottle -benchmem ./internal/gateway/invoke/
//
// It prints both figures and the ratio; nothing is asserted.
func BenchmarkInvokeAPIKeyThrottle(b *testing.B) {
	srv, endpoint := gatewaytest.StartServer(b, app.Config{})
	g := &gw{endpoint: endpoint, c: gatewaytest.NewClient(endpoint), ctx: context.Background()}
	a := g.newAPI(b)
	for _, p := range []string{"/plain", "/keyed"} {
		id := a.resource(b, p)
		must(g.c.PutMethod(g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("GET"),
			AuthorizationType: aws.String("NONE"), ApiKeyRequired: p == "/keyed"}))(b)
		in := mock(`{"statusCode": 200}`)
		in.RestApiId, in.ResourceId, in.HttpMethod = &a.id, &id, aws.String("GET")
		must(g.c.PutIntegration(g.ctx, in))(b)
		a.response(b, p, "GET", "200", nil, nil, map[string]string{"application/json": `{"ok": true}`})
	}
	a.deploy(b, "prod", nil)
	key := must(g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Name: aws.String("k"), Enabled: true, Value: aws.String("benchmark-key-0123456789")}))(b)
	plan := must(g.c.CreateUsagePlan(g.ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("p"),
		ApiStages: []types.ApiStage{{ApiId: &a.id, Stage: aws.String("prod")}},
		Throttle:  &types.ThrottleSettings{BurstLimit: 1 << 30, RateLimit: 1e9},
		Quota:     &types.QuotaSettings{Limit: 1 << 30, Period: types.QuotaPeriodTypeMonth}}))(b)
	must(g.c.CreateUsagePlanKey(g.ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: plan.Id, KeyId: key.Id, KeyType: aws.String("API_KEY")}))(b)
	st := "prod"
	must(g.c.UpdateStage(g.ctx, &apigateway.UpdateStageInput{RestApiId: &a.id, StageName: &st, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/*/*/throttling/burstLimit"), Value: aws.String("1000000000")},
		{Op: types.OpReplace, Path: aws.String("/*/*/throttling/rateLimit"), Value: aws.String("1000000000")},
	}}))(b)
	must(g.c.UpdateAccount(g.ctx, &apigateway.UpdateAccountInput{PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/throttle/burstLimit"), Value: aws.String("1000000000")},
		{Op: types.OpReplace, Path: aws.String("/throttle/rateLimit"), Value: aws.String("1000000000")},
	}}))(b)
	u, _ := url.Parse(endpoint)
	host := a.id + ".execute-api.localhost:" + u.Port()
	run := func(path string, hdr http.Header) time.Duration {
		req := httptest.NewRequest("GET", "/prod"+path, nil)
		req.Host = host
		req.Header = hdr
		const n = 20000
		start := time.Now()
		for range n {
			w := httptest.NewRecorder()
			srv.Invoke.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("%s: %d %s", path, w.Code, w.Body)
			}
		}
		return time.Since(start) / n
	}
	keyed := http.Header{"X-Api-Key": {"benchmark-key-0123456789"}}
	run("/plain", http.Header{}) // warm-up
	run("/keyed", keyed)
	b.ResetTimer()
	for range b.N {
		var plain, withKey time.Duration = 1 << 62, 1 << 62
		for range 3 { // interleaved rounds, best of each
			plain = min(plain, run("/plain", http.Header{}))
			withKey = min(withKey, run("/keyed", keyed))
		}
		b.ReportMetric(float64(withKey-plain)/float64(plain)*100, "added_%")
		fmt.Printf("MOCK method in process, best of 3 rounds of 20000:\n  without key/throttle %8v/req\n  with key lookup, plan+stage+account buckets, quota %8v/req (+%.1f%%)\n",
			plain, withKey, float64(withKey-plain)/float64(plain)*100)
	}
}
