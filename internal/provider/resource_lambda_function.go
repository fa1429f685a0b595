package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/lambdaspec"
)

func init() { registerResource(NewLambdaFunctionResource) }

var (
	_ resource.Resource                     = &lambdaFunctionResource{}
	_ resource.ResourceWithConfigure        = &lambdaFunctionResource{}
	_ resource.ResourceWithImportState      = &lambdaFunctionResource{}
	_ resource.ResourceWithModifyPlan       = &lambdaFunctionResource{}
	_ resource.ResourceWithValidateConfig   = &lambdaFunctionResource{}
	_ resource.ResourceWithConfigValidators = &lambdaFunctionResource{}
)

// NewLambdaFunctionResource is aws_lambda_function.
//
// Left out of HashiCorp v6's schema: capacity_provider_config,
// durable_config, file_system_config, image_config, publish_to,
// replace_security_groups_on_destroy, replacement_security_group_ids,
// snap_start, source_kms_key_arn and tenancy_config. A configuration using
// them gets Terraform's "unsupported argument" error, not a silent no-op.
func NewLambdaFunctionResource() resource.Resource { return &lambdaFunctionResource{} }

type lambdaFunctionResource struct {
	client *Client
	// now is the clock of the runtime deprecation checks (tests set it).
	now func() time.Time
}

type lambdaFunctionModel struct {
	Region                       types.String               `tfsdk:"region"`
	ID                           types.String               `tfsdk:"id"`
	FunctionName                 types.String               `tfsdk:"function_name"`
	Architectures                types.List                 `tfsdk:"architectures"`
	ARN                          types.String               `tfsdk:"arn"`
	CodeSha256                   types.String               `tfsdk:"code_sha256"`
	CodeSigningConfigARN         types.String               `tfsdk:"code_signing_config_arn"`
	DeadLetterConfig             []lambdaDeadLetterModel    `tfsdk:"dead_letter_config"`
	Description                  types.String               `tfsdk:"description"`
	Environment                  []lambdaEnvironmentModel   `tfsdk:"environment"`
	EphemeralStorage             []lambdaEphemeralModel     `tfsdk:"ephemeral_storage"`
	Filename                     types.String               `tfsdk:"filename"`
	Handler                      types.String               `tfsdk:"handler"`
	ImageURI                     types.String               `tfsdk:"image_uri"`
	InvokeARN                    types.String               `tfsdk:"invoke_arn"`
	KMSKeyARN                    types.String               `tfsdk:"kms_key_arn"`
	LastModified                 types.String               `tfsdk:"last_modified"`
	Layers                       types.List                 `tfsdk:"layers"`
	LoggingConfig                []lambdaLoggingConfigModel `tfsdk:"logging_config"`
	MemorySize                   types.Int64                `tfsdk:"memory_size"`
	PackageType                  types.String               `tfsdk:"package_type"`
	Publish                      types.Bool                 `tfsdk:"publish"`
	QualifiedARN                 types.String               `tfsdk:"qualified_arn"`
	QualifiedInvokeARN           types.String               `tfsdk:"qualified_invoke_arn"`
	ReservedConcurrentExecutions types.Int64                `tfsdk:"reserved_concurrent_executions"`
	ResponseStreamingInvokeARN   types.String               `tfsdk:"response_streaming_invoke_arn"`
	Role                         types.String               `tfsdk:"role"`
	Runtime                      types.String               `tfsdk:"runtime"`
	S3Bucket                     types.String               `tfsdk:"s3_bucket"`
	S3Key                        types.String               `tfsdk:"s3_key"`
	S3ObjectVersion              types.String               `tfsdk:"s3_object_version"`
	SigningJobARN                types.String               `tfsdk:"signing_job_arn"`
	SigningProfileVersionARN     types.String               `tfsdk:"signing_profile_version_arn"`
	SkipDestroy                  types.Bool                 `tfsdk:"skip_destroy"`
	SourceCodeHash               types.String               `tfsdk:"source_code_hash"`
	SourceCodeSize               types.Int64                `tfsdk:"source_code_size"`
	Tags                         types.Map                  `tfsdk:"tags"`
	TagsAll                      types.Map                  `tfsdk:"tags_all"`
	Timeout                      types.Int64                `tfsdk:"timeout"`
	TracingConfig                []lambdaTracingConfigModel `tfsdk:"tracing_config"`
	Version                      types.String               `tfsdk:"version"`
	VPCConfig                    []lambdaVPCConfigModel     `tfsdk:"vpc_config"`
}

type lambdaDeadLetterModel struct {
	TargetARN types.String `tfsdk:"target_arn"`
}

type lambdaEnvironmentModel struct {
	Variables types.Map `tfsdk:"variables"`
}

type lambdaEphemeralModel struct {
	Size types.Int64 `tfsdk:"size"`
}

type lambdaLoggingConfigModel struct {
	ApplicationLogLevel types.String `tfsdk:"application_log_level"`
	LogFormat           types.String `tfsdk:"log_format"`
	LogGroup            types.String `tfsdk:"log_group"`
	SystemLogLevel      types.String `tfsdk:"system_log_level"`
}

type lambdaTracingConfigModel struct {
	Mode types.String `tfsdk:"mode"`
}

type lambdaVPCConfigModel struct {
	IPv6AllowedForDualStack types.Bool   `tfsdk:"ipv6_allowed_for_dual_stack"`
	SecurityGroupIDs        types.Set    `tfsdk:"security_group_ids"`
	SubnetIDs               types.Set    `tfsdk:"subnet_ids"`
	VPCID                   types.String `tfsdk:"vpc_id"`
}

// Arguments whose change is an UpdateFunctionCode or an
// UpdateFunctionConfiguration call (HashiCorp's needsFunctionCodeUpdate and
// needsFunctionConfigUpdate).
var (
	lambdaCodeAttrs   = []string{"filename", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version", "image_uri", "architectures"}
	lambdaConfigAttrs = []string{"description", "handler", "logging_config", "memory_size", "role", "timeout", "kms_key_arn", "layers",
		"dead_letter_config", "tracing_config", "vpc_config", "runtime", "environment", "ephemeral_storage"}
)

func (r *lambdaFunctionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lambda_function"
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func arnValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(arnPattern, "must be an ARN")}
}

func (r *lambdaFunctionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tags, tagsAll := tagsSchema()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Lambda function: its code (a .zip file, an S3 object or a container image) and configuration. " +
			"Against `portico serve` the function runs locally, as a host process behind the Lambda Runtime API.\n\n" +
			"Plan-time checks beyond HashiCorp's: the runtime must exist and still accept new functions (AWS's deprecation schedule), " +
			"the handler must have the form its runtime needs (`module.function` for Python, `file.function` for Node.js), " +
			"environment variable names must be valid and not reserved by Lambda, and a local `filename` must be a .zip file.\n\n" +
			"~> **Not supported:** `capacity_provider_config`, `durable_config`, `file_system_config`, `image_config`, `publish_to`, " +
			"`replace_security_groups_on_destroy`, `replacement_security_group_ids`, `snap_start`, `source_kms_key_arn` and `tenancy_config` of HashiCorp's provider.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("Name of the function (the same as `function_name`)."),
			"function_name": keyAttribute("Unique name of the function (1 to 64 letters, digits, `-` or `_`).",
				ruleString("Invalid function_name", "must be a valid Lambda function name", lambdaspec.ValidateFunctionName)),
			"architectures": schema.ListAttribute{
				MarkdownDescription: "Instruction set architecture: `[\"x86_64\"]` (default) or `[\"arm64\"]`. Changing it uploads the code again.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtMost(1),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(lambdaspec.Architectures...)),
				},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"arn": computedString("ARN identifying the function."),
			"code_sha256": schema.StringAttribute{
				MarkdownDescription: "Base64-encoded SHA-256 of the deployment package, as Lambda computes it. Setting it (e.g. to `filebase64sha256(\"lambda.zip\")`) uploads the code again when it changes, like `source_code_hash`, and the apply fails if the uploaded package does not have that hash.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"code_signing_config_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of a code-signing configuration for the function.",
				Optional:            true,
				Validators:          arnValidators(),
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the function (at most 256 characters).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(lambdaspec.DescriptionMaxLen)},
			},
			"filename": schema.StringAttribute{
				MarkdownDescription: "Path of the function's deployment package (.zip) on the machine running Terraform. Exactly one of `filename`, `image_uri` and `s3_bucket` must be set. Terraform does not notice a changed file by itself: set `source_code_hash` or `code_sha256` to `filebase64sha256(...)` of it.",
				Optional:            true,
			},
			"handler": schema.StringAttribute{
				MarkdownDescription: "Function entrypoint in your code, e.g. `app.handler` (Python: `module.function`), `index.handler` (Node.js: `file.function`), `bootstrap` for OS-only runtimes. Required with `package_type = \"Zip\"`.",
				Optional:            true,
				Validators:          []validator.String{ruleString("Invalid handler", "must be 1 to 128 characters without whitespace", lambdaspec.ValidateHandlerString)},
			},
			"image_uri": schema.StringAttribute{
				MarkdownDescription: "ECR image URI of a container image function (`package_type = \"Image\"`).",
				Optional:            true,
			},
			"invoke_arn":                    computedString("ARN to invoke the function from API Gateway: the `uri` of an `AWS` or `AWS_PROXY` integration, `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`."),
			"response_streaming_invoke_arn": computedString("ARN to invoke the function from API Gateway with response streaming."),
			"kms_key_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the KMS key that encrypts the function's environment variables.",
				Optional:            true,
				Validators:          arnValidators(),
			},
			"last_modified": computedString("Date the function was last modified (ISO 8601)."),
			"layers": schema.ListAttribute{
				MarkdownDescription: "ARNs of up to 5 Lambda layer versions to attach to the function.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtMost(lambdaspec.LayersMax),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(arnPattern, "must be an ARN")),
				},
			},
			"memory_size": schema.Int64Attribute{
				MarkdownDescription: "Memory in MB the function may use at runtime, 128 to 10240. Defaults to 128.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(lambdaspec.MemoryDefault),
				Validators:          []validator.Int64{int64validator.Between(lambdaspec.MemoryMin, lambdaspec.MemoryMax)},
			},
			"package_type": schema.StringAttribute{
				MarkdownDescription: "Deployment package type: `Zip` (default) or `Image`. Changing it replaces the function.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(lambdaspec.PackageTypeZip),
				Validators:          []validator.String{stringvalidator.OneOf(lambdaspec.PackageTypes...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"publish": schema.BoolAttribute{
				MarkdownDescription: "Whether to publish a new version on creation and on every change of code or configuration. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"qualified_arn":        computedString("ARN of the function's latest version (`arn:...:function:NAME:VERSION`, `$LATEST` when nothing is published)."),
			"qualified_invoke_arn": computedString("`invoke_arn` of the latest version (`qualified_arn`)."),
			"reserved_concurrent_executions": schema.Int64Attribute{
				MarkdownDescription: "Concurrent executions reserved for the function. `0` disables it (every invoke is throttled), `-1` (default) removes the limit.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(-1),
				Validators:          []validator.Int64{int64validator.AtLeast(-1)},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "ARN of the function's execution role (e.g. `aws_iam_role.x.arn`).",
				Required:            true,
				Validators:          arnValidators(),
			},
			"runtime": schema.StringAttribute{
				MarkdownDescription: "Runtime identifier, e.g. `python3.12`, `nodejs20.x`, `provided.al2023`. Required with `package_type = \"Zip\"`. " +
					"A runtime Lambda no longer accepts for new functions is a plan-time error, with AWS's message.",
				Optional:   true,
				Validators: []validator.String{ruleString("Invalid runtime", "must be a Lambda runtime identifier", lambdaspec.ValidateRuntime)},
			},
			"s3_bucket": schema.StringAttribute{
				MarkdownDescription: "S3 bucket of the deployment package (in the function's region). Needs `s3_key`.",
				Optional:            true,
			},
			"s3_key": schema.StringAttribute{
				MarkdownDescription: "S3 key of the deployment package. Needs `s3_bucket`.",
				Optional:            true,
			},
			"s3_object_version": schema.StringAttribute{
				MarkdownDescription: "Version of the S3 object of the deployment package.",
				Optional:            true,
			},
			"signing_job_arn":             computedString("ARN of the signing job."),
			"signing_profile_version_arn": computedString("ARN of the signing profile version."),
			"skip_destroy": schema.BoolAttribute{
				MarkdownDescription: "Keep the function in Lambda when the resource is destroyed (only removed from the state). Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"source_code_hash": schema.StringAttribute{
				MarkdownDescription: "Virtual attribute that uploads the code again when it changes, usually `filebase64sha256(\"lambda.zip\")`. Not compared with what Lambda reports (see `code_sha256`).",
				Optional:            true,
			},
			"source_code_size": schema.Int64Attribute{
				MarkdownDescription: "Size in bytes of the deployment package.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"tags":     tags,
			"tags_all": tagsAll,
			"timeout": schema.Int64Attribute{
				MarkdownDescription: "Seconds the function may run, 1 to 900. Defaults to 3.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(lambdaspec.TimeoutDefault),
				Validators:          []validator.Int64{int64validator.Between(lambdaspec.TimeoutMin, lambdaspec.TimeoutMax)},
			},
			"version": computedString("Latest published version of the function (`$LATEST` when nothing is published)."),
		},
		Blocks: map[string]schema.Block{
			"dead_letter_config": schema.ListNestedBlock{
				MarkdownDescription: "Where failed asynchronous invocations go.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"target_arn": schema.StringAttribute{
						MarkdownDescription: "ARN of an SNS topic or SQS queue.",
						Required:            true,
						Validators:          arnValidators(),
					},
				}},
			},
			"environment": schema.ListNestedBlock{
				MarkdownDescription: "Environment variables of the function. An empty block is the same as none.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"variables": schema.MapAttribute{
						MarkdownDescription: "Variables (names: a letter, then letters, digits or `_`; not one Lambda reserves, such as `AWS_REGION`). At most 4 KB in all.",
						Optional:            true,
						ElementType:         types.StringType,
						Validators:          []validator.Map{mapvalidator.KeysAre(ruleString("Invalid environment variable name", "must be a valid, unreserved environment variable name", lambdaspec.ValidateEnvironmentKey))},
					},
				}},
			},
			"ephemeral_storage": schema.ListNestedBlock{
				MarkdownDescription: "Size of the function's `/tmp`. Left out: 512 MB.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"size": schema.Int64Attribute{
						MarkdownDescription: "Size in MB, 512 to 10240.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.Int64{int64validator.Between(lambdaspec.EphemeralStorageMin, lambdaspec.EphemeralStorageMax)},
						PlanModifiers:       []planmodifier.Int64{priorInt64ForUnknown{}},
					},
				}},
			},
			"logging_config": schema.ListNestedBlock{
				MarkdownDescription: "Log format and destination. Left out: Lambda's default (`Text` to `/aws/lambda/<function_name>`).",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"application_log_level": schema.StringAttribute{
						MarkdownDescription: "Minimum application log level (`JSON` format only): " + strings.Join(lambdaspec.ApplicationLogLevels, ", ") + ". Left out: Lambda's default (`INFO`).",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.OneOf(lambdaspec.ApplicationLogLevels...)},
						PlanModifiers:       []planmodifier.String{logLevelPlanModifier{}},
					},
					"log_format": schema.StringAttribute{
						MarkdownDescription: "`JSON` or `Text`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(lambdaspec.LogFormats...)},
					},
					"log_group": schema.StringAttribute{
						MarkdownDescription: "CloudWatch log group. Left out: `/aws/lambda/<function_name>`.",
						Optional:            true,
						Computed:            true,
						Validators: []validator.String{
							stringvalidator.LengthBetween(1, 512),
							stringvalidator.RegexMatches(logGroupPattern, "must contain alphanumeric characters, underscores, hyphens, slashes, hash signs and dots only"),
						},
						PlanModifiers: []planmodifier.String{priorStringForUnknown{}},
					},
					"system_log_level": schema.StringAttribute{
						MarkdownDescription: "Minimum system log level (`JSON` format only): " + strings.Join(lambdaspec.SystemLogLevels, ", ") + ". Left out: Lambda's default (`INFO`).",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.OneOf(lambdaspec.SystemLogLevels...)},
						PlanModifiers:       []planmodifier.String{logLevelPlanModifier{}},
					},
				}},
			},
			"tracing_config": schema.ListNestedBlock{
				MarkdownDescription: "X-Ray tracing. Left out: `PassThrough`.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"mode": schema.StringAttribute{
						MarkdownDescription: "`Active` or `PassThrough`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(lambdaspec.TracingModes...)},
					},
				}},
			},
			"vpc_config": schema.ListNestedBlock{
				MarkdownDescription: "VPC networking of the function. Removing the block detaches the function from the VPC.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"ipv6_allowed_for_dual_stack": schema.BoolAttribute{
						MarkdownDescription: "Allow outbound IPv6 traffic in dual-stack subnets. Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(false),
					},
					"security_group_ids": schema.SetAttribute{
						MarkdownDescription: "Security group IDs.",
						Required:            true,
						ElementType:         types.StringType,
					},
					"subnet_ids": schema.SetAttribute{
						MarkdownDescription: "Subnet IDs.",
						Required:            true,
						ElementType:         types.StringType,
					},
					"vpc_id": schema.StringAttribute{
						MarkdownDescription: "ID of the VPC.",
						Computed:            true,
						PlanModifiers:       []planmodifier.String{priorStringForUnknown{}},
					},
				}},
			},
		},
	}
}

func (r *lambdaFunctionResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("filename"), path.MatchRoot("image_uri"), path.MatchRoot("s3_bucket")),
		resourcevalidator.RequiredTogether(path.MatchRoot("s3_bucket"), path.MatchRoot("s3_key")),
		resourcevalidator.Conflicting(path.MatchRoot("s3_object_version"), path.MatchRoot("filename")),
		resourcevalidator.Conflicting(path.MatchRoot("s3_object_version"), path.MatchRoot("image_uri")),
	}
}

func (r *lambdaFunctionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *lambdaFunctionResource) clock() time.Time {
	if r.now != nil {
		return r.now()
	}

	return time.Now()
}

// ValidateConfig checks, with the rules of internal/lambdaspec (the Lambda
// service enforces the same ones), what a configuration alone decides:
// HashiCorp's "handler and runtime must be set when PackageType is Zip", the
// handler's form for its runtime, the environment's size, the package type
// against the code source, and a local .zip file.
func (r *lambdaFunctionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m lambdaFunctionModel
	unknownBlocks, d := getConfigKnownBlocks(ctx, req.Config, &m, "dead_letter_config", "environment", "ephemeral_storage", "logging_config", "tracing_config", "vpc_config")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.PackageType.IsUnknown() {
		return
	}
	packageType := m.PackageType.ValueString()
	if m.PackageType.IsNull() {
		packageType = lambdaspec.PackageTypeZip
	}

	switch packageType {
	case lambdaspec.PackageTypeZip:
		if (m.Handler.IsNull() || m.Runtime.IsNull()) && !m.Handler.IsUnknown() && !m.Runtime.IsUnknown() {
			resp.Diagnostics.AddError("Missing handler or runtime",
				"handler and runtime must be set when PackageType is Zip (AWS: \""+lambdaspec.MsgRuntimeAndHandlerRequired+"\")")
		}
		if !m.ImageURI.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("image_uri"), "image_uri needs package_type = \"Image\"",
				"A container image (image_uri) is only deployed with package_type = \"Image\"; a Zip function takes filename or s3_bucket/s3_key.")
		}
	case lambdaspec.PackageTypeImage:
		for _, a := range []struct {
			name string
			v    types.String
		}{{"filename", m.Filename}, {"s3_bucket", m.S3Bucket}} {
			if !a.v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(a.name), a.name+" needs package_type = \"Zip\"",
					"A function with package_type = \"Image\" is deployed from image_uri only.")
			}
		}
	}

	if !m.Handler.IsNull() && !m.Handler.IsUnknown() && !m.Runtime.IsNull() && !m.Runtime.IsUnknown() {
		if lambdaspec.ValidateRuntime(m.Runtime.ValueString()) == nil && lambdaspec.ValidateHandlerString(m.Handler.ValueString()) == nil {
			if _, err := lambdaspec.ParseHandler(m.Runtime.ValueString(), m.Handler.ValueString()); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("handler"), "Invalid handler for runtime", err.Error())
			}
		}
	}

	if !unknownBlocks["environment"] && len(m.Environment) == 1 && !m.Environment[0].Variables.IsUnknown() {
		vars := map[string]types.String{}
		resp.Diagnostics.Append(m.Environment[0].Variables.ElementsAs(ctx, &vars, true)...)
		if n := environmentSize(vars); n > lambdaspec.EnvironmentMaxBytes {
			resp.Diagnostics.AddAttributeError(path.Root("environment").AtListIndex(0).AtName("variables"), "Environment variables too large",
				fmt.Sprintf("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %d bytes", n))
		}
	}

	if !m.Filename.IsNull() && !m.Filename.IsUnknown() {
		for _, diag := range checkLocalPackage(m.Filename.ValueString(), m.Runtime, m.Handler) {
			resp.Diagnostics.Append(diag)
		}
	}
}

// environmentSize is the size Lambda counts against the 4 KB limit: the
// variables as a JSON object. Unknown values count as empty.
func environmentSize(vars map[string]types.String) int {
	m := make(map[string]string, len(vars))
	for k, v := range vars {
		m[k] = v.ValueString()
	}
	s, err := jsonMarshal(m)
	if err != nil {
		return 0
	}

	return len(s)
}

// checkLocalPackage looks at a deployment package that already exists at
// plan time: not a .zip file is an error (Lambda refuses it); a handler
// module or bootstrap the archive lacks is a warning (a layer may bring it).
// A file that does not exist yet is left for apply.
func checkLocalPackage(filename string, runtime, handler types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	b, err := os.ReadFile(filename)
	if err != nil {
		return diags
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		diags.AddAttributeError(path.Root("filename"), "Deployment package is not a .zip file",
			fmt.Sprintf("%s is not a zip archive (%s); Lambda answers \"Could not unzip uploaded file. Please check your file, then try to upload again.\"", filename, err))
		return diags
	}
	if runtime.IsNull() || runtime.IsUnknown() || handler.IsNull() || handler.IsUnknown() {
		return diags
	}
	rt, ok := lambdaspec.LookupRuntime(runtime.ValueString())
	if !ok {
		return diags
	}
	h, err := lambdaspec.ParseHandler(rt.ID, handler.ValueString())
	if err != nil {
		return diags
	}
	var candidates []string
	switch rt.Family {
	case lambdaspec.FamilyPython:
		mod := strings.ReplaceAll(h.Module, ".", "/")
		candidates = []string{mod + ".py", mod + "/__init__.py", mod + ".pyc"}
		if strings.Contains(h.Module, "/") {
			candidates = append(candidates, h.Module+".py")
		}
	case lambdaspec.FamilyNode:
		candidates = []string{h.Module + ".js", h.Module + ".mjs", h.Module + ".cjs", h.Module + "/index.js", h.Module + "/index.mjs"}
	case lambdaspec.FamilyRuby:
		candidates = []string{h.Module + ".rb"}
	case lambdaspec.FamilyProvided:
		candidates = []string{"bootstrap"}
	default:
		return diags
	}
	for _, f := range zr.File {
		if slices.Contains(candidates, strings.TrimPrefix(f.Name, "./")) {
			return diags
		}
	}
	diags.AddAttributeWarning(path.Root("handler"), "Handler not found in the deployment package",
		fmt.Sprintf("%s has none of %s, which handler %q on %s needs; invoking the function will fail unless a layer provides it.",
			filename, strings.Join(candidates, ", "), handler.ValueString(), rt.ID))

	return diags
}

// ModifyPlan plans region and tags_all, checks the runtime against AWS's
// deprecation schedule (create: refused from its "block create" date;
// update: from its "block update" date), and marks the attributes an update
// will change as unknown: code_sha256, source_code_size and last_modified on
// a code change, last_modified on a configuration change, version and the
// qualified ARNs when a version is published.
func (r *lambdaFunctionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
	modifyPlanTags(ctx, r.client, req, resp)
	if req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var runtime, stateRuntime types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("runtime"), &runtime)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.clock()
	creating := req.State.Raw.IsNull()

	if creating {
		if v := runtime.ValueString(); v != "" && !runtime.IsUnknown() {
			if err := lambdaspec.ValidateRuntimeForCreate(v, now); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("runtime"), "Runtime no longer supported", err.Error())
				return
			}
			lambdaRuntimeDeprecationWarning(v, now, &resp.Diagnostics)
		}
		return
	}

	changed := changedTopLevel(req.State.Raw, resp.Plan.Raw)
	var codeSha256Config types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("code_sha256"), &codeSha256Config)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("runtime"), &stateRuntime)...)
	if resp.Diagnostics.HasError() {
		return
	}
	codeChanged := anyIn(changed, lambdaCodeAttrs...) || (!codeSha256Config.IsNull() && changed["code_sha256"])
	configChanged := anyIn(changed, lambdaConfigAttrs...)

	if (codeChanged || configChanged) && !runtime.IsUnknown() && runtime.ValueString() != "" {
		if err := lambdaspec.ValidateRuntimeForUpdate(runtime.ValueString(), now); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("runtime"), "Runtime no longer supported", err.Error())
			return
		}
		if !runtime.Equal(stateRuntime) {
			lambdaRuntimeDeprecationWarning(runtime.ValueString(), now, &resp.Diagnostics)
		}
	}

	unknown := func(name string, v attr.Value) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
	if codeChanged {
		if codeSha256Config.IsNull() {
			unknown("code_sha256", types.StringUnknown())
		}
		unknown("source_code_size", types.Int64Unknown())
	}
	if codeChanged || configChanged {
		unknown("last_modified", types.StringUnknown())
	}
	var publish types.Bool
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("publish"), &publish)...)
	if !publish.IsNull() && (publish.IsUnknown() || publish.ValueBool()) && (codeChanged || configChanged || changed["publish"]) {
		unknown("version", types.StringUnknown())
		unknown("qualified_arn", types.StringUnknown())
		unknown("qualified_invoke_arn", types.StringUnknown())
	}
}

func lambdaRuntimeDeprecationWarning(id string, now time.Time, diags *diag.Diagnostics) {
	rt, ok := lambdaspec.LookupRuntime(id)
	if !ok || !rt.DeprecatedAt(now) {
		return
	}
	msg := fmt.Sprintf("Lambda deprecated the %s runtime on %s: it no longer receives security patches.", id, rt.Deprecated.Format(time.DateOnly))
	if !rt.BlockUpdate.IsZero() {
		msg += fmt.Sprintf(" Updates of functions on it are refused from %s.", rt.BlockUpdate.Format(time.DateOnly))
	}
	diags.AddAttributeWarning(path.Root("runtime"), "Deprecated runtime", msg)
}

// changedTopLevel is the set of top-level attribute and block names whose
// value differs between two objects of the same schema.
func changedTopLevel(a, b tftypes.Value) map[string]bool {
	out := map[string]bool{}
	var am, bm map[string]tftypes.Value
	if a.As(&am) != nil || b.As(&bm) != nil {
		return out
	}
	for k, av := range am {
		if bv, ok := bm[k]; !ok || !av.Equal(bv) {
			out[k] = true
		}
	}

	return out
}

func anyIn(set map[string]bool, names ...string) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}

	return false
}

// logLevelPlanModifier is HashiCorp's suppressLoggingConfigUnspecifiedLogLevels:
// a level left out keeps the value Lambda chose (its default) unless
// log_format changes, when Lambda chooses again.
type logLevelPlanModifier struct{}

func (logLevelPlanModifier) Description(_ context.Context) string {
	return "A log level left out keeps Lambda's value unless log_format changes."
}

func (m logLevelPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (logLevelPlanModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.StateValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	fmtPath := req.Path.ParentPath().AtName("log_format")
	var planFmt, stateFmt types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, fmtPath, &planFmt)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, fmtPath, &stateFmt)...)
	if resp.Diagnostics.HasError() || !planFmt.Equal(stateFmt) {
		return
	}
	resp.PlanValue = req.StateValue
}

// logGroupPattern is HashiCorp's validLogGroupName.
var logGroupPattern = regexp.MustCompile(`^[0-9A-Za-z_./#-]+$`)

func (r *lambdaFunctionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan lambdaFunctionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(plan.Region)
	conn, err := client.lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error creating Lambda Function", err.Error())
		return
	}
	name := plan.FunctionName.ValueString()
	packageType := plan.PackageType.ValueString()

	input := &lambda.CreateFunctionInput{
		Code:         &lambdatypes.FunctionCode{},
		Description:  aws.String(plan.Description.ValueString()),
		FunctionName: aws.String(name),
		MemorySize:   aws.Int32(int32(plan.MemorySize.ValueInt64())),
		PackageType:  lambdatypes.PackageType(packageType),
		Publish:      plan.Publish.ValueBool(),
		Role:         aws.String(plan.Role.ValueString()),
		Timeout:      aws.Int32(int32(plan.Timeout.ValueInt64())),
	}
	if tagsAll := r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics)); len(tagsAll) > 0 {
		input.Tags = tagsAll
	}
	code, diags := lambdaCodeSource(plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	input.Code.ZipFile, input.Code.ImageUri, input.Code.S3Bucket, input.Code.S3Key, input.Code.S3ObjectVersion =
		code.ZipFile, code.ImageUri, code.S3Bucket, code.S3Key, code.S3ObjectVersion
	for _, a := range listValues(ctx, plan.Architectures, &resp.Diagnostics) {
		input.Architectures = append(input.Architectures, lambdatypes.Architecture(a))
	}
	if v := plan.CodeSigningConfigARN.ValueString(); v != "" {
		input.CodeSigningConfigArn = aws.String(v)
	}
	if len(plan.DeadLetterConfig) > 0 {
		input.DeadLetterConfig = &lambdatypes.DeadLetterConfig{TargetArn: plan.DeadLetterConfig[0].TargetARN.ValueStringPointer()}
	}
	if vars := lambdaEnvVars(ctx, plan.Environment, &resp.Diagnostics); len(vars) > 0 {
		input.Environment = &lambdatypes.Environment{Variables: vars}
	}
	if len(plan.EphemeralStorage) > 0 && !plan.EphemeralStorage[0].Size.IsUnknown() && !plan.EphemeralStorage[0].Size.IsNull() {
		input.EphemeralStorage = &lambdatypes.EphemeralStorage{Size: aws.Int32(int32(plan.EphemeralStorage[0].Size.ValueInt64()))}
	}
	if packageType == lambdaspec.PackageTypeZip {
		input.Handler = aws.String(plan.Handler.ValueString())
		input.Runtime = lambdatypes.Runtime(plan.Runtime.ValueString())
	}
	if len(plan.LoggingConfig) > 0 {
		input.LoggingConfig = expandLambdaLoggingConfig(plan.LoggingConfig[0])
	}
	if v := plan.KMSKeyARN.ValueString(); v != "" {
		input.KMSKeyArn = aws.String(v)
	}
	if layers := listValues(ctx, plan.Layers, &resp.Diagnostics); len(layers) > 0 {
		input.Layers = layers
	}
	if len(plan.TracingConfig) > 0 {
		input.TracingConfig = &lambdatypes.TracingConfig{Mode: lambdatypes.TracingMode(plan.TracingConfig[0].Mode.ValueString())}
	}
	if len(plan.VPCConfig) > 0 {
		input.VpcConfig = expandLambdaVPCConfig(ctx, plan.VPCConfig[0], &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	_, err = retryWhen(ctx, lambdaPropagationTimeout, retryableFunctionOpError, func(ctx context.Context) (*lambda.CreateFunctionOutput, error) {
		return conn.CreateFunction(ctx, input)
	})
	if err != nil {
		resp.Diagnostics.AddError("Error creating Lambda Function", fmt.Sprintf("creating Lambda Function (%s): %s", name, err))
		return
	}
	plan.ID = types.StringValue(name)
	// Save the id first so a failed wait leaves a tracked object.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("function_name"), plan.FunctionName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), plan.Region)...)

	if err := waitLambdaFunctionCreated(ctx, conn, name); err != nil {
		resp.Diagnostics.AddError("Error creating Lambda Function", fmt.Sprintf("waiting for Lambda Function (%s) create: %s", name, err))
		return
	}
	if v := plan.ReservedConcurrentExecutions.ValueInt64(); v >= 0 {
		if _, err := conn.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName:                 aws.String(name),
			ReservedConcurrentExecutions: aws.Int32(int32(v)),
		}); err != nil {
			resp.Diagnostics.AddError("Error creating Lambda Function", fmt.Sprintf("setting Lambda Function (%s) concurrency: %s", name, err))
			return
		}
	}

	r.readBack(ctx, &plan, codeSha256Want(ctx, req.Config), &resp.State, &resp.Diagnostics)
}

// codeSha256Want is the configured code_sha256 ("" when not configured).
func codeSha256Want(ctx context.Context, cfg tfsdk.Config) string {
	var v types.String
	if d := cfg.GetAttribute(ctx, path.Root("code_sha256"), &v); d.HasError() {
		return ""
	}

	return v.ValueString()
}

// readBack reads the function after a create or update into m and the
// state; a configured code_sha256 the package does not have is an error.
func (r *lambdaFunctionResource) readBack(ctx context.Context, m *lambdaFunctionModel, wantSha string, state *tfsdk.State, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Error reading Lambda Function", fmt.Sprintf("reading Lambda Function (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
		return
	}
	if wantSha != "" && m.CodeSha256.ValueString() != wantSha {
		diags.AddAttributeError(path.Root("code_sha256"), "Deployment package does not match code_sha256",
			fmt.Sprintf("Lambda Function (%s) has code with SHA-256 %s, but code_sha256 is %s: the package uploaded is not the one the configuration names.",
				m.ID.ValueString(), m.CodeSha256.ValueString(), wantSha))
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

// lambdaCodeSource is the function's code as the API takes it: the zip's
// bytes, an image URI or an S3 object.
func lambdaCodeSource(m lambdaFunctionModel) (lambdatypes.FunctionCode, diag.Diagnostics) {
	var diags diag.Diagnostics
	var code lambdatypes.FunctionCode
	switch {
	case m.Filename.ValueString() != "":
		b, err := os.ReadFile(m.Filename.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("filename"), "Cannot read the deployment package", fmt.Sprintf("reading ZIP file (%s): %s", m.Filename.ValueString(), err))
			return code, diags
		}
		code.ZipFile = b
	case m.ImageURI.ValueString() != "":
		code.ImageUri = aws.String(m.ImageURI.ValueString())
	default:
		code.S3Bucket = aws.String(m.S3Bucket.ValueString())
		code.S3Key = aws.String(m.S3Key.ValueString())
		if v := m.S3ObjectVersion.ValueString(); v != "" {
			code.S3ObjectVersion = aws.String(v)
		}
	}

	return code, diags
}

func lambdaEnvVars(ctx context.Context, env []lambdaEnvironmentModel, diags *diag.Diagnostics) map[string]string {
	if len(env) == 0 {
		return nil
	}

	return stringMap(ctx, env[0].Variables, diags)
}

func expandLambdaLoggingConfig(m lambdaLoggingConfigModel) *lambdatypes.LoggingConfig {
	lc := &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormat(m.LogFormat.ValueString())}
	if v := m.ApplicationLogLevel.ValueString(); v != "" && !m.ApplicationLogLevel.IsUnknown() {
		lc.ApplicationLogLevel = lambdatypes.ApplicationLogLevel(v)
	}
	if v := m.SystemLogLevel.ValueString(); v != "" && !m.SystemLogLevel.IsUnknown() {
		lc.SystemLogLevel = lambdatypes.SystemLogLevel(v)
	}
	if v := m.LogGroup.ValueString(); v != "" && !m.LogGroup.IsUnknown() {
		lc.LogGroup = aws.String(v)
	}

	return lc
}

func expandLambdaVPCConfig(ctx context.Context, m lambdaVPCConfigModel, diags *diag.Diagnostics) *lambdatypes.VpcConfig {
	return &lambdatypes.VpcConfig{
		Ipv6AllowedForDualStack: aws.Bool(m.IPv6AllowedForDualStack.ValueBool()),
		SecurityGroupIds:        nonNilStrings(setValues(ctx, m.SecurityGroupIDs, diags)),
		SubnetIds:               nonNilStrings(setValues(ctx, m.SubnetIDs, diags)),
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}

	return s
}

// findLambdaFunctionByName is GetFunction, with ResourceNotFoundException as
// errNotFound.
func findLambdaFunctionByName(ctx context.Context, conn *lambda.Client, name string) (*lambda.GetFunctionOutput, error) {
	out, err := conn.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)})
	if err != nil {
		return nil, lambdaNotFoundIf(err)
	}
	if out == nil || out.Configuration == nil {
		return nil, errors.Join(errNotFound, errors.New("empty result"))
	}

	return out, nil
}

// findLatestLambdaFunctionVersion is the last entry of
// ListVersionsByFunction (oldest first): the latest published version, or
// $LATEST when none is.
func findLatestLambdaFunctionVersion(ctx context.Context, conn *lambda.Client, name string) (*lambdatypes.FunctionConfiguration, error) {
	var latest *lambdatypes.FunctionConfiguration
	pages := lambda.NewListVersionsByFunctionPaginator(conn, &lambda.ListVersionsByFunctionInput{
		FunctionName: aws.String(name),
		MaxItems:     aws.Int32(10000),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, lambdaNotFoundIf(err)
		}
		if len(page.Versions) > 0 {
			latest = &page.Versions[len(page.Versions)-1]
		}
	}
	if latest == nil {
		return nil, errors.Join(errNotFound, errors.New("no versions"))
	}

	return latest, nil
}

// lambdaFunctionStatus is the refresh of HashiCorp's waiters: State or
// LastUpdateStatus of the function ("" when it is gone), with the reason.
func lambdaFunctionStatus(conn *lambda.Client, name string, field string) func(context.Context) (string, string, error) {
	return func(ctx context.Context) (string, string, error) {
		out, err := findLambdaFunctionByName(ctx, conn, name)
		if isLambdaNotFound(err) {
			return "", "", nil
		}
		if err != nil {
			return "", "", err
		}
		c := out.Configuration
		if field == "State" {
			return string(c.State), strings.TrimPrefix(string(c.StateReasonCode)+": "+aws.ToString(c.StateReason), ": "), nil
		}
		st := string(c.LastUpdateStatus)
		if st == "" {
			st = lambdaspec.LastUpdateInProgress // null is retryable, as lambda.NewFunctionUpdatedWaiter treats it
		}

		return st, strings.TrimPrefix(string(c.LastUpdateStatusReasonCode)+": "+aws.ToString(c.LastUpdateStatusReason), ": "), nil
	}
}

// waitLambdaFunctionCreated waits for State Pending → Active, after the
// function shows up (HashiCorp: RetryWhenNotFound, then waitFunctionCreated).
func waitLambdaFunctionCreated(ctx context.Context, conn *lambda.Client, name string) error {
	status := lambdaFunctionStatus(conn, name, "State")
	appeared := false
	return waitFor(ctx, "Lambda Function "+name+" to become Active", []string{lambdaspec.StatePending, ""},
		[]string{lambdaspec.StateActive, string(lambdatypes.StateActiveNonInvocable)},
		func(ctx context.Context) (string, string, error) {
			st, reason, err := status(ctx)
			if st != "" {
				appeared = true
			} else if appeared {
				return "", "", errors.New("the function was deleted while waiting")
			}
			return st, reason, err
		})
}

// waitLambdaFunctionUpdated waits for LastUpdateStatus InProgress →
// Successful (HashiCorp's waitFunctionUpdated).
func waitLambdaFunctionUpdated(ctx context.Context, conn *lambda.Client, name string) error {
	return waitFor(ctx, "Lambda Function "+name+" update", []string{lambdaspec.LastUpdateInProgress},
		[]string{lambdaspec.LastUpdateSuccessful}, lambdaFunctionStatus(conn, name, "LastUpdateStatus"))
}

// waitLambdaFunctionDeleted waits until GetFunction answers NotFound.
func waitLambdaFunctionDeleted(ctx context.Context, conn *lambda.Client, name string) error {
	return waitFor(ctx, "Lambda Function "+name+" delete",
		[]string{lambdaspec.StateActive, string(lambdatypes.StateActiveNonInvocable), lambdaspec.StatePending, lambdaspec.StateInactive, lambdaspec.StateFailed, string(lambdatypes.StateDeleting)},
		[]string{""}, lambdaFunctionStatus(conn, name, "State"))
}

// read refreshes m from Lambda, keeping the shape (null vs empty, blocks
// left out vs Lambda's defaults) of what the configuration or prior state
// had.
func (r *lambdaFunctionResource) read(ctx context.Context, m *lambdaFunctionModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	name := m.ID.ValueString()
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	conn, err := client.lambdaConn()
	if err != nil {
		diags.AddError("Error reading Lambda Function", err.Error())
		return false, diags
	}
	out, err := findLambdaFunctionByName(ctx, conn, name)
	if isLambdaNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading Lambda Function", fmt.Sprintf("reading Lambda Function (%s): %s", name, err))
		return false, diags
	}
	fn := out.Configuration
	fnARN := aws.ToString(fn.FunctionArn)

	if m.FunctionName.IsNull() || m.FunctionName.IsUnknown() {
		m.FunctionName = types.StringValue(name)
	}
	archs := make([]string, 0, len(fn.Architectures))
	for _, a := range fn.Architectures {
		archs = append(archs, string(a))
	}
	if len(archs) == 0 {
		archs = []string{lambdaspec.ArchX8664}
	}
	m.Architectures = listFromStrings(archs, m.Architectures)
	m.ARN = types.StringValue(fnARN)
	m.CodeSha256 = types.StringValue(aws.ToString(fn.CodeSha256))
	if fn.DeadLetterConfig != nil && aws.ToString(fn.DeadLetterConfig.TargetArn) != "" {
		m.DeadLetterConfig = []lambdaDeadLetterModel{{TargetARN: types.StringValue(aws.ToString(fn.DeadLetterConfig.TargetArn))}}
	} else {
		m.DeadLetterConfig = nil
	}
	m.Description = optionalString(fn.Description, m.Description)
	m.Environment = flattenLambdaEnvironment(fn.Environment, m.Environment)
	m.EphemeralStorage = flattenLambdaEphemeralStorage(fn.EphemeralStorage, m.EphemeralStorage)
	m.Handler = optionalString(fn.Handler, m.Handler)
	if out.Code != nil {
		m.ImageURI = optionalString(out.Code.ImageUri, m.ImageURI)
	}
	m.InvokeARN = types.StringValue(lambdaspec.InvokeARN(client.Region, fnARN))
	m.ResponseStreamingInvokeARN = types.StringValue(lambdaResponseStreamingInvokeARN(client.Region, fnARN))
	m.KMSKeyARN = optionalString(fn.KMSKeyArn, m.KMSKeyARN)
	m.LastModified = types.StringValue(aws.ToString(fn.LastModified))
	layers := make([]string, 0, len(fn.Layers))
	for _, l := range fn.Layers {
		layers = append(layers, aws.ToString(l.Arn))
	}
	m.Layers = listFromStrings(layers, m.Layers)
	m.LoggingConfig = flattenLambdaLoggingConfig(fn.LoggingConfig, name, m.LoggingConfig)
	m.MemorySize = types.Int64Value(int64(aws.ToInt32(fn.MemorySize)))
	pt := string(fn.PackageType)
	if pt == "" {
		pt = lambdaspec.PackageTypeZip
	}
	m.PackageType = types.StringValue(pt)
	if out.Concurrency != nil && out.Concurrency.ReservedConcurrentExecutions != nil {
		m.ReservedConcurrentExecutions = types.Int64Value(int64(*out.Concurrency.ReservedConcurrentExecutions))
	} else {
		m.ReservedConcurrentExecutions = types.Int64Value(-1)
	}
	m.Role = types.StringValue(aws.ToString(fn.Role))
	m.Runtime = optionalString(aws.String(string(fn.Runtime)), m.Runtime)
	m.SigningJobARN = types.StringValue(aws.ToString(fn.SigningJobArn))
	m.SigningProfileVersionARN = types.StringValue(aws.ToString(fn.SigningProfileVersionArn))
	if m.SkipDestroy.IsNull() || m.SkipDestroy.IsUnknown() {
		m.SkipDestroy = types.BoolValue(false)
	}
	if m.Publish.IsNull() || m.Publish.IsUnknown() {
		m.Publish = types.BoolValue(false)
	}
	m.SourceCodeSize = types.Int64Value(fn.CodeSize)
	m.Timeout = types.Int64Value(int64(aws.ToInt32(fn.Timeout)))
	mode := lambdaspec.TracingPassThrough
	if fn.TracingConfig != nil && fn.TracingConfig.Mode != "" {
		mode = string(fn.TracingConfig.Mode)
	}
	if mode != lambdaspec.TracingPassThrough || len(m.TracingConfig) > 0 {
		m.TracingConfig = []lambdaTracingConfigModel{{Mode: types.StringValue(mode)}}
	} else {
		m.TracingConfig = nil
	}
	m.VPCConfig = flattenLambdaVPCConfig(fn.VpcConfig, m.VPCConfig)

	latest, err := findLatestLambdaFunctionVersion(ctx, conn, name)
	if err != nil {
		diags.AddError("Error reading Lambda Function", fmt.Sprintf("reading Lambda Function (%s) latest version: %s", name, err))
		return false, diags
	}
	qualified := aws.ToString(latest.FunctionArn)
	if qualified == fnARN || qualified == "" {
		qualified = lambdaspec.QualifiedARN(fnARN, aws.ToString(latest.Version))
	}
	m.QualifiedARN = types.StringValue(qualified)
	m.QualifiedInvokeARN = types.StringValue(lambdaspec.InvokeARN(client.Region, qualified))
	m.Version = types.StringValue(aws.ToString(latest.Version))

	if !m.CodeSigningConfigARN.IsNull() && !m.CodeSigningConfigARN.IsUnknown() && pt == lambdaspec.PackageTypeZip {
		csc, err := conn.GetFunctionCodeSigningConfig(ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String(name)})
		if err != nil {
			diags.AddError("Error reading Lambda Function", fmt.Sprintf("reading Lambda Function (%s) code signing config: %s", name, err))
			return false, diags
		}
		m.CodeSigningConfigARN = optionalString(csc.CodeSigningConfigArn, m.CodeSigningConfigARN)
	} else if m.CodeSigningConfigARN.IsUnknown() {
		m.CodeSigningConfigARN = types.StringNull()
	}

	m.Tags, m.TagsAll = client.tagsForState(ctx, m.Tags, out.Tags)

	return true, diags
}

// lambdaResponseStreamingInvokeARN is HashiCorp's responseStreamingInvokeARN.
func lambdaResponseStreamingInvokeARN(region, functionARN string) string {
	inv := lambdaspec.InvokeARN(region, functionARN)
	inv = strings.Replace(inv, ":lambda:path/2015-03-31/functions/", ":lambda:path/2021-11-15/functions/", 1)

	return strings.TrimSuffix(inv, "/invocations") + "/response-streaming-invocations"
}

// flattenLambdaEnvironment: variables Lambda reports, or the prior block's
// shape when it reports none (an empty `environment {}` is no diff).
func flattenLambdaEnvironment(env *lambdatypes.EnvironmentResponse, prior []lambdaEnvironmentModel) []lambdaEnvironmentModel {
	var vars map[string]string
	if env != nil {
		vars = env.Variables
	}
	if len(vars) == 0 {
		if len(prior) == 0 {
			return nil
		}
		p := prior[0].Variables
		if p.IsNull() || p.IsUnknown() {
			return []lambdaEnvironmentModel{{Variables: types.MapNull(types.StringType)}}
		}
		if len(p.Elements()) == 0 {
			return prior
		}
		return []lambdaEnvironmentModel{{Variables: types.MapNull(types.StringType)}}
	}

	return []lambdaEnvironmentModel{{Variables: mapValue(vars, true)}}
}

func flattenLambdaEphemeralStorage(es *lambdatypes.EphemeralStorage, prior []lambdaEphemeralModel) []lambdaEphemeralModel {
	size := int64(lambdaspec.EphemeralStorageDflt)
	if es != nil && es.Size != nil {
		size = int64(*es.Size)
	}
	if len(prior) == 0 && size == lambdaspec.EphemeralStorageDflt {
		return nil
	}

	return []lambdaEphemeralModel{{Size: types.Int64Value(size)}}
}

// flattenLambdaLoggingConfig: Lambda always reports a logging configuration;
// its default (Text to /aws/lambda/NAME) is no block when the prior state
// had none.
func flattenLambdaLoggingConfig(lc *lambdatypes.LoggingConfig, name string, prior []lambdaLoggingConfigModel) []lambdaLoggingConfigModel {
	defaultGroup := "/aws/lambda/" + name
	if lc == nil {
		lc = &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatText, LogGroup: aws.String(defaultGroup)}
	}
	group := aws.ToString(lc.LogGroup)
	if group == "" {
		group = defaultGroup
	}
	format := string(lc.LogFormat)
	if format == "" {
		format = string(lambdatypes.LogFormatText)
	}
	isDefault := format == string(lambdatypes.LogFormatText) && group == defaultGroup && lc.ApplicationLogLevel == "" && lc.SystemLogLevel == ""
	if len(prior) == 0 && isDefault {
		return nil
	}
	level := func(v string) types.String {
		if v == "" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}

	return []lambdaLoggingConfigModel{{
		ApplicationLogLevel: level(string(lc.ApplicationLogLevel)),
		LogFormat:           types.StringValue(format),
		LogGroup:            types.StringValue(group),
		SystemLogLevel:      level(string(lc.SystemLogLevel)),
	}}
}

func flattenLambdaVPCConfig(vc *lambdatypes.VpcConfigResponse, prior []lambdaVPCConfigModel) []lambdaVPCConfigModel {
	if vc == nil || (len(vc.SubnetIds) == 0 && len(vc.SecurityGroupIds) == 0 && aws.ToString(vc.VpcId) == "") {
		if len(prior) > 0 && len(prior[0].SubnetIDs.Elements()) == 0 && len(prior[0].SecurityGroupIDs.Elements()) == 0 {
			// HashiCorp: an empty vpc_config block is a valid configuration.
			p := prior[0]
			p.VPCID = types.StringValue("")
			if p.IPv6AllowedForDualStack.IsUnknown() || p.IPv6AllowedForDualStack.IsNull() {
				p.IPv6AllowedForDualStack = types.BoolValue(false)
			}
			return []lambdaVPCConfigModel{p}
		}
		return nil
	}
	var sgPrior, subPrior types.Set
	if len(prior) > 0 {
		sgPrior, subPrior = prior[0].SecurityGroupIDs, prior[0].SubnetIDs
	}

	return []lambdaVPCConfigModel{{
		IPv6AllowedForDualStack: types.BoolValue(aws.ToBool(vc.Ipv6AllowedForDualStack)),
		SecurityGroupIDs:        setFromStringsKeep(vc.SecurityGroupIds, sgPrior),
		SubnetIDs:               setFromStringsKeep(vc.SubnetIds, subPrior),
		VPCID:                   types.StringValue(aws.ToString(vc.VpcId)),
	}}
}

// setFromStringsKeep is a set of vs; empty is an empty set (vpc_config's
// sets are Required, so never null).
func setFromStringsKeep(vs []string, prior types.Set) types.Set {
	if len(vs) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.SetValueMust(types.StringType, []attr.Value{})
	}

	return setFromStrings(vs, prior)
}

func (r *lambdaFunctionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state lambdaFunctionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, diags := r.read(ctx, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		tflog.Warn(ctx, "Lambda Function not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *lambdaFunctionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state lambdaFunctionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	conn, err := client.lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error updating Lambda Function", err.Error())
		return
	}
	name := state.ID.ValueString()
	plan.ID = state.ID
	changed := changedTopLevel(req.State.Raw, req.Plan.Raw)
	wantSha := codeSha256Want(ctx, req.Config)

	if changed["code_signing_config_arn"] {
		if v := plan.CodeSigningConfigARN.ValueString(); v != "" {
			_, err = conn.PutFunctionCodeSigningConfig(ctx, &lambda.PutFunctionCodeSigningConfigInput{CodeSigningConfigArn: aws.String(v), FunctionName: aws.String(name)})
		} else {
			_, err = conn.DeleteFunctionCodeSigningConfig(ctx, &lambda.DeleteFunctionCodeSigningConfigInput{FunctionName: aws.String(name)})
		}
		if err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("setting Lambda Function (%s) code signing config: %s", name, err))
			return
		}
	}

	configUpdate := anyIn(changed, lambdaConfigAttrs...)
	if configUpdate {
		input := r.configUpdateInput(ctx, name, plan, changed, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if _, err := retryWhen(ctx, lambdaPropagationTimeout, retryableFunctionOpError, func(ctx context.Context) (*lambda.UpdateFunctionConfigurationOutput, error) {
			return conn.UpdateFunctionConfiguration(ctx, input)
		}); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("updating Lambda Function (%s) configuration: %s", name, err))
			return
		}
		if err := waitLambdaFunctionUpdated(ctx, conn, name); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("waiting for Lambda Function (%s) configuration update: %s", name, err))
			return
		}
	}

	codeUpdate := anyIn(changed, lambdaCodeAttrs...) || (wantSha != "" && changed["code_sha256"])
	if codeUpdate {
		code, diags := lambdaCodeSource(plan)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		input := &lambda.UpdateFunctionCodeInput{
			FunctionName: aws.String(name), ZipFile: code.ZipFile, ImageUri: code.ImageUri,
			S3Bucket: code.S3Bucket, S3Key: code.S3Key, S3ObjectVersion: code.S3ObjectVersion,
		}
		if changed["architectures"] {
			for _, a := range listValues(ctx, plan.Architectures, &resp.Diagnostics) {
				input.Architectures = append(input.Architectures, lambdatypes.Architecture(a))
			}
		}
		if _, err := conn.UpdateFunctionCode(ctx, input); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("updating Lambda Function (%s) code: %s", name, err))
			return
		}
		if err := waitLambdaFunctionUpdated(ctx, conn, name); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("waiting for Lambda Function (%s) code update: %s", name, err))
			return
		}
	}

	if changed["reserved_concurrent_executions"] {
		if v := plan.ReservedConcurrentExecutions.ValueInt64(); v >= 0 {
			_, err = conn.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(name), ReservedConcurrentExecutions: aws.Int32(int32(v))})
		} else {
			_, err = conn.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String(name)})
		}
		if err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("setting Lambda Function (%s) concurrency: %s", name, err))
			return
		}
	}

	if plan.Publish.ValueBool() && (codeUpdate || configUpdate || changed["publish"]) {
		out, err := retryWhen(ctx, lambdaPropagationTimeout, func(err error) bool {
			return lambdaErrorContains(err, "ResourceConflictException", "in progress")
		}, func(ctx context.Context) (*lambda.PublishVersionOutput, error) {
			return conn.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(name)})
		})
		if err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("publishing Lambda Function (%s) version: %s", name, err))
			return
		}
		qualifier := aws.ToString(out.Version)
		if err := waitFor(ctx, "Lambda Function "+name+" version "+qualifier+" publish", []string{lambdaspec.LastUpdateInProgress},
			[]string{lambdaspec.LastUpdateSuccessful}, func(ctx context.Context) (string, string, error) {
				c, err := conn.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name), Qualifier: aws.String(qualifier)})
				if err != nil {
					return "", "", err
				}
				st := string(c.LastUpdateStatus)
				if st == "" {
					st = lambdaspec.LastUpdateInProgress
				}
				return st, aws.ToString(c.LastUpdateStatusReason), nil
			}); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("waiting for Lambda Function (%s) version publish: %s", name, err))
			return
		}
	}

	if !plan.TagsAll.Equal(state.TagsAll) {
		oldAll := stringMap(ctx, state.TagsAll, &resp.Diagnostics)
		newAll := stringMap(ctx, plan.TagsAll, &resp.Diagnostics)
		if plan.TagsAll.IsUnknown() {
			newAll = r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))
		}
		if err := client.lambdaUpdateTags(ctx, conn, state.ARN.ValueString(), oldAll, newAll); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Function", fmt.Sprintf("updating Lambda Function (%s) tags: %s", name, err))
			return
		}
	}

	r.readBack(ctx, &plan, wantSha, &resp.State, &resp.Diagnostics)
}

// configUpdateInput is UpdateFunctionConfiguration with the changed fields;
// a removed block or argument is sent as its empty value (Lambda's default).
func (r *lambdaFunctionResource) configUpdateInput(ctx context.Context, name string, plan lambdaFunctionModel, changed map[string]bool, diags *diag.Diagnostics) *lambda.UpdateFunctionConfigurationInput {
	input := &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String(name)}
	if changed["dead_letter_config"] {
		input.DeadLetterConfig = &lambdatypes.DeadLetterConfig{TargetArn: aws.String("")}
		if len(plan.DeadLetterConfig) > 0 {
			input.DeadLetterConfig.TargetArn = plan.DeadLetterConfig[0].TargetARN.ValueStringPointer()
		}
	}
	if changed["description"] {
		input.Description = aws.String(plan.Description.ValueString())
	}
	if changed["environment"] || changed["kms_key_arn"] {
		vars := lambdaEnvVars(ctx, plan.Environment, diags)
		input.Environment = &lambdatypes.Environment{Variables: nonNilMap(vars)}
	}
	if changed["ephemeral_storage"] {
		size := int64(lambdaspec.EphemeralStorageDflt)
		if len(plan.EphemeralStorage) > 0 && !plan.EphemeralStorage[0].Size.IsUnknown() && !plan.EphemeralStorage[0].Size.IsNull() {
			size = plan.EphemeralStorage[0].Size.ValueInt64()
		}
		input.EphemeralStorage = &lambdatypes.EphemeralStorage{Size: aws.Int32(int32(size))}
	}
	if changed["handler"] {
		input.Handler = aws.String(plan.Handler.ValueString())
	}
	if changed["kms_key_arn"] {
		input.KMSKeyArn = aws.String(plan.KMSKeyARN.ValueString())
	}
	if changed["layers"] {
		input.Layers = nonNilStrings(listValues(ctx, plan.Layers, diags))
	}
	if changed["logging_config"] {
		if len(plan.LoggingConfig) > 0 {
			input.LoggingConfig = expandLambdaLoggingConfig(plan.LoggingConfig[0])
		} else {
			input.LoggingConfig = &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatText, LogGroup: aws.String("/aws/lambda/" + name)}
		}
	}
	if changed["memory_size"] {
		input.MemorySize = aws.Int32(int32(plan.MemorySize.ValueInt64()))
	}
	if changed["role"] {
		input.Role = aws.String(plan.Role.ValueString())
	}
	if changed["runtime"] {
		input.Runtime = lambdatypes.Runtime(plan.Runtime.ValueString())
	}
	if changed["timeout"] {
		input.Timeout = aws.Int32(int32(plan.Timeout.ValueInt64()))
	}
	if changed["tracing_config"] {
		mode := lambdaspec.TracingPassThrough
		if len(plan.TracingConfig) > 0 {
			mode = plan.TracingConfig[0].Mode.ValueString()
		}
		input.TracingConfig = &lambdatypes.TracingConfig{Mode: lambdatypes.TracingMode(mode)}
	}
	if changed["vpc_config"] {
		if len(plan.VPCConfig) > 0 {
			input.VpcConfig = expandLambdaVPCConfig(ctx, plan.VPCConfig[0], diags)
		} else {
			input.VpcConfig = &lambdatypes.VpcConfig{Ipv6AllowedForDualStack: aws.Bool(false), SecurityGroupIds: []string{}, SubnetIds: []string{}}
		}
	}

	return input
}

func (r *lambdaFunctionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lambdaFunctionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if state.SkipDestroy.ValueBool() {
		tflog.Debug(ctx, "Retaining Lambda Function", map[string]any{"id": name})
		return
	}
	conn, err := r.client.regionOf(state.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting Lambda Function", err.Error())
		return
	}
	_, err = retryWhen(ctx, 10*time.Minute, func(err error) bool {
		return lambdaErrorContains(err, "InvalidParameterValueException", "because it is a replicated function")
	}, func(ctx context.Context) (*lambda.DeleteFunctionOutput, error) {
		return conn.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(name)})
	})
	if isLambdaNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error deleting Lambda Function", fmt.Sprintf("deleting Lambda Function (%s): %s", name, err))
		return
	}
	if err := waitLambdaFunctionDeleted(ctx, conn, name); err != nil {
		resp.Diagnostics.AddError("Error deleting Lambda Function", fmt.Sprintf("waiting for Lambda Function (%s) delete: %s", name, err))
	}
}

// ImportState takes the function name ("my-function", or
// "my-function@REGION"), as HashiCorp's provider.
func (r *lambdaFunctionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importRegion(ctx, r.client, req.ID, resp)
	if id == "" || strings.Contains(id, "/") {
		resp.Diagnostics.AddError("Unexpected import identifier", fmt.Sprintf("Unexpected format of ID (%q), expected FUNCTION-NAME[@REGION]", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("function_name"), id)...)
}

// priorInt64ForUnknown is priorStringForUnknown for an int64: the prior
// state's value, unless the prior state has none there (a block added by an
// update), when Lambda's value is read after apply.
type priorInt64ForUnknown struct{}

func (priorInt64ForUnknown) Description(_ context.Context) string {
	return "Once set, the value of this attribute in state will not change."
}

func (m priorInt64ForUnknown) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (priorInt64ForUnknown) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.StateValue.IsNull() {
		return
	}
	int64planmodifier.UseStateForUnknown().PlanModifyInt64(ctx, req, resp)
}
