package provider

import (
	"context"
	"fmt"
	"net/url"
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

const (
	deploymentName       = "aws_api_gateway_deployment.test"
	legacyDeploymentName = "aws_api_gateway_deployment.legacy"
)

// localInvokeURL is the invoke URL the local gateway of e answers on.
func (e *accEnv) localInvokeURL(api, stage string) string {
	u, _ := url.Parse(e.endpoint)
	return fmt.Sprintf("http://%s.execute-api.localhost:%s/%s", api, u.Port(), stage)
}

// checkLocalInvokeURL compares name's invoke_url with the local form.
func (e *accEnv) checkLocalInvokeURL(name, stage string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		api, err := stateAttr(s, name, "rest_api_id")
		if err != nil {
			return err
		}
		return resource.TestCheckResourceAttr(name, "invoke_url", e.localInvokeURL(api, stage))(s)
	}
}

func deploymentConfig(description, trigger, answer string) string {
	return mockChain + fmt.Sprintf(`
resource "aws_api_gateway_deployment" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  %s
  triggers = {
    redeployment = %q
  }
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_api_gateway_integration.test]
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  stage_name    = "prod"
  deployment_id = aws_api_gateway_deployment.test.id
}

# The older style: the deployment makes its own stage.
resource "aws_api_gateway_deployment" "legacy" {
  rest_api_id       = aws_api_gateway_rest_api.test.id
  stage_name        = "legacy"
  stage_description = "old style"
  variables = {
    answer = %q
  }
  depends_on = [aws_api_gateway_integration.test]
}
`, description, trigger, answer)
}

func (e *accEnv) getStage(c captured, name string) (*apigateway.GetStageOutput, error) {
	return e.conn.GetStage(context.Background(), &apigateway.GetStageInput{
		RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), StageName: aws.String(name),
	})
}

// checkStageDeployment: the gateway's stage points at name's deployment.
func (e *accEnv) checkStageDeployment(c captured, stage, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateAttr(s, name, "id")
		if err != nil {
			return err
		}
		out, err := e.getStage(c, stage)
		if err != nil {
			return fmt.Errorf("gateway stage %s: %w", stage, err)
		}
		if aws.ToString(out.DeploymentId) != id {
			return fmt.Errorf("gateway stage %s serves deployment %s, want %s", stage, aws.ToString(out.DeploymentId), id)
		}
		return nil
	}
}

func (e *accEnv) checkDeploymentCount(c captured, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.GetDeployments(context.Background(), &apigateway.GetDeploymentsInput{RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"])})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if len(out.Items) != want {
			return fmt.Errorf("gateway has %d deployments, want %d", len(out.Items), want)
		}
		return nil
	}
}

// checkDeploymentDescription checks the gateway's description of
// aws_api_gateway_deployment.test.
func (e *accEnv) checkDeploymentDescription(want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		api, _ := stateAttr(s, deploymentName, "rest_api_id")
		id, err := stateAttr(s, deploymentName, "id")
		if err != nil {
			return err
		}
		out, err := e.conn.GetDeployment(context.Background(), &apigateway.GetDeploymentInput{RestApiId: aws.String(api), DeploymentId: aws.String(id)})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if aws.ToString(out.Description) != want {
			return fmt.Errorf("gateway description = %q, want %q", aws.ToString(out.Description), want)
		}
		return nil
	}
}

func TestAccDeployment_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	newLegacyID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(deploymentConfig(`description = "one"`, "1", "42")),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(deploymentName, tfjsonpath.New("id")),
					newID.AddStateValue(deploymentName, tfjsonpath.New("id")),
					newLegacyID.AddStateValue(legacyDeploymentName, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					resource.TestMatchResourceAttr(deploymentName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttrPair(deploymentName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttr(deploymentName, "description", "one"),
					resource.TestCheckResourceAttr(deploymentName, "triggers.redeployment", "1"),
					resource.TestMatchResourceAttr(deploymentName, "created_date", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
					resource.TestMatchResourceAttr(deploymentName, "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-east-1::[a-z0-9]{10}/$`)),
					e.checkLocalInvokeURL(deploymentName, ""),
					resource.TestCheckNoResourceAttr(deploymentName, "stage_name"),
					resource.TestCheckResourceAttr(legacyDeploymentName, "stage_name", "legacy"),
					resource.TestCheckResourceAttr(legacyDeploymentName, "stage_description", "old style"),
					resource.TestCheckResourceAttr(legacyDeploymentName, "variables.answer", "42"),
					resource.TestMatchResourceAttr(legacyDeploymentName, "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-east-1::[a-z0-9]{10}/legacy$`)),
					e.checkLocalInvokeURL(legacyDeploymentName, "legacy"),
					e.checkStageDeployment(c, "prod", deploymentName),
					e.checkStageDeployment(c, "legacy", legacyDeploymentName),
					e.checkDeploymentDescription("one"),
					func(*terraform.State) error {
						st, err := e.getStage(c, "legacy")
						if err != nil {
							return err
						}
						if aws.ToString(st.Description) != "old style" || st.Variables["answer"] != "42" {
							return fmt.Errorf("gateway stage legacy: description %q variables %v", aws.ToString(st.Description), st.Variables)
						}
						return nil
					},
				),
			},
			{
				Config:            e.config(deploymentConfig(`description = "two"`, "1", "42")),
				ConfigPlanChecks:  expectAction(deploymentName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(deploymentName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(deploymentName, "description", "two"),
					e.checkDeploymentDescription("two"),
				),
			},
			{
				Config:            e.config(deploymentConfig("", "1", "42")),
				ConfigPlanChecks:  expectAction(deploymentName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(deploymentName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(deploymentName, "description"),
					e.checkDeploymentDescription(""),
				),
			},
			{
				// A trigger change makes a new deployment; the stage moves to
				// it and the old one is deleted.
				Config: e.config(deploymentConfig("", "2", "42")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentName, plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectResourceAction("aws_api_gateway_stage.test", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(deploymentName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.checkStageDeployment(c, "prod", deploymentName),
					e.checkDeploymentCount(c, 2),
				),
			},
			{
				// A variables change makes a new deployment too.
				Config:            e.config(deploymentConfig("", "2", "43")),
				ConfigPlanChecks:  expectAction(legacyDeploymentName, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{newLegacyID.AddStateValue(legacyDeploymentName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.checkStageDeployment(c, "legacy", legacyDeploymentName),
					e.checkDeploymentCount(c, 2),
					func(*terraform.State) error {
						st, err := e.getStage(c, "legacy")
						if err != nil {
							return err
						}
						if st.Variables["answer"] != "43" {
							return fmt.Errorf("gateway stage legacy variables = %v", st.Variables)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            deploymentName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateIdFunc:       importStateIDFunc(deploymentName, "rest_api_id", "id"),
				ImportStateVerifyIgnore: []string{"triggers", "triggers.%", "triggers.redeployment"},
			},
			{
				ResourceName:      legacyDeploymentName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(legacyDeploymentName, "rest_api_id", "id"),
				// Arguments only CreateDeployment takes: API Gateway does not
				// report them back, as with HashiCorp's provider.
				ImportStateVerifyIgnore: []string{"stage_name", "stage_description", "variables", "variables.%", "variables.answer", "invoke_url", "execution_arn"},
			},
			{
				PreConfig: func() {
					out, err := e.getStage(c, "prod")
					must(t, "GetStage", err)
					_, err = e.conn.UpdateDeployment(context.Background(), &apigateway.UpdateDeploymentInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), DeploymentId: out.DeploymentId,
						PatchOperations: []awstypes.PatchOperation{{Op: awstypes.OpReplace, Path: aws.String("/description"), Value: aws.String("drift")}},
					})
					must(t, "out-of-band UpdateDeployment", err)
				},
				Config:           e.config(deploymentConfig("", "2", "43")),
				ConfigPlanChecks: planShowsDrift(deploymentName, plancheck.ResourceActionUpdate),
				Check:            e.checkDeploymentDescription(""),
			},
		},
	})
}

// TestAccDeployment_disappears: a deployment deleted outside Terraform is
// planned for re-creation.
func TestAccDeployment_disappears(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	cfg := e.config(mockChain + `
resource "aws_api_gateway_deployment" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  description = "d"
  depends_on  = [aws_api_gateway_integration.test]
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(
				c.capture("aws_api_gateway_rest_api.test", "id"), c.capture(deploymentName, "id"))},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteDeployment(context.Background(), &apigateway.DeleteDeploymentInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), DeploymentId: aws.String(c[deploymentName+".id"]),
					})
					must(t, "out-of-band DeleteDeployment", err)
				},
				Config:           cfg,
				ConfigPlanChecks: planShowsDrift(deploymentName, plancheck.ResourceActionCreate),
				Check:            resource.ComposeAggregateTestCheckFunc(e.checkDeploymentCount(c, 1), e.checkDeploymentDescription("d")),
			},
		},
	})
}

// TestAccDeployment_deleteWhileStagePoints: API Gateway refuses to delete a
// deployment a stage serves; the error names the stage and the fix.
func TestAccDeployment_deleteWhileStagePoints(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(mockChain + `
resource "aws_api_gateway_deployment" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  depends_on  = [aws_api_gateway_integration.test]
}
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"), c.capture(deploymentName, "id")),
			},
			{
				PreConfig: func() {
					_, err := e.conn.CreateStage(context.Background(), &apigateway.CreateStageInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), StageName: aws.String("manual"),
						DeploymentId: aws.String(c[deploymentName+".id"]),
					})
					must(t, "out-of-band CreateStage", err)
				},
				Config:      e.config(mockChain),
				ExpectError: regexp.MustCompile(`(?s)still in use.*stage\(s\) manual still point at it.*create_before_destroy`),
			},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteStage(context.Background(), &apigateway.DeleteStageInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), StageName: aws.String("manual"),
					})
					must(t, "DeleteStage", err)
				},
				Config: e.config(mockChain),
				Check:  e.checkDeploymentCount(c, 0),
			},
		},
	})
}

func TestAccDeployment_validation(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"stage_description without stage_name", `stage_description = "x"`, `stage_description needs stage_name`},
		{"canary without stage_name", "canary_settings {\n    percent_traffic = 10\n  }", `canary_settings needs stage_name`},
		{"bad stage name", `stage_name = "no spaces"`, `Stage name only allows a-zA-Z0-9_-`},
		{"bad variable name", "stage_name = \"s\"\n  variables = { \"a-b\" = \"1\" }", `(?s)Invalid stage variable.*a-b`},
		{"canary percent", "stage_name = \"s\"\n  canary_settings {\n    percent_traffic = 150\n  }", `(?s)percent_traffic.*between 0.*and.*100`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.config(mockChain + fmt.Sprintf(`
resource "aws_api_gateway_deployment" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  %s
  depends_on  = [aws_api_gateway_integration.test]
}
`, tc.body)),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}

// TestAccDeployment_stageNameEmptyString: stage_name = "" means no stage, as
// in HashiCorp's provider (its TestAccAPIGatewayDeployment_StageName_emptyString
// applies this configuration); it was refused as an invalid stage name.
func TestAccDeployment_stageNameEmptyString(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{{
			Config: e.config(mockChain + `
resource "aws_api_gateway_deployment" "test" {
  depends_on = [aws_api_gateway_integration.test]

  rest_api_id = aws_api_gateway_rest_api.test.id
  stage_name  = ""
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				c.capture("aws_api_gateway_rest_api.test", "id"),
				resource.TestCheckResourceAttr(deploymentName, "stage_name", ""),
				e.checkDeploymentCount(c, 1),
				func(*terraform.State) error {
					out, err := e.conn.GetStages(context.Background(), &apigateway.GetStagesInput{RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"])})
					if err != nil {
						return err
					}
					if len(out.Item) != 0 {
						return fmt.Errorf("stage_name = \"\" created %d stage(s)", len(out.Item))
					}
					return nil
				},
			),
		}},
	})
}
