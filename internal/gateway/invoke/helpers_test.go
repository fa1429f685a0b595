package invoke_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// gw is a real gateway (management + invoke API) on loopback and an SDK client.
type gw struct {
	endpoint string
	c        *apigateway.Client
	ctx      context.Context
}

func startGateway(t testing.TB, lambdaEndpoint string) *gw {
	t.Helper()
	_, endpoint := gatewaytest.StartServer(t, app.Config{LambdaEndpoint: lambdaEndpoint})
	return &gw{endpoint: endpoint, c: gatewaytest.NewClient(endpoint), ctx: context.Background()}
}

func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// api is a REST API under construction.
type api struct {
	g     *gw
	id    string
	root  string
	paths map[string]string // resource path -> id
}

func (g *gw) newAPI(t testing.TB, binaryTypes ...string) *api {
	t.Helper()
	out := must(g.c.CreateRestApi(g.ctx, &apigateway.CreateRestApiInput{Name: aws.String("t"), BinaryMediaTypes: binaryTypes}))(t)
	return &api{g: g, id: *out.Id, root: *out.RootResourceId, paths: map[string]string{"/": *out.RootResourceId}}
}

// resource creates (if needed) every resource of path and returns its id.
func (a *api) resource(t testing.TB, path string) string {
	t.Helper()
	if id, ok := a.paths[path]; ok {
		return id
	}
	i := strings.LastIndex(path, "/")
	parentPath := path[:i]
	if parentPath == "" {
		parentPath = "/"
	}
	parent := a.resource(t, parentPath)
	out := must(a.g.c.CreateResource(a.g.ctx, &apigateway.CreateResourceInput{RestApiId: &a.id, ParentId: &parent, PathPart: aws.String(path[i+1:])}))(t)
	a.paths[path] = *out.Id
	return *out.Id
}

// method puts a method with its integration; mutate the integration input with fn.
func (a *api) method(t testing.TB, path, verb string, params map[string]bool, integ *apigateway.PutIntegrationInput) {
	t.Helper()
	id := a.resource(t, path)
	must(a.g.c.PutMethod(a.g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String(verb), AuthorizationType: aws.String("NONE"), RequestParameters: params}))(t)
	if integ != nil {
		integ.RestApiId, integ.ResourceId, integ.HttpMethod = &a.id, &id, aws.String(verb)
		must(a.g.c.PutIntegration(a.g.ctx, integ))(t)
	}
}

// response puts a method response and its integration response.
func (a *api) response(t testing.TB, path, verb, code string, pattern *string, headers map[string]string, templates map[string]string) {
	t.Helper()
	id := a.resource(t, path)
	mrp := map[string]bool{}
	for k := range headers {
		mrp[k] = false
	}
	must(a.g.c.PutMethodResponse(a.g.ctx, &apigateway.PutMethodResponseInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String(verb), StatusCode: aws.String(code), ResponseParameters: mrp}))(t)
	must(a.g.c.PutIntegrationResponse(a.g.ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String(verb), StatusCode: aws.String(code), SelectionPattern: pattern, ResponseParameters: headers, ResponseTemplates: templates}))(t)
}

func (a *api) deploy(t testing.TB, stage string, vars map[string]string) string {
	t.Helper()
	out := must(a.g.c.CreateDeployment(a.g.ctx, &apigateway.CreateDeploymentInput{RestApiId: &a.id, StageName: aws.String(stage), Variables: vars}))(t)
	return *out.Id
}

func mock(tmpl string) *apigateway.PutIntegrationInput {
	in := &apigateway.PutIntegrationInput{Type: types.IntegrationTypeMock}
	if tmpl != "" {
		in.RequestTemplates = map[string]string{"application/json": tmpl}
	}
	return in
}

// resp is an HTTP answer.
type resp struct {
	status int
	header http.Header
	body   string
}

// urlForms returns the two invoke URL forms for a stage and path: the
// Host-header form and the _user_request_ form.
func (a *api) urlForms(stage, path string) map[string]struct{ url, host string } {
	u, _ := url.Parse(a.g.endpoint)
	return map[string]struct{ url, host string }{
		"host":          {a.g.endpoint + "/" + stage + path, a.id + ".execute-api.localhost:" + u.Port()},
		"_user_request": {a.g.endpoint + "/restapis/" + a.id + "/" + stage + "/_user_request_" + path, ""},
	}
}

func do(t testing.TB, method, rawURL, host string, body string, headers map[string]string) resp {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, rawURL, rd)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}
}

// call invokes path on stage in both URL forms and checks they agree on
// status and body; it returns the Host-form answer.
func (a *api) call(t testing.TB, method, stage, path, body string, headers map[string]string) resp {
	t.Helper()
	var first *resp
	for _, form := range []string{"host", "_user_request"} {
		f := a.urlForms(stage, path)[form]
		r := do(t, method, f.url, f.host, body, headers)
		if r.header.Get("x-amzn-RequestId") == "" || r.header.Get("x-amz-apigw-id") == "" {
			t.Errorf("%s %s (%s form): missing x-amzn-RequestId or x-amz-apigw-id: %v", method, path, form, r.header)
		}
		if first == nil {
			first = &r
			continue
		}
		if r.status != first.status || r.body != first.body {
			t.Errorf("%s %s: URL forms disagree: host form %d %q, _user_request_ form %d %q", method, path, first.status, first.body, r.status, r.body)
		}
	}
	return *first
}

func ptr(s string) *string { return &s }
