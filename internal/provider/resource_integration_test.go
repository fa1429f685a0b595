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

const integrationName = "aws_api_gateway_integration.test"

const lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations"

func integrationConfig(args string) string {
	return apiChain + `
resource "aws_api_gateway_integration" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
` + args + `
}
`
}

// TestAccIntegration_types creates one integration of each type with its
// typical arguments, reads every attribute back and imports it.
func TestAccIntegration_types(t *testing.T) {
	cases := map[string]struct {
		args   string
		checks []resource.TestCheckFunc
	}{
		"MOCK": {
			args: `  type = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckNoResourceAttr(integrationName, "uri"),
				resource.TestCheckNoResourceAttr(integrationName, "integration_http_method"),
				resource.TestCheckResourceAttr(integrationName, "request_templates.application/json", `{"statusCode": 200}`),
			},
		},
		"HTTP": {
			args: `  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "https://pets.example.com/pets/{id}"
  request_parameters      = { "integration.request.path.id" = "method.request.header.X-Id" }`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(integrationName, "uri", "https://pets.example.com/pets/{id}"),
				resource.TestCheckResourceAttr(integrationName, "integration_http_method", "GET"),
				resource.TestCheckResourceAttr(integrationName, "request_parameters.integration.request.path.id", "method.request.header.X-Id"),
			},
		},
		"HTTP_PROXY": {
			args: `  type                    = "HTTP_PROXY"
  integration_http_method = "ANY"
  uri                     = "http://127.0.0.1:9/backend"
  tls_config {
    insecure_skip_verification = true
  }`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(integrationName, "integration_http_method", "ANY"),
				resource.TestCheckResourceAttr(integrationName, "tls_config.#", "1"),
				resource.TestCheckResourceAttr(integrationName, "tls_config.0.insecure_skip_verification", "true"),
			},
		},
		"AWS": {
			args: `  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"
  credentials             = "arn:aws:iam::123456789012:role/apigw-sqs"
  passthrough_behavior    = "NEVER"
  request_templates       = { "application/json" = "Action=SendMessage&MessageBody=$input.body" }`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(integrationName, "credentials", "arn:aws:iam::123456789012:role/apigw-sqs"),
				resource.TestCheckResourceAttr(integrationName, "passthrough_behavior", "NEVER"),
			},
		},
		"AWS_PROXY": {
			args: `  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "` + lambdaURI + `"
  response_transfer_mode  = "STREAM"
  timeout_milliseconds    = 60000`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(integrationName, "uri", lambdaURI),
				resource.TestCheckResourceAttr(integrationName, "response_transfer_mode", "STREAM"),
				resource.TestCheckResourceAttr(integrationName, "timeout_milliseconds", "60000"),
			},
		},
	}
	for typ, tc := range cases {
		t.Run(typ, func(t *testing.T) {
			e := newAccEnv(t)
			checks := append([]resource.TestCheckFunc{
				resource.TestCheckResourceAttr(integrationName, "type", typ),
				resource.TestMatchResourceAttr(integrationName, "id", regexp.MustCompile(`^agi-[a-z0-9]{10}-[a-z0-9]{10}-GET$`)),
				resource.TestCheckResourceAttr(integrationName, "http_method", "GET"),
				resource.TestCheckResourceAttr(integrationName, "connection_type", "INTERNET"),
				resource.TestCheckResourceAttrSet(integrationName, "cache_namespace"),
				resource.TestCheckResourceAttrSet(integrationName, "passthrough_behavior"),
				e.checkIntegrationOnGateway(func(out *apigateway.GetIntegrationOutput) error {
					if string(out.Type) != typ {
						return fmt.Errorf("gateway type %q, want %q", out.Type, typ)
					}
					return nil
				}),
			}, tc.checks...)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             e.checkNoIntegrations,
				Steps: []resource.TestStep{
					{
						Config: e.config(integrationConfig(tc.args)),
						Check:  resource.ComposeAggregateTestCheckFunc(checks...),
					},
					{
						ResourceName:      integrationName,
						ImportState:       true,
						ImportStateIdFunc: importStateIDFunc(integrationName, "rest_api_id", "resource_id", "http_method"),
						ImportStateVerify: true,
					},
				},
			})
		})
	}
}

// TestAccIntegration_update changes every updatable argument in place, then
// removes the optional ones, then imports, then checks drift and deletion.
func TestAccIntegration_update(t *testing.T) {
	e := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(integrationName, plancheck.ResourceActionUpdate),
	}}
	first := integrationConfig(`
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "https://pets.example.com/v1"
  credentials             = "arn:aws:iam::123456789012:role/one"
  passthrough_behavior    = "WHEN_NO_TEMPLATES"
  content_handling        = "CONVERT_TO_TEXT"
  cache_key_parameters    = ["method.request.header.X-Id"]
  cache_namespace         = "ns-one"
  timeout_milliseconds    = 1000
  request_templates = {
    "application/json" = "{\"id\": \"$input.params('id')\"}"
    "application/xml"  = "<id>$input.params('id')</id>"
  }
  request_parameters = {
    "integration.request.header.X-Id"      = "method.request.header.X-Id"
    "integration.request.querystring.page" = "method.request.querystring.page"
  }
  tls_config {
    insecure_skip_verification = false
  }
`)
	second := integrationConfig(`
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "https://pets.example.com/v2"
  credentials             = "arn:aws:iam::123456789012:role/two"
  passthrough_behavior    = "NEVER"
  content_handling        = "CONVERT_TO_BINARY"
  cache_key_parameters    = ["method.request.querystring.page"]
  cache_namespace         = "ns-two"
  timeout_milliseconds    = 2000
  response_transfer_mode  = "STREAM"
  request_templates = {
    "application/json" = "{\"v\": 2}"
  }
  request_parameters = {
    "integration.request.header.X-Id"   = "'static'"
    "integration.request.header.X-From" = "context.requestId"
  }
  tls_config {
    insecure_skip_verification = true
  }
`)
	minimal := integrationConfig(`
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "https://pets.example.com/v2"
  response_transfer_mode  = "BUFFERED"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIntegrations,
		Steps: []resource.TestStep{
			{
				Config:            e.config(first),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationName, "integration_http_method", "GET"),
					resource.TestCheckResourceAttr(integrationName, "uri", "https://pets.example.com/v1"),
					resource.TestCheckResourceAttr(integrationName, "credentials", "arn:aws:iam::123456789012:role/one"),
					resource.TestCheckResourceAttr(integrationName, "passthrough_behavior", "WHEN_NO_TEMPLATES"),
					resource.TestCheckResourceAttr(integrationName, "content_handling", "CONVERT_TO_TEXT"),
					resource.TestCheckResourceAttr(integrationName, "cache_key_parameters.#", "1"),
					resource.TestCheckTypeSetElemAttr(integrationName, "cache_key_parameters.*", "method.request.header.X-Id"),
					resource.TestCheckResourceAttr(integrationName, "cache_namespace", "ns-one"),
					resource.TestCheckResourceAttr(integrationName, "timeout_milliseconds", "1000"),
					resource.TestCheckResourceAttr(integrationName, "response_transfer_mode", "BUFFERED"),
					resource.TestCheckResourceAttr(integrationName, "request_templates.%", "2"),
					resource.TestCheckResourceAttr(integrationName, "request_parameters.%", "2"),
					resource.TestCheckResourceAttr(integrationName, "tls_config.0.insecure_skip_verification", "false"),
				),
			},
			{
				Config:            e.config(second),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationName, "integration_http_method", "POST"),
					resource.TestCheckResourceAttr(integrationName, "uri", "https://pets.example.com/v2"),
					resource.TestCheckResourceAttr(integrationName, "credentials", "arn:aws:iam::123456789012:role/two"),
					resource.TestCheckResourceAttr(integrationName, "passthrough_behavior", "NEVER"),
					resource.TestCheckResourceAttr(integrationName, "content_handling", "CONVERT_TO_BINARY"),
					resource.TestCheckResourceAttr(integrationName, "cache_key_parameters.#", "1"),
					resource.TestCheckTypeSetElemAttr(integrationName, "cache_key_parameters.*", "method.request.querystring.page"),
					resource.TestCheckResourceAttr(integrationName, "cache_namespace", "ns-two"),
					resource.TestCheckResourceAttr(integrationName, "timeout_milliseconds", "2000"),
					resource.TestCheckResourceAttr(integrationName, "response_transfer_mode", "STREAM"),
					resource.TestCheckResourceAttr(integrationName, "request_templates.%", "1"),
					resource.TestCheckResourceAttr(integrationName, "request_parameters.%", "2"),
					resource.TestCheckResourceAttr(integrationName, "request_parameters.integration.request.header.X-Id", "'static'"),
					resource.TestCheckResourceAttr(integrationName, "tls_config.0.insecure_skip_verification", "true"),
					e.checkIntegrationOnGateway(func(out *apigateway.GetIntegrationOutput) error {
						if _, ok := out.RequestTemplates["application/xml"]; ok {
							return fmt.Errorf("removed template still on the gateway: %v", out.RequestTemplates)
						}
						if _, ok := out.RequestParameters["integration.request.querystring.page"]; ok {
							return fmt.Errorf("removed parameter still on the gateway: %v", out.RequestParameters)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:      integrationName,
				ImportState:       true,
				ImportStateIdFunc: importStateIDFunc(integrationName, "rest_api_id", "resource_id", "http_method"),
				ImportStateVerify: true,
			},
			{
				Config:            e.config(minimal),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationName, "timeout_milliseconds", "29000"),
					resource.TestCheckResourceAttr(integrationName, "response_transfer_mode", "BUFFERED"),
					resource.TestCheckNoResourceAttr(integrationName, "credentials"),
					resource.TestCheckNoResourceAttr(integrationName, "content_handling"),
					resource.TestCheckNoResourceAttr(integrationName, "request_templates.%"),
					resource.TestCheckNoResourceAttr(integrationName, "request_parameters.%"),
					resource.TestCheckNoResourceAttr(integrationName, "cache_key_parameters.#"),
					resource.TestCheckResourceAttr(integrationName, "tls_config.#", "0"),
					e.checkIntegrationOnGateway(func(out *apigateway.GetIntegrationOutput) error {
						if len(out.RequestTemplates)+len(out.RequestParameters)+len(out.CacheKeyParameters) > 0 || aws.ToString(out.Credentials) != "" || out.ContentHandling != "" {
							return fmt.Errorf("removed arguments still on the gateway: %+v", out)
						}
						if out.TimeoutInMillis != 29000 {
							return fmt.Errorf("gateway timeout %d, want 29000", out.TimeoutInMillis)
						}
						return nil
					}),
				),
			},
			{
				PreConfig: func() {
					e.mustPatchIntegration(t, awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String("/uri"), Value: aws.String("https://elsewhere.example.com/")})
				},
				Config:           e.config(minimal),
				ConfigPlanChecks: update,
				Check:            resource.TestCheckResourceAttr(integrationName, "uri", "https://pets.example.com/v2"),
			},
			{
				PreConfig: func() {
					api, res := e.resourceIDs(t, "/pets")
					if _, err := e.conn.DeleteIntegration(context.Background(), &apigateway.DeleteIntegrationInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res), HttpMethod: aws.String("GET"),
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(minimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(integrationName, plancheck.ResourceActionCreate),
				}},
				Check: resource.TestCheckResourceAttr(integrationName, "uri", "https://pets.example.com/v2"),
			},
		},
	})
}

// TestAccIntegration_requestParametersInJSON: the seed's deprecated JSON
// form still applies, reads back without a diff, and updates in place.
func TestAccIntegration_requestParametersInJSON(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(json string) string {
		return integrationConfig(`
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "https://pets.example.com/"
  request_parameters_in_json = <<PARAMS
` + json + `
PARAMS
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIntegrations,
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg(`{"integration.request.header.X-Id": "method.request.header.X-Id"}`)),
				Check: e.checkIntegrationOnGateway(func(out *apigateway.GetIntegrationOutput) error {
					if out.RequestParameters["integration.request.header.X-Id"] != "method.request.header.X-Id" {
						return fmt.Errorf("gateway request parameters %v", out.RequestParameters)
					}
					return nil
				}),
			},
			{
				Config: e.config(cfg(`{"integration.request.header.X-Other": "'x'"}`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(integrationName, plancheck.ResourceActionUpdate),
				}},
				Check: e.checkIntegrationOnGateway(func(out *apigateway.GetIntegrationOutput) error {
					if len(out.RequestParameters) != 1 || out.RequestParameters["integration.request.header.X-Other"] != "'x'" {
						return fmt.Errorf("gateway request parameters %v", out.RequestParameters)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccIntegration_vpcLink: connection_type/connection_id update in place.
func TestAccIntegration_vpcLink(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(conn string) string {
		return integrationConfig(`
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "http://nlb.internal/pets"
` + conn)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIntegrations,
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg(`
  connection_type = "VPC_LINK"
  connection_id   = "vpclink01"
`)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationName, "connection_type", "VPC_LINK"),
					resource.TestCheckResourceAttr(integrationName, "connection_id", "vpclink01"),
				),
			},
			{
				Config: e.config(cfg(``)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(integrationName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationName, "connection_type", "INTERNET"),
					resource.TestCheckNoResourceAttr(integrationName, "connection_id"),
				),
			},
		},
	})
}

// TestAccIntegration_validation: each plan-time rule fails `terraform plan`
// with a diagnostic naming the attribute and the rule, and nothing reaches
// the gateway.
func TestAccIntegration_validation(t *testing.T) {
	cases := map[string]struct {
		args string
		err  string
	}{
		"HTTP without uri": {`  type = "HTTP"
  integration_http_method = "GET"`, `(?s)uri.*uri is required when type is "HTTP"`},
		"HTTP_PROXY bad uri": {`  type = "HTTP_PROXY"
  integration_http_method = "GET"
  uri = "pets.example.com/x"`, `(?s)is not a valid endpoint.*RFC\s+3986`},
		"AWS uri not an ARN": {`  type = "AWS"
  integration_http_method = "POST"
  uri = "https://lambda.amazonaws.com/x"`, `is not an AWS integration ARN`},
		"AWS_PROXY ARN without path or action": {`  type = "AWS_PROXY"
  integration_http_method = "POST"
  uri = "arn:aws:apigateway:us-east-1:lambda:functions/f"`, `"path/" or\s+"action/"`},
		"HTTP without integration_http_method": {`  type = "HTTP"
  uri = "https://pets.example.com/"`, `integration_http_method is required when type is\s+"HTTP"`},
		"AWS_PROXY without integration_http_method": {`  type = "AWS_PROXY"
  uri = "` + lambdaURI + `"`, `integration_http_method is required`},
		"integration_http_method OPTION": {`  type = "HTTP"
  integration_http_method = "OPTION"
  uri = "https://pets.example.com/"`, `did you mean\s+"OPTIONS"`},
		"MOCK with uri": {`  type = "MOCK"
  uri = "https://pets.example.com/"`, `uri must not be set when type is "MOCK"`},
		"unknown type": {`  type = "LAMBDA"`, `integration type "LAMBDA" is not one of`},
		"timeout too small": {`  type = "MOCK"
  timeout_milliseconds = 10`, `timeout_milliseconds must be between 50 and 300000`},
		"timeout too large": {`  type = "MOCK"
  timeout_milliseconds = 400000`, `timeout_milliseconds must be between 50 and 300000`},
		"bad passthrough_behavior": {`  type = "MOCK"
  passthrough_behavior = "ALWAYS"`, `passthrough_behavior "ALWAYS" is not one of`},
		"bad content_handling": {`  type = "MOCK"
  content_handling = "CONVERT_TO_JSON"`, `content_handling "CONVERT_TO_JSON" is not one of`},
		"bad connection_type": {`  type = "MOCK"
  connection_type = "PRIVATE"`, `connection_type "PRIVATE" is not one of`},
		"VPC_LINK without connection_id": {`  type = "HTTP_PROXY"
  integration_http_method = "GET"
  uri = "http://nlb.internal/"
  connection_type = "VPC_LINK"`, `connection_id is required when connection_type is\s+"VPC_LINK"`},
		"bad response_transfer_mode": {`  type = "MOCK"
  response_transfer_mode = "CHUNKED"`, `response_transfer_mode "CHUNKED" is not one of`},
		"AWS service without credentials": {`  type = "AWS"
  integration_http_method = "POST"
  uri = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"`, `credentials are required`},
		"bad request parameter": {`  type = "MOCK"
  request_parameters = { "integration.request.body.x" = "method.request.header.X" }`, `(?s)request_parameters.*integration.request.body.x`},
		"bad request template": {`  type = "MOCK"
  request_templates = { "application/json" = "#if($x)\n{}" }`, `(?s)content type\s+"application/json" has a syntax error at\s+line \d+, column \d+`},
		"request_parameters_in_json conflicts": {`  type = "MOCK"
  request_parameters = { "integration.request.header.X" = "'a'" }
  request_parameters_in_json = "{}"`, `(?s)Attribute "request_parameters" cannot be specified when\s+"request_parameters_in_json" is specified`},
		"request_parameters_in_json not JSON": {`  type = "MOCK"
  request_parameters_in_json = "integration.request.header.X"`, `must be a JSON object of strings`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.config(integrationConfig(tc.args)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
	// The seed's method list has the OPTION typo: check it on http_method.
	t.Run("http_method OPTION", func(t *testing.T) {
		t.Parallel()
		e := newAccEnv(t)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: e.config(apiChain + `
resource "aws_api_gateway_integration" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = "OPTION"
  type        = "MOCK"
}
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)http_method.*did you mean "OPTIONS"`),
			}},
		})
		e.assertNoRestAPIs(t)
	})
}

func (e *accEnv) integrationKey(s *terraform.State) (string, string, string, error) {
	api, err := stateAttr(s, integrationName, "rest_api_id")
	if err != nil {
		return "", "", "", err
	}
	res, _ := stateAttr(s, integrationName, "resource_id")
	m, _ := stateAttr(s, integrationName, "http_method")

	return api, res, m, nil
}

func (e *accEnv) checkIntegrationOnGateway(f func(*apigateway.GetIntegrationOutput) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		api, res, m, err := e.integrationKey(s)
		if err != nil {
			return err
		}
		out, err := findIntegrationByThreePartKey(context.Background(), e.conn, api, res, m)
		if err != nil {
			return err
		}
		return f(out)
	}
}

func (e *accEnv) mustPatchIntegration(t *testing.T, ops ...awstypes.PatchOperation) {
	t.Helper()
	api, res := e.resourceIDs(t, "/pets")
	if _, err := e.conn.UpdateIntegration(context.Background(), &apigateway.UpdateIntegrationInput{
		RestApiId: aws.String(api), ResourceId: aws.String(res), HttpMethod: aws.String("GET"),
		PatchOperations: ops,
	}); err != nil {
		t.Fatal(err)
	}
}

// checkNoIntegrations is a CheckDestroy: every integration in state is gone.
func (e *accEnv) checkNoIntegrations(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "aws_api_gateway_integration" {
			continue
		}
		a := rs.Primary.Attributes
		_, err := findIntegrationByThreePartKey(context.Background(), e.conn, a["rest_api_id"], a["resource_id"], a["http_method"])
		if err == nil {
			return fmt.Errorf("API Gateway Integration %s still exists", rs.Primary.ID)
		}
		if !isNotFound(err) {
			return err
		}
	}

	return e.checkNoRestAPIs(s)
}
