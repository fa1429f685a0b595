package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
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

const modelName = "aws_api_gateway_model.test"

func modelConfig(body string) string {
	return `
resource "aws_api_gateway_rest_api" "test" {
  name = "models"
}

resource "aws_api_gateway_model" "test" {
  rest_api_id  = aws_api_gateway_rest_api.test.id
  name         = "Pet"
  content_type = "application/json"
` + body + `
}
`
}

const modelFull = `
  description = "a pet"
  schema = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    type      = "object"
    properties = { name = { type = "string" } }
  })
`

// The same schema as modelFull, written differently.
const modelFullReformatted = `
  description = "a pet"
  schema      = <<EOT
{
  "properties": {"name": {"type": "string"}},
  "type": "object",
  "$schema": "http://json-schema.org/draft-04/schema#"
}
EOT
`

const modelUpdated = `
  description = "a cat"
  schema = jsonencode({
    type       = "object"
    properties = { name = { type = "string" }, lives = { type = "integer" } }
  })
`

func (e *accEnv) checkModelOnGateway(c captured, description string, schema map[string]any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.GetModel(context.Background(), &apigateway.GetModelInput{
			RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ModelName: aws.String("Pet"),
		})
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		if aws.ToString(out.Id) != c[modelName+".id"] {
			return fmt.Errorf("gateway model id = %s, state id = %s", aws.ToString(out.Id), c[modelName+".id"])
		}
		if aws.ToString(out.Description) != description {
			return fmt.Errorf("gateway description = %q, want %q", aws.ToString(out.Description), description)
		}
		if aws.ToString(out.ContentType) != "application/json" {
			return fmt.Errorf("gateway contentType = %q", aws.ToString(out.ContentType))
		}
		var got map[string]any
		if s := aws.ToString(out.Schema); s != "" {
			if err := json.Unmarshal([]byte(s), &got); err != nil {
				return fmt.Errorf("gateway schema %q: %w", s, err)
			}
		}
		if len(got)+len(schema) > 0 && !reflect.DeepEqual(got, schema) {
			return fmt.Errorf("gateway schema = %v, want %v", got, schema)
		}
		return nil
	}
}

func TestAccModel_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	fullSchema := map[string]any{
		"$schema":    "http://json-schema.org/draft-04/schema#",
		"type":       "object",
		"properties": map[string]any{"name": map[string]any{"type": "string"}},
	}
	var modelID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config:            e.config(modelConfig(modelFull)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(modelName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture(modelName, "id"),
					resource.TestMatchResourceAttr(modelName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttrPair(modelName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttr(modelName, "name", "Pet"),
					resource.TestCheckResourceAttr(modelName, "content_type", "application/json"),
					resource.TestCheckResourceAttr(modelName, "description", "a pet"),
					resource.TestMatchResourceAttr(modelName, "schema", regexp.MustCompile(`"properties"`)),
					e.checkModelOnGateway(c, "a pet", fullSchema),
					func(*terraform.State) error { modelID = c[modelName+".id"]; return nil },
				),
			},
			{
				// Whitespace and key order in the schema plan nothing.
				Config:   e.config(modelConfig(modelFullReformatted)),
				PlanOnly: true,
			},
			{
				Config:            e.config(modelConfig(modelUpdated)),
				ConfigPlanChecks:  expectAction(modelName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(modelName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(modelName, "description", "a cat"),
					e.checkModelOnGateway(c, "a cat", map[string]any{
						"type":       "object",
						"properties": map[string]any{"name": map[string]any{"type": "string"}, "lives": map[string]any{"type": "integer"}},
					}),
				),
			},
			{
				Config:            e.config(modelConfig("")),
				ConfigPlanChecks:  expectAction(modelName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(modelName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(modelName, "description"),
					resource.TestCheckNoResourceAttr(modelName, "schema"),
					e.checkModelOnGateway(c, "", map[string]any{}),
				),
			},
			{
				Config: e.config(modelConfig(modelFull)),
				Check:  e.checkModelOnGateway(c, "a pet", fullSchema),
			},
			{
				ResourceName:      modelName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(modelName, "rest_api_id", "name"),
			},
			{
				PreConfig: func() {
					_, err := e.conn.UpdateModel(context.Background(), &apigateway.UpdateModelInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ModelName: aws.String("Pet"),
						PatchOperations: []awstypes.PatchOperation{
							{Op: awstypes.OpReplace, Path: aws.String("/description"), Value: aws.String("drift")},
							{Op: awstypes.OpReplace, Path: aws.String("/schema"), Value: aws.String(`{"type":"string"}`)},
						},
					})
					must(t, "out-of-band UpdateModel", err)
				},
				Config:           e.config(modelConfig(modelFull)),
				ConfigPlanChecks: planShowsDrift(modelName, plancheck.ResourceActionUpdate),
				Check:            e.checkModelOnGateway(c, "a pet", fullSchema),
			},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteModel(context.Background(), &apigateway.DeleteModelInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ModelName: aws.String("Pet"),
					})
					must(t, "out-of-band DeleteModel", err)
				},
				Config:           e.config(modelConfig(modelFull)),
				ConfigPlanChecks: planShowsDrift(modelName, plancheck.ResourceActionCreate),
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture(modelName, "id"),
					func(*terraform.State) error {
						if c[modelName+".id"] == modelID {
							return fmt.Errorf("re-created model kept the old id %s", modelID)
						}
						return nil
					},
					e.checkModelOnGateway(c, "a pet", fullSchema),
				),
			},
		},
	})
}

func TestAccModel_validation(t *testing.T) {
	cases := []struct{ name, model, body, want string }{
		{"name not alphanumeric", "my-model", `content_type = "application/json"`, `(?s)Invalid model name.*alphanumeric`},
		{"schema not JSON", "Pet", "content_type = \"application/json\"\n  schema = \"{not json\"", `(?s)schema.*JSON`},
		{"content type empty", "Pet", `content_type = ""`, `(?s)content_type.*length`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.config(fmt.Sprintf(`
resource "aws_api_gateway_rest_api" "test" {
  name = "models"
}
resource "aws_api_gateway_model" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  name        = %q
  %s
}
`, tc.model, tc.body)),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}

// TestAccModel_lastingConflicts: with the provider's default max_retries
// (25), a ConflictException that retrying cannot clear (a model name already
// taken, a model a method still references) is one clear error at once,
// naming the conflict; the standard retryer used to hold each for about
// three minutes. Unit-level proof: TestRetryOnlyTransientConflicts.
func TestAccModel_lastingConflicts(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	// No max_retries: the default, as a user's configuration has it.
	provider := fmt.Sprintf(`
provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  endpoints {
    apigateway = %q
  }
}
`, e.endpoint)
	api := `
resource "aws_api_gateway_rest_api" "test" {
  name = "models"
}
`
	pet := `
resource "aws_api_gateway_model" "test" {
  rest_api_id  = aws_api_gateway_rest_api.test.id
  name         = "Pet"
  content_type = "application/json"
  schema       = jsonencode({ type = "object" })
}
`
	dup := `
resource "aws_api_gateway_model" "dup" {
  rest_api_id  = aws_api_gateway_rest_api.test.id
  name         = "Pet"
  content_type = "application/json"
  schema       = jsonencode({ type = "object" })
  depends_on   = [aws_api_gateway_model.test]
}
`
	outOfBand := func(put bool) func() {
		return func() {
			ctx := context.Background()
			apiID := c["aws_api_gateway_rest_api.test.id"]
			root := c["aws_api_gateway_rest_api.test.root_resource_id"]
			var err error
			if put {
				_, err = e.conn.PutMethod(ctx, &apigateway.PutMethodInput{
					RestApiId: aws.String(apiID), ResourceId: aws.String(root), HttpMethod: aws.String("POST"),
					AuthorizationType: aws.String("NONE"), RequestModels: map[string]string{"application/json": "Pet"},
				})
			} else {
				_, err = e.conn.DeleteMethod(ctx, &apigateway.DeleteMethodInput{
					RestApiId: aws.String(apiID), ResourceId: aws.String(root), HttpMethod: aws.String("POST"),
				})
			}
			must(t, "out-of-band method", err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: provider + api + pet,
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture("aws_api_gateway_rest_api.test", "root_resource_id"),
				),
			},
			{
				Config:      provider + api + pet + dup,
				ExpectError: regexp.MustCompile(`ConflictException:\s+Model\s+name\s+already\s+exists\s+for\s+this\s+REST\s+API`),
			},
			{
				PreConfig:   outOfBand(true),
				Config:      provider + api,
				ExpectError: regexp.MustCompile(`(?s)Error deleting API Gateway Model.*ConflictException:\s+Cannot\s+delete\s+model\s+'Pet',\s+is\s+referenced\s+in\s+method`),
			},
			{
				PreConfig: outOfBand(false),
				Config:    provider + api,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[modelName]; ok {
						return fmt.Errorf("%s still in state", modelName)
					}
					_, err := e.conn.GetModel(context.Background(), &apigateway.GetModelInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), ModelName: aws.String("Pet"),
					})
					if !isNotFound(err) {
						return fmt.Errorf("GetModel after destroy: %v, want NotFound", err)
					}
					return nil
				},
			},
		},
	})
}
