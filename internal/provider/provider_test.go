package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// defaultTerraform is where the project's machines have the terraform CLI.
const defaultTerraform = "/usr/local/bin/terraform"

// testAccProtoV6ProviderFactories serves the provider in-process to the real
// terraform CLI.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"aws": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain prepares the environment every test shares: the terraform CLI,
// no checkpoint calls, a region and dummy credentials (the local gateway
// accepts any well-formed signature), and no EC2 metadata lookups. Each
// acceptance test starts its own gateway (see newAccEnv), so tests run in
// parallel and "nothing was created" is checkable exactly.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if _, err := os.Stat(defaultTerraform); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", defaultTerraform)
		} else if p, err := exec.LookPath("terraform"); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	for k, v := range map[string]string{
		"CHECKPOINT_DISABLE":        "1",
		"AWS_REGION":                gatewaytest.Region,
		"AWS_ACCESS_KEY_ID":         gatewaytest.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":     gatewaytest.SecretAccessKey,
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		os.Setenv(k, v)
	}
	os.Unsetenv("AWS_PROFILE")
	os.Unsetenv("AWS_SESSION_TOKEN")
	os.Unsetenv("AWS_ENDPOINT_URL")
	os.Unsetenv("AWS_ENDPOINT_URL_API_GATEWAY")
	os.Exit(m.Run())
}

// testAccPreCheck fails (never skips) when the terraform CLI is missing.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" {
		t.Fatalf("terraform CLI not found: install it at %s or set TF_ACC_TERRAFORM_PATH", defaultTerraform)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("terraform CLI at TF_ACC_TERRAFORM_PATH=%s: %v", p, err)
	}
}

// accEnv is one test's gateway and an SDK client for it.
type accEnv struct {
	endpoint string
	conn     *apigateway.Client
}

// newAccEnv starts a real gateway on loopback for one test.
func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	testAccPreCheck(t)
	ep := gatewaytest.Start(t)

	return &accEnv{endpoint: ep, conn: gatewaytest.NewClient(ep)}
}

// providerBlock points the provider at this test's gateway.
func (e *accEnv) providerBlock(extra string) string {
	return fmt.Sprintf(`
provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  max_retries                 = 3
  endpoints {
    apigateway = %q
  }
%s
}
`, e.endpoint, extra)
}

// config prepends the provider block to a configuration.
func (e *accEnv) config(body string) string { return e.providerBlock("") + body }

// restAPIIDs lists every REST API on the gateway.
func (e *accEnv) restAPIIDs(ctx context.Context) ([]string, error) {
	out, err := e.conn.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	if err != nil {
		return nil, fmt.Errorf("GetRestApis: %w", err)
	}
	ids := make([]string, 0, len(out.Items))
	for _, a := range out.Items {
		ids = append(ids, aws.ToString(a.Id))
	}

	return ids, nil
}

// checkNoRestAPIs is a CheckDestroy: the gateway holds no REST API at all.
func (e *accEnv) checkNoRestAPIs(_ *terraform.State) error {
	ids, err := e.restAPIIDs(context.Background())
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		return fmt.Errorf("REST APIs still exist on the gateway: %v", ids)
	}

	return nil
}

// assertNoRestAPIs fails the test if the gateway holds any REST API.
func (e *accEnv) assertNoRestAPIs(t *testing.T) {
	t.Helper()
	if err := e.checkNoRestAPIs(nil); err != nil {
		t.Fatal(err)
	}
}

// attr returns a resource attribute from state.
func stateAttr(s *terraform.State, name, key string) (string, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return "", fmt.Errorf("resource %s not in state", name)
	}
	v, ok := rs.Primary.Attributes[key]
	if !ok {
		return "", fmt.Errorf("%s has no attribute %s", name, key)
	}

	return v, nil
}

// importStateIDFunc builds an import id from attributes joined by "/".
func importStateIDFunc(name string, keys ...string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			v, err := stateAttr(s, name, k)
			if err != nil {
				return "", err
			}
			parts = append(parts, v)
		}

		return strings.Join(parts, "/"), nil
	}
}

// apiChain is a REST API with one resource and a GET method, the base of the
// method and integration tests.
const apiChain = `
resource "aws_api_gateway_rest_api" "test" {
  name = "chain"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  resource_id   = aws_api_gateway_resource.test.id
  http_method   = "GET"
  authorization = "NONE"
  request_parameters = {
    "method.request.header.X-Id"      = false
    "method.request.querystring.page" = false
  }
}
`

func TestProviderSchemaValid(t *testing.T) {
	srv, err := testAccProtoV6ProviderFactories["aws"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"aws_api_gateway_rest_api", "aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration"} {
		if _, ok := resp.ResourceSchemas[name]; !ok {
			t.Errorf("resource %s is not served", name)
		}
	}
	names := ResourceTypeNames(context.Background())
	if len(names) != len(resp.ResourceSchemas) {
		t.Errorf("ResourceTypeNames = %v, schemas for %d resources", names, len(resp.ResourceSchemas))
	}
}

// TestAccProvider_missingRegion: no region anywhere is one clear diagnostic.
func TestAccProvider_missingRegion(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.config(`resource "aws_api_gateway_rest_api" "test" { name = "x" }`),
			ExpectError: regexp.MustCompile(`No AWS region configured`),
		}},
	})
	e.assertNoRestAPIs(t)
}

// TestAccProvider_missingCredentials: no credentials is one clear diagnostic.
func TestAccProvider_missingCredentials(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "aws" {
  skip_metadata_api_check = true
  endpoints { apigateway = %q }
}
resource "aws_api_gateway_rest_api" "test" { name = "x" }
`, e.endpoint),
			ExpectError: regexp.MustCompile(`No valid AWS credentials`),
		}},
	})
	e.assertNoRestAPIs(t)
}

// TestAccProvider_envEndpointAndSkipFlags: the endpoint comes from
// AWS_ENDPOINT_URL_API_GATEWAY and the skip_* flags copied from local-testing
// guides are accepted; access_key/secret_key in the block are used.
func TestAccProvider_envEndpointAndSkipFlags(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("AWS_ENDPOINT_URL_API_GATEWAY", e.endpoint)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{{
			Config: `
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  max_retries                 = 2
}
resource "aws_api_gateway_rest_api" "test" { name = "env" }
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("aws_api_gateway_rest_api.test", "name", "env"),
				resource.TestMatchResourceAttr("aws_api_gateway_rest_api.test", "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-east-1::[a-z0-9]{10}$`)),
			),
		}},
	})
}

// TestAccSeedExample applies examples/seed/main.tf, read from disk and
// unchanged, with the endpoint from AWS_ENDPOINT_URL_API_GATEWAY.
func TestAccSeedExample(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("AWS_ENDPOINT_URL_API_GATEWAY", e.endpoint)
	seed, err := os.ReadFile("../../examples/seed/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(seed), "provider ") {
		t.Fatal("examples/seed/main.tf must not carry a provider block")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{{
			Config: string(seed),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("aws_api_gateway_rest_api.MyDemoAPI", "name", "MyDemoAPI"),
				resource.TestCheckResourceAttr("aws_api_gateway_rest_api.MyDemoAPI", "description", "This is my API for demonstration purposes"),
				resource.TestCheckResourceAttr("aws_api_gateway_resource.MyDemoResource", "path", "/mydemoresource"),
				resource.TestCheckResourceAttr("aws_api_gateway_method.MyDemoMethod", "authorization", "NONE"),
				resource.TestCheckResourceAttr("aws_api_gateway_integration.MyDemoIntegration", "type", "MOCK"),
				resource.TestCheckResourceAttr("aws_api_gateway_integration.MyDemoIntegration", "timeout_milliseconds", "29000"),
				resource.TestCheckResourceAttr("aws_api_gateway_integration.MyDemoIntegration", "passthrough_behavior", "WHEN_NO_MATCH"),
				resource.TestMatchResourceAttr("aws_api_gateway_integration.MyDemoIntegration", "id", regexp.MustCompile(`^agi-[a-z0-9]{10}-[a-z0-9]{10}-GET$`)),
				func(s *terraform.State) error {
					api, _ := stateAttr(s, "aws_api_gateway_rest_api.MyDemoAPI", "id")
					res, _ := stateAttr(s, "aws_api_gateway_resource.MyDemoResource", "id")
					out, err := e.conn.GetIntegration(context.Background(), &apigateway.GetIntegrationInput{
						RestApiId: aws.String(api), ResourceId: aws.String(res), HttpMethod: aws.String("GET"),
					})
					if err != nil {
						return fmt.Errorf("the gateway has no integration: %w", err)
					}
					if out.Type != "MOCK" {
						return fmt.Errorf("gateway integration type = %q", out.Type)
					}
					return nil
				},
			),
		}},
	})
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// TestAccExamples applies every examples/integration-* configuration, read
// from disk, and checks the integration's type on the gateway.
func TestAccExamples(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/integration-*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 5 {
		t.Fatalf("want one example per integration type, found %v", dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, "main.tf"))
			if err != nil {
				t.Fatal(err)
			}
			e := newAccEnv(t)
			want := strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(filepath.Base(dir), "integration-"), "-", "_"))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             e.checkNoRestAPIs,
				Steps: []resource.TestStep{{
					Config: e.config(string(body)),
					Check:  resource.TestCheckResourceAttr("aws_api_gateway_integration.example", "type", want),
				}},
			})
		})
	}
}
