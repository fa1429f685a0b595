package invoke_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// authorizerPy is a real Python Lambda authorizer. TOKEN: the token says
// what to answer; REQUEST: tenant "acme" is allowed. Every answer counts
// the function's calls (one warm instance), so the cache can be seen.
const authorizerPy = `
calls = 0

def policy(effect, resource):
    return {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}

def handler(event, context):
    global calls
    calls += 1
    arn = event["methodArn"]
    api = "/".join(arn.split("/")[:1])
    if event["type"] == "TOKEN":
        tok = event["authorizationToken"]
        if tok == "unauthorized":
            raise Exception("Unauthorized")
        if tok == "boom":
            raise ValueError("boom")
        if tok == "bad":
            return {"hello": "world"}
        if tok.startswith("deny"):
            return {"principalId": "u-deny", "policyDocument": policy("Deny", api + "/*")}
        if tok == "only-this":
            return {"principalId": "u-one", "policyDocument": policy("Allow", arn)}
        return {"principalId": "user-" + tok, "policyDocument": policy("Allow", api + "/*"),
                "context": {"calls": calls, "admin": True, "name": "n"}, "usageIdentifierKey": "key-" + tok}
    q = event.get("queryStringParameters") or {}
    if q.get("tenant") != "acme":
        return {"principalId": "anon", "policyDocument": policy("Deny", arn)}
    return {"principalId": event["headers"].get("X-User", "?"), "policyDocument": policy("Allow", arn),
            "context": {"calls": calls, "path": event["path"], "resource": event["resource"]}}
`

func (a *api) putMethodAuth(t *testing.T, path, verb, authType, authorizerID string, integ *apigateway.PutIntegrationInput) {
	t.Helper()
	id := a.resource(t, path)
	in := &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String(verb), AuthorizationType: aws.String(authType)}
	if authorizerID != "" {
		in.AuthorizerId = aws.String(authorizerID)
	}
	must(a.g.c.PutMethod(a.g.ctx, in))(t)
	integ.RestApiId, integ.ResourceId, integ.HttpMethod = &a.id, &id, aws.String(verb)
	must(a.g.c.PutIntegration(a.g.ctx, integ))(t)
}

// echoAuthorizer is a MOCK answering $context.authorizer values.
func (a *api) echoAuthorizer(t *testing.T, path, verb, authType, authorizerID string) {
	t.Helper()
	a.putMethodAuth(t, path, verb, authType, authorizerID, mock(`{"statusCode": 200}`))
	a.response(t, path, verb, "200", nil, nil, map[string]string{"application/json": `$context.authorizer.principalId|$context.authorizer.calls|$context.authorizer.admin|$context.authorizer.usageIdentifierKey|$context.authorizer.path|$context.authorizer.resource|$context.identity.accessKey`})
}

func TestLambdaAuthorizers(t *testing.T) {
	g := startGateway(t, "")
	lc := lambda.New(lambda.Options{Region: gatewaytest.Region, BaseEndpoint: aws.String(g.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), Retryer: aws.NopRetryer{}})
	fn := must(lc.CreateFunction(g.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("authz"), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("app.handler"), Role: aws.String("arn:aws:iam::000000000000:role/r"),
		Code: &lambdatypes.FunctionCode{ZipFile: zipOf(t, map[string]string{"app.py": authorizerPy})}}))(t)
	must(lc.AddPermission(g.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("authz"), StatementId: aws.String("apigw"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com")}))(t)
	uri := "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + *fn.FunctionArn + "/invocations"

	a := g.newAPI(t)
	tok := must(g.c.CreateAuthorizer(g.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &a.id, Name: aws.String("tok"), Type: types.AuthorizerTypeToken,
		AuthorizerUri: &uri, IdentitySource: aws.String("method.request.header.Authorization"), IdentityValidationExpression: aws.String("[a-z-]+")}))(t)
	if aws.ToInt32(tok.AuthorizerResultTtlInSeconds) != 300 {
		t.Errorf("default TTL = %v, want 300", tok.AuthorizerResultTtlInSeconds)
	}
	req := must(g.c.CreateAuthorizer(g.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &a.id, Name: aws.String("req"), Type: types.AuthorizerTypeRequest,
		AuthorizerUri: &uri, IdentitySource: aws.String("method.request.header.X-User,method.request.querystring.tenant"), AuthorizerResultTtlInSeconds: aws.Int32(0)}))(t)
	a.echoAuthorizer(t, "/pets", "GET", "CUSTOM", *tok.Id)
	a.echoAuthorizer(t, "/other", "GET", "CUSTOM", *tok.Id)
	a.echoAuthorizer(t, "/r/{id}", "GET", "CUSTOM", *req.Id)
	a.deploy(t, "dev", nil)

	hdr := func(v string) map[string]string { return map[string]string{"Authorization": v} }
	type want struct {
		status  int
		body    string
		errType string
	}
	check := func(name string, r resp, w want) {
		t.Helper()
		if r.status != w.status || r.body != w.body || (w.errType != "" && r.header.Get("x-amzn-ErrorType") != w.errType) {
			t.Errorf("%s: %d %q (%s), want %d %q (%s)", name, r.status, r.body, r.header.Get("x-amzn-ErrorType"), w.status, w.body, w.errType)
		}
	}
	// First call runs the function; the second (same token) is served from the cache.
	first := a.call(t, "GET", "dev", "/pets", "", hdr("alice")) // two URL forms: two requests, one call
	calls := strings.Split(first.body, "|")
	if first.status != 200 || len(calls) < 5 || calls[0] != "user-alice" || calls[2] != "true" || calls[3] != "key-alice" {
		t.Fatalf("allow: %d %q", first.status, first.body)
	}
	again := a.call(t, "GET", "dev", "/pets", "", hdr("alice"))
	if again.body != first.body {
		t.Errorf("cached answer differs: %q then %q", first.body, again.body)
	}
	bob := a.call(t, "GET", "dev", "/pets", "", hdr("bob"))
	if b := strings.Split(bob.body, "|"); bob.status != 200 || b[0] != "user-bob" || b[1] == calls[1] {
		t.Errorf("new token must call the function: %q after %q", bob.body, first.body)
	}
	check("missing token", a.call(t, "GET", "dev", "/pets", "", nil), want{401, `{"message":"Unauthorized"}`, "UnauthorizedException"})
	check("validation expression", a.call(t, "GET", "dev", "/pets", "", hdr("ALICE")), want{401, `{"message":"Unauthorized"}`, "UnauthorizedException"})
	check("Unauthorized raised", a.call(t, "GET", "dev", "/pets", "", hdr("unauthorized")), want{401, `{"message":"Unauthorized"}`, "UnauthorizedException"})
	check("deny", a.call(t, "GET", "dev", "/pets", "", hdr("deny")), want{403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, "AccessDeniedException"})
	check("function error", a.call(t, "GET", "dev", "/pets", "", hdr("boom")), want{500, `{"message": null}`, "AuthorizerConfigurationException"})
	check("malformed answer", a.call(t, "GET", "dev", "/pets", "", hdr("bad")), want{500, `{"message": null}`, "AuthorizerConfigurationException"})
	// A cached policy naming one method does not allow another (AWS's caveat).
	if r := a.call(t, "GET", "dev", "/pets", "", hdr("only-this")); r.status != 200 {
		t.Errorf("only-this on /pets: %d %s", r.status, r.body)
	}
	check("cached policy, other method", a.call(t, "GET", "dev", "/other", "", hdr("only-this")), want{403, `{"Message":"User is not authorized to access this resource"}`, "AccessDeniedException"})

	// REQUEST: both identity sources needed, no cache (TTL 0).
	check("REQUEST missing source", a.call(t, "GET", "dev", "/r/7", "", map[string]string{"X-User": "carol"}), want{401, `{"message":"Unauthorized"}`, ""})
	check("REQUEST deny", a.call(t, "GET", "dev", "/r/7?tenant=evil", "", map[string]string{"X-User": "carol"}), want{403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, ""})
	f := a.urlForms("dev", "/r/7?tenant=acme")["host"]
	r1 := do(t, "GET", f.url, f.host, "", map[string]string{"X-User": "carol"})
	r2 := do(t, "GET", f.url, f.host, "", map[string]string{"X-User": "carol"})
	p1, p2 := strings.Split(r1.body, "|"), strings.Split(r2.body, "|")
	if r1.status != 200 || p1[0] != "carol" || p1[4] != "/r/7" || p1[5] != "/r/{id}" || p1[1] == p2[1] {
		t.Errorf("REQUEST allow (uncached): %q then %q", r1.body, r2.body)
	}

	// TestInvokeAuthorizer runs the live authorizer on a given request, uncached.
	ti := must(g.c.TestInvokeAuthorizer(g.ctx, &apigateway.TestInvokeAuthorizerInput{RestApiId: &a.id, AuthorizerId: tok.Id,
		Headers: map[string]string{"Authorization": "erin"}, PathWithQueryString: aws.String("/pets")}))(t)
	if ti.ClientStatus != 200 || aws.ToString(ti.PrincipalId) != "user-erin" || !strings.Contains(aws.ToString(ti.Log), "Starting authorizer") {
		t.Errorf("TestInvokeAuthorizer allow: %d %q %q", ti.ClientStatus, aws.ToString(ti.PrincipalId), aws.ToString(ti.Log))
	}
	ti = must(g.c.TestInvokeAuthorizer(g.ctx, &apigateway.TestInvokeAuthorizerInput{RestApiId: &a.id, AuthorizerId: tok.Id,
		Headers: map[string]string{"Authorization": "deny"}}))(t)
	if ti.ClientStatus != 403 {
		t.Errorf("TestInvokeAuthorizer deny: %d", ti.ClientStatus)
	}
	// TestInvokeMethod skips authorization, as on AWS.
	tm := must(g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String(a.paths["/pets"]), HttpMethod: aws.String("GET")}))(t)
	if tm.Status != 200 {
		t.Errorf("TestInvokeMethod on a CUSTOM method: %d %s", tm.Status, aws.ToString(tm.Body))
	}

	// Deleting an authorizer in use is refused; a method can name only a real one.
	if _, err := g.c.DeleteAuthorizer(g.ctx, &apigateway.DeleteAuthorizerInput{RestApiId: &a.id, AuthorizerId: tok.Id}); err == nil || !strings.Contains(err.Error(), "ConflictException") {
		t.Errorf("delete in use: %v", err)
	}
	id := a.resource(t, "/x")
	if _, err := g.c.PutMethod(g.ctx, &apigateway.PutMethodInput{RestApiId: &a.id, ResourceId: &id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("CUSTOM"), AuthorizerId: aws.String("nope")}); err == nil || !strings.Contains(err.Error(), "Invalid authorizer ID specified") {
		t.Errorf("unknown authorizer id: %v", err)
	}
}

// TestLambdaAuthorizerProxyEvent: an AWS_PROXY function behind a TOKEN
// authorizer sees requestContext.authorizer.
func TestLambdaAuthorizerProxyEvent(t *testing.T) {
	g := startGateway(t, "")
	lc := lambda.New(lambda.Options{Region: gatewaytest.Region, BaseEndpoint: aws.String(g.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), Retryer: aws.NopRetryer{}})
	code := zipOf(t, map[string]string{"app.py": authorizerPy + `

import json
def backend(event, context):
    return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}
`})
	arns := map[string]string{}
	for name, h := range map[string]string{"authz": "app.handler", "backend": "app.backend"} {
		out := must(lc.CreateFunction(g.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name), Runtime: lambdatypes.RuntimePython312,
			Handler: aws.String(h), Role: aws.String("arn:aws:iam::000000000000:role/r"), Code: &lambdatypes.FunctionCode{ZipFile: code}}))(t)
		arns[name] = *out.FunctionArn
		must(lc.AddPermission(g.ctx, &lambda.AddPermissionInput{FunctionName: aws.String(name), StatementId: aws.String("apigw"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com")}))(t)
	}
	u := func(n string) string {
		return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arns[n] + "/invocations"
	}
	a := g.newAPI(t)
	tok := must(g.c.CreateAuthorizer(g.ctx, &apigateway.CreateAuthorizerInput{RestApiId: &a.id, Name: aws.String("tok"), Type: types.AuthorizerTypeToken,
		AuthorizerUri: aws.String(u("authz")), IdentitySource: aws.String("method.request.header.Authorization")}))(t)
	a.putMethodAuth(t, "/p", "GET", "CUSTOM", *tok.Id, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(u("backend"))})
	a.deploy(t, "dev", nil)
	r := a.call(t, "GET", "dev", "/p", "", map[string]string{"Authorization": "dave"})
	var got map[string]any
	if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil || got["principalId"] != "user-dave" || got["admin"] != "true" || got["name"] != "n" {
		t.Errorf("requestContext.authorizer: %d %s", r.status, r.body)
	}
}

// TestResourcePolicy: a policy allowing everyone but denying one path to
// 127.0.0.1, and a policy allowing only another address.
func TestResourcePolicy(t *testing.T) {
	g := startGateway(t, "")
	policy := `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},
	  {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/private/*","Condition":{"IpAddress":{"aws:SourceIp":["127.0.0.0/8"]}}},
	  {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/vpce","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`
	out := must(g.c.CreateRestApi(g.ctx, &apigateway.CreateRestApiInput{Name: aws.String("p"), Policy: aws.String(policy)}))(t)
	a := &api{g: g, id: *out.Id, root: *out.RootResourceId, paths: map[string]string{"/": *out.RootResourceId}}
	for _, p := range []string{"/open", "/private/{x}", "/vpce"} {
		a.method(t, p, "GET", nil, mock(`{"statusCode": 200}`))
		a.response(t, p, "GET", "200", nil, nil, map[string]string{"application/json": "ok"})
	}
	a.deploy(t, "dev", nil)
	if r := a.call(t, "GET", "dev", "/open", "", nil); r.status != 200 || r.body != "ok" {
		t.Errorf("allowed: %d %s", r.status, r.body)
	}
	r := a.call(t, "GET", "dev", "/private/1", "", nil)
	wantMsg := `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:` + a.id + `/dev/GET/private/1 with an explicit deny"}`
	if r.status != 403 || r.body != wantMsg || r.header.Get("x-amzn-ErrorType") != "AccessDeniedException" {
		t.Errorf("deny by IP: %d %s", r.status, r.body)
	}
	if r := a.call(t, "GET", "dev", "/vpce", "", nil); r.status != 403 {
		t.Errorf("no VPC endpoint: %d %s", r.status, r.body)
	}
	if r := a.call(t, "GET", "dev", "/vpce", "", map[string]string{"x-amzn-vpce-id": "vpce-1"}); r.status != 200 {
		t.Errorf("through vpce-1: %d %s", r.status, r.body)
	}
	// Only 10.0.0.1 allowed: loopback is denied implicitly.
	only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.1"}}}]}`
	must(g.c.UpdateRestApi(g.ctx, &apigateway.UpdateRestApiInput{RestApiId: &a.id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/policy"), Value: aws.String(only)}}}))(t)
	a.deploy(t, "dev", nil)
	r = a.call(t, "GET", "dev", "/open", "", nil)
	if r.status != 403 || !strings.HasSuffix(r.body, `/dev/GET/open"}`) || strings.Contains(r.body, "explicit") {
		t.Errorf("implicit deny: %d %s", r.status, r.body)
	}
}

// TestIAMAuth: an AWS_IAM method with --credentials: unsigned, signed by a
// known key, a wrong secret, an unknown key.
func TestIAMAuth(t *testing.T) {
	_, endpoint := gatewaytest.StartServer(t, app.Config{Credentials: map[string]string{"AKIDPORTICO": "s3cret"}})
	g := &gw{endpoint: endpoint, c: gatewaytest.NewClientWithCredentials(endpoint, "AKIDPORTICO", "s3cret"), ctx: context.Background()}
	a := g.newAPI(t)
	a.echoAuthorizer(t, "/iam", "POST", "AWS_IAM", "")
	a.deploy(t, "dev", nil)
	f := a.urlForms("dev", "/iam")["_user_request"]
	sign := func(key, secret string, at time.Time) resp {
		t.Helper()
		body := `{"a":1}`
		req, _ := http.NewRequest("POST", f.url, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256([]byte(body))
		err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, req, hex.EncodeToString(sum[:]), "execute-api", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b.String()}
	}
	r := do(t, "POST", f.url, "", `{"a":1}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 403 || r.body != `{"message":"Missing Authentication Token"}` {
		t.Errorf("unsigned: %d %s", r.status, r.body)
	}
	r = sign("AKIDPORTICO", "s3cret", time.Now())
	if r.status != 200 || !strings.HasSuffix(r.body, "|AKIDPORTICO") {
		t.Errorf("signed: %d %s", r.status, r.body)
	}
	r = sign("AKIDPORTICO", "wrong", time.Now())
	if r.status != 403 || !strings.Contains(r.body, "The request signature we calculated does not match") || r.header.Get("x-amzn-ErrorType") != "InvalidSignatureException" {
		t.Errorf("wrong secret: %d %s %v", r.status, r.body, r.header)
	}
	r = sign("AKIDOTHER", "s3cret", time.Now())
	if r.status != 403 {
		t.Errorf("unknown key: %d %s", r.status, r.body)
	}
	r = sign("AKIDPORTICO", "s3cret", time.Now().Add(-time.Hour))
	if r.status != 403 || !strings.Contains(strings.ToLower(r.body), "signature expired") {
		t.Errorf("old signature: %d %s", r.status, r.body)
	}
}
