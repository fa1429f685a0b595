package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccLambdaAlias_planTimeErrors(t *testing.T) {
	base := `
resource "aws_lambda_alias" "test" {
  function_name = "fn"
%s
}`
	cases := map[string]struct{ args, err string }{
		"numeric name":     {`  name = "123"` + "\n" + `  function_version = "1"`, `(?s)alias name "123" must not be only digits`},
		"bad version":      {`  name = "live"` + "\n" + `  function_version = "v1"`, `(?s)function version "v1" must be \$LATEST or a published version number`},
		"weight above one": {`  name = "live"` + "\n" + `  function_version = "1"` + "\n" + `  routing_config {` + "\n" + `    additional_version_weights = { "2" = 1.5 }` + "\n" + `  }`, `(?s)additional_version_weights\["2"\] value must be\s+between 0.0+ and 1.0+, got: 1.5`},
		"weight key":       {`  name = "live"` + "\n" + `  function_version = "1"` + "\n" + `  routing_config {` + "\n" + `    additional_version_weights = { "live" = 0.5 }` + "\n" + `  }`, `(?s)key "live" must be a published version number`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newLambdaAccEnv(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.config(fmt.Sprintf(base, tc.args)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
		})
	}
}

func lambdaAliasConfig(file, hash, alias string) string {
	return lambdaFunctionConfig(file, hash, "  publish = true") + alias
}

// TestAccLambdaAlias_basic: an alias on the published version, its ARNs, an
// update (description, version, weighted routing), import by
// FUNCTION/ALIAS, a function ARN in place of its name being no change, and
// the weights cleared again.
func TestAccLambdaAlias_basic(t *testing.T) {
	e := newLambdaAccEnv(t)
	v1, h1 := e.zipFile(t, "v1.zip", map[string]string{"app.py": pyHandler})
	v2, h2 := e.zipFile(t, "v2.zip", map[string]string{"app.py": pyHandler + "\n# v2\n"})
	const name = "aws_lambda_alias.test"
	first := e.config(lambdaAliasConfig(v1, h1, `
resource "aws_lambda_alias" "test" {
  name             = "live"
  description      = "first"
  function_name    = aws_lambda_function.test.function_name
  function_version = aws_lambda_function.test.version
}
`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoFunctions,
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(name, tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:lambda:us-east-1:\d{12}:function:acc-fn:live$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`:function:acc-fn:live$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("invoke_arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:\d{12}:function:acc-fn:live/invocations$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("function_version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("routing_config"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config:            first,
				ResourceName:      name,
				ImportState:       true,
				ImportStateId:     "acc-fn/live",
				ImportStateVerify: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["name"] != "live" || states[0].Attributes["function_name"] != "acc-fn" {
						return fmt.Errorf("imported %v", states)
					}
					return nil
				},
			},
			{
				// New code publishes version 2: the alias moves to it and sends
				// half the traffic to version 1.
				Config: e.config(lambdaAliasConfig(v2, h2, `
resource "aws_lambda_alias" "test" {
  name             = "live"
  description      = "second"
  function_name    = aws_lambda_function.test.function_name
  function_version = aws_lambda_function.test.version
  routing_config {
    additional_version_weights = { "1" = 0.5 }
  }
}
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(name, tfjsonpath.New("function_version"), knownvalue.StringExact("2")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("routing_config").AtSliceIndex(0).AtMapKey("additional_version_weights"),
						knownvalue.MapExact(map[string]knownvalue.Check{"1": knownvalue.Float64Exact(0.5)})),
				},
				Check: e.checkAlias("live", func(a *lambda.GetAliasOutput) error {
					if aws.ToString(a.Description) != "second" || a.RoutingConfig == nil || a.RoutingConfig.AdditionalVersionWeights["1"] != 0.5 {
						return fmt.Errorf("alias = %+v", a)
					}
					return nil
				}),
			},
			{
				// The function's ARN names the same function: an in-place update
				// (no replacement), and the weights removed.
				Config: e.config(lambdaAliasConfig(v2, h2, `
resource "aws_lambda_alias" "test" {
  name             = "live"
  description      = "second"
  function_name    = aws_lambda_function.test.arn
  function_version = aws_lambda_function.test.version
}
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)},
				},
				Check: e.checkAlias("live", func(a *lambda.GetAliasOutput) error {
					if a.RoutingConfig != nil && len(a.RoutingConfig.AdditionalVersionWeights) > 0 {
						return fmt.Errorf("weights not cleared: %v", a.RoutingConfig.AdditionalVersionWeights)
					}
					return nil
				}),
			},
		},
	})
}

func (e *lambdaAccEnv) checkAlias(alias string, f func(*lambda.GetAliasOutput) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.lambda.GetAlias(context.Background(), &lambda.GetAliasInput{FunctionName: aws.String("acc-fn"), Name: aws.String(alias)})
		if err != nil {
			return fmt.Errorf("GetAlias: %w", err)
		}
		return f(out)
	}
}
