package invoke_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
)

// BenchmarkBodyValidation: POST of a 2 KB body to the same MOCK method with
// and without a request validator checking it against a draft-4 model.
func BenchmarkBodyValidation(b *testing.B) {
	g := startGateway(b, "")
	a := validatedAPI(b, g) // POST /pets: validator (parameters and body)
	id := a.resource(b, "/plain")
	must(g.c.PutMethod(g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("POST"), AuthorizationType: aws.String("NONE")}))(b)
	in := mock(`{"statusCode": 200}`)
	in.RestApiId, in.ResourceId, in.HttpMethod = &a.id, &id, aws.String("POST")
	must(g.c.PutIntegration(g.ctx, in))(b)
	a.response(b, "/plain", "POST", "200", nil, nil, map[string]string{"application/json": `{"ok":true}`})
	a.deploy(b, "dev", nil)

	tags := make([]string, 0, 200)
	for i := 0; len(strings.Join(tags, ",")) < 1900; i++ {
		tags = append(tags, fmt.Sprintf(`"tag-%04d"`, i))
	}
	body := `{"name":"rex","price":3,"owner":{"name":"ann"},"tags":[` + strings.Join(tags, ",") + `]}`
	client := benchClient()
	post := func(path string) {
		f := a.urlForms("dev", path+"?q=1")["host"]
		req, _ := http.NewRequest("POST", f.url, strings.NewReader(body))
		req.Host = f.host
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("x-key", "k")
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
	post("/plain")
	post("/pets")
	const batch = 100
	var cpu, wall [2]time.Duration
	var n [2]int
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		for i, path := range []string{"/plain", "/pets"} {
			c0, w0 := processCPU(), time.Now()
			for range batch {
				post(path)
			}
			cpu[i] += processCPU() - c0
			wall[i] += time.Since(w0)
			n[i] += batch
		}
	}
	b.StopTimer()
	per := func(d time.Duration, i int) float64 { return float64(d.Nanoseconds()) / float64(n[i]) / 1000 }
	b.ReportMetric(per(cpu[0], 0), "mock-cpu-µs/req")
	b.ReportMetric(per(cpu[1], 1), "validated-cpu-µs/req")
	fmt.Printf("MOCK POST, %d-byte body, no validator: %.1f µs CPU, %.1f µs wall per request\n", len(body), per(cpu[0], 0), per(wall[0], 0))
	fmt.Printf("MOCK POST, %d-byte body, validated (parameters and draft-4 body): %.1f µs CPU, %.1f µs wall per request (CPU +%.1f%%)\n",
		len(body), per(cpu[1], 1), per(wall[1], 1), 100*(per(cpu[1], 1)/per(cpu[0], 0)-1))
}
