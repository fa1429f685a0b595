package apigw

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestARNs(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"rest api", RestAPIARN("aws", "us-east-1", "a1b2c3"), "arn:aws:apigateway:us-east-1::/restapis/a1b2c3"},
		{"stage", StageARN("aws-cn", "cn-north-1", "a1b2c3", "prod"), "arn:aws-cn:apigateway:cn-north-1::/restapis/a1b2c3/stages/prod"},
		{"execution", ExecutionARN("aws", "eu-west-2", "123456789012", "z4675bid1j", "prod"), "arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j/prod"},
		{"execution every stage", ExecutionARN("aws", "eu-west-2", "123456789012", "z4675bid1j", ""), "arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j/"},
		{"api execution", APIExecutionARN("aws", "eu-west-2", "123456789012", "z4675bid1j"), "arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseResourceARN(t *testing.T) {
	tests := []struct {
		arn     string
		want    ResourceARN
		wantErr bool
	}{
		{arn: RestAPIARN("aws", "us-east-1", "abc"), want: ResourceARN{Partition: "aws", Region: "us-east-1", RestAPIID: "abc"}},
		{arn: StageARN("aws-us-gov", "us-gov-west-1", "abc", "dev"), want: ResourceARN{Partition: "aws-us-gov", Region: "us-gov-west-1", RestAPIID: "abc", StageName: "dev"}},
		{arn: "arn:aws:apigateway:us-east-1::restapis/abc", want: ResourceARN{Partition: "aws", Region: "us-east-1", RestAPIID: "abc"}},
		{arn: "", wantErr: true},
		{arn: "nope", wantErr: true},
		{arn: "arn:aws:lambda:us-east-1::/restapis/abc", wantErr: true},
		{arn: "arn:azure:apigateway:us-east-1::/restapis/abc", wantErr: true},
		{arn: "arn:aws:apigateway:us-east-1:123456789012:/restapis/abc", wantErr: true},
		{arn: "arn:aws:apigateway:us-east-1::/restapis/", wantErr: true},
		{arn: "arn:aws:apigateway:us-east-1::/restapis/abc/stages/", wantErr: true},
		{arn: "arn:aws:apigateway:us-east-1::/restapis/abc/resources/r1", wantErr: true},
		{arn: "arn:aws:apigateway:us-east-1::/apikeys/k1", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseResourceARN(tt.arn)
		if tt.wantErr {
			if !errors.Is(err, ErrInvalidARN) || err.Error() != MsgInvalidARN {
				t.Errorf("ParseResourceARN(%q) = %+v, %v; want %q", tt.arn, got, err, MsgInvalidARN)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseResourceARN(%q) = %+v, %v; want %+v", tt.arn, got, err, tt.want)
		}
	}
}

func TestValidateTags(t *testing.T) {
	many := func(n int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[strings.Repeat("k", i+1)] = "v"
		}
		return m
	}
	tests := []struct {
		name    string
		tags    map[string]string
		wantErr error
		wantKey string
		wantMsg string // part of Message()
	}{
		{name: "none", tags: nil},
		{name: "ordinary", tags: map[string]string{"Environment": "prod", "empty": "", "with space": "a b"}},
		{name: "longest key and value", tags: map[string]string{strings.Repeat("k", 128): strings.Repeat("v", 256)}},
		{name: "multi-byte key counts characters", tags: map[string]string{strings.Repeat("é", 128): strings.Repeat("ü", 256)}},
		{name: "fifty", tags: many(50)},
		{name: "fifty-one", tags: many(51), wantErr: ErrTooManyTags, wantMsg: "51 tags"},
		{name: "empty key", tags: map[string]string{"": "v"}, wantErr: ErrTagKeyLength, wantMsg: "must not be empty"},
		{name: "long key", tags: map[string]string{strings.Repeat("k", 129): "v"}, wantErr: ErrTagKeyLength, wantKey: strings.Repeat("k", 129), wantMsg: "129 characters"},
		{name: "reserved key", tags: map[string]string{"aws:cloudformation:stack": "v"}, wantErr: ErrTagKeyReserved, wantKey: "aws:cloudformation:stack", wantMsg: `starts with "aws:"`},
		{name: "reserved key in any case", tags: map[string]string{"AWS:x": "v"}, wantErr: ErrTagKeyReserved, wantKey: "AWS:x"},
		{name: "aws without colon is fine", tags: map[string]string{"awsome": "v"}},
		{name: "reserved prefix in a value is fine", tags: map[string]string{"k": "aws:v"}},
		{name: "long value", tags: map[string]string{"k": strings.Repeat("v", 257)}, wantErr: ErrTagValueLength, wantKey: "k", wantMsg: "longer than 256"},
		{name: "first key in order", tags: map[string]string{"b": strings.Repeat("v", 257), "aws:a": "v"}, wantErr: ErrTagKeyReserved, wantKey: "aws:a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateTags(tt.tags)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ValidateTags = %v, want nil", err)
				}
				return
			}
			var te *TagError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &te) {
				t.Fatalf("ValidateTags = %v, want %v", err, tt.wantErr)
			}
			if err.Error() != tt.wantErr.Error() {
				t.Errorf("Error() = %q, want the gateway's answer %q", err.Error(), tt.wantErr.Error())
			}
			if tt.wantKey != "" && te.Key != tt.wantKey {
				t.Errorf("Key = %q, want %q", te.Key, tt.wantKey)
			}
			if !strings.Contains(te.Message(), tt.wantMsg) {
				t.Errorf("Message() = %q, want it to contain %q", te.Message(), tt.wantMsg)
			}
		})
	}
	if got := ErrTagKeyReserved.Error(); got != "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)" {
		t.Errorf("ErrTagKeyReserved = %q, not AWS's text", got)
	}
}

func TestValidateCompressionSize(t *testing.T) {
	tests := []struct {
		n  int64
		ok bool
	}{{0, true}, {1024, true}, {10485760, true}, {-1, false}, {10485761, false}, {1 << 40, false}}
	for _, tt := range tests {
		err := ValidateCompressionSize(tt.n)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateCompressionSize(%d) = %v, want ok %v", tt.n, err, tt.ok)
		}
		if err != nil && err.Error() != "Invalid minimum compression size, must be between 0 and 10485760" {
			t.Errorf("ValidateCompressionSize(%d) = %q, not AWS's text", tt.n, err)
		}
	}
	if want := fmt.Sprintf("Invalid minimum compression size, must be between %d and %d", MinCompressionSize, MaxCompressionSize); MsgInvalidCompressionSize != want {
		t.Errorf("MsgInvalidCompressionSize = %q, but the limits say %q", MsgInvalidCompressionSize, want)
	}
}

func TestEndpointConfiguration(t *testing.T) {
	if DefaultEndpointType != "EDGE" || DefaultIPAddressType("EDGE") != "ipv4" || DefaultIPAddressType("REGIONAL") != "ipv4" || DefaultIPAddressType("PRIVATE") != "dualstack" {
		t.Errorf("defaults: %s, %s, %s, %s", DefaultEndpointType, DefaultIPAddressType("EDGE"), DefaultIPAddressType("REGIONAL"), DefaultIPAddressType("PRIVATE"))
	}
	tests := []struct {
		name string
		ec   *EndpointConfiguration
		want error
	}{
		{"nil", nil, nil},
		{"not set", &EndpointConfiguration{}, nil},
		{"regional", &EndpointConfiguration{Types: []string{"REGIONAL"}, IPAddressType: "dualstack"}, nil},
		{"private dualstack", &EndpointConfiguration{Types: []string{"PRIVATE"}, IPAddressType: "dualstack", VpcEndpointIds: []string{"vpce-1"}}, nil},
		{"private unset ip", &EndpointConfiguration{Types: []string{"PRIVATE"}}, nil},
		{"empty types", &EndpointConfiguration{Types: []string{}}, ErrNoEndpointTypes},
		{"two types", &EndpointConfiguration{Types: []string{"EDGE", "REGIONAL"}}, ErrMultipleEndpointTypes},
		{"private ipv4", &EndpointConfiguration{Types: []string{"PRIVATE"}, IPAddressType: "ipv4"}, ErrPrivateNeedsDualstack},
		{"vpc endpoints on regional", &EndpointConfiguration{Types: []string{"REGIONAL"}, VpcEndpointIds: []string{"vpce-1"}}, ErrVPCEndpointsNotPrivate},
		{"vpc endpoints without types", &EndpointConfiguration{VpcEndpointIds: []string{"vpce-1"}}, ErrVPCEndpointsNotPrivate},
		{"types before ip", &EndpointConfiguration{Types: []string{"PRIVATE", "EDGE"}, IPAddressType: "ipv4"}, ErrMultipleEndpointTypes},
	}
	for _, tt := range tests {
		if got := ValidateEndpointConfiguration(tt.ec); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("%s: ValidateEndpointConfiguration = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAuthorizationTypes(t *testing.T) {
	for _, tt := range []struct {
		t    string
		uses bool
	}{{"NONE", false}, {"AWS_IAM", false}, {"CUSTOM", true}, {"COGNITO_USER_POOLS", true}, {"custom", false}} {
		if got := UsesAuthorizer(tt.t); got != tt.uses {
			t.Errorf("UsesAuthorizer(%q) = %v, want %v", tt.t, got, tt.uses)
		}
	}
	for _, a := range AuthorizerAuthorizationTypes {
		if !In(a, AuthorizationTypes) {
			t.Errorf("%q is not an authorization type", a)
		}
	}
}

func TestPatchPaths(t *testing.T) {
	tests := []struct {
		p         PatchPath
		removable bool
		prefix    string
	}{
		{IntegrationPatchCredentials, true, "/credentials"},
		{IntegrationPatchConnectionID, true, "/connectionId"},
		{IntegrationPatchContentHandling, true, "/contentHandling"},
		{IntegrationPatchIntegrationTarget, true, "/integrationTarget"},
		{IntegrationPatchURI, false, "/uri"},
		{IntegrationPatchCacheNamespace, false, "/cacheNamespace"},
		{IntegrationPatchRequestTemplates, true, "/requestTemplates"},
		{IntegrationPatchCacheKeyParameters, true, "/cacheKeyParameters"},
		{IntegrationResponsePatchSelectionPattern, true, "/selectionPattern"},
	}
	for _, tt := range tests {
		if tt.p.Removable() != tt.removable || tt.p.Prefix() != tt.prefix {
			t.Errorf("%+v: Removable %v Prefix %q, want %v %q", tt.p, tt.p.Removable(), tt.p.Prefix(), tt.removable, tt.prefix)
		}
	}
	if IntegrationPatchCacheKeyParameters.Allows("replace") || !IntegrationPatchRequestParameters.Allows("replace") || IntegrationPatchType.Allows("rem") {
		t.Error("Allows answers wrong")
	}
	for _, k := range []string{"application/json", "a~b", "~1", "plain", ""} {
		e := EscapePatchKey(k)
		if strings.Contains(e, "/") || UnescapePatchKey(e) != k {
			t.Errorf("EscapePatchKey(%q) = %q, unescaped %q", k, e, UnescapePatchKey(e))
		}
	}
	if EscapePatchKey("application/json") != "application~1json" || EscapePatchKey("a~b") != "a~0b" {
		t.Error("EscapePatchKey is not RFC 6901's encoding")
	}
}
