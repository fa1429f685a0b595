package invoke_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// BenchmarkAuthorizerCacheHit measures what a TOKEN authorizer costs per
// request once its answer is cached, against the same MOCK method without
// an authorizer, in one run (alternating batches, so both see the same
// machine). It prints CPU and wall time per request and the ratio; figures
// are printed, never asserted:
//
//	go test -run '^$' -bench AuthorizerCacheHit -benchtime 5000x ./internal/gateway/invoke/
func BenchmarkAuthorizerCacheHit(b *testing.B) {
	g := startGateway(b, "")
	lc := lambda.New(lambda.Options{Region: gatewaytest.Region, BaseEndpoint: aws.String(g.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), Retryer: aws.NopRetryer{}})
	fn := must(lc.CreateFunction(g.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("authz"), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("app.handler"), Role: aws.String("arn:aws:iam::000000000000:role/r"),
		Code: &lambdatypes.FunctionCode{ZipFile: zipOfB(b, map[string]string{"app.py": authorizerPy})}}))(b)
	must(lc.AddPermission(g.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("authz"), StatementId: aws.String("apigw"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com")}))(b)
	uri := "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + *fn.FunctionArn + "/invocations"
	a := g.newAPI(b)
	tok := must(g.c.CreateAuthorizer(g.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &a.id, Name: aws.String("tok"), Type: types.AuthorizerTypeToken,
		AuthorizerUri: &uri, IdentitySource: aws.String("method.request.header.Authorization")}))(b)
	for path, auth := range map[string]string{"/open": "NONE", "/auth": "CUSTOM"} {
		id := a.resource(b, path)
		in := &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String(auth)}
		if auth == "CUSTOM" {
			in.AuthorizerId = tok.Id
		}
		must(g.c.PutMethod(g.ctx, in))(b)
		integ := mock(`{"statusCode": 200}`)
		integ.RestApiId, integ.ResourceId, integ.HttpMethod = &a.id, &id, aws.String("GET")
		must(g.c.PutIntegration(g.ctx, integ))(b)
		a.response(b, path, "GET", "200", nil, nil, map[string]string{"application/json": `{"ok": true}`})
	}
	a.deploy(b, "dev", nil)
	// The account's default throttle (AWS: 10,000 requests/s) would answer
	// 429 to a fast loop: raise it (ignored where UpdateAccount is absent).
	_, _ = g.c.UpdateAccount(g.ctx, &apigateway.UpdateAccountInput{PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/throttle/rateLimit"), Value: aws.String("1000000")},
		{Op: types.OpReplace, Path: aws.String("/throttle/burstLimit"), Value: aws.String("1000000")},
	}})
	client := benchClient()
	get := func(path string) {
		f := a.urlForms("dev", path)["host"]
		req, _ := http.NewRequest("GET", f.url, nil)
		req.Host = f.host
		req.Header.Set("Authorization", "alice")
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("%s: %d", path, res.StatusCode)
		}
	}
	get("/auth") // fills the cache
	get("/open")
	const batch = 100
	var cpu, wall [2]time.Duration
	var n [2]int
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		for i, path := range []string{"/open", "/auth"} {
			c0, w0 := processCPU(), time.Now()
			for range batch {
				get(path)
			}
			cpu[i] += processCPU() - c0
			wall[i] += time.Since(w0)
			n[i] += batch
		}
	}
	b.StopTimer()
	per := func(d time.Duration, i int) float64 { return float64(d.Nanoseconds()) / float64(n[i]) / 1000 }
	b.ReportMetric(per(cpu[0], 0), "mock-cpu-µs/req")
	b.ReportMetric(per(cpu[1], 1), "authz-hit-cpu-µs/req")
	fmt.Printf("MOCK without authorizer: %.1f µs CPU, %.1f µs wall per request\n", per(cpu[0], 0), per(wall[0], 0))
	fmt.Printf("MOCK with TOKEN authorizer (cache hit): %.1f µs CPU, %.1f µs wall per request (CPU +%.1f%%)\n",
		per(cpu[1], 1), per(wall[1], 1), 100*(per(cpu[1], 1)/per(cpu[0], 0)-1))
}

func zipOfB(b *testing.B, files map[string]string) []byte {
	b.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
