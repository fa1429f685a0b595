package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const restAPIPolicyName = "aws_api_gateway_rest_api_policy.test"

func restAPIPolicyConfig(cidr string) string {
	return `
resource "aws_api_gateway_rest_api" "test" {
  name = "policy"
  # portico's aws_api_gateway_rest_api removes a policy its configuration
  # does not set (HashiCorp's keeps it): ignore it there.
  lifecycle {
    ignore_changes = [policy]
  }
}

resource "aws_api_gateway_rest_api_policy" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
      Condition = { IpAddress = { "aws:SourceIp" = "` + cidr + `" } }
    }]
  })
}
`
}

func (e *accEnv) checkRestAPIPolicyOnGateway(c captured, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.GetRestApi(context.Background(), &apigateway.GetRestApiInput{RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"])})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if p := aws.ToString(out.Policy); (want == "") != (p == "") || !strings.Contains(p, want) {
			return fmt.Errorf("gateway policy = %q, want it to contain %q", p, want)
		}
		return nil
	}
}

func TestAccRestAPIPolicy_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(restAPIPolicyConfig("10.0.0.0/8")),
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttrPair(restAPIPolicyName, "id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestMatchResourceAttr(restAPIPolicyName, "policy", regexp.MustCompile(`10\.0\.0\.0/8`)),
					e.checkRestAPIPolicyOnGateway(c, `10.0.0.0/8`),
				),
			},
			{
				Config:           e.config(restAPIPolicyConfig("192.168.0.0/16")),
				ConfigPlanChecks: expectAction(restAPIPolicyName, plancheck.ResourceActionUpdate),
				Check:            e.checkRestAPIPolicyOnGateway(c, `192.168.0.0/16`),
			},
			{
				ResourceName:      restAPIPolicyName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(restAPIPolicyName, "rest_api_id"),
			},
			{
				// Removing the resource removes the policy.
				Config: e.config(`
resource "aws_api_gateway_rest_api" "test" {
  name = "policy"
  lifecycle {
    ignore_changes = [policy]
  }
}
`),
				Check: e.checkRestAPIPolicyOnGateway(c, ""),
			},
		},
	})
}

func TestAccRestAPIPolicy_planTime(t *testing.T) {
	e := newAccEnv(t)
	steps := []resource.TestStep{}
	for _, tc := range []struct{ policy, err string }{
		{`"[1]"`, `Invalid policy document`},
		{`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Maybe", Action = "execute-api:Invoke", Resource = "*" }] })`, `Effect must be Allow or Deny`},
		{`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "execute-api:Invoke", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "10.0.0.300/8" } } }] })`, `invalid IP address or CIDR`},
	} {
		steps = append(steps, resource.TestStep{PlanOnly: true, ExpectError: regexp.MustCompile(tc.err), Config: e.config(`
resource "aws_api_gateway_rest_api_policy" "test" {
  rest_api_id = "abc"
  policy      = ` + tc.policy + `
}
`)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
