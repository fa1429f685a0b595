package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// Acceptance tests of the aws_iam_* resources and the identity data
// sources: the real terraform CLI against a real `portico serve` (IAM and
// STS on the gateway's endpoint), checked through aws-sdk-go-v2.

type iamAccEnv struct {
	endpoint string
	conn     *iam.Client
}

func newIAMAccEnv(t *testing.T) *iamAccEnv {
	t.Helper()
	testAccPreCheck(t)
	ep := gatewaytest.Start(t)
	return &iamAccEnv{endpoint: ep, conn: iam.New(iam.Options{
		Region:       gatewaytest.Region,
		BaseEndpoint: aws.String(ep),
		Credentials:  credentials.NewStaticCredentialsProvider(gatewaytest.AccessKeyID, gatewaytest.SecretAccessKey, ""),
		Retryer:      aws.NopRetryer{},
	})}
}

// config prepends a provider block pointing API Gateway, IAM and STS at
// this test's gateway (the account id is looked up with STS).
func (e *iamAccEnv) config(body string) string {
	return fmt.Sprintf(`
provider "aws" {
  skip_credentials_validation = true
  max_retries                 = 3
  endpoints {
    apigateway = %[1]q
    iam        = %[1]q
    sts        = %[1]q
  }
}
`, e.endpoint) + body
}

// wrapRE matches text in terraform's output, where long diagnostics are
// wrapped: each space of text matches any run of whitespace.
func wrapRE(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// checkNoIAM is a CheckDestroy: no role and no customer managed policy is
// left on the gateway.
func (e *iamAccEnv) checkNoIAM(_ *terraform.State) error {
	ctx := context.Background()
	roles, err := e.conn.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		return fmt.Errorf("ListRoles: %w", err)
	}
	if len(roles.Roles) > 0 {
		return fmt.Errorf("%d role(s) left, first %s", len(roles.Roles), aws.ToString(roles.Roles[0].RoleName))
	}
	pols, err := e.conn.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: "Local"})
	if err != nil {
		return fmt.Errorf("ListPolicies: %w", err)
	}
	if len(pols.Policies) > 0 {
		return fmt.Errorf("%d policy(ies) left, first %s", len(pols.Policies), aws.ToString(pols.Policies[0].Arn))
	}
	return nil
}

func (e *iamAccEnv) attachedARNs(role string) ([]string, error) {
	out, err := e.conn.ListAttachedRolePolicies(context.Background(), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	if err != nil {
		return nil, err
	}
	var arns []string
	for _, p := range out.AttachedPolicies {
		arns = append(arns, aws.ToString(p.PolicyArn))
	}
	return arns, nil
}

func (e *iamAccEnv) checkAttached(role string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := e.attachedARNs(role)
		if err != nil {
			return err
		}
		sort.Strings(got)
		want := slices.Sorted(slices.Values(want))
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("attached to %s: %v, want %v", role, got, want)
		}
		return nil
	}
}

func (e *iamAccEnv) checkInline(role string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := e.conn.ListRolePolicies(context.Background(), &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
		if err != nil {
			return err
		}
		if strings.Join(out.PolicyNames, ",") != strings.Join(want, ",") {
			return fmt.Errorf("inline policies of %s: %v, want %v", role, out.PolicyNames, want)
		}
		return nil
	}
}

const trustLambdaHCL = `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })`

// The same trust policy as a heredoc: other key order, a list of one
// action, whitespace.
const trustLambdaHeredoc = `<<EOT
{
  "Statement": [
    {
      "Action": ["sts:AssumeRole"],
      "Principal": {"Service": ["lambda.amazonaws.com"]},
      "Effect": "Allow"
    }
  ],
  "Version": "2012-10-17"
}
EOT`

func roleConfig(extra string) string {
	return `
resource "aws_iam_role" "test" {
  name               = "acc-role"
  assume_role_policy = ` + trustLambdaHCL + `
` + extra + `
}
`
}

func TestAccIAMRole_basic(t *testing.T) {
	e := newIAMAccEnv(t)
	name := "aws_iam_role.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				Config: e.config(roleConfig("")),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "id", "acc-role"),
					resource.TestCheckResourceAttr(name, "name", "acc-role"),
					resource.TestCheckNoResourceAttr(name, "name_prefix"),
					resource.TestCheckResourceAttr(name, "arn", "arn:aws:iam::000000000000:role/acc-role"),
					resource.TestMatchResourceAttr(name, "unique_id", regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)),
					resource.TestMatchResourceAttr(name, "create_date", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
					resource.TestCheckResourceAttr(name, "path", "/"),
					resource.TestCheckResourceAttr(name, "max_session_duration", "3600"),
					resource.TestCheckResourceAttr(name, "force_detach_policies", "false"),
					resource.TestCheckResourceAttr(name, "managed_policy_arns.#", "0"),
					resource.TestCheckNoResourceAttr(name, "description"),
					resource.TestCheckResourceAttr(name, "tags_all.%", "0"),
				),
			},
			{
				// An equivalent trust policy written differently plans nothing.
				Config: e.config(`
resource "aws_iam_role" "test" {
  name               = "acc-role"
  assume_role_policy = ` + trustLambdaHeredoc + `
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            name,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"assume_role_policy"},
				Config:                  e.config(roleConfig("")),
			},
			{
				Config: e.config(roleConfig(`
  description          = "runs the functions"
  max_session_duration = 7200
  permissions_boundary = "arn:aws:iam::aws:policy/AdministratorAccess"
  tags = { team = "a" }
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "description", "runs the functions"),
					resource.TestCheckResourceAttr(name, "max_session_duration", "7200"),
					resource.TestCheckResourceAttr(name, "permissions_boundary", "arn:aws:iam::aws:policy/AdministratorAccess"),
					resource.TestCheckResourceAttr(name, "tags.team", "a"),
					resource.TestCheckResourceAttr(name, "tags_all.team", "a"),
					func(*terraform.State) error {
						out, err := e.conn.GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String("acc-role")})
						if err != nil {
							return err
						}
						r := out.Role
						if aws.ToString(r.Description) != "runs the functions" || aws.ToInt32(r.MaxSessionDuration) != 7200 ||
							r.PermissionsBoundary == nil || len(r.Tags) != 1 {
							return fmt.Errorf("role on the gateway = %+v", r)
						}
						return nil
					},
				),
			},
			{
				// Trust policy changed, boundary and tags removed.
				Config: e.config(`
resource "aws_iam_role" "test" {
  name               = "acc-role"
  description        = "runs the functions"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "apigateway.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(name, "permissions_boundary"),
					resource.TestCheckResourceAttr(name, "max_session_duration", "3600"),
					resource.TestCheckResourceAttr(name, "tags_all.%", "0"),
					func(*terraform.State) error {
						out, err := e.conn.GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String("acc-role")})
						if err != nil {
							return err
						}
						doc, _ := url.QueryUnescape(aws.ToString(out.Role.AssumeRolePolicyDocument))
						if !strings.Contains(doc, "apigateway.amazonaws.com") || out.Role.PermissionsBoundary != nil || len(out.Role.Tags) != 0 {
							return fmt.Errorf("role on the gateway = %+v (trust %s)", out.Role, doc)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccIAMRole_namePrefixAndDrift(t *testing.T) {
	e := newIAMAccEnv(t)
	name := "aws_iam_role.test"
	cfg := e.config(`
resource "aws_iam_role" "test" {
  name_prefix        = "fn-"
  assume_role_policy = ` + trustLambdaHCL + `
}
`)
	var roleName string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(name, "name", regexp.MustCompile(`^fn-\d{18}[0-9a-f]{8}$`)),
					resource.TestCheckResourceAttr(name, "name_prefix", "fn-"),
					func(s *terraform.State) error {
						roleName = s.RootModule().Resources[name].Primary.Attributes["name"]
						return nil
					},
				),
			},
			{
				// Changed outside Terraform: the plan puts it back.
				PreConfig: func() {
					if _, err := e.conn.UpdateRole(context.Background(), &iam.UpdateRoleInput{RoleName: aws.String(roleName), MaxSessionDuration: aws.Int32(5000)}); err != nil {
						t.Fatalf("UpdateRole: %v", err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate)}},
				Check:            resource.TestCheckResourceAttr(name, "max_session_duration", "3600"),
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: func() {
					if _, err := e.conn.DeleteRole(context.Background(), &iam.DeleteRoleInput{RoleName: aws.String(roleName)}); err != nil {
						t.Fatalf("DeleteRole: %v", err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionCreate)}},
				Check:            resource.TestMatchResourceAttr(name, "name", regexp.MustCompile(`^fn-`)),
			},
		},
	})
}

func TestAccIAMRole_inlineAndManagedPolicies(t *testing.T) {
	e := newIAMAccEnv(t)
	name := "aws_iam_role.test"
	basic := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	xray := "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
	logs := `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = "*" }] })`
	s3 := `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				Config: e.config(roleConfig(fmt.Sprintf(`
  managed_policy_arns = [%q, %q]
  inline_policy {
    name   = "logs"
    policy = %s
  }
  inline_policy {
    name   = "s3"
    policy = %s
  }
`, basic, xray, logs, s3))),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "managed_policy_arns.#", "2"),
					resource.TestCheckResourceAttr(name, "inline_policy.#", "2"),
					e.checkAttached("acc-role", basic, xray),
					e.checkInline("acc-role", "logs", "s3"),
				),
			},
			{
				Config: e.config(roleConfig(fmt.Sprintf(`
  managed_policy_arns = [%q]
  inline_policy {
    name   = "logs"
    policy = %s
  }
`, xray, logs))),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "managed_policy_arns.#", "1"),
					resource.TestCheckResourceAttr(name, "inline_policy.#", "1"),
					e.checkAttached("acc-role", xray),
					e.checkInline("acc-role", "logs"),
				),
			},
			{
				// An empty inline_policy block: no inline policies.
				Config: e.config(roleConfig(`
  managed_policy_arns = []
  inline_policy {}
`)),
				Check: resource.ComposeAggregateTestCheckFunc(
					e.checkAttached("acc-role"),
					e.checkInline("acc-role"),
				),
			},
			{
				// Policies attached outside Terraform are read into
				// managed_policy_arns when the argument is not set; the
				// role still destroys (HashiCorp detaches them first).
				PreConfig: func() {
					if _, err := e.conn.AttachRolePolicy(context.Background(), &iam.AttachRolePolicyInput{RoleName: aws.String("acc-role"), PolicyArn: aws.String(basic)}); err != nil {
						t.Fatalf("AttachRolePolicy: %v", err)
					}
				},
				Config: e.config(roleConfig("")),
				Check:  resource.TestCheckResourceAttr(name, "managed_policy_arns.#", "1"),
			},
		},
	})
}

func TestAccIAMRolePolicy_basic(t *testing.T) {
	e := newIAMAccEnv(t)
	name := "aws_iam_role_policy.test"
	cfg := func(action string) string {
		return e.config(roleConfig("") + `
resource "aws_iam_role_policy" "test" {
  name = "logs"
  role = aws_iam_role.test.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["` + action + `"], Resource = "*" }]
  })
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				// Plan-time errors, before anything exists.
				Config: cfg("logs:PutLogEvents") + `
resource "aws_iam_role_policy" "bad" {
  role   = "arn:aws:iam::000000000000:role/acc-role"
  policy = " {}"
}
`,
				PlanOnly:    true,
				ExpectError: wrapRE("must be the role's name not its ARN", "leading space characters are not allowed"),
			},
			{
				Config: cfg("logs:PutLogEvents"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "id", "acc-role:logs"),
					resource.TestCheckResourceAttr(name, "name", "logs"),
					resource.TestCheckResourceAttr(name, "role", "acc-role"),
					e.checkInline("acc-role", "logs"),
				),
			},
			{
				ResourceName:      name,
				ImportState:       true,
				ImportStateId:     "acc-role:logs",
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{
					"policy", // the gateway's normalised form of the same document
				},
			},
			{
				Config: cfg("logs:CreateLogStream"),
				Check: func(*terraform.State) error {
					out, err := e.conn.GetRolePolicy(context.Background(), &iam.GetRolePolicyInput{RoleName: aws.String("acc-role"), PolicyName: aws.String("logs")})
					if err != nil {
						return err
					}
					doc, _ := url.QueryUnescape(aws.ToString(out.PolicyDocument))
					if !strings.HasPrefix(doc, `{"Version":"2012-10-17"`) || !strings.Contains(doc, "logs:CreateLogStream") {
						return fmt.Errorf("policy on the gateway = %s", doc)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					if _, err := e.conn.DeleteRolePolicy(context.Background(), &iam.DeleteRolePolicyInput{RoleName: aws.String("acc-role"), PolicyName: aws.String("logs")}); err != nil {
						t.Fatalf("DeleteRolePolicy: %v", err)
					}
				},
				Config:           cfg("logs:CreateLogStream"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionCreate)}},
				Check:            e.checkInline("acc-role", "logs"),
			},
		},
	})
}

func TestAccIAMPolicy_basic(t *testing.T) {
	e := newIAMAccEnv(t)
	name := "aws_iam_policy.test"
	cfg := func(action, extra string) string {
		return e.config(`
resource "aws_iam_policy" "test" {
  name        = "acc-policy"
  path        = "/app/"
  description = "writes logs"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["` + action + `"], Resource = "*" }]
  })
  tags = { env = "test" }
}
` + extra)
	}
	attachment := roleConfig("") + `
resource "aws_iam_role_policy_attachment" "test" {
  role       = aws_iam_role.test.name
  policy_arn = aws_iam_policy.test.arn
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				Config: cfg("logs:PutLogEvents", ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "arn", "arn:aws:iam::000000000000:policy/app/acc-policy"),
					resource.TestCheckResourceAttrPair(name, "id", name, "arn"),
					resource.TestMatchResourceAttr(name, "policy_id", regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)),
					resource.TestCheckResourceAttr(name, "attachment_count", "0"),
					resource.TestCheckResourceAttr(name, "description", "writes logs"),
					resource.TestCheckResourceAttr(name, "path", "/app/"),
					resource.TestCheckResourceAttr(name, "tags_all.env", "test"),
				),
			},
			{
				ResourceName:            name,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"policy"},
			},
			{
				// A new document: a new default version, attached to a role.
				Config: cfg("logs:CreateLogStream", attachment),
				Check: resource.ComposeAggregateTestCheckFunc(
					e.checkAttached("acc-role", "arn:aws:iam::000000000000:policy/app/acc-policy"),
					func(*terraform.State) error {
						out, err := e.conn.ListPolicyVersions(context.Background(), &iam.ListPolicyVersionsInput{PolicyArn: aws.String("arn:aws:iam::000000000000:policy/app/acc-policy")})
						if err != nil {
							return err
						}
						if len(out.Versions) != 2 || aws.ToString(out.Versions[0].VersionId) != "v2" || !out.Versions[0].IsDefaultVersion {
							return fmt.Errorf("versions = %+v", out.Versions)
						}
						return nil
					},
				),
			},
			{
				// attachment_count follows on refresh, without a diff.
				Config:           cfg("logs:CreateLogStream", attachment),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.TestCheckResourceAttr(name, "attachment_count", "1"),
			},
		},
	})
}

func TestAccIAMRolePolicyAttachment_basic(t *testing.T) {
	e := newIAMAccEnv(t)
	basic := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	name := "aws_iam_role_policy_attachment.basic"
	cfg := e.config(roleConfig("") + `
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.test.name
  policy_arn = "` + basic + `"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoIAM,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "id", "acc-role/"+basic),
					e.checkAttached("acc-role", basic),
				),
			},
			{
				ResourceName:      name,
				ImportState:       true,
				ImportStateId:     "acc-role/" + basic,
				ImportStateVerify: true,
			},
			{
				PreConfig: func() {
					if _, err := e.conn.DetachRolePolicy(context.Background(), &iam.DetachRolePolicyInput{RoleName: aws.String("acc-role"), PolicyArn: aws.String(basic)}); err != nil {
						t.Fatalf("DetachRolePolicy: %v", err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionCreate)}},
				Check:            e.checkAttached("acc-role", basic),
			},
			{
				Config:        cfg,
				ResourceName:  name,
				ImportState:   true,
				ImportStateId: "acc-role",
				ExpectError:   wrapRE("expected <role-name>/<policy_arn>"),
			},
		},
	})
}

func TestAccIdentityDataSources(t *testing.T) {
	e := newIAMAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.config(`data "aws_region" "x" { region = "xx-nowhere-1" }`),
				ExpectError: wrapRE("finding Region by name (xx-nowhere-1)"),
			},
			{
				Config: e.config(`
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_region" "other" {
  region = "eu-west-1"
}
data "aws_region" "by_endpoint" {
  endpoint = "ec2.cn-north-1.amazonaws.com.cn"
}
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.aws_caller_identity.current", "account_id", "000000000000"),
					resource.TestCheckResourceAttr("data.aws_caller_identity.current", "id", "000000000000"),
					resource.TestCheckResourceAttr("data.aws_caller_identity.current", "arn", "arn:aws:iam::000000000000:root"),
					resource.TestCheckResourceAttr("data.aws_caller_identity.current", "user_id", "000000000000"),
					resource.TestCheckResourceAttr("data.aws_partition.current", "partition", "aws"),
					resource.TestCheckResourceAttr("data.aws_partition.current", "id", "aws"),
					resource.TestCheckResourceAttr("data.aws_partition.current", "dns_suffix", "amazonaws.com"),
					resource.TestCheckResourceAttr("data.aws_partition.current", "reverse_dns_prefix", "com.amazonaws"),
					resource.TestCheckResourceAttr("data.aws_region.current", "region", "us-east-1"),
					resource.TestCheckResourceAttr("data.aws_region.current", "name", "us-east-1"),
					resource.TestCheckResourceAttr("data.aws_region.current", "id", "us-east-1"),
					resource.TestCheckResourceAttr("data.aws_region.current", "description", "US East (N. Virginia)"),
					resource.TestCheckResourceAttr("data.aws_region.current", "endpoint", "ec2.us-east-1.amazonaws.com"),
					resource.TestCheckResourceAttr("data.aws_region.other", "description", "Europe (Ireland)"),
					resource.TestCheckResourceAttr("data.aws_region.by_endpoint", "region", "cn-north-1"),
				),
			},
		},
	})
}

// TestAccIAMPolicyDocument_hashicorpConfigs replays HashiCorp's acceptance
// configurations of aws_iam_policy_document and expects their JSON
// byte for byte.
func TestAccIAMPolicyDocument_hashicorpConfigs(t *testing.T) {
	e := newIAMAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(`
data "aws_iam_policy_document" "test" {
  source_policy_documents = ["{"]
}
`),
				ExpectError: wrapRE(`"source_policy_documents.0" contains an invalid JSON: unexpected end of JSON input`),
			},
			{
				Config: e.config(`
data "aws_partition" "current" {}

data "aws_iam_policy_document" "test" {
  statement {
    effect = "Deny"
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["elasticfilesystem:*"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "policy_a" {
  statement {
    sid     = ""
    effect  = "Allow"
    actions = ["foo:ActionOne"]
  }
  statement {
    sid     = "validSidOne"
    effect  = "Allow"
    actions = ["bar:ActionOne"]
  }
}

data "aws_iam_policy_document" "policy_b" {
  statement {
    sid     = "validSidTwo"
    effect  = "Deny"
    actions = ["foo:ActionTwo"]
  }
}

data "aws_iam_policy_document" "policy_c" {
  statement {
    sid     = ""
    effect  = "Allow"
    actions = ["bar:ActionTwo"]
  }
}

data "aws_iam_policy_document" "test_source_list" {
  version = "2012-10-17"
  source_policy_documents = [
    data.aws_iam_policy_document.policy_a.json,
    data.aws_iam_policy_document.policy_b.json,
    data.aws_iam_policy_document.policy_c.json
  ]
}

data "aws_iam_policy_document" "override" {
  statement {
    sid       = "SidToOverwrite"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "test_override" {
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    actions   = ["ec2:*"]
    resources = ["*"]
  }
  statement {
    sid     = "SidToOverwrite"
    actions = ["s3:*"]
    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::somebucket",
      "arn:${data.aws_partition.current.partition}:s3:::somebucket/*",
    ]
  }
}

resource "aws_iam_role" "from_document" {
  name               = "from-document"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "apigateway.amazonaws.com"]
    }
  }
}
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.aws_iam_policy_document.test", "json", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`),
					resource.TestCheckResourceAttr("data.aws_iam_policy_document.test_source_list", "json", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "validSidOne",
      "Effect": "Allow",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSidTwo",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    },
    {
      "Effect": "Allow",
      "Action": "bar:ActionTwo"
    }
  ]
}`),
					resource.TestCheckResourceAttr("data.aws_iam_policy_document.test_override", "json", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverwrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`),
					resource.TestCheckResourceAttr("data.aws_iam_policy_document.assume", "minified_json",
						`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["lambda.amazonaws.com","apigateway.amazonaws.com"]}}]}`),
					resource.TestCheckResourceAttr("aws_iam_role.from_document", "arn", "arn:aws:iam::000000000000:role/from-document"),
				),
			},
		},
	})
}
