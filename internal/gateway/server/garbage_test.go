package server_test

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// TestGarbageNeverFails throws malformed requests at every route (with
// existing and unknown ids) and asserts that none gets a 5xx, that every
// error is in AWS's shape, and that no handler panicked.
func TestGarbageNeverFails(t *testing.T) {
	srv, endpoint := gatewaytest.StartServer(t, app.Config{})
	c := gatewaytest.NewClient(endpoint)
	ctx := context.Background()
	api := must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("g")}))(t)
	res := must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String("p")}))(t)
	must(c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}))(t)
	must(c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), StatusCode: aws.String("200")}))(t)
	must(c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), Type: types.IntegrationTypeMock}))(t)
	must(c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), StatusCode: aws.String("200")}))(t)
	dep := must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, StageName: aws.String("dev")}))(t)

	ids := map[string][]string{
		"{api}":   {*api.Id, "nope", "", "%2e%2e", "a%2Fb", "~1"},
		"{res}":   {*res.Id, *api.RootResourceId, "nope"},
		"{verb}":  {"GET", "POST", "get", "OPTION", "*"},
		"{code}":  {"200", "999", "abc"},
		"{model}": {"Empty", "Nope", "a%20b"},
		"{dep}":   {*dep.Id, "nope"},
		"{stage}": {"dev", "nope", "%00"},
		"{arn}":   {"arn:aws:apigateway:us-east-1::/restapis/" + *api.Id, "arn:aws:apigateway:us-east-1::/restapis/" + *api.Id + "/stages/dev", "arn", "arn:aws:apigateway:us-east-1::/restapis/" + *api.Id + "/stages/", "x:y:z"},
	}
	paths := []string{
		"/restapis", "/restapis/{api}", "/restapis/{api}/resources", "/restapis/{api}/resources/{res}",
		"/restapis/{api}/resources/{res}/methods/{verb}", "/restapis/{api}/resources/{res}/methods/{verb}/responses/{code}",
		"/restapis/{api}/resources/{res}/methods/{verb}/integration", "/restapis/{api}/resources/{res}/methods/{verb}/integration/responses/{code}",
		"/restapis/{api}/models", "/restapis/{api}/models/{model}", "/restapis/{api}/deployments", "/restapis/{api}/deployments/{dep}",
		"/restapis/{api}/stages", "/restapis/{api}/stages/{stage}", "/tags/{arn}", "/", "/nothing/here", "//restapis", "/restapis/{api}/",
	}
	bodies := []string{
		"", "{", "[]", "null", `"s"`, "0", "{}", `{"name": 5}`, `{"name": ""}`, `{"name": "x", "endpointConfiguration": {"types": 7}}`,
		`{"patchOperations": 5}`, `{"patchOperations": [null]}`, `{"patchOperations": [{}]}`, `{"patchOperations": [{"op": "replace"}]}`,
		`{"patchOperations": [{"op": "replace", "path": "/"}]}`, `{"patchOperations": [{"op": "remove", "path": "/*/*"}]}`,
		`{"patchOperations": [{"op": "replace", "path": "/*/*/logging/loglevel"}]}`, `{"patchOperations": [{"op": "replace", "path": "////"}]}`,
		`{"patchOperations": [{"op": "copy", "path": "/deploymentId", "from": "/canarySettings/deploymentId"}]}`,
		`{"patchOperations": [{"op": "replace", "path": "/parentId", "value": null}]}`,
		`{"patchOperations": [{"op": "add", "path": "/binaryMediaTypes/"}, {"op": "replace", "path": "/endpointConfiguration/types/EDGE"}]}`,
		`{"pathPart": ""}`, `{"pathPart": "{"}`, `{"type": "HTTP", "uri": "::", "httpMethod": "GET"}`, `{"type": "AWS", "uri": "arn:aws:apigateway:::", "httpMethod": "POST"}`,
		`{"type": "MOCK", "timeoutInMillis": 1e12}`, `{"type": "MOCK", "timeoutInMillis": -1}`, `{"authorizationType": "NONE", "requestParameters": {"": true}}`,
		`{"stageName": "x", "deploymentId": ""}`, `{"stageName": "", "canarySettings": {"percentTraffic": 1000}}`, `{"tags": {"": ""}}`,
		`{"name": "M", "contentType": "application/json", "schema": "{"}`, strings.Repeat("[", 100000), "\x00\xff\xfe",
	}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
	queries := []string{"", "?limit=abc", "?limit=0&position=-4", "?position=zz", "?embed=methods&embed=", "?tagKeys=", "?deploymentId=%zz"}

	expand := func(p string) []string {
		out := []string{p}
		for ph, vals := range ids {
			var next []string
			for _, o := range out {
				if !strings.Contains(o, ph) {
					next = append(next, o)
					continue
				}
				for _, v := range vals {
					next = append(next, strings.ReplaceAll(o, ph, v))
				}
			}
			out = next
		}
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for _, p := range paths {
		for i, path := range expand(p) {
			for _, m := range methods {
				// Every body for writes to the real objects (the first
				// expansion), a random sample elsewhere, to keep this quick.
				bs := bodies
				if i > 0 || m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "DELETE" {
					bs = []string{"", "{", bodies[rng.IntN(len(bodies))], bodies[rng.IntN(len(bodies))]}
				}
				for _, b := range bs {
					q := queries[rng.IntN(len(queries))]
					req, err := http.NewRequest(m, endpoint+path+q, strings.NewReader(b))
					if err != nil {
						continue // not a URL at all: nothing to send
					}
					if rng.IntN(2) == 0 {
						req.Header.Set("Content-Type", "application/json")
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatalf("%s %s: %v", m, path, err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					n++
					if resp.StatusCode >= 500 {
						t.Errorf("%s %s%s body %.40q: %d %s", m, path, q, b, resp.StatusCode, body)
					}
					if resp.StatusCode >= 400 && m != "HEAD" {
						var e struct{ Message *string }
						if resp.Header.Get("X-Amzn-ErrorType") == "" || json.Unmarshal(body, &e) != nil || e.Message == nil {
							t.Errorf("%s %s: error not in AWS shape: %d %v %s", m, path, resp.StatusCode, resp.Header, body)
						}
					}
				}
			}
		}
	}
	t.Logf("%d garbage requests, no 5xx, %d panics", n, srv.Control.Panics())
	if srv.Control.Panics() != 0 {
		t.Errorf("%d panics", srv.Control.Panics())
	}
	// The fixture survived intact enough to be read.
	if _, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET")}); err != nil {
		// It may legitimately have been deleted by a garbage DELETE; it must not be corrupt.
		if !strings.Contains(err.Error(), "NotFoundException") {
			t.Errorf("after garbage: %v", err)
		}
	}
}

func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}
