package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const stageName = "aws_api_gateway_stage.test"

func stageConfig(body string) string {
	return mockChain + `
resource "aws_api_gateway_deployment" "one" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  description = "one"
  depends_on  = [aws_api_gateway_integration.test]
}

resource "aws_api_gateway_deployment" "two" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  description = "two"
  depends_on  = [aws_api_gateway_integration.test]
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  stage_name  = "prod"
` + body + `
}
`
}

const stageFull = `
  deployment_id         = aws_api_gateway_deployment.one.id
  description           = "first"
  variables             = { backend = "a.example", mode = "x" }
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
  client_certificate_id = "cert1"
  documentation_version = "v1"
  xray_tracing_enabled  = true
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:api"
    format          = "$context.requestId"
  }
  canary_settings {
    deployment_id            = aws_api_gateway_deployment.two.id
    percent_traffic          = 10
    stage_variable_overrides = { mode = "canary" }
    use_stage_cache          = true
  }
  tags = { team = "a" }
`

const stageUpdated = `
  deployment_id         = aws_api_gateway_deployment.two.id
  description           = "second"
  variables             = { backend = "b.example", extra = "1" }
  cache_cluster_enabled = false
  cache_cluster_size    = "1.6"
  client_certificate_id = "cert2"
  documentation_version = "v2"
  xray_tracing_enabled  = false
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:other"
    format          = "$context.status"
  }
  canary_settings {
    deployment_id            = aws_api_gateway_deployment.one.id
    percent_traffic          = 25.5
    stage_variable_overrides = { extra = "2" }
    use_stage_cache          = false
  }
  tags = { team = "b", env = "dev" }
`

const stageMinimal = `
  deployment_id = aws_api_gateway_deployment.two.id
`

// checkStageOnGateway runs fn on the gateway's stage "prod".
func (e *accEnv) checkStageOnGateway(c captured, fn func(*apigateway.GetStageOutput, map[string]string) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.getStage(c, "prod")
		if err != nil {
			return fmt.Errorf("gateway: %w", err)
		}
		api := c["aws_api_gateway_rest_api.test.id"]
		tags, err := e.conn.GetTags(context.Background(), &apigateway.GetTagsInput{
			ResourceArn: aws.String("arn:aws:apigateway:us-east-1::/restapis/" + api + "/stages/prod"),
		})
		if err != nil {
			return fmt.Errorf("gateway tags: %w", err)
		}
		return fn(out, tags.Tags)
	}
}

func TestAccStage_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config:            e.config(stageConfig(stageFull)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(stageName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture("aws_api_gateway_deployment.one", "id"),
					c.capture("aws_api_gateway_deployment.two", "id"),
					resource.TestMatchResourceAttr(stageName, "id", regexp.MustCompile(`^ags-[a-z0-9]{10}-prod$`)),
					resource.TestCheckResourceAttrPair(stageName, "rest_api_id", "aws_api_gateway_rest_api.test", "id"),
					resource.TestCheckResourceAttr(stageName, "stage_name", "prod"),
					resource.TestCheckResourceAttrPair(stageName, "deployment_id", "aws_api_gateway_deployment.one", "id"),
					resource.TestCheckResourceAttr(stageName, "description", "first"),
					resource.TestCheckResourceAttr(stageName, "variables.%", "2"),
					resource.TestCheckResourceAttr(stageName, "variables.backend", "a.example"),
					resource.TestCheckResourceAttr(stageName, "cache_cluster_enabled", "true"),
					resource.TestCheckResourceAttr(stageName, "cache_cluster_size", "0.5"),
					resource.TestCheckResourceAttr(stageName, "client_certificate_id", "cert1"),
					resource.TestCheckResourceAttr(stageName, "documentation_version", "v1"),
					resource.TestCheckResourceAttr(stageName, "xray_tracing_enabled", "true"),
					resource.TestCheckResourceAttr(stageName, "access_log_settings.#", "1"),
					resource.TestCheckResourceAttr(stageName, "access_log_settings.0.destination_arn", "arn:aws:logs:us-east-1:123456789012:log-group:api"),
					resource.TestCheckResourceAttr(stageName, "access_log_settings.0.format", "$context.requestId"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.#", "1"),
					resource.TestCheckResourceAttrPair(stageName, "canary_settings.0.deployment_id", "aws_api_gateway_deployment.two", "id"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.0.percent_traffic", "10"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.0.stage_variable_overrides.mode", "canary"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.0.use_stage_cache", "true"),
					resource.TestCheckResourceAttr(stageName, "tags.%", "1"),
					resource.TestCheckResourceAttr(stageName, "tags_all.team", "a"),
					resource.TestMatchResourceAttr(stageName, "arn", regexp.MustCompile(`^arn:aws:apigateway:us-east-1::/restapis/[a-z0-9]{10}/stages/prod$`)),
					resource.TestMatchResourceAttr(stageName, "execution_arn", regexp.MustCompile(`^arn:aws:execute-api:us-east-1::[a-z0-9]{10}/prod$`)),
					resource.TestCheckResourceAttr(stageName, "web_acl_arn", ""),
					e.checkLocalInvokeURL(stageName, "prod"),
					e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, tags map[string]string) error {
						switch {
						case aws.ToString(st.DeploymentId) != c["aws_api_gateway_deployment.one.id"]:
							return fmt.Errorf("deploymentId = %s", aws.ToString(st.DeploymentId))
						case !st.CacheClusterEnabled || st.CacheClusterSize != "0.5" || !st.TracingEnabled:
							return fmt.Errorf("cache %v %s tracing %v", st.CacheClusterEnabled, st.CacheClusterSize, st.TracingEnabled)
						case aws.ToString(st.ClientCertificateId) != "cert1" || aws.ToString(st.DocumentationVersion) != "v1":
							return fmt.Errorf("clientCertificateId %q documentationVersion %q", aws.ToString(st.ClientCertificateId), aws.ToString(st.DocumentationVersion))
						case st.AccessLogSettings == nil || aws.ToString(st.AccessLogSettings.Format) != "$context.requestId":
							return fmt.Errorf("accessLogSettings = %+v", st.AccessLogSettings)
						case st.CanarySettings == nil || st.CanarySettings.PercentTraffic != 10 || st.CanarySettings.StageVariableOverrides["mode"] != "canary":
							return fmt.Errorf("canarySettings = %+v", st.CanarySettings)
						case st.Variables["backend"] != "a.example" || tags["team"] != "a":
							return fmt.Errorf("variables %v tags %v", st.Variables, tags)
						}
						return nil
					}),
				),
			},
			{
				Config: e.config(stageConfig(stageUpdated)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(stageName, plancheck.ResourceActionUpdate),
					// attributes no argument changes stay known in an update's plan
					plancheck.ExpectKnownValue(stageName, tfjsonpath.New("web_acl_arn"), knownvalue.StringExact("")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(stageName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPair(stageName, "deployment_id", "aws_api_gateway_deployment.two", "id"),
					resource.TestCheckResourceAttr(stageName, "description", "second"),
					resource.TestCheckResourceAttr(stageName, "variables.%", "2"),
					resource.TestCheckResourceAttr(stageName, "variables.extra", "1"),
					resource.TestCheckResourceAttr(stageName, "cache_cluster_enabled", "false"),
					resource.TestCheckResourceAttr(stageName, "cache_cluster_size", "1.6"),
					resource.TestCheckResourceAttr(stageName, "xray_tracing_enabled", "false"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.0.percent_traffic", "25.5"),
					resource.TestCheckResourceAttr(stageName, "tags.%", "2"),
					e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, tags map[string]string) error {
						switch {
						case aws.ToString(st.DeploymentId) != c["aws_api_gateway_deployment.two.id"]:
							return fmt.Errorf("deploymentId = %s", aws.ToString(st.DeploymentId))
						case st.CacheClusterEnabled || st.CacheClusterSize != "1.6" || st.TracingEnabled:
							return fmt.Errorf("cache %v %s tracing %v", st.CacheClusterEnabled, st.CacheClusterSize, st.TracingEnabled)
						case aws.ToString(st.ClientCertificateId) != "cert2" || aws.ToString(st.DocumentationVersion) != "v2" || aws.ToString(st.Description) != "second":
							return fmt.Errorf("clientCertificateId %q documentationVersion %q", aws.ToString(st.ClientCertificateId), aws.ToString(st.DocumentationVersion))
						case st.AccessLogSettings == nil || aws.ToString(st.AccessLogSettings.Format) != "$context.status" ||
							aws.ToString(st.AccessLogSettings.DestinationArn) != "arn:aws:logs:us-east-1:123456789012:log-group:other":
							return fmt.Errorf("accessLogSettings = %+v", st.AccessLogSettings)
						case st.CanarySettings == nil || st.CanarySettings.PercentTraffic != 25.5 || st.CanarySettings.UseStageCache ||
							fmt.Sprint(st.CanarySettings.StageVariableOverrides) != "map[extra:2]" ||
							aws.ToString(st.CanarySettings.DeploymentId) != c["aws_api_gateway_deployment.one.id"]:
							return fmt.Errorf("canarySettings = %+v", st.CanarySettings)
						case fmt.Sprint(st.Variables) != "map[backend:b.example extra:1]":
							return fmt.Errorf("variables %v", st.Variables)
						case fmt.Sprint(tags) != "map[env:dev team:b]":
							return fmt.Errorf("tags %v", tags)
						}
						return nil
					}),
				),
			},
			{
				// Optional arguments and blocks removed: really removed.
				Config:            e.config(stageConfig(stageMinimal)),
				ConfigPlanChecks:  expectAction(stageName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(stageName, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(stageName, "description"),
					resource.TestCheckNoResourceAttr(stageName, "variables.%"),
					resource.TestCheckNoResourceAttr(stageName, "client_certificate_id"),
					resource.TestCheckNoResourceAttr(stageName, "documentation_version"),
					resource.TestCheckResourceAttr(stageName, "access_log_settings.#", "0"),
					resource.TestCheckResourceAttr(stageName, "canary_settings.#", "0"),
					resource.TestCheckNoResourceAttr(stageName, "tags.%"),
					e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, tags map[string]string) error {
						if st.AccessLogSettings != nil || st.CanarySettings != nil || len(st.Variables) > 0 || len(tags) > 0 ||
							aws.ToString(st.Description) != "" || aws.ToString(st.ClientCertificateId) != "" || aws.ToString(st.DocumentationVersion) != "" {
							return fmt.Errorf("left on the gateway: %+v tags %v", st, tags)
						}
						return nil
					}),
				),
			},
			{Config: e.config(stageConfig(stageFull))},
			{
				ResourceName:      stageName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(stageName, "rest_api_id", "stage_name"),
			},
			{
				PreConfig: func() {
					_, err := e.conn.UpdateStage(context.Background(), &apigateway.UpdateStageInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), StageName: aws.String("prod"),
						PatchOperations: []awstypes.PatchOperation{
							{Op: awstypes.OpReplace, Path: aws.String("/variables/backend"), Value: aws.String("drift")},
							{Op: awstypes.OpReplace, Path: aws.String("/deploymentId"), Value: aws.String(c["aws_api_gateway_deployment.two.id"])},
							{Op: awstypes.OpRemove, Path: aws.String("/accessLogSettings")},
						},
					})
					must(t, "out-of-band UpdateStage", err)
				},
				Config:           e.config(stageConfig(stageFull)),
				ConfigPlanChecks: planShowsDrift(stageName, plancheck.ResourceActionUpdate),
				Check: e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, _ map[string]string) error {
					if st.Variables["backend"] != "a.example" || st.AccessLogSettings == nil || aws.ToString(st.DeploymentId) != c["aws_api_gateway_deployment.one.id"] {
						return fmt.Errorf("drift not corrected: %+v", st)
					}
					return nil
				}),
			},
			{
				PreConfig: func() {
					_, err := e.conn.DeleteStage(context.Background(), &apigateway.DeleteStageInput{
						RestApiId: aws.String(c["aws_api_gateway_rest_api.test.id"]), StageName: aws.String("prod"),
					})
					must(t, "out-of-band DeleteStage", err)
				},
				Config:           e.config(stageConfig(stageFull)),
				ConfigPlanChecks: planShowsDrift(stageName, plancheck.ResourceActionCreate),
				Check: e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, tags map[string]string) error {
					if st.Variables["backend"] != "a.example" || tags["team"] != "a" {
						return fmt.Errorf("re-created stage: %+v tags %v", st, tags)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccStage_validation(t *testing.T) {
	cases := []struct{ name, stage, body, want string }{
		{"stage name", "my stage", ``, `Stage name only allows a-zA-Z0-9_-`},
		{"cache size", "prod", `cache_cluster_size = "2"`, `(?s)cache_cluster_size.*0\.5`},
		{"variable name", "prod", `variables = { "a-b" = "1" }`, `(?s)Invalid stage variable.*a-b`},
		{"variable value", "prod", `variables = { a = "sp ace" }`, `(?s)Invalid stage variable.*sp ace`},
		{"canary percent", "prod", "canary_settings {\n    deployment_id = \"x\"\n    percent_traffic = -1\n  }", `(?s)percent_traffic.*between`},
		{"access log ARN", "prod", "access_log_settings {\n    destination_arn = \"log-group\"\n    format = \"x\"\n  }", `(?s)destination_arn.*must be an ARN`},
		{"reserved tag key", "prod", `tags = { "aws:stage" = "x" }`, `(?s)Invalid tags.*tag key "aws:stage" starts with "aws:"`},
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
  depends_on  = [aws_api_gateway_integration.test]
}
resource "aws_api_gateway_stage" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  stage_name    = %q
  deployment_id = aws_api_gateway_deployment.test.id
  %s
}
`, tc.stage, tc.body)),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			e.assertNoRestAPIs(t)
		})
	}
}

// TestStageInvokeURL: one rule gives the URL that answers, for AWS and for
// a local gateway.
func TestStageInvokeURL(t *testing.T) {
	cases := []struct {
		name     string
		client   Client
		api, stg string
		want     string
	}{
		{"aws", Client{Region: "eu-west-2", Partition: "aws"}, "z4675bid1j", "prod", "https://z4675bid1j.execute-api.eu-west-2.amazonaws.com/prod"},
		{"aws china", Client{Region: "cn-north-1", Partition: "aws-cn"}, "abc", "dev", "https://abc.execute-api.cn-north-1.amazonaws.com.cn/dev"},
		{"aws custom endpoint", Client{Region: "us-east-1", Partition: "aws", Endpoint: "https://apigateway-fips.us-east-1.amazonaws.com"}, "abc", "v1", "https://abc.execute-api.us-east-1.amazonaws.com/v1"},
		{"local 127.0.0.1", Client{Region: "us-east-1", Partition: "aws", Endpoint: "http://127.0.0.1:4567"}, "abc", "prod", "http://abc.execute-api.localhost:4567/prod"},
		{"local localhost", Client{Region: "us-east-1", Partition: "aws", Endpoint: "http://localhost:8080/"}, "abc", "prod", "http://abc.execute-api.localhost:8080/prod"},
		{"local ipv6", Client{Region: "us-east-1", Partition: "aws", Endpoint: "http://[::1]:9000"}, "abc", "s", "http://abc.execute-api.localhost:9000/s"},
		{"no stage", Client{Region: "us-east-1", Partition: "aws"}, "abc", "", "https://abc.execute-api.us-east-1.amazonaws.com/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := invokeURL(&tc.client, tc.api, tc.stg); got != tc.want {
				t.Errorf("invokeURL = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestAccStageExample applies examples/stage/main.tf, read from disk and
// unchanged, with the endpoint from AWS_ENDPOINT_URL_API_GATEWAY.
func TestAccStageExample(t *testing.T) {
	e := newAccEnv(t)
	t.Setenv("AWS_ENDPOINT_URL_API_GATEWAY", e.endpoint)
	src, err := os.ReadFile("../../examples/stage/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{{
			Config: string(src),
			Check: resource.ComposeAggregateTestCheckFunc(
				e.checkLocalInvokeURL("aws_api_gateway_stage.prod", "prod"),
				resource.TestCheckResourceAttrPair("aws_api_gateway_stage.prod", "deployment_id", "aws_api_gateway_deployment.example", "id"),
				resource.TestCheckResourceAttr("aws_api_gateway_stage.prod", "variables.greeting", "hello"),
				func(s *terraform.State) error {
					api, _ := stateAttr(s, "aws_api_gateway_rest_api.example", "id")
					url, _ := stateAttr(s, "aws_api_gateway_stage.prod", "invoke_url")
					if out := s.RootModule().Outputs["invoke_url"]; out == nil || out.Value != url {
						return fmt.Errorf("output invoke_url = %v, want %s", out, url)
					}
					st, err := e.conn.GetStage(context.Background(), &apigateway.GetStageInput{RestApiId: aws.String(api), StageName: aws.String("prod")})
					if err != nil {
						return fmt.Errorf("gateway: %w", err)
					}
					if st.Variables["greeting"] != "hello" {
						return fmt.Errorf("gateway stage variables = %v", st.Variables)
					}
					return nil
				},
			),
		}},
	})
}

// stageCanary is a stage on deployment stageDep with a canary whose body
// is canary (no deployment_id unless canary sets one).
func stageCanary(stageDep, canary string) string {
	return `
  deployment_id = aws_api_gateway_deployment.` + stageDep + `.id
  canary_settings {
    percent_traffic = 33.33
` + canary + `
  }
`
}

// checkCanaryDeployment checks that state and gateway both say the canary
// serves deployment dep and the stage serves stageDep.
func (e *accEnv) checkCanaryDeployment(c captured, stageDep, dep string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttrPair(stageName, "deployment_id", "aws_api_gateway_deployment."+stageDep, "id"),
		resource.TestCheckResourceAttr(stageName, "canary_settings.#", "1"),
		resource.TestCheckResourceAttrPair(stageName, "canary_settings.0.deployment_id", "aws_api_gateway_deployment."+dep, "id"),
		resource.TestCheckResourceAttr(stageName, "canary_settings.0.percent_traffic", "33.33"),
		e.checkStageOnGateway(c, func(st *apigateway.GetStageOutput, _ map[string]string) error {
			switch {
			case aws.ToString(st.DeploymentId) != c["aws_api_gateway_deployment."+stageDep+".id"]:
				return fmt.Errorf("deploymentId = %s, want %s's", aws.ToString(st.DeploymentId), stageDep)
			case st.CanarySettings == nil || st.CanarySettings.PercentTraffic != 33.33:
				return fmt.Errorf("canarySettings = %+v", st.CanarySettings)
			case aws.ToString(st.CanarySettings.DeploymentId) != c["aws_api_gateway_deployment."+dep+".id"]:
				return fmt.Errorf("canarySettings.deploymentId = %q, want %s's", aws.ToString(st.CanarySettings.DeploymentId), dep)
			}
			return nil
		}),
	)
}

// TestAccStage_canaryDeploymentID: canary_settings.deployment_id may be
// left out (HashiCorp's pre-v6 block has none): the canary then serves the
// stage's deployment and follows it when it changes; set, it is kept.
// Every step's plan is empty after apply (the framework checks it).
func TestAccStage_canaryDeploymentID(t *testing.T) {
	e := newAccEnv(t)
	c := captured{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: e.config(stageConfig(stageCanary("one", ""))),
				Check: resource.ComposeAggregateTestCheckFunc(
					c.capture("aws_api_gateway_rest_api.test", "id"),
					c.capture("aws_api_gateway_deployment.one", "id"),
					c.capture("aws_api_gateway_deployment.two", "id"),
					e.checkCanaryDeployment(c, "one", "one"),
				),
			},
			{
				ResourceName:      stageName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: importStateIDFunc(stageName, "rest_api_id", "stage_name"),
			},
			{
				// The stage moves: the canary follows, in place.
				Config:           e.config(stageConfig(stageCanary("two", ""))),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            e.checkCanaryDeployment(c, "two", "two"),
			},
			{
				// An explicit canary deployment is kept.
				Config:           e.config(stageConfig(stageCanary("two", "    deployment_id = aws_api_gateway_deployment.one.id"))),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            e.checkCanaryDeployment(c, "two", "one"),
			},
			{
				// ... also when the stage moves.
				Config:           e.config(stageConfig(stageCanary("one", "    deployment_id = aws_api_gateway_deployment.two.id"))),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            e.checkCanaryDeployment(c, "one", "two"),
			},
			{
				// Left out again: back to the stage's deployment.
				Config:           e.config(stageConfig(stageCanary("one", ""))),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            e.checkCanaryDeployment(c, "one", "one"),
			},
			{
				Config:           e.config(stageConfig(stageMinimal)),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            resource.TestCheckResourceAttr(stageName, "canary_settings.#", "0"),
			},
			{
				// A canary added to an existing stage serves the stage's deployment.
				Config:           e.config(stageConfig(stageCanary("two", ""))),
				ConfigPlanChecks: expectAction(stageName, plancheck.ResourceActionUpdate),
				Check:            e.checkCanaryDeployment(c, "two", "two"),
			},
		},
	})
}
