package invoke_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// fakeClock is the injected clock of token buckets and quotas.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func startClocked(t testing.TB) (*gw, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	_, endpoint := gatewaytest.StartServer(t, app.Config{Clock: clk.Now})
	return &gw{endpoint: endpoint, c: gatewaytest.NewClient(endpoint), ctx: context.Background()}, clk
}

// keyedAPI is an API whose GET /pets needs an API key and GET /open does not.
func keyedAPI(t *testing.T, g *gw) *api {
	t.Helper()
	a := g.newAPI(t)
	for _, p := range []string{"/pets", "/open"} {
		id := a.resource(t, p)
		must(g.c.PutMethod(g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("GET"),
			AuthorizationType: aws.String("NONE"), ApiKeyRequired: p == "/pets"}))(t)
		in := mock(`{"statusCode": 200}`)
		in.RestApiId, in.ResourceId, in.HttpMethod = &a.id, &id, aws.String("GET")
		must(g.c.PutIntegration(g.ctx, in))(t)
		a.response(t, p, "GET", "200", nil, nil, map[string]string{"application/json": `{"key":"$context.identity.apiKey","id":"$context.identity.apiKeyId"}`})
	}
	a.deploy(t, "prod", nil)
	return a
}

func get(t *testing.T, a *api, path string, key string) resp {
	t.Helper()
	f := a.urlForms("prod", path)["host"]
	h := map[string]string{}
	if key != "" {
		h["x-api-key"] = key
	}
	return do(t, "GET", f.url, f.host, "", h)
}

func wantAnswer(t *testing.T, r resp, status int, body, errType string) {
	t.Helper()
	if r.status != status || strings.TrimSpace(r.body) != body {
		t.Fatalf("got %d %s, want %d %s", r.status, r.body, status, body)
	}
	if errType != "" && r.header.Get("x-amzn-ErrorType") != errType {
		t.Errorf("x-amzn-ErrorType = %q, want %q", r.header.Get("x-amzn-ErrorType"), errType)
	}
}

func TestAPIKeyRequired(t *testing.T) {
	g, _ := startClocked(t)
	a := keyedAPI(t, g)
	const value = "abcdefghijklmnopqrstuvwxyz0123"
	key := must(g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Name: aws.String("k"), Enabled: true, Value: aws.String(value)}))(t)
	forbidden := `{"message":"Forbidden"}`

	wantAnswer(t, get(t, a, "/pets", ""), 403, forbidden, "ForbiddenException")
	wantAnswer(t, get(t, a, "/pets", "no-such-key-000000000000"), 403, forbidden, "ForbiddenException")
	wantAnswer(t, get(t, a, "/pets", value), 403, forbidden, "ForbiddenException") // in no usage plan
	wantAnswer(t, get(t, a, "/open", ""), 200, `{"key":"","id":""}`, "")

	plan := must(g.c.CreateUsagePlan(g.ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("p"),
		ApiStages: []types.ApiStage{{ApiId: &a.id, Stage: aws.String("prod")}}}))(t)
	must(g.c.CreateUsagePlanKey(g.ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: plan.Id, KeyId: key.Id, KeyType: aws.String("API_KEY")}))(t)
	wantAnswer(t, get(t, a, "/pets", value), 200, `{"key":"`+value+`","id":"`+*key.Id+`"}`, "")

	must(g.c.UpdateApiKey(g.ctx, &apigateway.UpdateApiKeyInput{ApiKey: key.Id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/enabled"), Value: aws.String("false")}}}))(t)
	wantAnswer(t, get(t, a, "/pets", value), 403, forbidden, "ForbiddenException")
}

func TestThrottleAndQuota(t *testing.T) {
	g, clk := startClocked(t)
	a := keyedAPI(t, g)
	key := must(g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Name: aws.String("k"), Enabled: true}))(t)
	value := *must(g.c.GetApiKey(g.ctx, &apigateway.GetApiKeyInput{ApiKey: key.Id, IncludeValue: aws.Bool(true)}))(t).Value
	plan := must(g.c.CreateUsagePlan(g.ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("p"),
		ApiStages: []types.ApiStage{{ApiId: &a.id, Stage: aws.String("prod")}},
		Throttle:  &types.ThrottleSettings{BurstLimit: 2, RateLimit: 1},
		Quota:     &types.QuotaSettings{Limit: 4, Period: types.QuotaPeriodTypeDay}}))(t)
	must(g.c.CreateUsagePlanKey(g.ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: plan.Id, KeyId: key.Id, KeyType: aws.String("API_KEY")}))(t)

	tooMany := `{"message":"Too Many Requests"}`
	for i := range 2 {
		if r := get(t, a, "/pets", value); r.status != 200 {
			t.Fatalf("call %d: %d %s", i, r.status, r.body)
		}
	}
	wantAnswer(t, get(t, a, "/pets", value), 429, tooMany, "TooManyRequestsException")
	clk.Add(time.Second) // one token back
	wantAnswer(t, get(t, a, "/pets", value), 200, `{"key":"`+value+`","id":"`+*key.Id+`"}`, "")
	clk.Add(5 * time.Second)
	wantAnswer(t, get(t, a, "/pets", value), 200, `{"key":"`+value+`","id":"`+*key.Id+`"}`, "")
	wantAnswer(t, get(t, a, "/pets", value), 429, `{"message":"Limit Exceeded"}`, "LimitExceededException") // 4 counted today
	clk.Add(24 * time.Hour)                                                                                 // a new DAY
	if r := get(t, a, "/pets", value); r.status != 200 {
		t.Fatalf("next day: %d %s", r.status, r.body)
	}

	u := must(g.c.GetUsage(g.ctx, &apigateway.GetUsageInput{UsagePlanId: plan.Id, StartDate: aws.String("2026-03-04"), EndDate: aws.String("2026-03-05")}))(t)
	got, _ := json.Marshal(u.Items)
	if want := `{"` + *key.Id + `":[[4,0],[1,3]]}`; string(got) != want {
		t.Errorf("GetUsage items = %s, want %s", got, want)
	}

	// Stage method settings: "*/*" throttles the open method too.
	st := "prod"
	must(g.c.UpdateStage(g.ctx, &apigateway.UpdateStageInput{RestApiId: &a.id, StageName: &st, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/*/*/throttling/burstLimit"), Value: aws.String("1")},
		{Op: types.OpReplace, Path: aws.String("/*/*/throttling/rateLimit"), Value: aws.String("0.5")},
	}}))(t)
	wantAnswer(t, get(t, a, "/open", ""), 200, `{"key":"","id":""}`, "")
	wantAnswer(t, get(t, a, "/open", ""), 429, tooMany, "TooManyRequestsException")
	clk.Add(2 * time.Second)
	wantAnswer(t, get(t, a, "/open", ""), 200, `{"key":"","id":""}`, "")
}

func TestUsagePlanManagement(t *testing.T) {
	g, _ := startClocked(t)
	var nf *types.NotFoundException
	if _, err := g.c.GetUsagePlan(g.ctx, &apigateway.GetUsagePlanInput{UsagePlanId: aws.String("nope")}); !errors.As(err, &nf) || *nf.Message != "Invalid Usage Plan ID specified" {
		t.Errorf("GetUsagePlan(nope) = %v", err)
	}
	if _, err := g.c.GetApiKey(g.ctx, &apigateway.GetApiKeyInput{ApiKey: aws.String("nope")}); !errors.As(err, &nf) || *nf.Message != "Invalid API Key identifier specified" {
		t.Errorf("GetApiKey(nope) = %v", err)
	}
	var br *types.BadRequestException
	if _, err := g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Value: aws.String("short")}); !errors.As(err, &br) {
		t.Errorf("CreateApiKey(short value) = %v", err)
	}
	k := must(g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Name: aws.String("alpha"), CustomerId: aws.String("c1")}))(t)
	if k.Value == nil || len(*k.Value) != 40 || k.Enabled {
		t.Errorf("CreateApiKey = value %v enabled %v", k.Value, k.Enabled)
	}
	must(g.c.UpdateApiKey(g.ctx, &apigateway.UpdateApiKeyInput{ApiKey: k.Id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/description"), Value: aws.String("d")}}}))(t)
	if got := must(g.c.GetApiKey(g.ctx, &apigateway.GetApiKeyInput{ApiKey: k.Id, IncludeValue: aws.Bool(true)}))(t); aws.ToString(got.Value) != *k.Value {
		t.Errorf("after UpdateApiKey, value = %q, want %q", aws.ToString(got.Value), *k.Value)
	}
	var cf *types.ConflictException
	if _, err := g.c.CreateApiKey(g.ctx, &apigateway.CreateApiKeyInput{Value: k.Value}); !errors.As(err, &cf) {
		t.Errorf("CreateApiKey(same value) = %v", err)
	}
	list := must(g.c.GetApiKeys(g.ctx, &apigateway.GetApiKeysInput{NameQuery: aws.String("al")}))(t)
	if len(list.Items) != 1 || list.Items[0].Value != nil {
		t.Errorf("GetApiKeys(nameQuery) = %+v", list.Items)
	}
	list = must(g.c.GetApiKeys(g.ctx, &apigateway.GetApiKeysInput{NameQuery: aws.String("zz")}))(t)
	if len(list.Items) != 0 {
		t.Errorf("GetApiKeys(zz) = %+v", list.Items)
	}
	imp := must(g.c.ImportApiKeys(g.ctx, &apigateway.ImportApiKeysInput{Format: types.ApiKeysFormatCsv,
		Body: []byte("name,key,description,enabled\nimported,0123456789abcdefghijKLMN,d,true\n")}))(t)
	if len(imp.Ids) != 1 {
		t.Fatalf("ImportApiKeys = %+v", imp)
	}
	acct := must(g.c.GetAccount(g.ctx, &apigateway.GetAccountInput{}))(t)
	if acct.ThrottleSettings == nil || acct.ThrottleSettings.BurstLimit != 5000 || acct.ThrottleSettings.RateLimit != 10000 {
		t.Errorf("GetAccount throttle = %+v", acct.ThrottleSettings)
	}
	acct2 := must(g.c.UpdateAccount(g.ctx, &apigateway.UpdateAccountInput{PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/cloudwatchRoleArn"), Value: aws.String("arn:aws:iam::000000000000:role/cw")}}}))(t)
	if aws.ToString(acct2.CloudwatchRoleArn) != "arn:aws:iam::000000000000:role/cw" {
		t.Errorf("UpdateAccount = %+v", acct2)
	}
	p := must(g.c.CreateUsagePlan(g.ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("p")}))(t)
	if _, err := g.c.CreateUsagePlan(g.ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("q"), Quota: &types.QuotaSettings{Limit: 1, Offset: 3, Period: types.QuotaPeriodTypeDay}}); !errors.As(err, &br) {
		t.Errorf("CreateUsagePlan(DAY offset 3) = %v", err)
	}
	must(g.c.CreateUsagePlanKey(g.ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: p.Id, KeyId: k.Id, KeyType: aws.String("API_KEY")}))(t)
	if _, err := g.c.CreateUsagePlanKey(g.ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: p.Id, KeyId: aws.String("nope"), KeyType: aws.String("API_KEY")}); !errors.As(err, &nf) {
		t.Errorf("CreateUsagePlanKey(nope) = %v", err)
	}
	keys := must(g.c.GetUsagePlanKeys(g.ctx, &apigateway.GetUsagePlanKeysInput{UsagePlanId: p.Id}))(t)
	if len(keys.Items) != 1 || *keys.Items[0].Id != *k.Id || *keys.Items[0].Type != "API_KEY" {
		t.Errorf("GetUsagePlanKeys = %+v", keys.Items)
	}
	plans := must(g.c.GetUsagePlans(g.ctx, &apigateway.GetUsagePlansInput{KeyId: k.Id}))(t)
	if len(plans.Items) != 1 {
		t.Errorf("GetUsagePlans(keyId) = %+v", plans.Items)
	}
	must(g.c.DeleteApiKey(g.ctx, &apigateway.DeleteApiKeyInput{ApiKey: k.Id}))(t)
	keys = must(g.c.GetUsagePlanKeys(g.ctx, &apigateway.GetUsagePlanKeysInput{UsagePlanId: p.Id}))(t)
	if len(keys.Items) != 0 {
		t.Errorf("after DeleteApiKey, GetUsagePlanKeys = %+v", keys.Items)
	}
	must(g.c.DeleteUsagePlan(g.ctx, &apigateway.DeleteUsagePlanInput{UsagePlanId: p.Id}))(t)
}

// TestAccountObjectsSurviveRestart: keys, plans, plan keys, account
// settings and counted usage are in the records on disk.
func TestAccountObjectsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() (*app.App, *apigateway.Client, func()) {
		a, err := app.New(app.Config{DataDir: dir, StoreCheck: true})
		if err != nil {
			t.Fatal(err)
		}
		s := httptest.NewServer(a.Control)
		return a, gatewaytest.NewClient(s.URL), func() {
			s.Close()
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := context.Background()
	a, c, closeFn := open()
	k := must(c.CreateApiKey(ctx, &apigateway.CreateApiKeyInput{Name: aws.String("k"), Enabled: true}))(t)
	p := must(c.CreateUsagePlan(ctx, &apigateway.CreateUsagePlanInput{Name: aws.String("p"), Quota: &types.QuotaSettings{Limit: 10, Period: types.QuotaPeriodTypeWeek, Offset: 1}}))(t)
	must(c.CreateUsagePlanKey(ctx, &apigateway.CreateUsagePlanKeyInput{UsagePlanId: p.Id, KeyId: k.Id, KeyType: aws.String("API_KEY")}))(t)
	must(c.UpdateAccount(ctx, &apigateway.UpdateAccountInput{PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/throttle/rateLimit"), Value: aws.String("42")}}}))(t)
	now := time.Now().UTC()
	a.Control.AddUsage(*p.Id, *k.Id, now)
	a.Control.AddUsage(*p.Id, *k.Id, now)
	closeFn()

	_, c, closeFn = open()
	defer closeFn()
	got := must(c.GetApiKey(ctx, &apigateway.GetApiKeyInput{ApiKey: k.Id, IncludeValue: aws.Bool(true)}))(t)
	if *got.Value != *k.Value || !got.Enabled {
		t.Errorf("key after restart = %+v", got)
	}
	if keys := must(c.GetUsagePlanKeys(ctx, &apigateway.GetUsagePlanKeysInput{UsagePlanId: p.Id}))(t); len(keys.Items) != 1 {
		t.Errorf("plan keys after restart = %+v", keys.Items)
	}
	if acct := must(c.GetAccount(ctx, &apigateway.GetAccountInput{}))(t); acct.ThrottleSettings.RateLimit != 42 {
		t.Errorf("account after restart = %+v", acct.ThrottleSettings)
	}
	day := now.Format(time.DateOnly)
	u := must(c.GetUsage(ctx, &apigateway.GetUsageInput{UsagePlanId: p.Id, StartDate: &day, EndDate: &day}))(t)
	if rows := u.Items[*k.Id]; len(rows) != 1 || rows[0][0] != 2 || rows[0][1] != 8 {
		t.Errorf("usage after restart = %v", u.Items)
	}
}
