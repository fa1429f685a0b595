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

const methodName = "aws_api_gateway_method.test"

const methodBase = `
resource "aws_api_gateway_rest_api" "test" {
  name = "methods"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "pets"
}
`

func methodConfig(args string) string {
	return methodBase + `
resource "aws_api_gateway_method" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = "POST"
` + args + `
}
`
}

func TestAccMethod_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(methodName, plancheck.ResourceActionUpdate),
	}}
	full := methodConfig(`
  authorization    = "NONE"
  api_key_required = true
  operation_name   = "CreatePet"
  request_models = {
    "application/json" = "Empty"
  }
  request_parameters = {
    "method.request.header.X-Id"      = true
    "method.request.querystring.page" = false
  }
`)
	updated := methodConfig(`
  authorization    = "AWS_IAM"
  api_key_required = false
  operation_name   = "AddPet"
  request_models = {
    "application/json" = "Error"
    "application/xml"  = "Empty"
  }
  request_parameters = {
    "method.request.header.X-Id"  = false
    "method.request.path.petId"   = true
  }
`)
	minimal := methodConfig(`  authorization = "AWS_IAM"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoMethods,
		Steps: []resource.TestStep{
			{
				Config:            e.config(full),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(methodName, "id", regexp.MustCompile(`^agm-[a-z0-9]{10}-[a-z0-9]{10}-POST$`)),
					resource.TestCheckResourceAttr(methodName, "http_method", "POST"),
					resource.TestCheckResourceAttr(methodName, "authorization", "NONE"),
					resource.TestCheckResourceAttr(methodName, "api_key_required", "true"),
					resource.TestCheckResourceAttr(methodName, "operation_name", "CreatePet"),
					resource.TestCheckResourceAttr(methodName, "request_models.%", "1"),
					resource.TestCheckResourceAttr(methodName, "request_models.application/json", "Empty"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.%", "2"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.method.request.header.X-Id", "true"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.method.request.querystring.page", "false"),
					resource.TestCheckNoResourceAttr(methodName, "authorizer_id"),
					resource.TestCheckNoResourceAttr(methodName, "request_validator_id"),
				),
			},
			{
				Config:            e.config(updated),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(methodName, "authorization", "AWS_IAM"),
					resource.TestCheckResourceAttr(methodName, "api_key_required", "false"),
					resource.TestCheckResourceAttr(methodName, "operation_name", "AddPet"),
					resource.TestCheckResourceAttr(methodName, "request_models.%", "2"),
					resource.TestCheckResourceAttr(methodName, "request_models.application/json", "Error"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.%", "2"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.method.request.header.X-Id", "false"),
					resource.TestCheckResourceAttr(methodName, "request_parameters.method.request.path.petId", "true"),
					e.checkMethodOnGateway(func(m *apigateway.GetMethodOutput) error {
						if _, ok := m.RequestParameters["method.request.querystring.page"]; ok {
							return fmt.Errorf("removed request parameter still on the gateway: %v", m.RequestParameters)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:      methodName,
				ImportState:       true,
				ImportStateIdFunc: importStateIDFunc(methodName, "rest_api_id", "resource_id", "http_method"),
				ImportStateVerify: true,
			},
			{
				// a lower-case method in the id gets the plan-time rule's hint
				ResourceName:  methodName,
				ImportState:   true,
				ImportStateId: "api/res/post",
				ExpectError:   regexp.MustCompile(`did you mean "POST"`),
			},
			{
				Config:            e.config(minimal),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(methodName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(methodName, "operation_name"),
					resource.TestCheckNoResourceAttr(methodName, "request_models.%"),
					resource.TestCheckNoResourceAttr(methodName, "request_parameters.%"),
					resource.TestCheckResourceAttr(methodName, "api_key_required", "false"),
					e.checkMethodOnGateway(func(m *apigateway.GetMethodOutput) error {
						if len(m.RequestParameters) > 0 || len(m.RequestModels) > 0 || aws.ToString(m.OperationName) != "" {
							return fmt.Errorf("removed arguments still on the gateway: %+v %+v %v", m.RequestParameters, m.RequestModels, aws.ToString(m.OperationName))
						}
						return nil
					}),
				),
			},
			{
				PreConfig: func() {
					api, res := e.resourceIDs(t, "/pets")
					if _, err := e.conn.UpdateMethod(context.Background(), &apigateway.UpdateMethodInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res), HttpMethod: aws.String("POST"),
						PatchOperations: []awstypes.PatchOperation{{Op: awstypes.OpReplace, Path: aws.String("/authorizationType"), Value: aws.String("NONE")}},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           e.config(minimal),
				ConfigPlanChecks: update,
				Check:            resource.TestCheckResourceAttr(methodName, "authorization", "AWS_IAM"),
			},
			{
				PreConfig: func() {
					api, res := e.resourceIDs(t, "/pets")
					if _, err := e.conn.DeleteMethod(context.Background(), &apigateway.DeleteMethodInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res), HttpMethod: aws.String("POST"),
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(minimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(methodName, plancheck.ResourceActionCreate),
				}},
				Check: resource.TestCheckResourceAttr(methodName, "authorization", "AWS_IAM"),
			},
		},
	})
}

func TestAccMethod_validation(t *testing.T) {
	cases := map[string]struct {
		args string
		err  string
	}{
		"OPTION typo": {`authorization = "NONE"
  http_method = "OPTION"`, `did you mean "OPTIONS"`},
		"bad authorization": {`authorization = "OPEN"`, `value must be one of`},
		"bad request parameter": {`authorization = "NONE"
  request_parameters = { "method.request.body.x" = true }`, `Invalid method request parameter`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			cfg := methodBase + `
resource "aws_api_gateway_method" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  ` + tc.args + `
}
`
			if !regexp.MustCompile(`http_method`).MatchString(tc.args) {
				cfg = e.config(methodConfig(tc.args))
			} else {
				cfg = e.config(cfg)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      cfg,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}

func (e *accEnv) checkMethodOnGateway(f func(*apigateway.GetMethodOutput) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		api, _ := stateAttr(s, methodName, "rest_api_id")
		res, _ := stateAttr(s, methodName, "resource_id")
		m, _ := stateAttr(s, methodName, "http_method")
		out, err := findMethodByThreePartKey(context.Background(), e.conn, api, res, m)
		if err != nil {
			return err
		}
		return f(out)
	}
}

// checkNoMethods is a CheckDestroy: every method in state is gone.
func (e *accEnv) checkNoMethods(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "aws_api_gateway_method" {
			continue
		}
		a := rs.Primary.Attributes
		_, err := findMethodByThreePartKey(context.Background(), e.conn, a["rest_api_id"], a["resource_id"], a["http_method"])
		if err == nil {
			return fmt.Errorf("API Gateway Method %s still exists", rs.Primary.ID)
		}
		if !isNotFound(err) {
			return err
		}
	}

	return e.checkNoRestAPIs(s)
}
