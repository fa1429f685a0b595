package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

const (
	requestValidatorName = "aws_api_gateway_request_validator.test"
	gatewayResponseName  = "aws_api_gateway_gateway_response.test"
)

func accessObjectsConfig(validator, response string) string {
	return `
resource "aws_api_gateway_rest_api" "test" {
  name = "validators"
}

resource "aws_api_gateway_request_validator" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
` + validator + `
}

resource "aws_api_gateway_gateway_response" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
` + response + `
}
`
}

func TestAccRequestValidatorAndGatewayResponse_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(accessObjectsConfig(`  name = "body"
  validate_request_body = true`, `  response_type = "BAD_REQUEST_BODY"
  status_code   = "422"
  response_parameters = { "gatewayresponse.header.x-why" = "'schema'" }
  response_templates  = { "application/json" = "{\"error\":$context.error.messageString}" }`)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(requestValidatorName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(requestValidatorName, "validate_request_body", "true"),
					resource.TestCheckResourceAttr(requestValidatorName, "validate_request_parameters", "false"),
					resource.TestMatchResourceAttr(gatewayResponseName, "id", regexp.MustCompile(`^aggr-[a-z0-9]{10}-BAD_REQUEST_BODY$`)),
					resource.TestCheckResourceAttr(gatewayResponseName, "status_code", "422"),
					resource.TestCheckResourceAttr(gatewayResponseName, "response_parameters.gatewayresponse.header.x-why", "'schema'"),
				),
			},
			{
				Config: e.config(accessObjectsConfig(`  name = "all"
  validate_request_body       = true
  validate_request_parameters = true`, `  response_type = "BAD_REQUEST_BODY"
  status_code   = "400"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(requestValidatorName, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(gatewayResponseName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(requestValidatorName, "name", "all"),
					resource.TestCheckResourceAttr(requestValidatorName, "validate_request_parameters", "true"),
					resource.TestCheckResourceAttr(gatewayResponseName, "status_code", "400"),
					resource.TestCheckNoResourceAttr(gatewayResponseName, "response_parameters.%"),
				),
			},
			{
				ResourceName:      requestValidatorName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(requestValidatorName, "rest_api_id", "id"),
			},
			{
				ResourceName:      gatewayResponseName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(gatewayResponseName, "rest_api_id", "response_type"),
			},
		},
	})
}

func TestAccGatewayResponse_planTimeChecks(t *testing.T) {
	e := newAccEnv(t)
	cases := []struct{ body, err string }{
		{`  response_type = "NOPE"`, `value must be one of`},
		{`  response_type = "THROTTLED"
  status_code   = "99"`, `Invalid status code`},
		{`  response_type = "THROTTLED"
  response_parameters = { "method.response.header.x" = "'a'" }`, `Invalid mapping expression`},
		{`  response_type = "THROTTLED"
  response_parameters = { "gatewayresponse.header.x" = "bogus" }`, `Invalid mapping expression parameter`},
		{`  response_type = "THROTTLED"
  response_templates = { "application/json" = "#if(" }`, `Invalid mapping template`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: e.config(accessObjectsConfig(`  name = "v"`, tc.body)), PlanOnly: true, ExpectError: regexp.MustCompile(tc.err)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
