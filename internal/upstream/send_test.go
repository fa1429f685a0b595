package upstream_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/upstream"
)

// sts is an upstream whose STS answers AssumeRole with answer (status,
// body) and that records every other request, checking its SigV4
// signature with portico's own verifier.
type stsUpstream struct {
	mu       sync.Mutex
	assumed  int
	requests []*seen
	srv      *httptest.Server
}

type seen struct {
	r      *http.Request
	body   string
	sigErr *awswire.Error
}

func newSTS(t *testing.T, status int, answer string) *stsUpstream {
	u := &stsUpstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), "Action=AssumeRole") {
			u.mu.Lock()
			u.assumed++
			u.mu.Unlock()
			w.WriteHeader(status)
			_, _ = io.WriteString(w, answer)
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		sigErr := awswire.CheckSignature(r, map[string]string{"ASIAROLE": "role-secret", upstream.DefaultAccessKeyID: upstream.DefaultSecretAccessKey})
		u.mu.Lock()
		u.requests = append(u.requests, &seen{r: r, body: string(b), sigErr: sigErr})
		u.mu.Unlock()
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *stsUpstream) last(t *testing.T) *seen {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.requests) == 0 {
		t.Fatal("no service request reached the upstream")
	}
	return u.requests[len(u.requests)-1]
}

const assumed = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>
<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`

func dynamoRequest(role string) *upstream.Request {
	return &upstream.Request{
		Service: "dynamodb", Region: "eu-west-1", Method: "POST", Path: "/", RoleARN: role,
		Header: http.Header{"X-Amz-Target": {"DynamoDB_20120810.GetItem"}, "Content-Type": {"application/x-amz-json-1.0"}},
		Body:   []byte(`{"TableName":"t"}`),
	}
}

// The integration's role is assumed once at the upstream's STS and its
// temporary credentials sign the request (a signature portico's own
// verifier accepts), for the service and the URI's region.
func TestSendAssumesRole(t *testing.T) {
	ctx := context.Background()
	u := newSTS(t, 200, assumed)
	svc := must(upstream.New(upstream.Options{URL: u.srv.URL}))(t)
	for range 3 {
		res := must(svc.Send(ctx, dynamoRequest("arn:aws:iam::123456789012:role/apigw")))(t)
		if res.StatusCode != 200 || string(res.Body) != `{}` {
			t.Fatalf("answer %d %s", res.StatusCode, res.Body)
		}
	}
	if u.assumed != 1 {
		t.Errorf("AssumeRole called %d times for 3 requests, want once (cached)", u.assumed)
	}
	got := u.last(t)
	if a := got.r.Header.Get("Authorization"); !strings.Contains(a, "Credential=ASIAROLE/") || !strings.Contains(a, "/eu-west-1/dynamodb/aws4_request") {
		t.Errorf("Authorization = %q, want the role's key, scope eu-west-1/dynamodb", a)
	}
	if tok := got.r.Header.Get("X-Amz-Security-Token"); tok != "role-token" {
		t.Errorf("X-Amz-Security-Token = %q", tok)
	}
	if got.sigErr != nil {
		t.Errorf("the signature does not verify: %v", got.sigErr)
	}
	if got.body != `{"TableName":"t"}` || got.r.Header.Get("X-Amz-Target") != "DynamoDB_20120810.GetItem" {
		t.Errorf("request %s %v, want the one built", got.body, got.r.Header)
	}

	// S3: path-style on the upstream's host, payload hash header, S3's path signing
	must(svc.Send(ctx, &upstream.Request{Service: "s3", Subdomain: "media", Region: "us-east-1", Method: "PUT", Path: "/a%20b/c.png",
		Header: http.Header{"Content-Type": {"image/png"}}, Body: []byte{0x89, 'P', 'N', 'G'}}))(t)
	got = u.last(t)
	if got.r.URL.EscapedPath() != "/media/a%20b/c.png" || got.r.Header.Get("X-Amz-Content-Sha256") == "" || got.sigErr != nil {
		t.Errorf("S3 request %s (sha256 %q, signature %v)", got.r.URL.EscapedPath(), got.r.Header.Get("X-Amz-Content-Sha256"), got.sigErr)
	}
}

func TestSendCredentialsWithoutSTS(t *testing.T) {
	ctx := context.Background()
	// an STS that refuses: AWS's "does not have permission to assume the provided role"
	denied := newSTS(t, 403, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>`)
	svc := must(upstream.New(upstream.Options{URL: denied.srv.URL}))(t)
	_, err := svc.Send(ctx, dynamoRequest("arn:aws:iam::123456789012:role/apigw"))
	var ae *upstream.AssumeRoleError
	if !errors.As(err, &ae) || ae.Code != "AccessDenied" || !strings.Contains(err.Error(), "does not have permission to assume the provided role") {
		t.Errorf("err = %v, want an AssumeRoleError", err)
	}
	// an upstream without STS: the static upstream credentials
	nosts := newSTS(t, 400, `<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>`)
	svc = must(upstream.New(upstream.Options{URL: nosts.srv.URL}))(t)
	must(svc.Send(ctx, dynamoRequest("arn:aws:iam::123456789012:role/apigw")))(t)
	if a := nosts.last(t).r.Header.Get("Authorization"); !strings.Contains(a, "Credential="+upstream.DefaultAccessKeyID+"/") {
		t.Errorf("Authorization = %q, want the static credentials", a)
	}
	// no role (or the caller form): static, no AssumeRole
	must(svc.Send(ctx, dynamoRequest("arn:aws:iam::*:user/*")))(t)
	if nosts.assumed != 1 {
		t.Errorf("AssumeRole called %d times, want once (the caller form assumes nothing)", nosts.assumed)
	}
	none := must(upstream.New(upstream.Options{}))(t)
	if _, err := none.Send(ctx, dynamoRequest("")); !errors.Is(err, upstream.ErrNotConfigured) {
		t.Errorf("Send without upstream = %v", err)
	}
}

// Query-protocol requests are adapted so that emulators answer JSON, as
// AWS does to Accept: application/json; JSON-protocol and S3 requests go
// as built.
func TestSendQueryCompat(t *testing.T) {
	ctx := context.Background()
	u := newSTS(t, 200, assumed)
	svc := must(upstream.New(upstream.Options{URL: u.srv.URL}))(t)
	send := func(in *upstream.Request) *seen {
		t.Helper()
		must(svc.Send(ctx, in))(t)
		return u.last(t)
	}
	json := http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}}
	got := send(&upstream.Request{Service: "sns", Region: "us-east-1", Method: "POST", Path: "/", RawQuery: "Action=Publish&Message=hi&TopicArn=arn",
		Header: json.Clone(), Body: []byte(`{"client":"body"}`)})
	q, _ := url.ParseQuery(got.r.URL.RawQuery)
	if q.Get("ContentType") != "JSON" || q.Get("Action") != "Publish" || got.body != "" || got.r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || got.sigErr != nil {
		t.Errorf("URL parameters: query %q, body %q, Content-Type %q, signature %v", got.r.URL.RawQuery, got.body, got.r.Header.Get("Content-Type"), got.sigErr)
	}
	form := http.Header{"Accept": {"application/json"}, "Content-Type": {"application/x-www-form-urlencoded"}}
	got = send(&upstream.Request{Service: "sqs", Region: "us-east-1", Method: "POST", Path: "/1/q", Header: form, Body: []byte("Action=SendMessage&MessageBody=x")})
	if got.body != "Action=SendMessage&MessageBody=x&ContentType=JSON" || got.r.URL.RawQuery != "" {
		t.Errorf("form body: %q, query %q", got.body, got.r.URL.RawQuery)
	}
	got = send(&upstream.Request{Service: "sqs", Region: "us-east-1", Method: "POST", Path: "/", RawQuery: "Action=SendMessage",
		Header: http.Header{"X-Amz-Target": {"AmazonSQS.SendMessage"}, "Accept": {"application/json"}, "Content-Type": {"application/x-amz-json-1.0"}}, Body: []byte(`{"a":1}`)})
	if got.body != `{"a":1}` || strings.Contains(got.r.URL.RawQuery, "ContentType") {
		t.Errorf("JSON protocol changed: body %q, query %q", got.body, got.r.URL.RawQuery)
	}
	got = send(&upstream.Request{Service: "sns", Region: "us-east-1", Method: "POST", Path: "/", RawQuery: "Action=Publish",
		Header: http.Header{"Accept": {"text/xml"}, "Content-Type": {"application/x-www-form-urlencoded"}}})
	if strings.Contains(got.r.URL.RawQuery, "ContentType") {
		t.Errorf("XML accepted, yet ContentType=JSON added: %q", got.r.URL.RawQuery)
	}
}
