// Package provider implements Portico's Terraform provider: HashiCorp's AWS
// provider's API Gateway (REST v1) resources on terraform-plugin-framework,
// talking to API Gateway (real AWS or the local Portico gateway) only through
// aws-sdk-go-v2's service/apigateway client.
//
// Adding a resource: put it in its own file resource_<name>.go and register its
// constructor from that file's init function:
//
//	func init() { registerResource(NewStageResource) }
//
// The provider serves every registered resource; nothing else needs editing.
package provider

import (
	"context"
	"sort"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Address is the provider's registry address. It is HashiCorp's, so a config
// written for hashicorp/aws (explicitly or through the implicit "aws" local
// name) runs against this binary under a dev_overrides CLI configuration.
const Address = "registry.terraform.io/hashicorp/aws"

// TypeName is the provider type name: every resource is aws_<something>.
const TypeName = "aws"

var (
	registryMu         sync.Mutex
	registry           []func() resource.Resource
	dataSourceRegistry []func() datasource.DataSource
)

// registerResource adds a resource constructor to the provider. Call it from
// an init function in the resource's own file.
func registerResource(f func() resource.Resource) {
	registryMu.Lock()
	defer registryMu.Unlock()
	registry = append(registry, f)
}

// registerDataSource adds a data source constructor to the provider. Call
// it from an init function in the data source's own file.
func registerDataSource(f func() datasource.DataSource) {
	registryMu.Lock()
	defer registryMu.Unlock()
	dataSourceRegistry = append(dataSourceRegistry, f)
}

// Ensure the implementation satisfies the expected interfaces.
var _ provider.Provider = &AWSProvider{}

// AWSProvider is the provider implementation.
type AWSProvider struct {
	// version is "dev" for local builds, the release version otherwise.
	version string
}

// New returns a constructor for the provider, as providerserver.Serve expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &AWSProvider{version: version}
	}
}

// Metadata returns the provider type name.
func (p *AWSProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

// endpointServiceNames are the service keys accepted inside `endpoints`.
// apigateway, lambda (and sts, for the account ID) are used; the others are
// accepted so provider blocks copied from local-testing guides apply
// unchanged.
var endpointServiceNames = []string{
	"apigateway", "sts",
	"cloudwatch", "cloudwatchlogs", "dynamodb", "ec2", "iam", "kinesis", "kms",
	"lambda", "logs", "route53", "s3", "secretsmanager", "ses", "sns", "sqs", "ssm",
	"stepfunctions",
}

// Schema defines the provider-level schema: the subset of HashiCorp's
// provider block that API Gateway configurations use.
func (p *AWSProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	endpointAttrs := make(map[string]schema.Attribute, len(endpointServiceNames))
	for _, name := range endpointServiceNames {
		desc := "Accepted for compatibility with provider blocks written for HashiCorp's provider; this provider does not call the service."
		switch name {
		case "apigateway":
			desc = "Base URL of the API Gateway management API, e.g. `http://127.0.0.1:4567` for a local `portico serve`. Overrides `AWS_ENDPOINT_URL_API_GATEWAY` and `AWS_ENDPOINT_URL`."
		case "lambda":
			desc = "Base URL of the Lambda API, e.g. `http://127.0.0.1:4567` for a local `portico serve`. Used by `aws_lambda_function`, `aws_lambda_permission` and `aws_lambda_alias`. Overrides `AWS_ENDPOINT_URL_LAMBDA` and `AWS_ENDPOINT_URL`."
		case "iam":
			desc = "Base URL of IAM, e.g. `http://127.0.0.1:4567` for a local `portico serve`. Used by the `aws_iam_*` resources and data sources. Overrides `AWS_ENDPOINT_URL_IAM` and `AWS_ENDPOINT_URL`."
		case "sts":
			desc = "Base URL of STS: the account ID for ARNs (see `skip_requesting_account_id`) and `aws_caller_identity`. Overrides `AWS_ENDPOINT_URL_STS` (and, for `aws_caller_identity`, `AWS_ENDPOINT_URL`)."
		}
		endpointAttrs[name] = schema.StringAttribute{
			MarkdownDescription: desc,
			Optional:            true,
		}
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Portico's AWS provider: the API Gateway (REST v1) resources of HashiCorp's AWS provider, for real AWS or a local `portico serve` gateway.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: "AWS region, e.g. `us-east-1`. Defaults to `AWS_REGION`, `AWS_DEFAULT_REGION` or the shared config profile's region.",
				Optional:            true,
			},
			"access_key": schema.StringAttribute{
				MarkdownDescription: "AWS access key ID. Must be given together with `secret_key`. Defaults to the standard credential chain (`AWS_ACCESS_KEY_ID`, shared credentials file, ...).",
				Optional:            true,
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "AWS secret access key. Must be given together with `access_key`.",
				Optional:            true,
				Sensitive:           true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Session token for temporary credentials given with `access_key`/`secret_key`.",
				Optional:            true,
				Sensitive:           true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Named profile of the shared config and credentials files. Defaults to `AWS_PROFILE`.",
				Optional:            true,
			},
			"shared_config_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared config files. Defaults to `~/.aws/config`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"shared_credentials_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared credentials files. Defaults to `~/.aws/credentials`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "Maximum number of attempts for a retryable API call (throttling, `TooManyRequestsException`, the transient `ConflictException` \"... concurrent modification. Please try again later.\", transient network errors; a lasting conflict such as an object that already exists is reported at once), with exponential backoff and jitter. Defaults to 25, as HashiCorp's provider.",
				Optional:            true,
			},
			"skip_credentials_validation": schema.BoolAttribute{
				MarkdownDescription: "Skip resolving and checking credentials when the provider is configured. When set, credentials are resolved at the first API call instead.",
				Optional:            true,
			},
			"skip_requesting_account_id": schema.BoolAttribute{
				MarkdownDescription: "Skip looking up the account ID with STS `GetCallerIdentity`. ARNs that contain an account ID (`execution_arn`) then have an empty account field. The lookup is also skipped, without a call, when the API Gateway endpoint is custom (local) and no STS endpoint is configured.",
				Optional:            true,
			},
			"skip_metadata_api_check": schema.StringAttribute{
				MarkdownDescription: "`\"true\"` disables the EC2 instance metadata service as a credential and region source. A string, as in HashiCorp's provider, so `true` and `\"true\"` are both accepted.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.OneOf("true", "false"),
				},
			},
			"skip_region_validation": schema.BoolAttribute{
				MarkdownDescription: "Skip checking that `region` is a known AWS region. Needed for regions newer than this provider or made-up regions of a local gateway.",
				Optional:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SetNestedBlock{
				MarkdownDescription: "Custom service endpoints, as in HashiCorp's provider.",
				NestedObject: schema.NestedBlockObject{
					Attributes: endpointAttrs,
				},
			},
			"default_tags": schema.ListNestedBlock{
				MarkdownDescription: "Tags applied to every taggable resource of this provider (merged under each resource's own `tags` into `tags_all`).",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"tags": schema.MapAttribute{
							MarkdownDescription: "Tags to apply to all resources.",
							Optional:            true,
							ElementType:         types.StringType,
						},
					},
				},
			},
			"ignore_tags": schema.ListNestedBlock{
				MarkdownDescription: "Tags that this provider neither reads into state nor removes: useful for tags managed by other tools.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"keys": schema.SetAttribute{
							MarkdownDescription: "Exact tag keys to ignore.",
							Optional:            true,
							ElementType:         types.StringType,
						},
						"key_prefixes": schema.SetAttribute{
							MarkdownDescription: "Tag key prefixes to ignore.",
							Optional:            true,
							ElementType:         types.StringType,
						},
					},
				},
			},
		},
	}
}

// Configure resolves region, credentials and endpoint and hands a *Client to
// every resource.
func (p *AWSProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel

	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, diags := newClient(ctx, model, p.version)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	resp.ResourceData = client
	resp.DataSourceData = client
}

// Resources returns every registered resource, sorted by constructor order of
// registration (deterministic: file init order).
func (p *AWSProvider) Resources(_ context.Context) []func() resource.Resource {
	registryMu.Lock()
	defer registryMu.Unlock()

	out := make([]func() resource.Resource, len(registry))
	copy(out, registry)

	return out
}

// ResourceTypeNames lists the registered resources' type names, sorted; used
// by tests and docs.
func ResourceTypeNames(ctx context.Context) []string {
	p := &AWSProvider{}
	var names []string
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: TypeName}, &resp)
		names = append(names, resp.TypeName)
	}
	sort.Strings(names)

	return names
}

// DataSources returns every registered data source, in registration order.
func (p *AWSProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	registryMu.Lock()
	defer registryMu.Unlock()

	out := make([]func() datasource.DataSource, len(dataSourceRegistry))
	copy(out, dataSourceRegistry)

	return out
}
