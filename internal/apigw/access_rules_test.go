package apigw

import (
	"strings"
	"testing"
)

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		fold bool
		want bool
	}{
		{"*", "", false, true},
		{"execute-api:*", "execute-api:Invoke", false, true},
		{"EXECUTE-API:invoke", "execute-api:Invoke", true, true},
		{"EXECUTE-API:invoke", "execute-api:Invoke", false, false},
		{"arn:aws:execute-api:*:*:abc/*/GET/pets/*", "arn:aws:execute-api:us-east-1:1:abc/dev/GET/pets/7", false, true},
		{"arn:aws:execute-api:*:*:abc/*/GET/pets/*", "arn:aws:execute-api:us-east-1:1:abc/dev/POST/pets/7", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"*a*b*", "xxaxxbxx", false, true},
		{"*a*b", "xxaxxbxx", false, false},
	} {
		if got := Glob(tc.p, tc.s, tc.fold); got != tc.want {
			t.Errorf("Glob(%q, %q, %v) = %v, want %v", tc.p, tc.s, tc.fold, got, tc.want)
		}
	}
}

func TestPolicyEvaluate(t *testing.T) {
	p, err := ParsePolicy(`{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:*:*:*"]},
	 {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"execute-api:*","Resource":"arn:aws:execute-api:*:*:abc/*/DELETE/*",
	  "Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.1"]}}},
	 {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","NotResource":"arn:aws:execute-api:*:*:abc/*",
	  "Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:execute-api:us-east-1:000000000000:abc/dev/"
	for _, tc := range []struct {
		res, ip, vpce string
		want          Decision
	}{
		{arn + "GET/pets", "127.0.0.1", "", Allowed},
		{arn + "DELETE/pets/1", "127.0.0.1", "", ExplicitDeny},
		{arn + "DELETE/pets/1", "10.1.2.3", "", Allowed},
		{arn + "DELETE/pets/1", "192.168.1.1", "", Allowed},
		{"arn:aws:execute-api:us-east-1:000000000000:other/dev/GET/", "10.1.2.3", "", ExplicitDeny}, // IfExists: an absent key makes the condition true
		{"arn:aws:execute-api:us-east-1:000000000000:other/dev/GET/", "10.1.2.3", "vpce-2", ExplicitDeny},
		{"arn:aws:execute-api:us-east-1:000000000000:other/dev/GET/", "10.1.2.3", "vpce-1", Allowed},
	} {
		ctx := map[string]string{"aws:sourceip": tc.ip}
		if tc.vpce != "" {
			ctx["aws:sourcevpce"] = tc.vpce
		}
		if got := p.Evaluate(Request{Action: "execute-api:Invoke", Resource: tc.res, Context: ctx}); got != tc.want {
			t.Errorf("%s from %s (vpce %q) = %v, want %v", tc.res, tc.ip, tc.vpce, got, tc.want)
		}
	}
	// Principal AWS ARNs match only an IAM caller.
	q, err := ParsePolicy(`{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:root"]},"Action":"execute-api:Invoke","Resource":"*"}}`)
	if err != nil {
		t.Fatal(err)
	}
	if d := q.Evaluate(Request{Action: "execute-api:Invoke", Resource: "x"}); d != ImplicitDeny {
		t.Errorf("anonymous against an account principal = %v", d)
	}
	if d := q.Evaluate(Request{Action: "execute-api:Invoke", Resource: "x", Principal: "arn:aws:iam::000000000000:user/u"}); d != Allowed {
		t.Errorf("account caller = %v", d)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for doc, want := range map[string]string{
		`[]`:              "not a JSON object",
		`{"Version":"x"}`: "no Statement",
		`{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`:                                                         "Effect must be Allow or Deny",
		`{"Statement":[{"Effect":"Allow","Resource":"*"}]}`:                                                                      "no Action",
		`{"Statement":[{"Effect":"Allow","Action":"*"}]}`:                                                                        "no Resource",
		`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"a":"1"}}}]}`:                 "unsupported condition operator",
		`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4/40"}}}]}`: "invalid IP address",
		`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"me"}]}`:                                        "Principal must be",
	} {
		if _, err := ParsePolicy(doc); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePolicy(%s) = %v, want %q", doc, err, want)
		}
	}
}

func TestParseIdentitySources(t *testing.T) {
	got, err := ParseIdentitySources(AuthorizerTypeRequest, "method.request.header.A, method.request.querystring.q,stageVariables.s,context.identity.sourceIp,method.request.multivalueheader.M")
	if err != nil || len(got) != 5 || got[3] != (IdentitySource{Kind: "context", Name: "identity.sourceIp"}) {
		t.Errorf("REQUEST sources = %v, %v", got, err)
	}
	for _, tc := range []struct{ typ, src string }{
		{AuthorizerTypeToken, "method.request.querystring.q"},
		{AuthorizerTypeToken, "method.request.header.A,method.request.header.B"},
		{AuthorizerTypeRequest, "method.request.body.x"},
		{AuthorizerTypeRequest, "method.request.header."},
		{AuthorizerTypeRequest, "header.A"},
	} {
		if _, err := ParseIdentitySources(tc.typ, tc.src); err == nil {
			t.Errorf("ParseIdentitySources(%s, %q) accepted", tc.typ, tc.src)
		}
	}
}
