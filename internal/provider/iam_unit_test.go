package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func strSet(vs ...string) types.Set {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

func strList(vs ...string) types.List {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func stmt(s policyDocumentStatementCfg) policyDocumentStatementCfg {
	for _, p := range []*types.Set{&s.Actions, &s.NotActions, &s.Resources, &s.NotResources} {
		if p.IsNull() || (p.ElementType(context.Background()) == nil) {
			*p = types.SetNull(types.StringType)
		}
	}
	if s.Sid.IsNull() {
		s.Sid = types.StringNull()
	}
	return s
}

func render(t *testing.T, m iamPolicyDocumentModel) (iamPolicyDocumentModel, diag.Diagnostics) {
	t.Helper()
	for _, p := range []*types.List{&m.SourcePolicyDocuments, &m.OverridePolicyDocuments} {
		if p.ElementType(context.Background()) == nil {
			*p = types.ListNull(types.StringType)
		}
	}
	var d diag.Diagnostics
	renderPolicyDocument(context.Background(), &m, &d)
	return m, d
}

// TestPolicyDocumentLayout renders HashiCorp's own acceptance configuration
// (TestAccIAMPolicyDocumentDataSource_basic) and expects its exact JSON,
// indented and minified.
func TestPolicyDocumentLayout(t *testing.T) {
	m := iamPolicyDocumentModel{
		PolicyID: types.StringValue("policy_id"),
		Statement: []policyDocumentStatementCfg{
			stmt(policyDocumentStatementCfg{
				Sid:       types.StringValue("1"),
				Actions:   strSet("s3:ListAllMyBuckets", "s3:GetBucketLocation"),
				Resources: strSet("arn:aws:s3:::*"),
			}),
			stmt(policyDocumentStatementCfg{
				Actions:   strSet("s3:ListBucket"),
				Resources: strSet("arn:aws:s3:::foo"),
				Condition: []policyDocumentConditionCfg{{
					Test: types.StringValue("StringLike"), Variable: types.StringValue("s3:prefix"),
					Values: strList("home/", "", "home/&{aws:username}/"),
				}},
				NotPrincipals: []policyDocumentPrincipalCfg{{Type: types.StringValue("AWS"), Identifiers: strSet("arn:blahblah:example")}},
			}),
			stmt(policyDocumentStatementCfg{
				Actions:    strSet("s3:*"),
				Resources:  strSet("arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"),
				Principals: []policyDocumentPrincipalCfg{{Type: types.StringValue("AWS"), Identifiers: strSet("arn:blahblah:example")}},
			}),
			stmt(policyDocumentStatementCfg{
				Effect:       types.StringValue("Deny"),
				NotActions:   strSet("s3:*"),
				NotResources: strSet("arn:aws:s3:::*"),
			}),
			stmt(policyDocumentStatementCfg{
				Effect:     types.StringValue("Allow"),
				Actions:    strSet("kinesis:*"),
				Principals: []policyDocumentPrincipalCfg{{Type: types.StringValue("AWS"), Identifiers: strSet("*")}},
			}),
			stmt(policyDocumentStatementCfg{
				Effect:     types.StringValue("Allow"),
				Actions:    strSet("firehose:*"),
				Principals: []policyDocumentPrincipalCfg{{Type: types.StringValue("*"), Identifiers: strSet("*")}},
			}),
		},
	}
	got, d := render(t, m)
	if d.HasError() {
		t.Fatalf("render: %v", d)
	}
	want := `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/${aws:username}/*",
        "arn:aws:s3:::foo/home/${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}`
	wantMin := `{"Version":"2012-10-17","Id":"policy_id","Statement":[{"Sid":"1","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::foo","NotPrincipal":{"AWS":"arn:blahblah:example"},"Condition":{"StringLike":{"s3:prefix":["home/","","home/${aws:username}/"]}}},{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::foo/home/${aws:username}/*","arn:aws:s3:::foo/home/${aws:username}"],"Principal":{"AWS":"arn:blahblah:example"}},{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},{"Effect":"Allow","Action":"firehose:*","Principal":"*"}]}`
	if got.JSON.ValueString() != want {
		t.Errorf("json =\n%s\nwant\n%s", got.JSON.ValueString(), want)
	}
	if got.MinifiedJSON.ValueString() != wantMin {
		t.Errorf("minified_json =\n%s\nwant\n%s", got.MinifiedJSON.ValueString(), wantMin)
	}
	if got.ID.ValueString() == "" || got.Version.ValueString() != "2012-10-17" || got.Statement[1].Effect.ValueString() != "Allow" {
		t.Errorf("computed: id %q version %q effect %q", got.ID.ValueString(), got.Version.ValueString(), got.Statement[1].Effect.ValueString())
	}
}

// TestPolicyDocumentMerge: HashiCorp's source/override merge rules and
// their error messages.
func TestPolicyDocumentMerge(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"foo:ActionOne"},{"Sid":"overrideSid","Effect":"Allow","Action":"bar:ActionOne"}]}`
	b := `{"Version":"2012-10-17","Statement":[{"Sid":"validSid","Effect":"Deny","Action":"foo:ActionTwo"}]}`
	c := `{"Version":"2012-10-17","Statement":[{"Sid":"overrideSid","Effect":"Deny","Action":"bar:ActionOne"}]}`
	cases := []struct {
		name    string
		m       iamPolicyDocumentModel
		want    string
		wantErr string
	}{
		{"override list", iamPolicyDocumentModel{Version: types.StringValue("2012-10-17"), OverridePolicyDocuments: strList(a, b, c)}, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}`, ""},
		{"source list with a conflicting Sid", iamPolicyDocumentModel{SourcePolicyDocuments: strList(a, b, c)}, "",
			"merging source document 2: duplicate Sid (overrideSid) in source_policy_documents (statement 0). Remove the Sid or ensure Sids are unique."},
		{"blank source, no statement", iamPolicyDocumentModel{SourcePolicyDocuments: strList("")}, "{\n  \"Version\": \"2012-10-17\"\n}", ""},
		{"statement replaces a source statement with its Sid", iamPolicyDocumentModel{
			SourcePolicyDocuments: strList(`{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Action":"iam:*","Resource":"*"}]}`),
			Statement:             []policyDocumentStatementCfg{stmt(policyDocumentStatementCfg{Sid: types.StringValue("S1"), Actions: strSet("*"), Resources: strSet("*")})},
		}, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "S1",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`, ""},
		{"duplicate Sid", iamPolicyDocumentModel{Statement: []policyDocumentStatementCfg{
			stmt(policyDocumentStatementCfg{Sid: types.StringValue("1"), Actions: strSet("s3:*")}),
			stmt(policyDocumentStatementCfg{Sid: types.StringValue("1"), Actions: strSet("ec2:*")}),
		}}, "", "duplicate Sid (1). Remove the Sid or ensure the Sid is unique."},
		{"policy variable in a 2008-10-17 document", iamPolicyDocumentModel{Version: types.StringValue("2008-10-17"), Statement: []policyDocumentStatementCfg{
			stmt(policyDocumentStatementCfg{Actions: strSet("*"), Resources: strSet("arn:aws:s3:::foo/home/&{aws:username}")}),
		}}, "", "found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not supported in document version 2008-10-17"},
		{"principal identifiers from several blocks", iamPolicyDocumentModel{Statement: []policyDocumentStatementCfg{
			stmt(policyDocumentStatementCfg{Actions: strSet("*"), Resources: strSet("*"), Sid: types.StringValue("P"), Principals: []policyDocumentPrincipalCfg{
				{Type: types.StringValue("AWS"), Identifiers: strSet("arn:aws:iam::111111111111:root")},
				{Type: types.StringValue("AWS"), Identifiers: strSet("arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root")},
			}}),
		}}, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "P",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::222222222222:root"
        ]
      }
    }
  ]
}`, ""},
		{"conditions with the same key are joined; a source document's bool", iamPolicyDocumentModel{
			SourcePolicyDocuments: strList(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`),
			Statement: []policyDocumentStatementCfg{stmt(policyDocumentStatementCfg{Actions: strSet("s3:PutObject"), Resources: strSet("*"), Condition: []policyDocumentConditionCfg{
				{Test: types.StringValue("StringEquals"), Variable: types.StringValue("s3:prefix"), Values: strList("one/", "two/")},
				{Test: types.StringValue("StringEquals"), Variable: types.StringValue("s3:prefix"), Values: strList("three/")},
			}})},
		}, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":["one/","two/","three/"]}}}]}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, d := render(t, tc.m)
			if tc.wantErr != "" {
				if !d.HasError() || !strings.Contains(d[0].Detail(), tc.wantErr) {
					t.Fatalf("diagnostics = %v, want an error containing %q", d, tc.wantErr)
				}
				return
			}
			if d.HasError() {
				t.Fatalf("render: %v", d)
			}
			out := got.JSON.ValueString()
			if !strings.Contains(tc.want, "\n") {
				out = got.MinifiedJSON.ValueString()
			}
			if out != tc.want {
				t.Errorf("got\n%s\nwant\n%s", out, tc.want)
			}
		})
	}
}

func TestIAMValidators(t *testing.T) {
	cases := []struct {
		name  string
		v     validator.String
		value string
		err   string // "" = valid
	}{
		{"policy ok", iamPolicyJSONValidator{}, `{"Version":"2012-10-17"}`, ""},
		{"policy leading space", iamPolicyJSONValidator{}, ` {"a":1}`, "leading space characters are not allowed"},
		{"policy JSON string", iamPolicyJSONValidator{}, `"{}"`, "contains a JSON-encoded string, not a JSON value"},
		{"policy array", iamPolicyJSONValidator{}, `[]`, "not a JSON object"},
		{"policy broken", iamPolicyJSONValidator{}, `{"a":`, "contains an invalid JSON"},
		{"policy empty", iamPolicyJSONValidator{}, ``, "is an empty string, which is not a valid JSON value"},
		{"name ok", iamNameValidator{max: 64}, "my-role_1+=,.@", ""},
		{"name with a space", iamNameValidator{max: 64}, "my role", `must match [\w+=,.@-]`},
		{"name too long", iamNameValidator{max: 64}, strings.Repeat("r", 65), "to be in the range (1 - 64)"},
		{"ARN ok", arnValidator{}, "arn:aws:iam::aws:policy/AdministratorAccess", ""},
		{"not an ARN", arnValidator{}, "AdministratorAccess", "is an invalid ARN"},
		{"role name", rolePolicyRoleValidator{}, "my-role", ""},
		{"role ARN instead of name", rolePolicyRoleValidator{}, "arn:aws:iam::123456789012:role/my-role", "must be the role's name not its ARN"},
		{"JSON list element", jsonStringValidator{}, `{`, "contains an invalid JSON: unexpected end of JSON input"},
		{"blank JSON list element", jsonStringValidator{}, ``, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(tc.value)}
			var resp validator.StringResponse
			tc.v.ValidateString(context.Background(), req, &resp)
			switch {
			case tc.err == "" && resp.Diagnostics.HasError():
				t.Errorf("unexpected error: %v", resp.Diagnostics)
			case tc.err != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), tc.err)):
				t.Errorf("diagnostics = %v, want %q", resp.Diagnostics, tc.err)
			}
		})
	}
}

func TestIAMNames(t *testing.T) {
	gen := iamCreateName("", "app-")
	if !strings.HasPrefix(gen, "app-") || len(gen) != len("app-")+iamUniqueIDSuffixLength {
		t.Errorf("iamCreateName(prefix) = %q", gen)
	}
	if p := iamNamePrefixFromName(gen); p.ValueString() != "app-" {
		t.Errorf("prefix of %q = %v", gen, p)
	}
	if p := iamNamePrefixFromName("plain-name"); !p.IsNull() {
		t.Errorf("prefix of a plain name = %v, want null", p)
	}
	if n := iamCreateName("", ""); !strings.HasPrefix(n, "terraform-") {
		t.Errorf("generated name %q", n)
	}
	if n := iamCreateName("given", "ignored-"); n != "given" {
		t.Errorf("iamCreateName(name) = %q", n)
	}
	if a, b := iamCreateName("", "x"), iamCreateName("", "x"); a == b {
		t.Errorf("two generated names are equal: %q", a)
	}
}

func TestLegacyPolicyNormalize(t *testing.T) {
	got, err := legacyPolicyNormalize(`{ "Statement": [ {"Effect": "Allow", "Action": "s3:*", "Resource": "*"} ], "Version": "2012-10-17" }`)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Version":"2012-10-17","Statement":[{"Action":"s3:*","Effect":"Allow","Resource":"*"}]}`; got != want {
		t.Errorf("legacyPolicyNormalize = %s, want %s", got, want)
	}
}
