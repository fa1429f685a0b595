package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// regionalChain is every one of the nine resources with region = "%[1]s".
const regionalChain = `
resource "aws_api_gateway_rest_api" "test" {
  region = %[1]q
  name   = "regional"
  tags   = { team = "a" }
}

resource "aws_api_gateway_resource" "test" {
  region      = %[1]q
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "test" {
  region        = %[1]q
  rest_api_id   = aws_api_gateway_rest_api.test.id
  resource_id   = aws_api_gateway_resource.test.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "test" {
  region      = %[1]q
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  type        = "MOCK"
}

resource "aws_api_gateway_method_response" "test" {
  region      = %[1]q
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "test" {
  region      = %[1]q
  rest_api_id = aws_api_gateway_rest_api.test.id
  resource_id = aws_api_gateway_resource.test.id
  http_method = aws_api_gateway_method.test.http_method
  status_code = aws_api_gateway_method_response.test.status_code
  depends_on  = [aws_api_gateway_integration.test]
}

resource "aws_api_gateway_model" "test" {
  region       = %[1]q
  rest_api_id  = aws_api_gateway_rest_api.test.id
  name         = "Pet"
  content_type = "application/json"
  schema       = jsonencode({ type = "object" })
}

resource "aws_api_gateway_deployment" "test" {
  region      = %[1]q
  rest_api_id = aws_api_gateway_rest_api.test.id
  depends_on  = [aws_api_gateway_integration_response.test]
}

resource "aws_api_gateway_stage" "test" {
  region        = %[1]q
  rest_api_id   = aws_api_gateway_rest_api.test.id
  deployment_id = aws_api_gateway_deployment.test.id
  stage_name    = "prod"
  tags          = { team = "b" }
}
`

// regionalImports is, for each of the nine resources, the attributes its
// import id is made of.
var regionalImports = []struct {
	name string
	keys []string
}{
	{"aws_api_gateway_rest_api.test", []string{"id"}},
	{"aws_api_gateway_resource.test", []string{"rest_api_id", "id"}},
	{"aws_api_gateway_method.test", []string{"rest_api_id", "resource_id", "http_method"}},
	{"aws_api_gateway_integration.test", []string{"rest_api_id", "resource_id", "http_method"}},
	{"aws_api_gateway_method_response.test", []string{"rest_api_id", "resource_id", "http_method", "status_code"}},
	{"aws_api_gateway_integration_response.test", []string{"rest_api_id", "resource_id", "http_method", "status_code"}},
	{"aws_api_gateway_model.test", []string{"rest_api_id", "name"}},
	{"aws_api_gateway_deployment.test", []string{"rest_api_id", "id"}},
	{"aws_api_gateway_stage.test", []string{"rest_api_id", "stage_name"}},
}

// checkTagsAt checks the gateway's tags of an ARN.
func (e *accEnv) checkTagsAt(arnFrom func(*terraform.State) (string, error), want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		arn, err := arnFrom(s)
		if err != nil {
			return err
		}
		out, err := e.conn.GetTags(context.Background(), &apigateway.GetTagsInput{ResourceArn: aws.String(arn)})
		if err != nil {
			return fmt.Errorf("gateway tags of %s: %w", arn, err)
		}
		if fmt.Sprint(out.Tags) != fmt.Sprint(want) {
			return fmt.Errorf("gateway tags of %s = %v, want %v", arn, out.Tags, want)
		}
		return nil
	}
}

// TestAccRegion_perResource: every resource with region set reads it back,
// computes its ARNs in that region, imports with "@REGION" and plans
// nothing afterwards.
func TestAccRegion_perResource(t *testing.T) {
	e := newAccEnv(t)
	const region = "us-west-2"
	checks := []resource.TestCheckFunc{
		resource.TestMatchResourceAttr("aws_api_gateway_rest_api.test", "arn", regexp.MustCompile(`^arn:aws:apigateway:us-west-2::/restapis/[a-z0-9]{10}$`)),
		resource.TestMatchResourceAttr("aws_api_gateway_rest_api.test", "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-west-2::[a-z0-9]{10}$`)),
		resource.TestMatchResourceAttr("aws_api_gateway_stage.test", "arn", regexp.MustCompile(`^arn:aws:apigateway:us-west-2::/restapis/[a-z0-9]{10}/stages/prod$`)),
		resource.TestMatchResourceAttr("aws_api_gateway_stage.test", "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-west-2::[a-z0-9]{10}/prod$`)),
		resource.TestMatchResourceAttr("aws_api_gateway_deployment.test", "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-west-2::[a-z0-9]{10}/$`)),
		// Tags went to (and are read from) the regional ARNs.
		e.checkTagsAt(func(s *terraform.State) (string, error) {
			return stateAttr(s, "aws_api_gateway_rest_api.test", "arn")
		}, map[string]string{"team": "a"}),
		e.checkTagsAt(func(s *terraform.State) (string, error) {
			return stateAttr(s, "aws_api_gateway_stage.test", "arn")
		}, map[string]string{"team": "b"}),
	}
	for _, imp := range regionalImports {
		checks = append(checks, resource.TestCheckResourceAttr(imp.name, "region", region))
	}
	steps := []resource.TestStep{{
		Config: e.config(fmt.Sprintf(regionalChain, region)),
		Check:  resource.ComposeAggregateTestCheckFunc(checks...),
	}}
	for _, imp := range regionalImports {
		base := importStateIDFunc(imp.name, imp.keys...)
		steps = append(steps, resource.TestStep{
			ResourceName: imp.name,
			ImportState:  true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				id, err := base(s)
				return id + "@" + region, err
			},
			ImportStateVerify: true,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps:                    steps,
	})
}

// TestAccRegion_default: an omitted region is the provider's, with no diff
// when it is then written out; a change replaces the resource; a region of
// another partition is a plan-time error that creates nothing.
func TestAccRegion_default(t *testing.T) {
	e := newAccEnv(t)
	const name = "aws_api_gateway_rest_api.test"
	cfg := func(region string) string {
		line := ""
		if region != "" {
			line = fmt.Sprintf("  region = %q\n", region)
		}
		return e.config(`
resource "aws_api_gateway_rest_api" "test" {
  name = "regional"
` + line + `}
`)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: cfg("cn-north-1"),
				ExpectError: regexp.MustCompile(
					`Invalid Region Value[\s\S]*partition \(aws-cn\) for per-resource Region \(cn-north-1\) is not the\s+provider's\s+configured partition \(aws\)`),
			},
			{
				PreConfig: func() { e.assertNoRestAPIs(t) },
				Config:    cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(name, tfjsonpath.New("region"), knownvalue.StringExact(gatewaytest.Region)),
					sameID.AddStateValue(name, tfjsonpath.New("id")),
					newID.AddStateValue(name, tfjsonpath.New("id")),
				},
				Check: resource.TestMatchResourceAttr(name, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/restapis/`)),
			},
			{
				// Writing the provider's region out changes nothing.
				Config: cfg(gatewaytest.Region),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(name, tfjsonpath.New("id")),
				},
			},
			{
				// Another region replaces the REST API.
				Config: cfg("eu-west-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(name, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(name, tfjsonpath.New("region"), knownvalue.StringExact("eu-west-1")),
					newID.AddStateValue(name, tfjsonpath.New("id")),
				},
				Check: resource.TestMatchResourceAttr(name, "arn", regexp.MustCompile(`^arn:aws:apigateway:eu-west-1::/restapis/`)),
			},
			{
				// Back to the provider's region by removing the argument:
				// a replacement too.
				Config: cfg(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(name, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(name, tfjsonpath.New("region"), knownvalue.StringExact(gatewaytest.Region)),
				},
			},
			{
				ResourceName:      name,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// TestClientForRegion: a per-resource region gets its own client (same
// endpoint and credentials, the region's signing region), built once.
func TestClientForRegion(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_API_GATEWAY", "http://127.0.0.1:1")
	m := providerModel{
		Region:                  types.StringValue("us-east-1"),
		AccessKey:               types.StringValue("test"),
		SecretKey:               types.StringValue("test"),
		SkipRequestingAccountID: types.BoolValue(true),
		Endpoints:               types.SetNull(types.ObjectType{}),
	}
	c, diags := newClient(context.Background(), m, "test")
	if diags.HasError() {
		t.Fatalf("newClient: %v", diags)
	}
	tests := []struct {
		region, wantRegion, wantPartition string
		same                              bool
	}{
		{"", "us-east-1", "aws", true},
		{"us-east-1", "us-east-1", "aws", true},
		{"us-west-2", "us-west-2", "aws", false},
		{"cn-north-1", "cn-north-1", "aws-cn", false},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			got := c.forRegion(tt.region)
			if (got == c) != tt.same {
				t.Fatalf("forRegion(%q) is the provider's client: %v, want %v", tt.region, got == c, tt.same)
			}
			if got.Region != tt.wantRegion || got.Partition != tt.wantPartition {
				t.Errorf("forRegion(%q) = %s/%s, want %s/%s", tt.region, got.Region, got.Partition, tt.wantRegion, tt.wantPartition)
			}
			opts := got.APIGateway.Options()
			if opts.Region != tt.wantRegion {
				t.Errorf("API Gateway client region = %q, want %q", opts.Region, tt.wantRegion)
			}
			if aws.ToString(opts.BaseEndpoint) != "http://127.0.0.1:1" {
				t.Errorf("API Gateway client endpoint = %q, want the provider's", aws.ToString(opts.BaseEndpoint))
			}
			if again := c.forRegion(tt.region); again != got {
				t.Errorf("forRegion(%q) built a second client", tt.region)
			}
		})
	}
}
