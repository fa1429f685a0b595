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

const resourceName = "aws_api_gateway_resource.test"

func resourceConfig(parent, pathPart string) string {
	return fmt.Sprintf(`
resource "aws_api_gateway_rest_api" "test" {
  name = "resources"
}

resource "aws_api_gateway_resource" "other" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "other"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = %s
  path_part   = %q
}
`, parent, pathPart)
}

func TestAccResource_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	root := "aws_api_gateway_rest_api.test.root_resource_id"
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
	}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoResources,
		Steps: []resource.TestStep{
			{
				Config:            e.config(resourceConfig(root, "pets")),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(resourceName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(resourceName, "path_part", "pets"),
					resource.TestCheckResourceAttr(resourceName, "path", "/pets"),
					resource.TestCheckResourceAttrPair(resourceName, "parent_id", "aws_api_gateway_rest_api.test", "root_resource_id"),
					resource.TestCheckResourceAttrPair(resourceName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
				),
			},
			{
				// Renamed in place.
				Config:            e.config(resourceConfig(root, "{petId}")),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceName, "path_part", "{petId}"),
					resource.TestCheckResourceAttr(resourceName, "path", "/{petId}"),
				),
			},
			{
				// Moved under another parent in place.
				Config:            e.config(resourceConfig("aws_api_gateway_resource.other.id", "{proxy+}")),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resourceName, "path", "/other/{proxy+}"),
					resource.TestCheckResourceAttrPair(resourceName, "parent_id", "aws_api_gateway_resource.other", "id"),
				),
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateIdFunc: importStateIDFunc(resourceName, "rest_api_id", "id"),
				ImportStateVerify: true,
			},
			{
				// Renamed outside Terraform: the plan renames it back.
				PreConfig: func() {
					api, res := e.resourceIDs(t, "/other/{proxy+}")
					if _, err := e.conn.UpdateResource(context.Background(), &apigateway.UpdateResourceInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res),
						PatchOperations: []awstypes.PatchOperation{{Op: awstypes.OpReplace, Path: aws.String("/pathPart"), Value: aws.String("renamed")}},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           e.config(resourceConfig("aws_api_gateway_resource.other.id", "{proxy+}")),
				ConfigPlanChecks: update,
				Check:            resource.TestCheckResourceAttr(resourceName, "path", "/other/{proxy+}"),
			},
			{
				// Deleted outside Terraform: planned for re-creation.
				PreConfig: func() {
					api, res := e.resourceIDs(t, "/other/{proxy+}")
					if _, err := e.conn.DeleteResource(context.Background(), &apigateway.DeleteResourceInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res),
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(resourceConfig("aws_api_gateway_resource.other.id", "{proxy+}")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate),
				}},
				Check: resource.TestCheckResourceAttr(resourceName, "path", "/other/{proxy+}"),
			},
		},
	})
}

func TestAccResource_invalidPathPart(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.config(resourceConfig("aws_api_gateway_rest_api.test.root_resource_id", "a/b")),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid path_part.*path part only allow`),
		}},
	})
	e.assertNoRestAPIs(t)
}

// resourceIDs finds the only REST API and its resource at path p.
func (e *accEnv) resourceIDs(t *testing.T, p string) (string, string) {
	t.Helper()
	api := restAPIIDFromGateway(t, e)
	out, err := e.conn.GetResources(context.Background(), &apigateway.GetResourcesInput{RestApiId: aws.String(api), Limit: aws.Int32(500)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Items {
		if aws.ToString(r.Path) == p {
			return api, aws.ToString(r.Id)
		}
	}
	t.Fatalf("no resource at %s", p)
	return "", ""
}

// checkNoResources is the CheckDestroy of the resource tests: every
// aws_api_gateway_resource in the final state is gone from the gateway.
func (e *accEnv) checkNoResources(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "aws_api_gateway_resource" {
			continue
		}
		_, err := findResourceByTwoPartKey(context.Background(), e.conn, rs.Primary.Attributes["rest_api_id"], rs.Primary.ID)
		if err == nil {
			return fmt.Errorf("API Gateway Resource %s still exists", rs.Primary.ID)
		}
		if !isNotFound(err) {
			return err
		}
	}

	return e.checkNoRestAPIs(s)
}
