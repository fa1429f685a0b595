package iam_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/portico/portico/internal/iam"
	"github.com/portico/portico/internal/kv"
)

func post(t *testing.T, endpoint string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(endpoint, "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp, string(b)
}

// TestWireFormat checks the bytes of answers: the query protocol's XML
// envelope, the error envelope, the request id, URL-encoded documents.
func TestWireFormat(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name     string
		form     url.Values
		status   int
		contains []string
	}{
		{"create role", url.Values{"Action": {"CreateRole"}, "Version": {"2010-05-08"}, "RoleName": {"wire"},
			"AssumeRolePolicyDocument": {`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`}},
			200, []string{
				`<CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateRoleResult><Role><Path>/</Path><RoleName>wire</RoleName>`,
				`<Arn>arn:aws:iam::123456789012:role/wire</Arn>`,
				`<AssumeRolePolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22`,
				`</Role></CreateRoleResult><ResponseMetadata><RequestId>`,
			}},
		{"get role", url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}, "RoleName": {"wire"}},
			200, []string{`<MaxSessionDuration>3600</MaxSessionDuration>`, `<RoleLastUsed/>`}},
		{"delete role has no result element", url.Values{"Action": {"DeleteRole"}, "Version": {"2010-05-08"}, "RoleName": {"wire"}},
			200, []string{`<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>`}},
		{"error envelope", url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}, "RoleName": {"wire"}},
			404, []string{`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name wire cannot be found.</Message></Error><RequestId>`}},
		{"unknown action", url.Values{"Action": {"CreateUserPoolThing"}, "Version": {"2010-05-08"}},
			400, []string{`<Code>InvalidAction</Code><Message>Could not find operation CreateUserPoolThing for version 2010-05-08</Message>`}},
		{"IAM action at the STS version", url.Values{"Action": {"GetRole"}, "Version": {"2011-06-15"}},
			400, []string{`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`, `<Code>InvalidAction</Code>`}},
		{"unsigned GetCallerIdentity", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}},
			200, []string{`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account></GetCallerIdentityResult>`}},
		{"missing required member", url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}},
			400, []string{`<Code>ValidationError</Code><Message>1 validation error detected: Value null at &apos;roleName&apos; failed to satisfy constraint: Member must not be null</Message>`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := post(t, e.url, tc.form)
			if resp.StatusCode != tc.status {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
				t.Errorf("Content-Type = %q", ct)
			}
			id := resp.Header.Get("x-amzn-RequestId")
			if len(id) != 36 || !strings.Contains(body, "<RequestId>"+id+"</RequestId>") {
				t.Errorf("request id header %q not the body's: %s", id, body)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %s\nbody: %s", want, body)
				}
			}
		})
	}
}

func TestClaimsUnsigned(t *testing.T) {
	form := func(v url.Values) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	signed := form(url.Values{"Action": {"GetCallerIdentity"}})
	signed.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00")
	cases := []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"STS action", form(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}), true},
		{"IAM action", form(url.Values{"Action": {"CreateRole"}, "Version": {"2010-05-08"}}), true},
		{"IAM action, STS version", form(url.Values{"Action": {"CreateRole"}, "Version": {"2011-06-15"}}), false},
		{"other service's action", form(url.Values{"Action": {"SendMessage"}, "Version": {"2012-11-05"}}), false},
		{"query string", httptest.NewRequest(http.MethodGet, "/?Action=GetCallerIdentity&Version=2011-06-15", nil), true},
		{"JSON body", httptest.NewRequest(http.MethodPost, "/restapis", strings.NewReader(`{"name":"x"}`)), false},
		{"signed requests route by scope", signed, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := iam.ClaimsUnsigned(tc.r); got != tc.want {
				t.Errorf("ClaimsUnsigned = %v, want %v", got, tc.want)
			}
		})
	}

	// The body survives the peek: the service can still serve the request.
	svc := iam.New(iam.Options{Records: kv.NewMem(), AccountID: testAccount})
	r := form(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
	if !iam.ClaimsUnsigned(r) {
		t.Fatal("not claimed")
	}
	w := httptest.NewRecorder()
	svc.ServeHTTP(w, r)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<Account>123456789012</Account>") {
		t.Errorf("after ClaimsUnsigned: %d %s", w.Code, w.Body.String())
	}
}
