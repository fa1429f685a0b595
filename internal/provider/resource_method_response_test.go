package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Helpers shared by the method response, integration response, model,
// deployment and stage tests.

// captured holds attribute values read from state by one step for the
// PreConfig (out-of-band SDK calls) of a later one.
type captured map[string]string

// capture records name's attributes keys into c under "name.key".
func (c captured) capture(name string, keys ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, k := range keys {
			v, err := stateAttr(s, name, k)
			if err != nil {
				return err
			}
			c[name+"."+k] = v
		}
		return nil
	}
}

// must fails the test on an SDK error in a PreConfig.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// expectUpdate / expectCreate / expectReplace are ConfigPlanChecks.
func expectAction(name string, a plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, a)}}
}

// planShowsDrift is a ConfigPlanChecks for a refresh that found a change
// made outside Terraform and an apply that puts the configuration back.
func planShowsDrift(name string, a plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, a)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
}

// mockChain is apiChain with a MOCK integration on the GET method.
const mockChain = apiChain + `
resource "aws_api_gateway_integration" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}
`

const methodResponseName = "aws_api_gateway_method_response.test"

func methodResponseConfig(body string) string {
	return apiChain + fmt.Sprintf(`
resource "aws_api_gateway_method_response" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  status_code = "200"
%s
}
`, body)
}

func (e *accEnv) getMethodResponse(c captured, code string) (*apigateway.GetMethodResponseOutput, error) {
	return e.conn.GetMethodResponse(context.Background(), &apigateway.GetMethodResponseInput{
		RestApiId:  aws.String(c["aws_api_gateway_rest_api.test.id"]),
		ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
		HttpMethod: aws.String("GET"),
		StatusCode: aws.String(code),
	})
}

// checkMethodResponseOnGateway compares the gateway's method response 200.
func (e *accEnv) checkMethodResponseOnGateway(c captured, models map[string]string, params map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.getMethodResponse(c, "200")
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if fmt.Sprint(out.ResponseModels) != fmt.Sprint(models) && len(out.ResponseModels)+len(models) > 0 {
			return fmt.Errorf("gateway responseModels = %v, want %v", out.ResponseModels, models)
		}
		if fmt.Sprint(out.ResponseParameters) != fmt.Sprint(params) && len(out.ResponseParameters)+len(params) > 0 {
			return fmt.Errorf("gateway responseParameters = %v, want %v", out.ResponseParameters, params)
		}
		return nil
	}
}

func TestAccMethodResponse_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(methodResponseConfig(`
  response_models = { "application/json" = "Empty" }
  response_parameters = {
    "method.response.header.X-A" = true
  }
`)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture("aws_api_gateway_resource.test", "id"),
					resource.TestMatchResourceAttr(methodResponseName, "id", regexp.MustCompile(`^agmr-[a-z0-9]{10}-[a-z0-9]{10}-GET-200$`)),
					resource.TestCheckResourceAttrPair(methodResponseName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttrPair(methodResponseName, "resource_id", "aws_api_gateway_resource.test", "id"),
					resource.TestCheckResourceAttr(methodResponseName, "http_method", "GET"),
					resource.TestCheckResourceAttr(methodResponseName, "status_code", "200"),
					resource.TestCheckResourceAttr(methodResponseName, "response_models.%", "1"),
					resource.TestCheckResourceAttr(methodResponseName, "response_models.application/json", "Empty"),
					resource.TestCheckResourceAttr(methodResponseName, "response_parameters.%", "1"),
					resource.TestCheckResourceAttr(methodResponseName, "response_parameters.method.response.header.X-A", "true"),
					e.checkMethodResponseOnGateway(c, map[string]string{"application/json": "Empty"}, map[string]bool{"method.response.header.X-A": true}),
				),
			},
			{
				// Every updatable argument changes in place.
				Config: e.config(methodResponseConfig(`
  response_models = { "application/json" = "Error", "text/plain" = "Empty" }
  response_parameters = {
    "method.response.header.X-A" = false
    "method.response.header.X-B" = true
  }
`)),
				ConfigPlanChecks:  expectAction(methodResponseName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(methodResponseName, "response_models.%", "2"),
					resource.TestCheckResourceAttr(methodResponseName, "response_models.application/json", "Error"),
					resource.TestCheckResourceAttr(methodResponseName, "response_parameters.method.response.header.X-A", "false"),
					resource.TestCheckResourceAttr(methodResponseName, "response_parameters.method.response.header.X-B", "true"),
					e.checkMethodResponseOnGateway(c,
						map[string]string{"application/json": "Error", "text/plain": "Empty"},
						map[string]bool{"method.response.header.X-A": false, "method.response.header.X-B": true}),
				),
			},
			{
				// Optional arguments removed: really removed on the gateway.
				Config:            e.config(methodResponseConfig("")),
				ConfigPlanChecks:  expectAction(methodResponseName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(methodResponseName, "response_models.%"),
					resource.TestCheckNoResourceAttr(methodResponseName, "response_parameters.%"),
					e.checkMethodResponseOnGateway(c, nil, nil),
				),
			},
			{
				Config: e.config(methodResponseConfig(`
  response_models = { "application/json" = "Empty" }
  response_parameters = { "method.response.header.X-A" = true }
`)),
			},
			{
				ResourceName:      methodResponseName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(methodResponseName, "rest_api_id", "resource_id", "http_method", "status_code"),
			},
			{
				// Changed outside Terraform: the plan puts it back.
				PreConfig: func() {
					_, err := e.conn.UpdateMethodResponse(context.Background(), &apigateway.UpdateMethodResponseInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
						HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
						PatchOperations: []awstypes.PatchOperation{
							{Op: awstypes.OpAdd, Path: aws.String("/responseParameters/method.response.header.X-Drift"), Value: aws.String("true")},
							{Op: awstypes.OpReplace, Path: aws.String("/responseModels/application~1json"), Value: aws.String("Error")},
						},
					})
					must(t, "out-of-band UpdateMethodResponse", err)
				},
				Config: e.config(methodResponseConfig(`
  response_models = { "application/json" = "Empty" }
  response_parameters = { "method.response.header.X-A" = true }
`)),
				ConfigPlanChecks: planShowsDrift(methodResponseName, plancheck.ResourceActionUpdate),
				Check:            e.checkMethodResponseOnGateway(c, map[string]string{"application/json": "Empty"}, map[string]bool{"method.response.header.X-A": true}),
			},
			{
				// Deleted outside Terraform: planned for re-creation.
				PreConfig: func() {
					_, err := e.conn.DeleteMethodResponse(context.Background(), &apigateway.DeleteMethodResponseInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
						HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
					})
					must(t, "out-of-band DeleteMethodResponse", err)
				},
				Config: e.config(methodResponseConfig(`
  response_models = { "application/json" = "Empty" }
  response_parameters = { "method.response.header.X-A" = true }
`)),
				ConfigPlanChecks: planShowsDrift(methodResponseName, plancheck.ResourceActionCreate),
				Check:            e.checkMethodResponseOnGateway(c, map[string]string{"application/json": "Empty"}, map[string]bool{"method.response.header.X-A": true}),
			},
		},
	})
}

// TestAccMethodResponse_validation: each bad value is a plan-time error
// naming the attribute and the rule, and nothing is created.
func TestAccMethodResponse_validation(t *testing.T) {
	cases := []struct {
		name, status, method, params string
		want                         string
	}{
		{"status 600", "600", "GET", "", `Invalid status code specified: "600"`},
		{"status letters", "2xx", "GET", "", `Invalid status_code`},
		{"method OPTION", "200", "OPTION", "", `did you mean "OPTIONS"`},
		{"parameter location", "200", "GET", `response_parameters = { "method.response.body.x" = true }`, `method.response.header.NAME`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.config(apiChain + fmt.Sprintf(`
resource "aws_api_gateway_method_response" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = %q
  status_code = %q
  %s
}
`, tc.method, tc.status, tc.params)),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}
