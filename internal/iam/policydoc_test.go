package iam

import "testing"

func TestValidateDocument(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		kind docKind
		want string // "" = valid
	}{
		{"valid identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, identityPolicy, ""},
		{"single statement object", `{"Version":"2012-10-17","Statement":{"Sid":"A1","Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, identityPolicy, ""},
		{"not JSON", `This is not a json document`, identityPolicy, "Syntax errors in policy."},
		{"not an object", `["x"]`, identityPolicy, "Syntax errors in policy."},
		{"unknown top-level key", `{"Version":"2012-10-17","Statements":[]}`, identityPolicy, "Syntax errors in policy."},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, identityPolicy, "Syntax errors in policy."},
		{"statement without Effect", `{"Version":"2012-10-17","Statement":{"Action":"s3:*","Resource":"*"}}`, identityPolicy, "Syntax errors in policy."},
		{"unknown statement key", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Extra":1}}`, identityPolicy, "Syntax errors in policy."},
		{"Action and NotAction", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}`, identityPolicy, "Syntax errors in policy."},
		{"no Version", `{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, identityPolicy, "Policy document must be version 2012-10-17 or greater."},
		{"old Version", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`, identityPolicy, "Policy document must be version 2012-10-17 or greater."},
		{"unknown Version", `{"Version":"2013-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}`, identityPolicy, "Syntax errors in policy."},
		{"lower-case effect", `{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:ListBucket","Resource":"*"}}`, identityPolicy, "The policy failed legacy parsing"},
		{"duplicate Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, identityPolicy, "Statement IDs (SID) in a single policy must be unique."},
		{"no actions", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}`, identityPolicy, "Policy statement must contain actions."},
		{"resource not an ARN", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"adf"}}`, identityPolicy, `Resource adf must be in ARN format or "*".`},
		{"bad partition", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:error:s3:::example_bucket"}}`, identityPolicy, `Partition "error" is not valid for resource "arn:error:s3:::example_bucket".`},
		{"action without vendor", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid","Resource":"*"}}`, identityPolicy, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
		{"action with two colons", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}}`, identityPolicy, "Actions/Condition can contain only one colon."},
		{"invalid vendor", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a a:ListBucket","Resource":"*"}}`, identityPolicy, "Vendor a a is not valid"},
		{"no resources", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`, identityPolicy, "Policy statement must contain resources."},
		{"principal in identity policy", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}}`, identityPolicy, "Policy document should not specify a principal."},
		{"valid trust", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]},"Action":["sts:AssumeRole","sts:TagSession"]}]}`, trustPolicy, ""},
		{"trust without Version", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`, trustPolicy, ""},
		{"trust not JSON", `{`, trustPolicy, "This policy contains invalid Json"},
		{"trust with Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"sts:AssumeRole","Resource":"*"}]}`, trustPolicy, "Has prohibited field Resource"},
		{"trust with other action", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"iam:GetRole"}]}`, trustPolicy, "AssumeRole policy may only specify STS AssumeRole actions."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if e := validateDocument(tc.doc, tc.kind); e != nil {
				got = e.Message
				if e.Code != "MalformedPolicyDocument" || e.Status != 400 {
					t.Errorf("error = %+v", e)
				}
			}
			if got != tc.want {
				t.Errorf("validateDocument = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEncodeDocument(t *testing.T) {
	cases := map[string]string{
		`{"a": "b+c"}`: "%7B%22a%22%3A%20%22b%2Bc%22%7D",
		"x-y_z.~1":     "x-y_z.~1",
		"é\n":          "%C3%A9%0A",
	}
	for in, want := range cases {
		if got := encodeDocument(in); got != want {
			t.Errorf("encodeDocument(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePolicyARN(t *testing.T) {
	cases := []struct {
		in         string
		ok         bool
		path, name string
	}{
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true, "/service-role/", "AWSLambdaBasicExecutionRole"},
		{"arn:aws:iam::123456789012:policy/p", true, "/", "p"},
		{"arn:aws:iam::123456789012:role/p", false, "", ""},
		{"longpolicynamebutnoarn", false, "", ""},
		{"arn:aws:iam::123456789012:policy/", false, "", ""},
	}
	for _, tc := range cases {
		p, ok := parsePolicyARN(tc.in)
		if ok != tc.ok || p.path != tc.path || p.name != tc.name {
			t.Errorf("parsePolicyARN(%q) = %+v, %v", tc.in, p, ok)
		}
	}
}
