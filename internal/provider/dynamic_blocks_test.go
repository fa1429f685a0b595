package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccDynamicBlocksUnknownAtPlan: a `dynamic` block whose for_each is
// known only after apply makes the whole block list unknown at validation
// time. The resources that check their blocks in ValidateConfig
// (aws_api_gateway_rest_api endpoint_configuration, aws_api_gateway_deployment
// canary_settings, aws_api_gateway_integration tls_config) failed such
// configurations with "Value Conversion Error ... Received unknown value"
// instead of planning them.
func TestAccDynamicBlocksUnknownAtPlan(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(dynamicBlocksBase),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("aws_api_gateway_rest_api.test", "endpoint_configuration.0.types.0", "REGIONAL"),
					resource.TestCheckResourceAttr("aws_api_gateway_integration.test", "tls_config.0.insecure_skip_verification", "true"),
				),
			},
			{
				// A canary deployment needs its stage to exist: the step
				// before made it; this one's for_each is unknown again. Plan
				// only (deleting a canary deployment while its stage's
				// canary still points at it fails, as on AWS).
				Config: e.config(dynamicBlocksBase + `
resource "terraform_data" "canary" {
  input = [5]
}

resource "aws_api_gateway_deployment" "canary" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  stage_name  = "dev"
  dynamic "canary_settings" {
    for_each = terraform_data.canary.output
    content {
      percent_traffic = canary_settings.value
    }
  }
  depends_on = [aws_api_gateway_deployment.test]
}
`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

const dynamicBlocksBase = `
resource "terraform_data" "later" {
  input = { one = [1], skip = [true] }
}

resource "aws_api_gateway_rest_api" "test" {
  name = "dynamic"
  dynamic "endpoint_configuration" {
    for_each = terraform_data.later.output.one
    content {
      types = ["REGIONAL"]
    }
  }
}

resource "aws_api_gateway_method" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  resource_id   = aws_api_gateway_rest_api.test.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "test" {
  rest_api_id             = aws_api_gateway_rest_api.test.id
  resource_id             = aws_api_gateway_rest_api.test.root_resource_id
  http_method             = aws_api_gateway_method.test.http_method
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "https://example.com/"
  dynamic "tls_config" {
    for_each = terraform_data.later.output.skip
    content {
      insecure_skip_verification = tls_config.value
    }
  }
}

resource "aws_api_gateway_deployment" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  stage_name  = "dev"
  depends_on  = [aws_api_gateway_integration.test]
}
`
