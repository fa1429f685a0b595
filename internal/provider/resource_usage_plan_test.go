package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const usagePlanName = "aws_api_gateway_usage_plan.test"

func usagePlanConfig(body string) string {
	return mockChain + `
resource "aws_api_gateway_deployment" "one" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  depends_on  = [aws_api_gateway_integration.test]
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  stage_name    = "prod"
  deployment_id = aws_api_gateway_deployment.one.id
}

resource "aws_api_gateway_api_key" "test" {
  name = "k1"
}

resource "aws_api_gateway_usage_plan" "test" {
  name = "plan"
` + body + `
}

resource "aws_api_gateway_usage_plan_key" "test" {
  key_id        = aws_api_gateway_api_key.test.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.test.id
}
`
}

const usagePlanFull = `
  description = "gold"
  api_stages {
    api_id = aws_api_gateway_rest_api.test.id
    stage  = aws_api_gateway_stage.test.stage_name
    throttle {
      path        = "/*/*"
      burst_limit = 5
      rate_limit  = 2.5
    }
  }
  quota_settings {
    limit  = 100
    offset = 2
    period = "WEEK"
  }
  throttle_settings {
    burst_limit = 10
    rate_limit  = 5
  }
`

const usagePlanUpdated = `
  description = "silver"
  api_stages {
    api_id = aws_api_gateway_rest_api.test.id
    stage  = aws_api_gateway_stage.test.stage_name
  }
  quota_settings {
    limit  = 50
    period = "MONTH"
  }
`

func (e *accEnv) checkUsagePlanOnGateway(description string, quota int32, stageThrottles int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[usagePlanName].Primary.ID
		out, err := e.conn.GetUsagePlan(context.Background(), &apigateway.GetUsagePlanInput{UsagePlanId: aws.String(id)})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if aws.ToString(out.Description) != description || out.Quota == nil || out.Quota.Limit != quota || len(out.ApiStages) != 1 || len(out.ApiStages[0].Throttle) != stageThrottles {
			return fmt.Errorf("gateway plan = %+v", out)
		}
		keys, err := e.conn.GetUsagePlanKeys(context.Background(), &apigateway.GetUsagePlanKeysInput{UsagePlanId: aws.String(id)})
		if err != nil || len(keys.Items) != 1 {
			return fmt.Errorf("gateway plan keys = %+v, %v", keys, err)
		}
		return nil
	}
}

func TestAccUsagePlan_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoAPIKeys,
		Steps: []resource.TestStep{
			{
				Config: e.config(usagePlanConfig(usagePlanFull)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(usagePlanName, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/usageplans/[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(usagePlanName, "api_stages.0.throttle.0.rate_limit", "2.5"),
					resource.TestCheckResourceAttr(usagePlanName, "quota_settings.0.period", "WEEK"),
					resource.TestCheckResourceAttr(usagePlanName, "throttle_settings.0.burst_limit", "10"),
					resource.TestCheckResourceAttrPair("aws_api_gateway_usage_plan_key.test", "id", "aws_api_gateway_api_key.test", "id"),
					resource.TestCheckResourceAttr("aws_api_gateway_usage_plan_key.test", "name", "k1"),
					e.checkUsagePlanOnGateway("gold", 100, 1),
				),
			},
			{
				ResourceName:      usagePlanName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      "aws_api_gateway_usage_plan_key.test",
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[usagePlanName].Primary.ID + "/" + s.RootModule().Resources["aws_api_gateway_api_key.test"].Primary.ID, nil
				},
			},
			{
				Config:           e.config(usagePlanConfig(usagePlanUpdated)),
				ConfigPlanChecks: expectAction(usagePlanName, plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(usagePlanName, "throttle_settings.#", "0"),
					e.checkUsagePlanOnGateway("silver", 50, 0),
				),
			},
		},
	})
}

func TestAccUsagePlan_validation(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config(usagePlanConfig("quota_settings {\n limit = 1\n offset = 3\n period = \"DAY\"\n}")),
				ExpectError: regexp.MustCompile(`Quota offset must be zero in the DAY period`),
				PlanOnly:    true,
			},
			{
				Config:      e.config(usagePlanConfig("api_stages {\n api_id = \"x\"\n stage = \"y\"\n throttle {\n path = \"/pets/FETCH\"\n }\n}")),
				ExpectError: regexp.MustCompile(`Invalid method setting path`),
				PlanOnly:    true,
			},
		},
	})
}
