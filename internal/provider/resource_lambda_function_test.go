package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// lambdaAccEnv is an accEnv whose provider block also points Lambda at the
// test's gateway, with an SDK Lambda client for it.
type lambdaAccEnv struct {
	*accEnv
	lambda *lambda.Client
	dir    string
}

func newLambdaAccEnv(t *testing.T) *lambdaAccEnv {
	t.Helper()
	e := newAccEnv(t)
	conn := lambda.New(lambda.Options{
		Region:       gatewaytest.Region,
		BaseEndpoint: aws.String(e.endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(gatewaytest.AccessKeyID, gatewaytest.SecretAccessKey, ""),
	})

	return &lambdaAccEnv{accEnv: e, lambda: conn, dir: t.TempDir()}
}

func (e *lambdaAccEnv) config(body string) string {
	return fmt.Sprintf(`
provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  max_retries                 = 3
  endpoints {
    apigateway = %q
    lambda     = %q
  }
}
`, e.endpoint, e.endpoint) + body
}

// zipFile writes a deployment package with the given files and returns its
// path and filebase64sha256.
func (e *lambdaAccEnv) zipFile(t *testing.T, name string, files map[string]string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, body := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())

	return p, base64.StdEncoding.EncodeToString(sum[:])
}

// checkNoFunctions is a CheckDestroy: Lambda holds no function at all.
func (e *lambdaAccEnv) checkNoFunctions(_ *terraform.State) error {
	out, err := e.lambda.ListFunctions(context.Background(), &lambda.ListFunctionsInput{})
	if err != nil {
		return fmt.Errorf("ListFunctions: %w", err)
	}
	if len(out.Functions) > 0 {
		names := make([]string, 0, len(out.Functions))
		for _, f := range out.Functions {
			names = append(names, aws.ToString(f.FunctionName))
		}
		return fmt.Errorf("functions still exist: %v", names)
	}

	return nil
}

const lambdaRole = "arn:aws:iam::123456789012:role/lambda-exec"

const pyHandler = `
import json, os

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"greeting": os.environ.get("GREETING", "hello")})}
`

func lambdaFunctionConfig(file, hash, extra string) string {
	return fmt.Sprintf(`
resource "aws_lambda_function" "test" {
  function_name    = "acc-fn"
  filename         = %q
  source_code_hash = %q
  handler          = "app.handler"
  runtime          = "python3.12"
  role             = %q
%s
}
`, file, hash, lambdaRole, extra)
}

// TestAccLambdaFunction_planTimeErrors: what the configuration alone decides
// fails at plan, before any API call, with the rule's own message.
func TestAccLambdaFunction_planTimeErrors(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "handler.py")
	if err := os.WriteFile(notZip, []byte(pyHandler), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ body, err string }{
		"unknown runtime": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python9"
  role          = "` + lambdaRole + `"
}`, `Value 'python9' at 'runtime' failed to satisfy constraint: Member must\s+satisfy enum value set`},
		"runtime blocked for create": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.7"
  role          = "` + lambdaRole + `"
}`, `(?s)The runtime parameter of python3.7 is no longer supported for creating or\s+updating AWS Lambda functions`},
		"handler without module": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `handler "handler" for python3.12 must be MODULE.FUNCTION`},
		"node handler without file": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "src/index"
  runtime       = "nodejs20.x"
  role          = "` + lambdaRole + `"
}`, `must be FILE.FUNCTION`},
		"handler and runtime missing": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  role          = "` + lambdaRole + `"
}`, `handler and runtime must be set when PackageType is Zip`},
		"memory too small": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
  memory_size   = 64
}`, `(?s)memory_size.*must be between 128 and 10240, got: 64`},
		"timeout too long": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
  timeout       = 901
}`, `(?s)timeout.*must be between 1 and 900, got: 901`},
		"reserved environment variable": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
  environment {
    variables = { AWS_REGION = "x" }
  }
}`, `Reserved keys used in this request:\s+AWS_REGION`},
		"two code sources": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  s3_bucket     = "b"
  s3_key        = "k"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `(?s)Exactly one of these attributes must be configured:\s+\[filename,image_uri,s3_bucket\]`},
		"s3_bucket without s3_key": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  s3_bucket     = "b"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `(?s)These attributes must be configured together: \[s3_bucket,s3_key\]`},
		"not a zip": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "` + notZip + `"
  handler       = "handler.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `is not a\s+zip archive`},
		"image_uri with Zip": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `image_uri needs package_type = "Image"`},
		"bad function name": {`
resource "aws_lambda_function" "test" {
  function_name = "my function"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "` + lambdaRole + `"
}`, `(?s)Invalid function_name.*must be a function name`},
		"role not an ARN": {`
resource "aws_lambda_function" "test" {
  function_name = "f"
  filename      = "x.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = "lambda-exec"
}`, `(?s)role.*must be an ARN`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newLambdaAccEnv(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.config(tc.body),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.err),
				}},
			})
		})
	}
}

// TestAccLambdaFunction_lifecycle: create from a .zip, an empty re-plan,
// import, in-place configuration and code updates, publishing, drift
// (a variable changed behind Terraform's back), and destroy.
func TestAccLambdaFunction_lifecycle(t *testing.T) {
	e := newLambdaAccEnv(t)
	v1, h1 := e.zipFile(t, "v1.zip", map[string]string{"app.py": pyHandler})
	v2, h2 := e.zipFile(t, "v2.zip", map[string]string{"app.py": pyHandler + "\n# v2\n"})
	const name = "aws_lambda_function.test"
	sameARN := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoFunctions,
		Steps: []resource.TestStep{
			{
				Config: e.config(lambdaFunctionConfig(v1, h1, `
  environment {
    variables = { GREETING = "hi" }
  }
  tags = { team = "a" }`)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameARN.AddStateValue(name, tfjsonpath.New("arn")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("id"), knownvalue.StringExact("acc-fn")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:lambda:us-east-1:\d{12}:function:acc-fn$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("invoke_arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:\d{12}:function:acc-fn/invocations$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("code_sha256"), knownvalue.StringExact(h1)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("version"), knownvalue.StringExact("$LATEST")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("qualified_arn"), knownvalue.StringRegexp(regexp.MustCompile(`:function:acc-fn:\$LATEST$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("memory_size"), knownvalue.Int64Exact(128)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("timeout"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("architectures"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("x86_64")})),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("reserved_concurrent_executions"), knownvalue.Int64Exact(-1)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("a")})),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("logging_config"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("tracing_config"), knownvalue.ListSizeExact(0)),
				},
				Check: e.checkFunction("acc-fn", func(c *lambda.GetFunctionOutput) error {
					if got := c.Configuration.Environment.Variables["GREETING"]; got != "hi" {
						return fmt.Errorf("GREETING = %q", got)
					}
					if c.Configuration.CodeSize == 0 || string(c.Configuration.State) != "Active" {
						return fmt.Errorf("code size %d, state %s", c.Configuration.CodeSize, c.Configuration.State)
					}
					return nil
				}),
			},
			{
				Config:            e.config(lambdaFunctionConfig(v1, h1, "")),
				ResourceName:      name,
				ImportState:       true,
				ImportStateId:     "acc-fn",
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{
					"filename", "source_code_hash", "last_modified", "publish",
				},
			},
			{
				// Configuration update: variables, memory, timeout, description,
				// ephemeral storage, logging, tracing, concurrency.
				Config: e.config(lambdaFunctionConfig(v1, h1, `
  description = "second"
  memory_size = 256
  timeout     = 10
  reserved_concurrent_executions = 2
  environment {
    variables = { GREETING = "hello again" }
  }
  ephemeral_storage {
    size = 1024
  }
  logging_config {
    log_format            = "JSON"
    application_log_level = "DEBUG"
  }
  tracing_config {
    mode = "Active"
  }
  tags = { team = "b" }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameARN.AddStateValue(name, tfjsonpath.New("arn")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("memory_size"), knownvalue.Int64Exact(256)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("reserved_concurrent_executions"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("logging_config").AtSliceIndex(0).AtMapKey("log_group"), knownvalue.StringExact("/aws/lambda/acc-fn")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("logging_config").AtSliceIndex(0).AtMapKey("system_log_level"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("code_sha256"), knownvalue.StringExact(h1)),
				},
				Check: e.checkFunction("acc-fn", func(c *lambda.GetFunctionOutput) error {
					cfg := c.Configuration
					if aws.ToInt32(cfg.Timeout) != 10 || aws.ToString(cfg.Description) != "second" || aws.ToInt32(cfg.EphemeralStorage.Size) != 1024 ||
						cfg.Environment.Variables["GREETING"] != "hello again" || string(cfg.TracingConfig.Mode) != "Active" {
						return fmt.Errorf("configuration not updated: %+v", cfg)
					}
					if c.Concurrency == nil || aws.ToInt32(c.Concurrency.ReservedConcurrentExecutions) != 2 {
						return fmt.Errorf("concurrency = %+v", c.Concurrency)
					}
					if c.Tags["team"] != "b" {
						return fmt.Errorf("tags = %v", c.Tags)
					}
					return nil
				}),
			},
			{
				// Code update with publish: a new version and qualified ARNs.
				Config: e.config(lambdaFunctionConfig(v2, h2, `
  publish = true
  environment {
    variables = { GREETING = "v2" }
  }`)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameARN.AddStateValue(name, tfjsonpath.New("arn")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("code_sha256"), knownvalue.StringExact(h2)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("qualified_arn"), knownvalue.StringRegexp(regexp.MustCompile(`:function:acc-fn:1$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("qualified_invoke_arn"), knownvalue.StringRegexp(regexp.MustCompile(`:function:acc-fn:1/invocations$`))),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("reserved_concurrent_executions"), knownvalue.Int64Exact(-1)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("logging_config"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("tracing_config"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(name, tfjsonpath.New("ephemeral_storage"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				// Drift: a variable changed outside Terraform is put back.
				PreConfig: func() {
					_, err := e.lambda.UpdateFunctionConfiguration(context.Background(), &lambda.UpdateFunctionConfigurationInput{
						FunctionName: aws.String("acc-fn"),
						Environment:  &lambdatypes.Environment{Variables: map[string]string{"GREETING": "drifted"}},
					})
					if err != nil {
						t.Fatalf("drift: %v", err)
					}
				},
				Config: e.config(lambdaFunctionConfig(v2, h2, `
  publish = true
  environment {
    variables = { GREETING = "v2" }
  }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// Put back as version 1 has it: PublishVersion publishes
					// nothing new when code and configuration equal the
					// latest version's, and answers with that version.
					statecheck.ExpectKnownValue(name, tfjsonpath.New("version"), knownvalue.StringExact("1")),
				},
				Check: e.checkFunction("acc-fn", func(c *lambda.GetFunctionOutput) error {
					if got := c.Configuration.Environment.Variables["GREETING"]; got != "v2" {
						return fmt.Errorf("GREETING = %q after the drift was corrected", got)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccLambdaFunction_disappears: a function deleted behind Terraform's
// back is planned for creation again, not an error.
func TestAccLambdaFunction_disappears(t *testing.T) {
	e := newLambdaAccEnv(t)
	v1, h1 := e.zipFile(t, "v1.zip", map[string]string{"app.py": pyHandler})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoFunctions,
		Steps: []resource.TestStep{
			{Config: e.config(lambdaFunctionConfig(v1, h1, ""))},
			{
				PreConfig: func() {
					if _, err := e.lambda.DeleteFunction(context.Background(), &lambda.DeleteFunctionInput{FunctionName: aws.String("acc-fn")}); err != nil {
						t.Fatalf("DeleteFunction: %v", err)
					}
				},
				Config: e.config(lambdaFunctionConfig(v1, h1, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("aws_lambda_function.test", plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccLambdaFunction_codeSha256Mismatch: a configured code_sha256 that
// is not the package's fails the apply with both hashes.
func TestAccLambdaFunction_codeSha256Mismatch(t *testing.T) {
	e := newLambdaAccEnv(t)
	v1, _ := e.zipFile(t, "v1.zip", map[string]string{"app.py": pyHandler})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoFunctions,
		Steps: []resource.TestStep{{
			Config:      e.config(lambdaFunctionConfig(v1, "", `  code_sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="`)),
			ExpectError: regexp.MustCompile(`(?s)Deployment package does not match code_sha256`),
		}},
	})
}

func (e *lambdaAccEnv) checkFunction(name string, f func(*lambda.GetFunctionOutput) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.lambda.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: aws.String(name)})
		if err != nil {
			return fmt.Errorf("GetFunction(%s): %w", name, err)
		}
		return f(out)
	}
}
