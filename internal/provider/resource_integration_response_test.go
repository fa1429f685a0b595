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

const integrationResponseName = "aws_api_gateway_integration_response.test"

func integrationResponseConfig(body string) string {
	return mockChain + fmt.Sprintf(`
resource "aws_api_gateway_method_response" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  status_code = "200"
  response_parameters = {
    "method.response.header.X-A" = false
    "method.response.header.X-B" = false
  }
}

resource "aws_api_gateway_integration_response" "test" {
  depends_on  = [aws_api_gateway_integration.test]
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  status_code = aws_api_gateway_method_response.test.status_code
%s
}
`, body)
}

const integrationResponseFull = `
  selection_pattern = "2\\d{2}"
  response_templates = {
    "application/json" = <<EOT
#set($n = 1)
{"n": $n}
EOT
  }
  response_parameters = {
    "method.response.header.X-A" = "'static'"
  }
  content_handling = "CONVERT_TO_TEXT"
`

const integrationResponseUpdated = `
  selection_pattern = "2\\d\\d"
  response_templates = {
    "application/json" = "{\"ok\": true}"
    "application/xml"  = "<ok/>"
  }
  response_parameters = {
    "method.response.header.X-A" = "integration.response.header.X-Up"
    "method.response.header.X-B" = "context.requestId"
  }
  content_handling = "CONVERT_TO_BINARY"
`

type irWant struct {
	pattern   *string
	templates map[string]string
	params    map[string]string
	handling  string
}

func (e *accEnv) checkIntegrationResponseOnGateway(c captured, w irWant) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.GetIntegrationResponse(context.Background(), &apigateway.GetIntegrationResponseInput{
			RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
			HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
		})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if aws.ToString(out.SelectionPattern) != aws.ToString(w.pattern) || (out.SelectionPattern == nil) != (w.pattern == nil) {
			return fmt.Errorf("gateway selectionPattern = %v, want %v", aws.ToString(out.SelectionPattern), aws.ToString(w.pattern))
		}
		if len(out.ResponseTemplates)+len(w.templates) > 0 && fmt.Sprint(out.ResponseTemplates) != fmt.Sprint(w.templates) {
			return fmt.Errorf("gateway responseTemplates = %q, want %q", out.ResponseTemplates, w.templates)
		}
		if len(out.ResponseParameters)+len(w.params) > 0 && fmt.Sprint(out.ResponseParameters) != fmt.Sprint(w.params) {
			return fmt.Errorf("gateway responseParameters = %v, want %v", out.ResponseParameters, w.params)
		}
		if string(out.ContentHandling) != w.handling {
			return fmt.Errorf("gateway contentHandling = %q, want %q", out.ContentHandling, w.handling)
		}
		return nil
	}
}

func TestAccIntegrationResponse_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	fullWant := irWant{
		pattern:   aws.String(`2\d{2}`),
		templates: map[string]string{"application/json": "#set($n = 1)\n{\"n\": $n}\n"},
		params:    map[string]string{"method.response.header.X-A": "'static'"},
		handling:  "CONVERT_TO_TEXT",
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config:            e.config(integrationResponseConfig(integrationResponseFull)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture("aws_api_gateway_resource.test", "id"),
					resource.TestMatchResourceAttr(integrationResponseName, "id", regexp.MustCompile(`^agir-[a-z0-9]{10}-[a-z0-9]{10}-GET-200$`)),
					resource.TestCheckResourceAttrPair(integrationResponseName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttrPair(integrationResponseName, "resource_id", "aws_api_gateway_resource.test", "id"),
					resource.TestCheckResourceAttr(integrationResponseName, "http_method", "GET"),
					resource.TestCheckResourceAttr(integrationResponseName, "status_code", "200"),
					resource.TestCheckResourceAttr(integrationResponseName, "selection_pattern", `2\d{2}`),
					resource.TestCheckResourceAttr(integrationResponseName, "response_templates.%", "1"),
					resource.TestCheckResourceAttr(integrationResponseName, "response_templates.application/json", "#set($n = 1)\n{\"n\": $n}\n"),
					resource.TestCheckResourceAttr(integrationResponseName, "response_parameters.%", "1"),
					resource.TestCheckResourceAttr(integrationResponseName, "response_parameters.method.response.header.X-A", "'static'"),
					resource.TestCheckResourceAttr(integrationResponseName, "content_handling", "CONVERT_TO_TEXT"),
					e.checkIntegrationResponseOnGateway(c, fullWant),
				),
			},
			{
				Config:            e.config(integrationResponseConfig(integrationResponseUpdated)),
				ConfigPlanChecks:  expectAction(integrationResponseName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(integrationResponseName, "selection_pattern", `2\d\d`),
					resource.TestCheckResourceAttr(integrationResponseName, "response_templates.%", "2"),
					resource.TestCheckResourceAttr(integrationResponseName, "response_parameters.%", "2"),
					resource.TestCheckResourceAttr(integrationResponseName, "content_handling", "CONVERT_TO_BINARY"),
					e.checkIntegrationResponseOnGateway(c, irWant{
						pattern:   aws.String(`2\d\d`),
						templates: map[string]string{"application/json": `{"ok": true}`, "application/xml": "<ok/>"},
						params:    map[string]string{"method.response.header.X-A": "integration.response.header.X-Up", "method.response.header.X-B": "context.requestId"},
						handling:  "CONVERT_TO_BINARY",
					}),
				),
			},
			{
				// Every optional argument removed: removed on the gateway.
				Config:            e.config(integrationResponseConfig("")),
				ConfigPlanChecks:  expectAction(integrationResponseName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(integrationResponseName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(integrationResponseName, "selection_pattern"),
					resource.TestCheckNoResourceAttr(integrationResponseName, "response_templates.%"),
					resource.TestCheckNoResourceAttr(integrationResponseName, "response_parameters.%"),
					resource.TestCheckNoResourceAttr(integrationResponseName, "content_handling"),
					e.checkIntegrationResponseOnGateway(c, irWant{}),
				),
			},
			{
				Config: e.config(integrationResponseConfig(integrationResponseFull)),
				Check:  e.checkIntegrationResponseOnGateway(c, fullWant),
			},
			{
				ResourceName:      integrationResponseName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(integrationResponseName, "rest_api_id", "resource_id", "http_method", "status_code"),
			},
			{
				PreConfig: func() {
					_, err := e.conn.UpdateIntegrationResponse(context.Background(), &apigateway.UpdateIntegrationResponseInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
						HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
						PatchOperations: []awstypes.PatchOperation{
							{Op: awstypes.OpReplace, Path: aws.String("/selectionPattern"), Value: aws.String("drift")},
							{Op: awstypes.OpAdd, Path: aws.String("/responseTemplates/text~1plain"), Value: aws.String("drift")},
						},
					})
					must(t, "out-of-band UpdateIntegrationResponse", err)
				},
				Config:           e.config(integrationResponseConfig(integrationResponseFull)),
				ConfigPlanChecks: planShowsDrift(integrationResponseName, plancheck.ResourceActionUpdate),
				Check:            e.checkIntegrationResponseOnGateway(c, fullWant),
			},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteIntegrationResponse(context.Background(), &apigateway.DeleteIntegrationResponseInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ResourceId: aws.String(c["aws_api_gateway_resource.test.id"]),
						HttpMethod: aws.String("GET"), StatusCode: aws.String("200"),
					})
					must(t, "out-of-band DeleteIntegrationResponse", err)
				},
				Config:           e.config(integrationResponseConfig(integrationResponseFull)),
				ConfigPlanChecks: planShowsDrift(integrationResponseName, plancheck.ResourceActionCreate),
				Check:            e.checkIntegrationResponseOnGateway(c, fullWant),
			},
		},
	})
}

// TestAccIntegrationResponse_validation: templates are parsed at plan time
// (content type, line and column in the error); status codes, enums and
// mappings are checked; nothing is created.
func TestAccIntegrationResponse_validation(t *testing.T) {
	cases := []struct {
		name, status, body, want string
	}{
		{"template syntax", "200", `
  response_templates = {
    "application/json" = "{\n  #if($x == 1)\n  \"a\": 1\n"
  }`, `(?s)content type "application/json".*line \d+, column \d+`},
		{"second template", "200", `
  response_templates = {
    "application/json" = "{}"
    "text/html"        = "#foreach($a in $b)"
  }`, `(?s)content type "text/html".*line 1, column \d+`},
		{"status code", "99", ``, `Invalid status code specified`},
		{"content handling", "200", `content_handling = "CONVERT_TO_JSON"`, `(?s)content_handling.*CONVERT_TO_BINARY`},
		{"parameter source", "200", `
  response_parameters = {
    "method.response.header.X-A" = "method.request.header.X"
  }`, `(?s)Invalid integration response parameter.*X-A`},
		{"parameter target", "200", `
  response_parameters = {
    "integration.response.header.X" = "'a'"
  }`, `Invalid integration response parameter`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.config(mockChain + fmt.Sprintf(`
resource "aws_api_gateway_integration_response" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = "GET"
  status_code = %q
  %s
}
`, tc.status, tc.body)),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}
