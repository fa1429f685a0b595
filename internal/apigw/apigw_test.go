package apigw

import (
	"regexp"
	"strings"
	"testing"
)

const lambdaURI = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations"

func TestValidateHTTPMethod(t *testing.T) {
	for _, m := range HTTPMethods {
		if err := ValidateHTTPMethod(m); err != nil {
			t.Errorf("ValidateHTTPMethod(%q) = %v, want nil", m, err)
		}
	}
	tests := []struct{ in, wantSub string }{
		{"OPTION", `did you mean "OPTIONS"`},
		{"get", `did you mean "GET"`},
		{"", "must not be empty"},
		{"FETCH", `use one of "GET"`},
	}
	for _, tt := range tests {
		err := ValidateHTTPMethod(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("ValidateHTTPMethod(%q) = %v, want error containing %q", tt.in, err, tt.wantSub)
		}
	}
}

func TestParseAWSIntegrationURI(t *testing.T) {
	tests := []struct {
		uri     string
		want    AWSURI
		wantErr error
	}{
		{uri: lambdaURI, want: AWSURI{Partition: "aws", Region: "eu-west-1", Service: "lambda", Kind: "path", Path: "2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations"}},
		{uri: "arn:aws:apigateway:us-east-1:s3:path/bucket/key", want: AWSURI{Partition: "aws", Region: "us-east-1", Service: "s3", Kind: "path", Path: "bucket/key"}},
		{uri: "arn:aws:apigateway:us-east-1:mybucket.s3:action/GetObject", want: AWSURI{Partition: "aws", Region: "us-east-1", Subdomain: "mybucket", Service: "s3", Kind: "action", Path: "GetObject"}},
		{uri: "arn:aws-cn:apigateway:cn-north-1:sqs:action/SendMessage", want: AWSURI{Partition: "aws-cn", Region: "cn-north-1", Service: "sqs", Kind: "action", Path: "SendMessage"}},
		{uri: "non-valid-arn", wantErr: ErrInvalidARN},
		{uri: "", wantErr: ErrInvalidARN},
		{uri: "arn:aws:iam::0000000000:role/service-role/asdf", wantErr: ErrARNPathOrAction},
		{uri: "arn:aws:apigateway:us-east-1:s3:bucket/key", wantErr: ErrARNPathOrAction},
		{uri: "arn:aws:apigateway:us-east-1:s3:path/", wantErr: ErrARNPathOrAction},
	}
	for _, tt := range tests {
		got, err := ParseAWSIntegrationURI(tt.uri)
		if err != tt.wantErr {
			t.Errorf("ParseAWSIntegrationURI(%q) error = %v, want %v", tt.uri, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseAWSIntegrationURI(%q) = %+v, want %+v", tt.uri, got, tt.want)
		}
	}
}

func TestLambdaFunctionARN(t *testing.T) {
	fn, ok := LambdaFunctionARN(lambdaURI)
	if !ok || fn != "arn:aws:lambda:eu-west-1:012345678901:function:my-func" {
		t.Fatalf("LambdaFunctionARN = %q, %v", fn, ok)
	}
	for _, u := range []string{"arn:aws:apigateway:us-east-1:s3:path/b/k", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x", "nope"} {
		if fn, ok := LambdaFunctionARN(u); ok {
			t.Errorf("LambdaFunctionARN(%q) = %q, want not ok", u, fn)
		}
	}
}

func TestValidateHTTPIntegrationURI(t *testing.T) {
	good := []string{
		"https://example.com", "http://127.0.0.1:8080/pets", "https://example.com/pets/{petId}",
		"http://example.com/{proxy}", "https://${stageVariables.host}/path", "https://example.com/a?b=c%20d",
	}
	bad := []string{"", "non-valid-http", "example.com/pets", "ftp://example.com", "https://", "https:///path", "http://exa mple.com", "https://example.com/\"x\""}
	for _, u := range good {
		if err := ValidateHTTPIntegrationURI(u); err != nil {
			t.Errorf("ValidateHTTPIntegrationURI(%q) = %v, want nil", u, err)
		}
	}
	for _, u := range bad {
		if err := ValidateHTTPIntegrationURI(u); err == nil || err.Error() != MsgInvalidHTTPEndpoint {
			t.Errorf("ValidateHTTPIntegrationURI(%q) = %v, want %q", u, err, MsgInvalidHTTPEndpoint)
		}
	}
}

func TestValidateIntegration(t *testing.T) {
	type want struct {
		field    Field
		aws      string
		planOnly bool
	}
	tests := []struct {
		name string
		spec IntegrationSpec
		want []want
	}{
		{"seed mock", IntegrationSpec{Type: "MOCK"}, nil},
		{"mock with method", IntegrationSpec{Type: "MOCK", IntegrationHTTPMethod: "POST"}, nil},
		{"mock with uri", IntegrationSpec{Type: "MOCK", URI: "https://example.com"}, []want{{FieldURI, "", true}}},
		{"http ok", IntegrationSpec{Type: "HTTP", IntegrationHTTPMethod: "GET", URI: "https://example.com/x"}, nil},
		{"http no method", IntegrationSpec{Type: "HTTP", URI: "https://example.com/x"}, []want{{FieldIntegrationHTTPMethod, MsgEmptyHTTPMethod, false}}},
		{"http_proxy no uri", IntegrationSpec{Type: "HTTP_PROXY", IntegrationHTTPMethod: "ANY"}, []want{{FieldURI, MsgInvalidHTTPEndpoint, false}}},
		{"http bad uri", IntegrationSpec{Type: "HTTP", IntegrationHTTPMethod: "GET", URI: "non-valid-http"}, []want{{FieldURI, MsgInvalidHTTPEndpoint, false}}},
		{"aws lambda ok", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST", URI: lambdaURI}, nil},
		{"aws_proxy lambda ok", IntegrationSpec{Type: "AWS_PROXY", IntegrationHTTPMethod: "POST", URI: lambdaURI}, nil},
		{"aws bad arn", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST", URI: "non-valid-arn"}, []want{{FieldURI, MsgInvalidARN, false}}},
		{"aws iam arn", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST", URI: "arn:aws:iam::0000000000:role/service-role/asdf"}, []want{{FieldURI, MsgARNPathOrAction, false}}},
		{"aws no uri", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST"}, []want{{FieldURI, MsgInvalidARN, false}}},
		{"aws s3 no role", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "GET", URI: "arn:aws:apigateway:us-west-2:s3:path/b/k"}, []want{{FieldCredentials, MsgRoleRequired, false}}},
		{"aws s3 role", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "GET", URI: "arn:aws:apigateway:us-west-2:s3:path/b/k", Credentials: "arn:aws:iam::123456789012:role/s3"}, nil},
		{"aws_proxy s3", IntegrationSpec{Type: "AWS_PROXY", IntegrationHTTPMethod: "GET", URI: "arn:aws:apigateway:us-west-2:s3:path/b/k", Credentials: "arn:aws:iam::123456789012:role/s3"}, []want{{FieldURI, MsgAWSProxyTarget, false}}},
		{"caller credentials", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST", URI: lambdaURI, Credentials: "arn:aws:iam::*:user/*"}, nil},
		{"bad credentials", IntegrationSpec{Type: "AWS", IntegrationHTTPMethod: "POST", URI: lambdaURI, Credentials: "role"}, []want{{FieldCredentials, MsgInvalidARN, false}}},
		{"bad type", IntegrationSpec{Type: "LAMBDA"}, []want{{FieldType, EnumError("putIntegrationInput.type", "LAMBDA", IntegrationTypes), false}}},
		{"option typo", IntegrationSpec{Type: "HTTP", IntegrationHTTPMethod: "OPTION", URI: "https://e.com"}, []want{{FieldIntegrationHTTPMethod, EnumError("putIntegrationInput.integrationHttpMethod", "OPTION", HTTPMethods), false}}},
		{"vpc link without id", IntegrationSpec{Type: "HTTP_PROXY", IntegrationHTTPMethod: "ANY", URI: "https://e.com", ConnectionType: "VPC_LINK"}, []want{{FieldConnectionID, "Connection Id must be specified when connection type is VPC_LINK", false}}},
		{"id without vpc link", IntegrationSpec{Type: "HTTP_PROXY", IntegrationHTTPMethod: "ANY", URI: "https://e.com", ConnectionID: "abc"}, []want{{FieldConnectionID, "Connection Id can only be specified when connection type is VPC_LINK", false}}},
		{"timeout low", IntegrationSpec{Type: "MOCK", TimeoutInMillis: 10}, []want{{FieldTimeout, "Timeout should be between 50 ms and 300000 ms", false}}},
		{"timeout max", IntegrationSpec{Type: "MOCK", TimeoutInMillis: 300000}, nil},
		{"passthrough", IntegrationSpec{Type: "MOCK", PassthroughBehavior: "ALWAYS"}, []want{{FieldPassthroughBehavior, EnumError("putIntegrationInput.passthroughBehavior", "ALWAYS", PassthroughBehaviors), false}}},
		{"content handling", IntegrationSpec{Type: "MOCK", ContentHandling: "BINARY"}, []want{{FieldContentHandling, EnumError("putIntegrationInput.contentHandling", "BINARY", ContentHandlingStrategies), false}}},
		{"transfer mode", IntegrationSpec{Type: "MOCK", ResponseTransferMode: "CHUNKED"}, []want{{FieldResponseTransferMode, EnumError("putIntegrationInput.responseTransferMode", "CHUNKED", ResponseTransferModes), false}}},
		{"request params ok", IntegrationSpec{Type: "MOCK", RequestParameters: map[string]string{
			"integration.request.header.X-Id":    "method.request.path.id",
			"integration.request.querystring.q":  "'literal'",
			"integration.request.path.proxy":     "method.request.path.proxy",
			"integration.request.header.X-Stage": "stageVariables.name",
			"integration.request.header.X-Req":   "context.requestId",
			"integration.request.header.X-Body":  "method.request.body.name",
		}}, nil},
		{"request params bad", IntegrationSpec{Type: "MOCK", RequestParameters: map[string]string{"integration.request.body.x": "method.request.path.id", "integration.request.header.a": "nope"}}, []want{
			{FieldRequestParameters, "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: integration.request.body.x]", false},
			{FieldRequestParameters, "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: nope]", false},
		}},
		{"unknown skips", IntegrationSpec{Type: "HTTP", Unknown: map[Field]bool{FieldURI: true, FieldIntegrationHTTPMethod: true}}, nil},
		{"unknown type skips type rules", IntegrationSpec{Unknown: map[Field]bool{FieldType: true}, URI: "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidateIntegration(tt.spec)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d violations %v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if got[i].Field != w.field || got[i].AWSMessage != w.aws || got[i].PlanOnly != w.planOnly {
					t.Errorf("violation %d = %+v, want field %s aws %q planOnly %v", i, got[i], w.field, w.aws, w.planOnly)
				}
				if !strings.Contains(got[i].Message, string(w.field)) && w.field != FieldRequestParameters {
					t.Errorf("violation %d message %q does not name the attribute %s", i, got[i].Message, w.field)
				}
			}
		})
	}
}

func TestNameRules(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) error
		good []string
		bad  []string
	}{
		{"path part", ValidatePathPart, []string{"pets", "{petId}", "{proxy+}", "v1.2", "a_b-c"}, []string{"", "a/b", "{x", "x}", "{x+", "a b", "{}", "pets+"}},
		{"status", ValidateStatusCode, []string{"200", "404", "599", "100"}, []string{"", "600", "20", "2000", "abc", "099"}},
		{"stage", ValidateStageName, []string{"prod", "v1_beta-2"}, []string{"", "a b", "prod!", strings.Repeat("a", 129)}},
		{"model", ValidateModelName, []string{"Empty", "Pet2"}, []string{"", "my-model", "a b"}},
		{"method request param", ValidateMethodRequestParameter, []string{"method.request.path.id", "method.request.querystring.q", "method.request.header.X-A", "method.request.multivaluequerystring.m"}, []string{"method.request.body.x", "method.request.path.", "integration.request.path.id", "x"}},
		{"method response param", ValidateMethodResponseParameter, []string{"method.response.header.Access-Control-Allow-Origin"}, []string{"method.response.body.x", "method.response.header.", "x"}},
	}
	for _, tt := range tests {
		for _, g := range tt.good {
			if err := tt.fn(g); err != nil {
				t.Errorf("%s: %q rejected: %v", tt.name, g, err)
			}
		}
		for _, b := range tt.bad {
			if err := tt.fn(b); err == nil {
				t.Errorf("%s: %q accepted", tt.name, b)
			}
		}
	}
}

func TestIntegrationResponseParameter(t *testing.T) {
	good := map[string]string{
		"method.response.header.A": "integration.response.header.B",
		"method.response.header.C": "'*'",
		"method.response.header.D": "integration.response.body.id",
		"method.response.header.E": "integration.response.body",
		"method.response.header.F": "integration.response.multivalueheader.G",
	}
	for k, v := range good {
		if err := ValidateIntegrationResponseParameter(k, v); err != nil {
			t.Errorf("(%q, %q) rejected: %v", k, v, err)
		}
	}
	if err := ValidateIntegrationResponseParameter("method.response.header.A", "method.request.header.B"); err == nil {
		t.Error("method.request source accepted for an integration response")
	}
	if err := ValidateIntegrationResponseParameter("integration.response.header.A", "'x'"); err == nil {
		t.Error("non method.response key accepted")
	}
}

func TestStageVariables(t *testing.T) {
	if err := ValidateStageVariables(map[string]string{"host": "example.com:8080/path?a=b", "empty": ""}); err != nil {
		t.Errorf("valid variables rejected: %v", err)
	}
	for _, vars := range []map[string]string{{"bad-name": "x"}, {"n": "has space"}, {"n": "quote'"}} {
		if err := ValidateStageVariables(vars); err == nil {
			t.Errorf("%v accepted", vars)
		}
	}
}

func TestNewID(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]{10}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if !re.MatchString(id) {
			t.Fatalf("NewID() = %q", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestEnumError(t *testing.T) {
	got := EnumError("putIntegrationInput.type", "X", IntegrationTypes)
	want := "1 validation error detected: Value 'X' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, AWS, MOCK, HTTP_PROXY, AWS_PROXY]"
	if got != want {
		t.Errorf("EnumError = %q\nwant %q", got, want)
	}
	if OneOf([]string{"A"}) != `"A"` || OneOf([]string{"A", "B", "C"}) != `"A", "B" or "C"` {
		t.Errorf("OneOf formatting wrong: %s", OneOf([]string{"A", "B", "C"}))
	}
}
