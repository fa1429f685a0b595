package provider

import (
	"context"
	"encoding/json"
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

	"github.com/portico/portico/internal/lambdaspec"
)

func TestAccLambdaPermission_planTimeErrors(t *testing.T) {
	base := `
resource "aws_lambda_permission" "test" {
  function_name = "fn"
  principal     = "apigateway.amazonaws.com"
%s
}`
	cases := map[string]struct{ args, err string }{
		"bad statement id":      {`  action = "lambda:InvokeFunction"` + "\n" + `  statement_id = "allow.api"`, `(?s)statement id "allow.api" must be 1 to 100 letters, digits, - or _`},
		"action without prefix": {`  action = "InvokeFunction"`, `(?s)action "InvokeFunction" must be lambda:ACTION`},
		"id and prefix":         {`  action = "lambda:InvokeFunction"` + "\n" + `  statement_id = "a"` + "\n" + `  statement_id_prefix = "b"`, `(?s)These attributes cannot be configured together`},
		"short source account":  {`  action = "lambda:InvokeFunction"` + "\n" + `  source_account = "123"`, `(?s)account id "123" must be 12 digits`},
		"source_arn not an ARN": {`  action = "lambda:InvokeFunction"` + "\n" + `  source_arn = "my-api"`, `(?s)source_arn.*must be an ARN`},
		"bad qualifier":         {`  action = "lambda:InvokeFunction"` + "\n" + `  qualifier = "a.b"`, `(?s)qualifier "a.b" must be \$LATEST`},
		"bad auth type":         {`  action = "lambda:InvokeFunctionUrl"` + "\n" + `  function_url_auth_type = "IAM"`, `(?s)function_url_auth_type.*value must be one of`},
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

func lambdaPermissionConfig(file, hash, perms string) string {
	return lambdaFunctionConfig(file, hash, "  publish = true") + `
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.test.function_name
  function_version = aws_lambda_function.test.version
}
` + perms
}

const lambdaPermissions = `
resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.test.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*"
}

resource "aws_lambda_permission" "prefixed" {
  statement_id_prefix = "AllowS3-"
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.test.arn
  principal           = "s3.amazonaws.com"
  source_account      = "123456789012"
}

resource "aws_lambda_permission" "generated" {
  action        = "lambda:GetFunction"
  function_name = aws_lambda_function.test.function_name
  principal     = "123456789012"
}

resource "aws_lambda_permission" "alias" {
  statement_id  = "AllowAlias"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.test.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "events.amazonaws.com"
}
`

// TestAccLambdaPermission_basic: statements with a given id, a prefix and a
// generated id, on the function and on an alias; the policy Lambda stores;
// an empty re-plan; imports in HashiCorp's forms; a statement removed behind
// Terraform's back is added again.
func TestAccLambdaPermission_basic(t *testing.T) {
	e := newLambdaAccEnv(t)
	v1, h1 := e.zipFile(t, "v1.zip", map[string]string{"app.py": pyHandler})
	cfg := e.config(lambdaPermissionConfig(v1, h1, lambdaPermissions))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoFunctions,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("aws_lambda_permission.apigw", tfjsonpath.New("id"), knownvalue.StringExact("AllowAPIGateway")),
					statecheck.ExpectKnownValue("aws_lambda_permission.apigw", tfjsonpath.New("statement_id_prefix"), knownvalue.Null()),
					statecheck.ExpectKnownValue("aws_lambda_permission.prefixed", tfjsonpath.New("statement_id"), knownvalue.StringRegexp(regexp.MustCompile(`^AllowS3-\d{18}[0-9a-f]{8}$`))),
					statecheck.ExpectKnownValue("aws_lambda_permission.prefixed", tfjsonpath.New("statement_id_prefix"), knownvalue.StringExact("AllowS3-")),
					statecheck.ExpectKnownValue("aws_lambda_permission.prefixed", tfjsonpath.New("function_name"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:lambda:.*:function:acc-fn$`))),
					statecheck.ExpectKnownValue("aws_lambda_permission.generated", tfjsonpath.New("statement_id"), knownvalue.StringRegexp(regexp.MustCompile(`^terraform-\d{18}[0-9a-f]{8}$`))),
					statecheck.ExpectKnownValue("aws_lambda_permission.generated", tfjsonpath.New("principal"), knownvalue.StringExact("123456789012")),
					statecheck.ExpectKnownValue("aws_lambda_permission.alias", tfjsonpath.New("qualifier"), knownvalue.StringExact("live")),
				},
				Check: resource.ComposeTestCheckFunc(
					e.checkPolicy("", func(p lambdaspec.Policy) error {
						if len(p.Statement) != 3 {
							return fmt.Errorf("unqualified policy has %d statements, want 3", len(p.Statement))
						}
						inv := lambdaspec.Invocation{Action: "lambda:InvokeFunction", Service: "apigateway.amazonaws.com", SourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"}
						if !p.Allows(inv) {
							return fmt.Errorf("the policy does not allow API Gateway: %+v", p.Statement)
						}
						inv.SourceArn = "arn:aws:execute-api:us-east-1:123456789012:other/prod/GET/pets"
						if p.Allows(inv) {
							return fmt.Errorf("the policy allows another API")
						}
						return nil
					}),
					e.checkPolicy("live", func(p lambdaspec.Policy) error {
						if len(p.Statement) != 1 || p.Statement[0].Sid != "AllowAlias" {
							return fmt.Errorf("alias policy = %+v", p.Statement)
						}
						return nil
					}),
				),
			},
			{
				Config:            cfg,
				ResourceName:      "aws_lambda_permission.apigw",
				ImportState:       true,
				ImportStateId:     "acc-fn/AllowAPIGateway",
				ImportStateVerify: true,
			},
			{
				Config:            cfg,
				ResourceName:      "aws_lambda_permission.alias",
				ImportState:       true,
				ImportStateId:     "acc-fn:live/AllowAlias",
				ImportStateVerify: true,
			},
			{
				PreConfig: func() {
					if _, err := e.lambda.RemovePermission(context.Background(), &lambda.RemovePermissionInput{
						FunctionName: aws.String("acc-fn"), StatementId: aws.String("AllowAPIGateway"),
					}); err != nil {
						t.Fatalf("RemovePermission: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("aws_lambda_permission.apigw", plancheck.ResourceActionCreate)},
				},
			},
			{
				// A changed source_arn replaces the statement.
				Config: e.config(lambdaPermissionConfig(v1, h1, regexp.MustCompile(`abc123/\*/\*`).ReplaceAllString(lambdaPermissions, "abc123/*/GET/pets"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("aws_lambda_permission.apigw", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: e.checkPolicy("", func(p lambdaspec.Policy) error {
					for _, s := range p.Statement {
						if s.Sid == "AllowAPIGateway" && s.Condition["ArnLike"][lambdaspec.CondSourceArn] != "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets" {
							return fmt.Errorf("source ARN = %v", s.Condition)
						}
					}
					return nil
				}),
			},
		},
	})
}

func (e *lambdaAccEnv) checkPolicy(qualifier string, f func(lambdaspec.Policy) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		in := &lambda.GetPolicyInput{FunctionName: aws.String("acc-fn")}
		if qualifier != "" {
			in.Qualifier = aws.String(qualifier)
		}
		out, err := e.lambda.GetPolicy(context.Background(), in)
		if err != nil {
			return fmt.Errorf("GetPolicy: %w", err)
		}
		var p lambdaspec.Policy
		if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &p); err != nil {
			return fmt.Errorf("policy %s: %w", aws.ToString(out.Policy), err)
		}
		return f(p)
	}
}
