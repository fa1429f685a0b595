package lambdaspec

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRuntimeIDsMatchTheSDKEnumOrder(t *testing.T) {
	ids := RuntimeIDs()
	if ids[0] != "nodejs" || ids[len(ids)-1] != "java17.al2023" {
		t.Fatalf("RuntimeIDs() = %v...", ids[:3])
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("duplicate runtime %q", id)
		}
		seen[id] = true
		r, _ := LookupRuntime(id)
		if r.Family == "" {
			t.Errorf("runtime %q has no family", id)
		}
		if !r.BlockCreate.IsZero() && r.BlockUpdate.Before(r.BlockCreate) {
			t.Errorf("runtime %q blocks updates before creates", id)
		}
	}
}

func TestValidateRuntimeForCreate(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		id      string
		at      time.Time
		wantErr string
	}{
		{id: "python3.12", at: now},
		{id: "nodejs20.x", at: now}, // deprecated, still creatable
		{id: "provided.al2023", at: now},
		{id: "python3.8", at: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)},
		{id: "python3.8", at: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), wantErr: "The runtime parameter of python3.8 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions."},
		{id: "go1.x", at: now, wantErr: "We recommend you use the new runtime (provided.al2023) while creating or updating functions."},
		{id: "python9", at: now, wantErr: "Value 'python9' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs, nodejs4.3,"},
		{id: "", at: now, wantErr: "Value '' at 'runtime'"},
	}
	for _, tt := range tests {
		err := ValidateRuntimeForCreate(tt.id, tt.at)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidateRuntimeForCreate(%q, %s) = %v", tt.id, tt.at.Format(time.DateOnly), err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ValidateRuntimeForCreate(%q, %s) = %v, want %q", tt.id, tt.at.Format(time.DateOnly), err, tt.wantErr)
		}
	}
	var unknown *UnknownRuntimeError
	if !errors.As(ValidateRuntime("cobol"), &unknown) {
		t.Error("ValidateRuntime(cobol) is not an UnknownRuntimeError")
	}
	var blocked *BlockedRuntimeError
	if !errors.As(ValidateRuntimeForUpdate("nodejs16.x", now), &blocked) {
		t.Error("ValidateRuntimeForUpdate(nodejs16.x) is not a BlockedRuntimeError")
	}
	if err := ValidateRuntimeForUpdate("nodejs18.x", time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("nodejs18.x is updatable until 2025-11-01: %v", err)
	}
}

func TestParseHandler(t *testing.T) {
	tests := []struct {
		runtime, handler string
		want             Handler
		wantErr          string
	}{
		{runtime: "python3.12", handler: "app.handler", want: Handler{Module: "app", Function: "handler"}},
		{runtime: "python3.12", handler: "pkg/mod.sub.fn", want: Handler{Module: "pkg/mod.sub", Function: "fn"}},
		{runtime: "python3.12", handler: "handler", wantErr: "must be MODULE.FUNCTION"},
		{runtime: "python3.12", handler: ".handler", wantErr: "must be MODULE.FUNCTION"},
		{runtime: "python3.12", handler: "app.", wantErr: "must be MODULE.FUNCTION"},
		{runtime: "nodejs20.x", handler: "index.handler", want: Handler{Module: "index", Function: "handler"}},
		{runtime: "nodejs20.x", handler: "src/v1.2/index.a.b", want: Handler{Module: "src/v1.2/index", Function: "a.b"}},
		{runtime: "nodejs20.x", handler: "src/index", wantErr: "must be FILE.FUNCTION"},
		{runtime: "ruby3.3", handler: "function.Handler::process", want: Handler{Module: "function", Function: "Handler::process"}},
		{runtime: "java21", handler: "example.Hello::handleRequest", want: Handler{Module: "example.Hello", Function: "handleRequest"}},
		{runtime: "java21", handler: "example.Hello::", wantErr: "package.Class"},
		{runtime: "dotnet8", handler: "Asm::Ns.Fn::Handle", want: Handler{Module: "Asm::Ns.Fn", Function: "Handle"}},
		{runtime: "dotnet8", handler: "Asm::Ns", wantErr: "Assembly::"},
		{runtime: "provided.al2023", handler: "bootstrap", want: Handler{Function: "bootstrap"}},
		{runtime: "provided.al2023", handler: "anything", want: Handler{Function: "anything"}},
		{runtime: "python3.12", handler: "", wantErr: "must not be empty"},
		{runtime: "python3.12", handler: "a b.c", wantErr: "whitespace"},
		{runtime: "python3.12", handler: strings.Repeat("a", 126) + ".fn", wantErr: "at most 128"},
		{runtime: "cobol", handler: "a.b", wantErr: "failed to satisfy constraint"},
	}
	for _, tt := range tests {
		got, err := ParseHandler(tt.runtime, tt.handler)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseHandler(%q, %q) = %v, want error containing %q", tt.runtime, tt.handler, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseHandler(%q, %q) = %+v, %v, want %+v", tt.runtime, tt.handler, got, err, tt.want)
		}
	}
}

func TestParseFunctionRef(t *testing.T) {
	tests := []struct {
		in   string
		want FunctionRef
		bad  bool
	}{
		{in: "my-function", want: FunctionRef{Name: "my-function"}},
		{in: "my_function:v1", want: FunctionRef{Name: "my_function", Qualifier: "v1"}},
		{in: "fn:$LATEST", want: FunctionRef{Name: "fn", Qualifier: "$LATEST"}},
		{in: "123456789012:function:fn", want: FunctionRef{Account: "123456789012", Name: "fn"}},
		{in: "arn:aws:lambda:us-east-1:123456789012:function:fn", want: FunctionRef{Partition: "aws", Region: "us-east-1", Account: "123456789012", Name: "fn"}},
		{in: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn:7", want: FunctionRef{Partition: "aws-us-gov", Region: "us-gov-west-1", Account: "123456789012", Name: "fn", Qualifier: "7"}},
		{in: "", bad: true},
		{in: "has space", bad: true},
		{in: "fn:a:b", bad: true},
		{in: "arn:aws:lambda:us-east-1:function:fn", bad: true},
		{in: "function:fn", bad: true},
		{in: strings.Repeat("a", 65), bad: true},
		{in: strings.Repeat("a", 64), want: FunctionRef{Name: strings.Repeat("a", 64)}},
	}
	for _, tt := range tests {
		got, err := ParseFunctionRef(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseFunctionRef(%q) = %+v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseFunctionRef(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestNameRules(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) error
		ok   []string
		bad  []string
	}{
		{"alias", ValidateAliasName, []string{"live", "v1", "a-b_c", strings.Repeat("x", 128)}, []string{"", "123", "a.b", "$LATEST", strings.Repeat("x", 129)}},
		{"version", ValidateFunctionVersion, []string{"$LATEST", "1", "42"}, []string{"", "v1", "1.0", "latest"}},
		{"statement", ValidateStatementID, []string{"AllowAPIGateway", "a-b_1", strings.Repeat("s", 100)}, []string{"", "a.b", "a b", strings.Repeat("s", 101)}},
		{"action", ValidateAction, []string{"lambda:InvokeFunction", "lambda:*", "*"}, []string{"InvokeFunction", "lambda:", "s3:GetObject", "lambda:Invoke-Function"}},
		{"qualifier", ValidateQualifier, []string{"$LATEST", "1", "live"}, []string{"", "a:b", "a.b"}},
		{"token", ValidateEventSourceToken, []string{"a.b-c_d"}, []string{"", "a b", strings.Repeat("t", 257)}},
		{"account", ValidateAccountID, []string{"123456789012"}, []string{"12345678901", "abcdefghijkl"}},
		{"env key", ValidateEnvironmentKey, []string{"FOO", "foo_1", "Ab"}, []string{"A", "1A", "A-B", "AWS_REGION", "_HANDLER"}},
		{"function name", ValidateFunctionName, []string{"fn", "arn:aws:lambda:us-east-1:123456789012:function:fn"}, []string{"fn:1", ""}},
	}
	for _, tt := range tests {
		for _, v := range tt.ok {
			if err := tt.fn(v); err != nil {
				t.Errorf("%s %q: %v", tt.name, v, err)
			}
		}
		for _, v := range tt.bad {
			if err := tt.fn(v); err == nil {
				t.Errorf("%s %q: want error", tt.name, v)
			}
		}
	}
	var rk *ReservedKeysError
	if err := ValidateEnvironmentKey("AWS_REGION"); !errors.As(err, &rk) || !strings.HasSuffix(err.Error(), "Reserved keys used in this request: AWS_REGION") {
		t.Errorf("ValidateEnvironmentKey(AWS_REGION) = %v", err)
	}
	if got := ReservedKeysIn(map[string]string{"X1": "", "AWS_SESSION_TOKEN": "", "AWS_REGION": ""}); strings.Join(got, ",") != "AWS_REGION,AWS_SESSION_TOKEN" {
		t.Errorf("ReservedKeysIn = %v", got)
	}
}

func TestARNs(t *testing.T) {
	fn := FunctionARN("aws", "eu-west-1", "012345678901", "my-func")
	if fn != "arn:aws:lambda:eu-west-1:012345678901:function:my-func" {
		t.Errorf("FunctionARN = %q", fn)
	}
	if got, want := InvokeARN("eu-west-1", fn), "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations"; got != want {
		t.Errorf("InvokeARN = %q, want %q", got, want)
	}
	q := QualifiedARN(fn, "live")
	if got := InvokeARN("eu-west-1", q); !strings.Contains(got, "function:my-func:live/invocations") {
		t.Errorf("InvokeARN(qualified) = %q", got)
	}
	cn := FunctionARN("aws-cn", "cn-north-1", "012345678901", "f")
	if got := InvokeARN("cn-north-1", cn); !strings.HasPrefix(got, "arn:aws-cn:apigateway:cn-north-1:lambda:path/") {
		t.Errorf("InvokeARN(aws-cn) = %q", got)
	}
	if got := UnqualifiedARN(q); got != fn {
		t.Errorf("UnqualifiedARN(%q) = %q", q, got)
	}
	if got := UnqualifiedARN(fn); got != fn {
		t.Errorf("UnqualifiedARN(%q) = %q", fn, got)
	}
	if _, ok := ParseFunctionARN("my-func"); ok {
		t.Error("ParseFunctionARN(name) ok")
	}
	// filebase64sha256 of an empty file.
	if got := CodeSha256(nil); got != "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" {
		t.Errorf("CodeSha256(nil) = %q", got)
	}
}

func TestStatementJSONAndRoundTrip(t *testing.T) {
	p := Permission{
		StatementID: "AllowAPIGateway", Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com",
		SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*", Resource: "arn:aws:lambda:us-east-1:123456789012:function:fn",
	}
	b, err := json.Marshal(NewStatement("aws", p))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Sid":"AllowAPIGateway","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:123456789012:abc123/*/*"}}}`
	if string(b) != want {
		t.Errorf("statement JSON =\n%s\nwant\n%s", b, want)
	}
	var back Statement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := back.Permission(); got != p {
		t.Errorf("round trip = %+v, want %+v", got, p)
	}
	for _, tt := range []struct{ principal, json string }{
		{"*", `"*"`},
		{"123456789012", `{"AWS":"arn:aws:iam::123456789012:root"}`},
		{"arn:aws:iam::123456789012:role/r", `{"AWS":"arn:aws:iam::123456789012:role/r"}`},
		{"s3.amazonaws.com", `{"Service":"s3.amazonaws.com"}`},
	} {
		b, _ := json.Marshal(PrincipalOf("aws", tt.principal))
		if string(b) != tt.json {
			t.Errorf("PrincipalOf(%q) = %s, want %s", tt.principal, b, tt.json)
		}
		var pr Principal
		if err := json.Unmarshal(b, &pr); err != nil || pr != PrincipalOf("aws", tt.principal) {
			t.Errorf("Principal round trip of %s = %+v, %v", b, pr, err)
		}
	}
	s := NewStatement("aws", Permission{StatementID: "x", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceAccount: "123456789012", EventSourceToken: "tok", PrincipalOrgID: "o-1", FunctionURLAuthType: "NONE"})
	if got := s.Condition["StringEquals"]; len(got) != 4 || got[CondSourceAccount] != "123456789012" || got[CondPrincipalOrgID] != "o-1" {
		t.Errorf("StringEquals = %v", got)
	}
}

func TestPolicyAllows(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:123456789012:function:fn"
	method := "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"
	inv := Invocation{Action: "lambda:InvokeFunction", Service: "apigateway.amazonaws.com", SourceArn: method}
	tests := []struct {
		name string
		p    Permission
		want bool
	}{
		{"any source", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com"}, true},
		{"api wildcard", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*"}, true},
		{"exact", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: method}, true},
		{"single char", Permission{Action: "lambda:*", Principal: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc12?/prod/GET/pets"}, true},
		{"star principal", Permission{Action: "*", Principal: "*"}, true},
		{"other api", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:us-east-1:123456789012:zzz/*/*"}, false},
		{"other method", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/pets"}, false},
		{"other service", Permission{Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com"}, false},
		{"other action", Permission{Action: "lambda:GetFunction", Principal: "apigateway.amazonaws.com"}, false},
		{"account matches", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceAccount: "123456789012"}, false},
		{"org condition", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", PrincipalOrgID: "o-1"}, false},
		{"wildcard in region does not cross colon", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:*:abc123/*"}, false},
	}
	for _, tt := range tests {
		tt.p.Resource = fn
		pol := NewPolicy()
		pol.Statement = append(pol.Statement, NewStatement("aws", tt.p))
		if got := pol.Allows(inv); got != tt.want {
			t.Errorf("%s: Allows = %v, want %v", tt.name, got, tt.want)
		}
	}
	withAccount := inv
	withAccount.SourceAccount = "123456789012"
	s := NewStatement("aws", Permission{Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceAccount: "123456789012"})
	if !s.Allows(withAccount) {
		t.Error("SourceAccount condition with the right account refused")
	}
	if NewPolicy().Allows(inv) {
		t.Error("empty policy allows")
	}
}

func TestArnLikeAndGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"arn:aws:execute-api:us-east-1:1:a/*", "arn:aws:execute-api:us-east-1:1:a/prod/GET/x:y", true},
		{"arn:aws:execute-api:us-*-1:1:a/*", "arn:aws:execute-api:us-east-1:1:a/x", true},
		{"arn:aws:execute-api:us-east-1:1:a/*/GET/", "arn:aws:execute-api:us-east-1:1:a/prod/GET/", true},
		{"arn:aws:execute-api:us-east-1:1:a/*/GET/", "arn:aws:execute-api:us-east-1:1:a/prod/GET/x", false},
		{"not-an-arn", "not-an-arn", true},
		{"not-an-arn", "arn:aws:s3:::b", false},
	}
	for _, tt := range tests {
		if got := ArnLike(tt.pattern, tt.s); got != tt.want {
			t.Errorf("ArnLike(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
