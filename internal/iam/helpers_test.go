package iam_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/portico/portico/internal/iam"
	"github.com/portico/portico/internal/kv"
)

const (
	testAccount = "123456789012"
	testKey     = "AKIAPORTICOTEST"
	testSecret  = "portico-test-secret"
)

const trustLambda = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const logsPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}`

// env is one test's IAM/STS service on a loopback HTTP server, with SDK
// clients for it.
type env struct {
	t       *testing.T
	url     string
	records *kv.Mem
	iam     *awsiam.Client
	sts     *sts.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	records := kv.NewMem()
	return newEnvWith(t, records)
}

func newEnvWith(t *testing.T, records *kv.Mem) *env {
	t.Helper()
	svc := iam.New(iam.Options{Records: records, AccountID: testAccount, Region: "us-east-1"})
	srv := httptest.NewServer(svc)
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL, records: records}
	e.iam = e.iamClient(testKey, testSecret, "")
	e.sts = e.stsClient(testKey, testSecret, "")
	return e
}

func (e *env) iamClient(key, secret, token string) *awsiam.Client {
	return awsiam.New(awsiam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.url),
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, token),
		Retryer:      aws.NopRetryer{},
	})
}

func (e *env) stsClient(key, secret, token string) *sts.Client {
	return sts.New(sts.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.url),
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, token),
		Retryer:      aws.NopRetryer{},
	})
}

func (e *env) createRole(name string) {
	e.t.Helper()
	if _, err := e.iam.CreateRole(context.Background(), &awsiam.CreateRoleInput{
		RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustLambda),
	}); err != nil {
		e.t.Fatalf("CreateRole(%s): %v", name, err)
	}
}

func (e *env) createPolicy(name, doc string) string {
	e.t.Helper()
	out, err := e.iam.CreatePolicy(context.Background(), &awsiam.CreatePolicyInput{
		PolicyName: aws.String(name), PolicyDocument: aws.String(doc),
	})
	if err != nil {
		e.t.Fatalf("CreatePolicy(%s): %v", name, err)
	}
	return aws.ToString(out.Policy.Arn)
}

// apiError is what an SDK error says: status, code, message.
type apiError struct {
	status  int
	code    string
	message string
}

func asAPIError(t *testing.T, err error) apiError {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error, got success")
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	out := apiError{code: ae.ErrorCode(), message: ae.ErrorMessage()}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		out.status = re.HTTPStatusCode()
	}
	return out
}

func decodeDoc(t *testing.T, s string) string {
	t.Helper()
	d, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatalf("policy document %q is not URL-encoded: %v", s, err)
	}
	return d
}
