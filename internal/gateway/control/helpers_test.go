package control_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

func newClient(t *testing.T) *apigateway.Client {
	t.Helper()
	return gatewaytest.NewClient(gatewaytest.Start(t))
}

// wantErr asserts err is an AWS error with the given HTTP status, error code
// and message (message "" skips the message check).
func wantErr(t *testing.T, err error, status int, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %d %s %q, got success", status, code, message)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Errorf("error code = %q, want %q (%v)", ae.ErrorCode(), code, err)
	}
	if message != "" && ae.ErrorMessage() != message {
		t.Errorf("error message = %q, want %q", ae.ErrorMessage(), message)
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != status {
		t.Errorf("status = %d, want %d", re.HTTPStatusCode(), status)
	}
}

// must(call(...))(t) fails the test on error and returns the value.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

type fixture struct {
	c      *apigateway.Client
	api    string
	root   string
	res    string // /pets
	ctx    context.Context
	client *apigateway.Client
}

// newFixture creates an API with a /pets resource.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := newClient(t)
	ctx := context.Background()
	api := must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("fixture")}))(t)
	res := must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String("pets")}))(t)
	return &fixture{c: c, client: c, api: *api.Id, root: *api.RootResourceId, res: *res.Id, ctx: ctx}
}

func (f *fixture) putMethod(t *testing.T, resID, verb string) {
	t.Helper()
	must(f.c.PutMethod(f.ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &resID, HttpMethod: aws.String(verb), AuthorizationType: aws.String("NONE")}))(t)
}

func (f *fixture) putMock(t *testing.T, resID, verb string) {
	t.Helper()
	must(f.c.PutIntegration(f.ctx, &apigateway.PutIntegrationInput{RestApiId: &f.api, ResourceId: &resID, HttpMethod: aws.String(verb), Type: types.IntegrationTypeMock}))(t)
}
