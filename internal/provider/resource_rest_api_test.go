package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
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

const restAPIName = "aws_api_gateway_rest_api.test"

const restAPIFull = `
resource "aws_api_gateway_rest_api" "test" {
  name                         = "full"
  description                  = "first"
  api_key_source               = "AUTHORIZER"
  binary_media_types           = ["image/png", "application/octet-stream"]
  minimum_compression_size     = "1024"
  disable_execute_api_endpoint = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = ["execute-api:/*"]
    }]
  })
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  tags = {
    team = "a"
    env  = "dev"
  }
}
`

// Same policy, written differently: key order, whitespace, list vs string.
const restAPIFullPolicyReformatted = `
resource "aws_api_gateway_rest_api" "test" {
  name                         = "full"
  description                  = "first"
  api_key_source               = "AUTHORIZER"
  binary_media_types           = ["image/png", "application/octet-stream"]
  minimum_compression_size     = "1024"
  disable_execute_api_endpoint = true
  policy = <<POLICY
{
  "Statement": [
    {"Resource": "execute-api:/*", "Action": ["execute-api:Invoke"], "Principal": "*", "Effect": "Allow"}
  ],
  "Version": "2012-10-17"
}
POLICY
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  tags = {
    team = "a"
    env  = "dev"
  }
}
`

const restAPIUpdated = `
resource "aws_api_gateway_rest_api" "test" {
  name                         = "full-renamed"
  description                  = "second"
  api_key_source               = "HEADER"
  binary_media_types           = ["image/png", "image/gif"]
  minimum_compression_size     = "0"
  disable_execute_api_endpoint = false
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
    }]
  })
  endpoint_configuration {
    types           = ["EDGE"]
    ip_address_type = "dualstack"
  }
  tags = {
    team  = "b"
    owner = "me"
  }
}
`

const restAPIMinimal = `
resource "aws_api_gateway_rest_api" "test" {
  name = "full-renamed"
}
`

func TestAccRestAPI_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(restAPIFull),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(restAPIName, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(restAPIName, "id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestCheckResourceAttr(restAPIName, "name", "full"),
					resource.TestCheckResourceAttr(restAPIName, "description", "first"),
					resource.TestCheckResourceAttr(restAPIName, "api_key_source", "AUTHORIZER"),
					resource.TestCheckResourceAttr(restAPIName, "binary_media_types.#", "2"),
					resource.TestCheckResourceAttr(restAPIName, "binary_media_types.0", "image/png"),
					resource.TestCheckResourceAttr(restAPIName, "binary_media_types.1", "application/octet-stream"),
					resource.TestCheckResourceAttr(restAPIName, "minimum_compression_size", "1024"),
					resource.TestCheckResourceAttr(restAPIName, "disable_execute_api_endpoint", "true"),
					resource.TestMatchResourceAttr(restAPIName, "policy", regexp.MustCompile(`execute-api:Invoke`)),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.#", "1"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.types.0", "REGIONAL"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.ip_address_type", "ipv4"),
					resource.TestCheckResourceAttr(restAPIName, "tags.%", "2"),
					resource.TestCheckResourceAttr(restAPIName, "tags.team", "a"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.%", "2"),
					resource.TestMatchResourceAttr(restAPIName, "root_resource_id", regexp.MustCompile(`^[a-z0-9]{10}$`)),
					resource.TestMatchResourceAttr(restAPIName, "created_date", regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
					resource.TestMatchResourceAttr(restAPIName, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/restapis/[a-z0-9]{10}$`)),
					resource.TestMatchResourceAttr(restAPIName, "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-east-1::[a-z0-9]{10}$`)),
					e.checkRestAPITags(map[string]string{"team": "a", "env": "dev"}),
				),
			},
			{
				// The same policy written differently plans nothing.
				Config:   e.config(restAPIFullPolicyReformatted),
				PlanOnly: true,
			},
			{
				Config: e.config(restAPIUpdated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(restAPIName, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "name", "full-renamed"),
					resource.TestCheckResourceAttr(restAPIName, "description", "second"),
					resource.TestCheckResourceAttr(restAPIName, "api_key_source", "HEADER"),
					resource.TestCheckResourceAttr(restAPIName, "binary_media_types.#", "2"),
					resource.TestCheckResourceAttr(restAPIName, "binary_media_types.1", "image/gif"),
					resource.TestCheckResourceAttr(restAPIName, "minimum_compression_size", "0"),
					resource.TestCheckResourceAttr(restAPIName, "disable_execute_api_endpoint", "false"),
					resource.TestMatchResourceAttr(restAPIName, "policy", regexp.MustCompile(`Deny`)),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.types.0", "EDGE"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.ip_address_type", "dualstack"),
					resource.TestCheckResourceAttr(restAPIName, "tags.%", "2"),
					resource.TestCheckResourceAttr(restAPIName, "tags.owner", "me"),
					resource.TestCheckNoResourceAttr(restAPIName, "tags.env"),
					e.checkRestAPITags(map[string]string{"team": "b", "owner": "me"}),
				),
			},
			{
				ResourceName:      restAPIName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Removing the optional arguments clears them in place.
				Config: e.config(restAPIMinimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(restAPIName, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(restAPIName, "description"),
					resource.TestCheckNoResourceAttr(restAPIName, "binary_media_types.#"),
					resource.TestCheckNoResourceAttr(restAPIName, "minimum_compression_size"),
					resource.TestCheckNoResourceAttr(restAPIName, "policy"),
					resource.TestCheckNoResourceAttr(restAPIName, "tags.%"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.%", "0"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.#", "0"),
					resource.TestCheckResourceAttr(restAPIName, "api_key_source", "HEADER"),
					e.checkRestAPITags(map[string]string{}),
					e.checkRestAPIEndpointType("EDGE"),
				),
			},
			{
				// Changed outside Terraform: the next plan puts it back in place.
				PreConfig: func() {
					e.mustUpdateRestAPI(t, restAPIIDFromGateway(t, e), "/description", "changed outside")
				},
				Config: e.config(restAPIMinimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.TestCheckNoResourceAttr(restAPIName, "description"),
			},
			{
				// Deleted outside Terraform: planned for re-creation.
				PreConfig: func() {
					id := restAPIIDFromGateway(t, e)
					if _, err := e.conn.DeleteRestApi(context.Background(), &apigateway.DeleteRestApiInput{RestApiId: aws.String(id)}); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(restAPIMinimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionCreate),
				}},
				Check: resource.TestCheckResourceAttr(restAPIName, "name", "full-renamed"),
			},
		},
	})
}

// TestAccRestAPI_defaultTags: default_tags reach tags_all and the gateway;
// a resource tag overrides a default one; ignore_tags keeps a tag added
// outside Terraform out of state.
func TestAccRestAPI_defaultTags(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(tags string) string {
		return e.providerBlock(`
  default_tags {
    tags = { env = "test", team = "default" }
  }
  ignore_tags {
    key_prefixes = ["external:"]
  }
`) + `
resource "aws_api_gateway_rest_api" "test" {
  name = "tagged"
  ` + tags + `
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: cfg(`tags = { team = "mine" }`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "tags.%", "1"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.%", "2"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.env", "test"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.team", "mine"),
					e.checkRestAPITags(map[string]string{"env": "test", "team": "mine"}),
				),
			},
			{
				PreConfig: func() {
					id := restAPIIDFromGateway(t, e)
					if _, err := e.conn.TagResource(context.Background(), &apigateway.TagResourceInput{
						ResourceArn: aws.String("arn:aws:apigateway:us-east-1::/restapis/" + id),
						Tags:        map[string]string{"external:owner": "ops"},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg(``),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(restAPIName, "tags.%"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.%", "2"),
					resource.TestCheckResourceAttr(restAPIName, "tags_all.team", "default"),
					e.checkRestAPITags(map[string]string{"env": "test", "team": "default", "external:owner": "ops"}),
				),
			},
		},
	})
}

func TestAccRestAPI_validation(t *testing.T) {
	cases := map[string]struct {
		body string
		err  string
	}{
		"bad api_key_source":  {`api_key_source = "QUERY"`, `value must be one of`},
		"bad endpoint type":   {`endpoint_configuration { types = ["GLOBAL"] }`, `value must be one of`},
		"two endpoint types":  {`endpoint_configuration { types = ["EDGE", "REGIONAL"] }`, `must contain at least 1\s+elements and at most 1\s+elements`},
		"policy not json":     {`policy = "{not json"`, `policy is not valid JSON`},
		"compression too big": {`minimum_compression_size = "10485761"`, `between 0 and 10485760`},
		"vpc ids on non-private": {`endpoint_configuration {
  types = ["REGIONAL"]
  vpc_endpoint_ids = ["vpce-1"]
}`, `vpc_endpoint_ids may only be set`},
		"private over ipv4": {`endpoint_configuration {
  types = ["PRIVATE"]
  ip_address_type = "ipv4"
}`, `(?s)ip_address_type must be "dualstack".*API Gateway takes only dualstack`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.config(`resource "aws_api_gateway_rest_api" "test" {` + "\n  name = \"v\"\n  " + tc.body + "\n}\n"),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}

func restAPIIDFromGateway(t *testing.T, e *accEnv) string {
	t.Helper()
	ids, err := e.restAPIIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 {
		t.Fatalf("want exactly one REST API on the gateway, got %v", ids)
	}

	return ids[0]
}

func (e *accEnv) mustUpdateRestAPI(t *testing.T, id, path, value string) {
	t.Helper()
	if _, err := e.conn.UpdateRestApi(context.Background(), &apigateway.UpdateRestApiInput{
		RestApiId: aws.String(id),
		PatchOperations: []awstypes.PatchOperation{{
			Op: awstypes.OpReplace, Path: aws.String(path), Value: aws.String(value),
		}},
	}); err != nil {
		t.Fatal(err)
	}
}

// checkRestAPITags compares the gateway's tags (GetTags) with want.
func (e *accEnv) checkRestAPITags(want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		arn, err := stateAttr(s, restAPIName, "arn")
		if err != nil {
			return err
		}
		got, err := listTags(context.Background(), e.conn, arn)
		if err != nil {
			return err
		}
		if len(got) != len(want) {
			return errorf("gateway tags = %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				return errorf("gateway tags = %v, want %v", got, want)
			}
		}
		return nil
	}
}

func (e *accEnv) checkRestAPIEndpointType(want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateAttr(s, restAPIName, "id")
		if err != nil {
			return err
		}
		out, err := e.conn.GetRestApi(context.Background(), &apigateway.GetRestApiInput{RestApiId: aws.String(id)})
		if err != nil {
			return err
		}
		if out.EndpointConfiguration == nil || len(out.EndpointConfiguration.Types) != 1 || string(out.EndpointConfiguration.Types[0]) != want {
			return errorf("gateway endpoint configuration = %+v, want [%s]", out.EndpointConfiguration, want)
		}
		return nil
	}
}

// HashiCorp's TestAccAPIGatewayRestAPI_minimumCompressionSize: "-1" removes
// the value (HashiCorp's provider accepts it) and stays in state.
func TestAccRestAPI_minimumCompressionSizeMinusOne(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(v string) string {
		return e.config(`
resource "aws_api_gateway_rest_api" "test" {
  name                     = "compression"
  minimum_compression_size = "` + v + `"
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: cfg("1"),
				Check:  e.checkRestAPICompression(aws.Int32(1)),
			},
			{
				Config: cfg("-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "minimum_compression_size", "-1"),
					e.checkRestAPICompression(nil),
				),
			},
			{
				Config: cfg("5242880"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "minimum_compression_size", "5242880"),
					e.checkRestAPICompression(aws.Int32(5242880)),
				),
			},
			{
				// Created with -1: nothing sent, nothing to change afterwards.
				Config: cfg("-1"),
				Taint:  []string{restAPIName},
				Check:  e.checkRestAPICompression(nil),
			},
		},
	})
}

// HashiCorp's TestAccAPIGatewayRestAPI_endpoint: REGIONAL, the block removed
// (EDGE again on Portico), then an endpoint_configuration block added by an
// update: its computed attributes are read from the gateway, not kept null.
func TestAccRestAPI_endpointConfigurationAddedByUpdate(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(block string) string {
		return e.config(`
resource "aws_api_gateway_rest_api" "test" {
  name = "endpoint"
` + block + `
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: cfg(`endpoint_configuration { types = ["REGIONAL"] }`),
				Check:  e.checkRestAPIEndpointType("REGIONAL"),
			},
			{
				Config: cfg(""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.#", "0"),
					e.checkRestAPIEndpointType("EDGE"),
				),
			},
			{
				Config: cfg(`endpoint_configuration { types = ["REGIONAL"] }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(restAPIName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(restAPIName, tfjsonpath.New("endpoint_configuration").AtSliceIndex(0).AtMapKey("ip_address_type")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.types.0", "REGIONAL"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.ip_address_type", "ipv4"),
					resource.TestCheckResourceAttr(restAPIName, "endpoint_configuration.0.vpc_endpoint_ids.#", "0"),
					e.checkRestAPIEndpointType("REGIONAL"),
				),
			},
		},
	})
}

// HashiCorp's TestAccAPIGatewayRestAPI_Policy_order: a policy whose condition
// list is reordered plans nothing.
func TestAccRestAPI_policyConditionOrder(t *testing.T) {
	e := newAccEnv(t)
	cfg := func(ips string) string {
		return e.config(`
resource "aws_api_gateway_rest_api" "test" {
  name = "policy-order"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "execute-api:Invoke"
      Condition = { IpAddress = { "aws:SourceIp" = [` + ips + `] } }
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Resource  = "*"
    }]
  })
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{Config: cfg(`"123.123.123.123/32", "122.122.122.122/32", "169.254.169.253/32"`)},
			{Config: cfg(`"122.122.122.122/32", "169.254.169.253/32", "123.123.123.123/32"`), PlanOnly: true},
		},
	})
}

// checkRestAPICompression compares the gateway's minimumCompressionSize with want (nil: none).
func (e *accEnv) checkRestAPICompression(want *int32) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateAttr(s, restAPIName, "id")
		if err != nil {
			return err
		}
		out, err := e.conn.GetRestApi(context.Background(), &apigateway.GetRestApiInput{RestApiId: aws.String(id)})
		if err != nil {
			return err
		}
		if (want == nil) != (out.MinimumCompressionSize == nil) || (want != nil && *want != *out.MinimumCompressionSize) {
			return errorf("gateway minimumCompressionSize = %v, want %v", aws.ToInt32(out.MinimumCompressionSize), aws.ToInt32(want))
		}
		return nil
	}
}

// TestAccRestAPI_tagLimits: API Gateway's tag limits fail the plan, with
// the resource's own tags and with the provider's default_tags over them,
// before anything reaches the gateway.
func TestAccRestAPI_tagLimits(t *testing.T) {
	tags := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%s%02d = \"v\"\n", prefix, i)
		}
		return "{\n" + b.String() + "}"
	}
	cases := map[string]struct {
		defaults, tags, err string
	}{
		"reserved key":          {"", `{ "aws:owner" = "me" }`, `(?s)Invalid tags.*tags: tag key "aws:owner" starts with "aws:"`},
		"reserved key any case": {"", `{ "AWS:owner" = "me" }`, `starts with "aws:"`},
		"long key":              {"", `{ "` + strings.Repeat("k", 129) + `" = "v" }`, `129 characters long: keys are 1 to 128`},
		"long value":            {"", `{ note = "` + strings.Repeat("v", 257) + `" }`, `the value of tag "note" is longer than 256`},
		"fifty-one":             {"", tags("r", 51), `tags: 51 tags: an API Gateway resource can have at most 50`},
		"with default_tags":     {tags("d", 30), tags("r", 21), `(?s)tags_all \(tags over the provider's default_tags\): 51 tags`},
		"reserved default tag":  {`{ "aws:team" = "x" }`, `{ a = "b" }`, `(?s)tags_all.*"aws:team"\s+starts\s+with\s+"aws:"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newAccEnv(t)
			provider := e.providerBlock("")
			if tc.defaults != "" {
				provider = e.providerBlock("  default_tags {\n    tags = " + tc.defaults + "\n  }\n")
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      provider + "resource \"aws_api_gateway_rest_api\" \"test\" {\n  name = \"v\"\n  tags = " + tc.tags + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}
