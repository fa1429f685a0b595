package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultMaxRetries matches HashiCorp's provider.
const defaultMaxRetries = 25

// providerModel is the provider block.
type providerModel struct {
	Region                    types.String           `tfsdk:"region"`
	AccessKey                 types.String           `tfsdk:"access_key"`
	SecretKey                 types.String           `tfsdk:"secret_key"`
	Token                     types.String           `tfsdk:"token"`
	Profile                   types.String           `tfsdk:"profile"`
	SharedConfigFiles         types.List             `tfsdk:"shared_config_files"`
	SharedCredentialsFiles    types.List             `tfsdk:"shared_credentials_files"`
	MaxRetries                types.Int64            `tfsdk:"max_retries"`
	SkipCredentialsValidation types.Bool             `tfsdk:"skip_credentials_validation"`
	SkipRequestingAccountID   types.Bool             `tfsdk:"skip_requesting_account_id"`
	SkipMetadataAPICheck      types.String           `tfsdk:"skip_metadata_api_check"`
	SkipRegionValidation      types.Bool             `tfsdk:"skip_region_validation"`
	Endpoints                 types.Set              `tfsdk:"endpoints"`
	DefaultTags               []defaultTagsModel     `tfsdk:"default_tags"`
	IgnoreTags                []ignoreTagsBlockModel `tfsdk:"ignore_tags"`
}

type defaultTagsModel struct {
	Tags map[string]string `tfsdk:"tags"`
}

type ignoreTagsBlockModel struct {
	Keys        []string `tfsdk:"keys"`
	KeyPrefixes []string `tfsdk:"key_prefixes"`
}

// Client is what the provider hands to its resources.
type Client struct {
	// APIGateway is the only client that talks to API Gateway.
	APIGateway *apigateway.Client
	// Region and Partition of the provider configuration.
	Region    string
	Partition string
	// AccountID is "" when it was not (or could not be) looked up.
	AccountID string
	// Endpoint is the custom API Gateway endpoint ("" on real AWS).
	Endpoint string

	DefaultTags map[string]string
	IgnoreTags  IgnoreTags

	// regions builds and caches the clients of per-resource regions.
	regions *regionalClients
	// lambda builds and caches the Lambda client of each region
	// (lambda_client.go).
	lambda *lambdaClients
	// identity holds the IAM and STS clients (iam_client.go).
	identity *identityClients
}

// clientFromProviderData is the standard Configure body of every resource.
func clientFromProviderData(data any, diags *diag.Diagnostics) *Client {
	if data == nil {
		// Provider not configured yet (validation, or unknown provider values).
		return nil
	}
	c, ok := data.(*Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.Client, got %T. This is a bug in the provider.", data))
		return nil
	}

	return c
}

// configureResource is the shared Configure implementation for resources.
func configureResource(req resource.ConfigureRequest, resp *resource.ConfigureResponse) *Client {
	return clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// endpoint returns the configured endpoint for a service key ("" if unset).
func (m providerModel) endpoint(service string) string {
	if m.Endpoints.IsNull() || m.Endpoints.IsUnknown() {
		return ""
	}
	for _, elem := range m.Endpoints.Elements() {
		obj, ok := elem.(types.Object)
		if !ok {
			continue
		}
		if v, ok := obj.Attributes()[service].(types.String); ok && v.ValueString() != "" {
			return v.ValueString()
		}
	}

	return ""
}

func listStrings(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)

	return out
}

// newClient resolves the provider configuration the way HashiCorp's provider
// does: provider block first, then the standard AWS environment and shared
// config chain.
func newClient(ctx context.Context, m providerModel, version string) (*Client, diag.Diagnostics) {
	var diags diag.Diagnostics

	maxRetries := defaultMaxRetries
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		if m.MaxRetries.ValueInt64() < 0 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
				"max_retries must be zero or more.")
			return nil, diags
		}
		maxRetries = int(m.MaxRetries.ValueInt64())
	}

	opts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithRetryer(func() aws.Retryer { return newRetryer(maxRetries) }),
		awsconfig.WithAppID("portico-terraform-provider/" + version),
	}
	if v := m.Region.ValueString(); v != "" {
		opts = append(opts, awsconfig.WithRegion(v))
	}
	if v := m.Profile.ValueString(); v != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(v))
	}
	if files := listStrings(ctx, m.SharedConfigFiles, &diags); len(files) > 0 {
		opts = append(opts, awsconfig.WithSharedConfigFiles(files))
	}
	if files := listStrings(ctx, m.SharedCredentialsFiles, &diags); len(files) > 0 {
		opts = append(opts, awsconfig.WithSharedCredentialsFiles(files))
	}

	accessKey, secretKey := m.AccessKey.ValueString(), m.SecretKey.ValueString()
	switch {
	case accessKey != "" && secretKey != "":
		opts = append(opts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(accessKey, secretKey, m.Token.ValueString())))
	case accessKey != "" || secretKey != "":
		diags.AddError("Incomplete AWS credentials",
			"access_key and secret_key must be set together in the provider block.")
		return nil, diags
	}

	skipIMDS := strings.EqualFold(m.SkipMetadataAPICheck.ValueString(), "true")
	if skipIMDS {
		opts = append(opts, awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}

	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		diags.AddError("Cannot load the AWS configuration",
			fmt.Sprintf("Loading the shared config/credentials (profile %q) failed: %s", m.Profile.ValueString(), err))
		return nil, diags
	}

	if cfg.Region == "" {
		diags.AddError("No AWS region configured",
			"Set `region` in the provider block, or the AWS_REGION environment variable, or a region in the shared config profile.")
		return nil, diags
	}
	if !m.SkipRegionValidation.ValueBool() && !knownRegion(cfg.Region) {
		diags.AddAttributeError(path.Root("region"), "Invalid AWS Region",
			fmt.Sprintf("Invalid AWS Region: %s. Set skip_region_validation = true to use a region this provider does not know.", cfg.Region))
		return nil, diags
	}

	if !m.SkipCredentialsValidation.ValueBool() {
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err != nil || !creds.HasKeys() {
			msg := "no credentials found"
			if err != nil {
				msg = err.Error()
			}
			diags.AddError("No valid AWS credentials",
				"Set access_key/secret_key in the provider block, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a profile in the shared credentials file. "+
					"A local gateway accepts any well-formed keys (e.g. \"test\"/\"test\"). Cause: "+msg)
			return nil, diags
		}
	}

	endpoint := m.endpoint("apigateway")
	if endpoint == "" {
		endpoint = os.Getenv("AWS_ENDPOINT_URL_API_GATEWAY")
	}
	if endpoint == "" && cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	if endpoint != "" {
		if err := checkEndpointURL(endpoint); err != nil {
			diags.AddAttributeError(path.Root("endpoints"), "Invalid API Gateway endpoint", err.Error())
			return nil, diags
		}
	}

	apigatewayOptions := func(o *apigateway.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}
	client := &Client{
		APIGateway: apigateway.NewFromConfig(cfg, apigatewayOptions),
		Region:     cfg.Region,
		Partition:  partitionForRegion(cfg.Region),
		Endpoint:   endpoint,
		regions:    &regionalClients{config: cfg, options: apigatewayOptions},
	}
	lambdaConns, err := newLambdaClients(cfg, m.endpoint("lambda"))
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints"), "Invalid Lambda endpoint", err.Error())
		return nil, diags
	}
	client.lambda = lambdaConns
	identityConns, err := newIdentityClients(cfg, m.endpoint("iam"), m.endpoint("sts"))
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints"), "Invalid IAM or STS endpoint", err.Error())
		return nil, diags
	}
	client.identity = identityConns

	for _, dt := range m.DefaultTags {
		client.DefaultTags = dt.Tags
	}
	for _, it := range m.IgnoreTags {
		client.IgnoreTags = newIgnoreTags(it.Keys, it.KeyPrefixes)
	}

	if !m.SkipRequestingAccountID.ValueBool() {
		stsEndpoint := m.endpoint("sts")
		if stsEndpoint == "" {
			stsEndpoint = os.Getenv("AWS_ENDPOINT_URL_STS")
		}
		// Never send a local-gateway setup's credentials to real STS.
		// AWS_ENDPOINT_URL (the SDK's base endpoint) sends STS to the same
		// place as every other service, as HashiCorp's provider does.
		if endpoint == "" || stsEndpoint != "" || cfg.BaseEndpoint != nil {
			id, err := callerAccountID(ctx, cfg, stsEndpoint)
			if err != nil {
				diags.AddWarning("Cannot look up the AWS account ID",
					fmt.Sprintf("STS GetCallerIdentity failed; ARNs with an account ID will have an empty account field. Set skip_requesting_account_id = true to silence this. Cause: %s", err))
			}
			client.AccountID = id
		}
	}

	return client, diags
}

func callerAccountID(ctx context.Context, cfg aws.Config, endpoint string) (string, error) {
	c := sts.NewFromConfig(cfg, func(o *sts.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.RetryMaxAttempts = 2
	})
	out, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("calling STS GetCallerIdentity: %w", err)
	}

	return aws.ToString(out.Account), nil
}

func checkEndpointURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("endpoint %q is not a URL: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("endpoint " + s + " must be an absolute http(s) URL such as http://127.0.0.1:4567")
	}

	return nil
}

func partitionForRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	default:
		return "aws"
	}
}

// knownRegions are the AWS regions (all partitions) this provider knows.
var knownRegions = map[string]bool{
	"af-south-1": true, "ap-east-1": true, "ap-east-2": true, "ap-northeast-1": true, "ap-northeast-2": true,
	"ap-northeast-3": true, "ap-south-1": true, "ap-south-2": true, "ap-southeast-1": true,
	"ap-southeast-2": true, "ap-southeast-3": true, "ap-southeast-4": true, "ap-southeast-5": true,
	"ap-southeast-6": true, "ap-southeast-7": true, "ca-central-1": true, "ca-west-1": true,
	"eu-central-1": true, "eu-central-2": true, "eu-north-1": true, "eu-south-1": true, "eu-south-2": true,
	"eu-west-1": true, "eu-west-2": true, "eu-west-3": true, "il-central-1": true, "me-central-1": true,
	"me-south-1": true, "mx-central-1": true, "sa-east-1": true, "us-east-1": true, "us-east-2": true,
	"us-west-1": true, "us-west-2": true,
	"cn-north-1": true, "cn-northwest-1": true,
	"us-gov-east-1": true, "us-gov-west-1": true,
	"us-iso-east-1": true, "us-iso-west-1": true, "us-isob-east-1": true,
}

func knownRegion(r string) bool { return knownRegions[r] }
