package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/smithy-go"
	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/gateway/gatewaytest"
	"github.com/portico/portico/internal/gateway/server"
)

func TestSigV4Verification(t *testing.T) {
	_, endpoint := gatewaytest.StartServer(t, app.Config{Credentials: map[string]string{"AKIDGOOD": "good-secret", "AKIDOTHER": "other"}})
	ctx := context.Background()
	cases := []struct {
		name         string
		akid, secret string
		wantCode     string
		wantMessage  string
	}{
		{"valid", "AKIDGOOD", "good-secret", "", ""},
		{"second key", "AKIDOTHER", "other", "", ""},
		{"unknown key", "AKIDNOPE", "good-secret", "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"bad secret", "AKIDGOOD", "wrong", "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := gatewaytest.NewClientWithCredentials(endpoint, tc.akid, tc.secret)
			// A request with a body, a path label needing escapes and a query.
			api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("signed api"), Description: aws.String("a/b c")})
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				arn := "arn:aws:apigateway:us-east-1::/restapis/" + *api.Id
				if _, err := c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"k": "v w"}}); err != nil {
					t.Fatalf("tag (escaped path): %v", err)
				}
				if _, err := c.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"k", "a b"}}); err != nil {
					t.Fatalf("untag (query): %v", err)
				}
				if _, err := c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id, Embed: []string{"methods"}, Limit: aws.Int32(5)}); err != nil {
					t.Fatalf("get resources (query): %v", err)
				}
				return
			}
			var ae smithy.APIError
			if err == nil || !errorsAs(err, &ae) || ae.ErrorCode() != tc.wantCode || ae.ErrorMessage() != tc.wantMessage {
				t.Fatalf("err = %v, want %s %q", err, tc.wantCode, tc.wantMessage)
			}
		})
	}
	t.Run("unsigned", func(t *testing.T) {
		resp, err := http.Get(endpoint + "/restapis")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
			t.Errorf("unsigned: %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
		}
	})
}

func TestSigV4DefaultAcceptsAnyWellFormed(t *testing.T) {
	endpoint := gatewaytest.Start(t)
	c := gatewaytest.NewClientWithCredentials(endpoint, "ANYKEY", "any-secret")
	if _, err := c.GetRestApis(context.Background(), &apigateway.GetRestApisInput{}); err != nil {
		t.Fatalf("signed with arbitrary credentials: %v", err)
	}
	for _, tc := range []struct {
		auth string
		want int
	}{
		{"", 200},
		{"AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=abc", 200},
		{"AWS4-HMAC-SHA256 garbage", 403},
	} {
		req, _ := http.NewRequest("GET", endpoint+"/restapis", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("Authorization %q: status %d, want %d", tc.auth, resp.StatusCode, tc.want)
		}
	}
}

func errorsAs(err error, target *smithy.APIError) bool {
	for e := err; e != nil; {
		if ae, ok := e.(smithy.APIError); ok {
			*target = ae
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

func TestResponseHeadersAndPanics(t *testing.T) {
	srv, endpoint := gatewaytest.StartServer(t, app.Config{})
	resp, err := http.Get(endpoint + "/restapis/nope")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || resp.Header.Get("X-Amzn-ErrorType") != "NotFoundException" || resp.Header.Get("X-Amzn-Requestid") == "" ||
		string(body) != `{"message":"Invalid API identifier specified 000000000000:nope"}` {
		t.Errorf("got %d %v %s", resp.StatusCode, resp.Header, body)
	}
	// An invoke URL of an API that does not exist is AWS's 403.
	resp, err = http.Get(endpoint + "/restapis/abc/dev/_user_request_/pets")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("invoke of a missing API: %d", resp.StatusCode)
	}
	// Extra management routes can be mounted and get panic recovery.
	srv.Control.Handle("POST /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/boom", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	}))
	resp, err = http.Post(endpoint+"/restapis/a/resources/b/methods/GET/boom", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || srv.Control.Panics() != 1 {
		t.Errorf("panicking route: %d, panics %d", resp.StatusCode, srv.Control.Panics())
	}
	resetPanics(t, srv)
}

// TestRouting checks the router alone: services claim requests by their
// form first, then by the SigV4 scope's service name, else the default
// answers; each gets a request id it can read.
func TestRouting(t *testing.T) {
	echo := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "%s %s", name, awswire.RequestID(r.Context()))
		})
	}
	srv, err := server.New(server.Config{
		Credentials: map[string]string{"AKID": "secret"},
		Services: []server.Service{
			{Name: "execute-api", Handler: echo("invoke"), Unverified: true, Claims: func(r *http.Request) bool {
				_, ok, _ := apigw.ParseInvokeURL(r.Host, r.URL.EscapedPath())
				return ok
			}},
			{Name: "lambda", Handler: echo("lambda"), SigningNames: []string{"lambda"}},
			{Name: "apigateway", Handler: echo("apigateway"), SigningNames: []string{"apigateway"}, Default: true},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	auth := func(service string) string {
		return "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/" + service + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
	}
	cases := []struct {
		name, path, host, auth string
		wantStatus             int
		want                   string
	}{
		{"path invoke form", "/restapis/abc/dev/_user_request_/pets", "", "", 200, "invoke"},
		{"host invoke form", "/dev/pets", "abc.execute-api.localhost", "", 200, "invoke"},
		{"signed for lambda", "/2015-03-31/functions", "", auth("lambda"), 403, ""},
		{"unsigned goes to the default, which verifies", "/restapis", "", "", 403, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.URL+tc.path, nil)
			if tc.host != "" {
				req.Host = tc.host
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
				req.Header.Set("X-Amz-Date", "20260101T000000Z")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			id := resp.Header.Get("X-Amzn-Requestid")
			if resp.StatusCode != tc.wantStatus || id == "" {
				t.Fatalf("status %d (want %d), request id %q: %s", resp.StatusCode, tc.wantStatus, id, body)
			}
			if tc.want != "" && string(body) != tc.want+" "+id {
				t.Errorf("body %q, want %q", body, tc.want+" "+id)
			}
		})
	}
	// Without credentials configured, a signed request reaches the service
	// its scope names.
	open, err := server.New(server.Config{Services: []server.Service{
		{Name: "lambda", Handler: echo("lambda"), SigningNames: []string{"lambda"}},
		{Name: "apigateway", Handler: echo("apigateway"), SigningNames: []string{"apigateway"}, Default: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for service, want := range map[string]string{"lambda": "lambda", "apigateway": "apigateway", "sqs": "apigateway"} {
		req := httptest.NewRequest("GET", "/x", nil)
		req.Header.Set("Authorization", auth(service))
		rec := httptest.NewRecorder()
		open.Handler().ServeHTTP(rec, req)
		if !strings.HasPrefix(rec.Body.String(), want+" ") {
			t.Errorf("scope %s: answered by %q, want %s", service, rec.Body.String(), want)
		}
	}
	if _, err := server.New(server.Config{Services: []server.Service{{Name: "a", Handler: echo("a")}}}); err == nil {
		t.Error("a server without a default service was built")
	}
}

// resetPanics lets a test that panics on purpose pass the helper's check.
func resetPanics(t *testing.T, srv *app.App) {
	t.Helper()
	srv.Control.ResetPanics()
}

func TestConcurrentClients(t *testing.T) {
	endpoint := gatewaytest.Start(t)
	c := gatewaytest.NewClient(endpoint)
	ctx := context.Background()
	api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("shared")})
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*4)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				res, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String(fmt.Sprintf("r%d-%d", w, i))})
				if err != nil {
					errs <- err
					continue
				}
				if _, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}); err != nil {
					errs <- err
				}
				if _, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), Type: types.IntegrationTypeMock}); err != nil {
					errs <- err
				}
				if _, err := c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id, Embed: []string{"methods"}}); err != nil {
					errs <- err
				}
				if _, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("other")}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	p := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: api.Id, Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
	}
	if n != workers*each+1 {
		t.Errorf("resources = %d, want %d", n, workers*each+1)
	}
	apis, err := c.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	if err != nil {
		t.Fatal(err)
	}
	if len(apis.Items) != workers*each+1 {
		t.Errorf("apis = %d, want %d", len(apis.Items), workers*each+1)
	}
}
