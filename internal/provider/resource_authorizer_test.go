package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const authorizerName = "aws_api_gateway_authorizer.test"

const authorizerURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authz/invocations"

func authorizerConfig(body string) string {
	return `
resource "aws_api_gateway_rest_api" "test" {
  name = "authorizers"
}

resource "aws_api_gateway_authorizer" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
` + body + `
}
`
}

const authorizerMethod = `
resource "aws_api_gateway_method" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  resource_id   = aws_api_gateway_rest_api.test.root_resource_id
  http_method   = "GET"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.test.id
}

data "aws_api_gateway_authorizer" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  authorizer_id = aws_api_gateway_authorizer.test.id
}

data "aws_api_gateway_authorizers" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  depends_on  = [aws_api_gateway_authorizer.test]
}
`

func (e *accEnv) checkAuthorizerOnGateway(c captured, name string, ttl int32) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.GetAuthorizer(context.Background(), &apigateway.GetAuthorizerInput{
			RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), AuthorizerId: aws.String(c[authorizerName+".id"]),
		})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if aws.ToString(out.Name) != name || aws.ToInt32(out.AuthorizerResultTtlInSeconds) != ttl {
			return fmt.Errorf("gateway authorizer = %q ttl %d, want %q ttl %d", aws.ToString(out.Name), aws.ToInt32(out.AuthorizerResultTtlInSeconds), name, ttl)
		}
		return nil
	}
}

func TestAccAuthorizer_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(authorizerConfig(`
  name           = "tok"
  authorizer_uri = "`+authorizerURI+`"
`) + authorizerMethod),
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture(authorizerName, "id"),
					resource.TestMatchResourceAttr(authorizerName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(authorizerName, "type", "TOKEN"),
					resource.TestCheckResourceAttr(authorizerName, "identity_source", "method.request.header.Authorization"),
					resource.TestCheckResourceAttr(authorizerName, "authorizer_result_ttl_in_seconds", "300"),
					resource.TestMatchResourceAttr(authorizerName, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/restapis/[a-z0-9]+/authorizers/[a-z0-9]+$`)),
					resource.TestCheckResourceAttrPair("aws_api_gateway_method.test", "authorizer_id", authorizerName, "id"),
					resource.TestCheckResourceAttrPair("data.aws_api_gateway_authorizer.test", "name", authorizerName, "name"),
					resource.TestCheckResourceAttrPair("data.aws_api_gateway_authorizer.test", "arn", authorizerName, "arn"),
					resource.TestCheckResourceAttr("data.aws_api_gateway_authorizer.test", "authorizer_result_ttl_in_seconds", "300"),
					resource.TestCheckResourceAttr("data.aws_api_gateway_authorizers.test", "ids.#", "1"),
					resource.TestCheckResourceAttrPair("data.aws_api_gateway_authorizers.test", "ids.0", authorizerName, "id"),
					e.checkAuthorizerOnGateway(c, "tok", 300),
				),
			},
			{
				Config: e.config(authorizerConfig(`
  name                             = "req"
  type                             = "REQUEST"
  authorizer_uri                   = "` + authorizerURI + `"
  identity_source                  = "method.request.header.X-User,method.request.querystring.tenant"
  authorizer_result_ttl_in_seconds = 0
`)),
				ConfigPlanChecks: expectAction(authorizerName, plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(authorizerName, "type", "REQUEST"),
					resource.TestCheckResourceAttr(authorizerName, "authorizer_result_ttl_in_seconds", "0"),
					e.checkAuthorizerOnGateway(c, "req", 0),
				),
			},
			{
				ResourceName:      authorizerName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(authorizerName, "rest_api_id", "id"),
			},
			{
				PreConfig: func() {
					_, err := e.conn.UpdateAuthorizer(context.Background(), &apigateway.UpdateAuthorizerInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), AuthorizerId: aws.String(c[authorizerName+".id"]),
						PatchOperations: []awstypes.PatchOperation{{Op: awstypes.OpReplace, Path: aws.String("/name"), Value: aws.String("drift")}},
					})
					must(t, "out-of-band UpdateAuthorizer", err)
				},
				Config: e.config(authorizerConfig(`
  name                             = "req"
  type                             = "REQUEST"
  authorizer_uri                   = "` + authorizerURI + `"
  identity_source                  = "method.request.header.X-User,method.request.querystring.tenant"
  authorizer_result_ttl_in_seconds = 0
`)),
				ConfigPlanChecks: planShowsDrift(authorizerName, plancheck.ResourceActionUpdate),
				Check:            e.checkAuthorizerOnGateway(c, "req", 0),
			},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteAuthorizer(context.Background(), &apigateway.DeleteAuthorizerInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), AuthorizerId: aws.String(c[authorizerName+".id"]),
					})
					must(t, "out-of-band DeleteAuthorizer", err)
				},
				Config: e.config(authorizerConfig(`
  name                             = "req"
  type                             = "REQUEST"
  authorizer_uri                   = "` + authorizerURI + `"
  identity_source                  = "method.request.header.X-User,method.request.querystring.tenant"
  authorizer_result_ttl_in_seconds = 0
`)),
				ConfigPlanChecks: planShowsDrift(authorizerName, plancheck.ResourceActionCreate),
			},
		},
	})
}

// TestAccAuthorizer_planTime: the gateway's rules refuse bad arguments at
// plan time, before any API call.
func TestAccAuthorizer_planTime(t *testing.T) {
	e := newAccEnv(t)
	cases := []struct{ body, err string }{
		{`name = "a"`, `authorizer_uri must be set for type TOKEN`},
		{`
  name = "a"
  type = "COGNITO_USER_POOLS"`, `provider_arns must be set for type COGNITO_USER_POOLS`},
		{`
  name                             = "a"
  authorizer_uri                   = "` + authorizerURI + `"
  authorizer_result_ttl_in_seconds = 3601`, `between 0 and 3600`},
		{`
  name            = "a"
  authorizer_uri  = "` + authorizerURI + `"
  identity_source = "method.request.querystring.token"`, `must be a request header`},
		{`
  name            = "a"
  type            = "REQUEST"
  authorizer_uri  = "` + authorizerURI + `"
  identity_source = "header.x"`, `Invalid identity source specified`},
		{`
  name           = "a"
  authorizer_uri = "arn:aws:lambda:us-east-1:000000000000:function:authz"`, `Invalid authorizer URI`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: e.config(authorizerConfig(tc.body)), PlanOnly: true, ExpectError: regexp.MustCompile(tc.err)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
