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

const apiKeyName = "aws_api_gateway_api_key.test"

func apiKeyConfig(body string) string {
	return `
resource "aws_api_gateway_api_key" "test" {
  name = "k1"
` + body + `
}
`
}

func (e *accEnv) checkAPIKeyOnGateway(enabled bool, description string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[apiKeyName].Primary.ID
		out, err := e.conn.GetApiKey(context.Background(), &apigateway.GetApiKeyInput{ApiKey: aws.String(id), IncludeValue: aws.Bool(true)})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if out.Enabled != enabled || aws.ToString(out.Description) != description {
			return fmt.Errorf("gateway key enabled=%v description=%q, want %v %q", out.Enabled, aws.ToString(out.Description), enabled, description)
		}
		if v := s.RootModule().Resources[apiKeyName].Primary.Attributes["value"]; v != aws.ToString(out.Value) {
			return fmt.Errorf("state value %q, gateway %q", v, aws.ToString(out.Value))
		}
		return nil
	}
}

func (e *accEnv) checkNoAPIKeys(*terraform.State) error {
	out, err := e.conn.GetApiKeys(context.Background(), &apigateway.GetApiKeysInput{})
	if err != nil {
		return err
	}
	if len(out.Items) != 0 {
		return fmt.Errorf("%d API keys left", len(out.Items))
	}
	return nil
}

func TestAccAPIKey_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoAPIKeys,
		Steps: []resource.TestStep{
			{
				Config: e.config(apiKeyConfig("")),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(apiKeyName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(apiKeyName, "enabled", "true"),
					resource.TestCheckResourceAttr(apiKeyName, "description", "Managed by Terraform"),
					resource.TestMatchResourceAttr(apiKeyName, "value", regexp.MustCompile(`^[A-Za-z0-9]{40}$`)),
					resource.TestMatchResourceAttr(apiKeyName, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/apikeys/[a-z0-9]{10}$`)),
					e.checkAPIKeyOnGateway(true, "Managed by Terraform"),
				),
			},
			{
				Config:           e.config(apiKeyConfig(`enabled = false` + "\n" + `description = "off"`)),
				ConfigPlanChecks: expectAction(apiKeyName, plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(apiKeyName, "enabled", "false"),
					e.checkAPIKeyOnGateway(false, "off"),
				),
			},
			{
				ResourceName:      apiKeyName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config:           e.config(apiKeyConfig(`enabled = false` + "\n" + `description = "off"` + "\n" + `value = "0123456789abcdefghijKLMNOP"`)),
				ConfigPlanChecks: expectAction(apiKeyName, plancheck.ResourceActionDestroyBeforeCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(apiKeyName, "value", "0123456789abcdefghijKLMNOP"),
					e.checkAPIKeyOnGateway(false, "off"),
				),
			},
		},
	})
}

func TestAccAPIKey_validation(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config(apiKeyConfig(`value = "short"`)),
				ExpectError: regexp.MustCompile(`string length must be between 20 and 128`),
				PlanOnly:    true,
			},
		},
	})
}
