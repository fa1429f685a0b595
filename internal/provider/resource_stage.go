package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewStageResource) }

var (
	_ resource.Resource                = &stageResource{}
	_ resource.ResourceWithConfigure   = &stageResource{}
	_ resource.ResourceWithImportState = &stageResource{}
	_ resource.ResourceWithModifyPlan  = &stageResource{}
)

// NewStageResource is aws_api_gateway_stage: a named, invokable reference
// to a deployment.
func NewStageResource() resource.Resource { return &stageResource{} }

type stageResource struct {
	client *Client
}

type stageModel struct {
	Region               types.String              `tfsdk:"region"`
	ID                   types.String              `tfsdk:"id"`
	RestAPIID            types.String              `tfsdk:"rest_api_id"`
	StageName            types.String              `tfsdk:"stage_name"`
	DeploymentID         types.String              `tfsdk:"deployment_id"`
	Description          types.String              `tfsdk:"description"`
	Variables            types.Map                 `tfsdk:"variables"`
	CacheClusterEnabled  types.Bool                `tfsdk:"cache_cluster_enabled"`
	CacheClusterSize     types.String              `tfsdk:"cache_cluster_size"`
	ClientCertificateID  types.String              `tfsdk:"client_certificate_id"`
	DocumentationVersion types.String              `tfsdk:"documentation_version"`
	XRayTracingEnabled   types.Bool                `tfsdk:"xray_tracing_enabled"`
	AccessLogSettings    []stageAccessLogSettingsM `tfsdk:"access_log_settings"`
	CanarySettings       []stageCanarySettingsM    `tfsdk:"canary_settings"`
	Tags                 types.Map                 `tfsdk:"tags"`
	TagsAll              types.Map                 `tfsdk:"tags_all"`
	ARN                  types.String              `tfsdk:"arn"`
	ExecutionARN         types.String              `tfsdk:"execution_arn"`
	InvokeURL            types.String              `tfsdk:"invoke_url"`
	WebACLARN            types.String              `tfsdk:"web_acl_arn"`
}

type stageAccessLogSettingsM struct {
	DestinationARN types.String `tfsdk:"destination_arn"`
	Format         types.String `tfsdk:"format"`
}

type stageCanarySettingsM struct {
	DeploymentID           types.String  `tfsdk:"deployment_id"`
	PercentTraffic         types.Float64 `tfsdk:"percent_traffic"`
	StageVariableOverrides types.Map     `tfsdk:"stage_variable_overrides"`
	UseStageCache          types.Bool    `tfsdk:"use_stage_cache"`
}

func stageID(apiID, name string) string { return fmt.Sprintf("ags-%s-%s", apiID, name) }

// stageARN is the ARN of a stage in the client's region.
func stageARN(c *Client, apiID, name string) string {
	return apigw.StageARN(c.Partition, c.Region, apiID, name)
}

func (r *stageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_stage"
}

func (r *stageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tags, tagsAll := tagsSchema()
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway stage: a name under which a deployment of a REST API is invoked, with its stage variables, cache, tracing, access log and canary settings.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          computedString("`ags-{rest_api_id}-{stage_name}`, as HashiCorp's provider."),
			"rest_api_id": restAPIIDAttribute(),
			"stage_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Name of the stage: `a-zA-Z0-9_-`, at most %d characters.", apigw.MaxStageNameLength),
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stageNameValidator()},
			},
			"deployment_id": schema.StringAttribute{
				MarkdownDescription: "ID of the deployment the stage serves. Changing it moves the stage in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the stage.",
				Optional:            true,
			},
			"variables": schema.MapAttribute{
				MarkdownDescription: "Map of stage variables, available to integrations and mapping templates as `${stageVariables.NAME}` / `$stageVariables.NAME`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Map{stageVariablesValidator{}},
			},
			"cache_cluster_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether a cache cluster is enabled for the stage. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"cache_cluster_size": schema.StringAttribute{
				MarkdownDescription: "Size of the cache cluster, in GB: " + apigw.OneOf(apigw.CacheClusterSizes) + ". API Gateway uses `0.5` when the cache is enabled without a size.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apigw.CacheClusterSizes...)},
			},
			"client_certificate_id": schema.StringAttribute{
				MarkdownDescription: "Identifier of a client certificate for the stage.",
				Optional:            true,
			},
			"documentation_version": schema.StringAttribute{
				MarkdownDescription: "Version of the associated API documentation.",
				Optional:            true,
			},
			"xray_tracing_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether active tracing with X-Ray is enabled. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"tags":     tags,
			"tags_all": tagsAll,
			"arn":      computedString("ARN of the stage, e.g. `arn:aws:apigateway:us-east-1::/restapis/{rest_api_id}/stages/{stage_name}`."),
			"execution_arn": computedString("Execution ARN to be used in `aws_lambda_permission`'s `source_arn`, e.g. " +
				"`arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j/prod`."),
			"invoke_url": computedString("URL that invokes the API through this stage: `https://{rest_api_id}.execute-api.{region}.amazonaws.com/{stage_name}` on AWS; " +
				"`http://{rest_api_id}.execute-api.localhost:{port}/{stage_name}` when the provider's API Gateway endpoint is a local gateway (loopback address or `localhost`)."),
			"web_acl_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the WebAcl associated with the stage (set by `aws_wafv2_web_acl_association`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"access_log_settings": schema.ListNestedBlock{
				MarkdownDescription: "Access logging for the stage. Removing the block turns access logging off.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"destination_arn": schema.StringAttribute{
							MarkdownDescription: "ARN of the CloudWatch Logs log group or Kinesis Data Firehose stream that receives the logs. A trailing `:*` is removed.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.RegexMatches(arnPattern, "must be an ARN")},
						},
						"format": schema.StringAttribute{
							MarkdownDescription: "Format of the log entries, e.g. `$context.requestId $context.status`.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
					},
				},
			},
			"canary_settings": schema.ListNestedBlock{
				MarkdownDescription: "Canary release settings of the stage. Removing the block ends the canary.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"deployment_id": schema.StringAttribute{
							MarkdownDescription: "ID of the deployment the canary serves. Optional, so that configurations written for HashiCorp's provider, " +
								"whose `canary_settings` has no `deployment_id`, apply unchanged. Left out, the canary serves the stage's " +
								"`deployment_id` and follows it in place when the stage's `deployment_id` changes; otherwise it plans no difference. " +
								"Set, the canary serves the deployment set, whatever the stage's.",
							Optional:      true,
							Computed:      true,
							Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
							PlanModifiers: []planmodifier.String{canaryDeploymentIDFollowsStage{}},
						},
						"percent_traffic": schema.Float64Attribute{
							MarkdownDescription: "Percentage (0.0 to 100.0) of traffic sent to the canary. Defaults to `0`.",
							Optional:            true,
							Computed:            true,
							Default:             float64default.StaticFloat64(0),
							Validators:          []validator.Float64{float64validator.Between(0, 100)},
						},
						"stage_variable_overrides": schema.MapAttribute{
							MarkdownDescription: "Stage variables overridden for the canary.",
							Optional:            true,
							ElementType:         types.StringType,
							Validators:          []validator.Map{stageVariablesValidator{}},
						},
						"use_stage_cache": schema.BoolAttribute{
							MarkdownDescription: "Whether the canary uses the stage cache. Defaults to `false`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(false),
						},
					},
				},
			},
		},
	}
}

// canaryDeploymentIDFollowsStage plans an unset canary_settings.deployment_id
// as the stage's deployment_id (unknown while that is), so the canary
// serves the stage's deployment and follows it, as HashiCorp's provider
// does; an unchanged stage deployment plans no difference.
type canaryDeploymentIDFollowsStage struct{}

func (canaryDeploymentIDFollowsStage) Description(context.Context) string {
	return "Left out, the canary's deployment is the stage's deployment_id."
}

func (m canaryDeploymentIDFollowsStage) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (canaryDeploymentIDFollowsStage) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var stageDeployment types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("deployment_id"), &stageDeployment)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.PlanValue = stageDeployment
}

// canaryDeploymentID is the deployment the canary serves: the configured
// one, else the stage's.
func canaryDeploymentID(c stageCanarySettingsM, stageDeployment types.String) string {
	if v := c.DeploymentID.ValueString(); v != "" {
		return v
	}
	return stageDeployment.ValueString()
}

func (r *stageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *stageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
	modifyPlanTags(ctx, r.client, req, resp)
}

// findStageByTwoPartKey returns the stage or an error wrapping errNotFound.
func findStageByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, name string) (*apigateway.GetStageOutput, error) {
	out, err := conn.GetStage(ctx, &apigateway.GetStageInput{RestApiId: aws.String(apiID), StageName: aws.String(name)})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *stageResource) read(ctx context.Context, m *stageModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	apiID, name := m.RestAPIID.ValueString(), m.StageName.ValueString()
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findStageByTwoPartKey(ctx, client.APIGateway, apiID, name)
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Stage", fmt.Sprintf("reading API Gateway Stage (%s): %s", stageID(apiID, name), err))
		return false, diags
	}
	m.ID = types.StringValue(stageID(apiID, name))
	m.DeploymentID = types.StringPointerValue(out.DeploymentId)
	m.Description = optionalString(out.Description, m.Description)
	m.Variables = stringMapValue(out.Variables, m.Variables)
	m.CacheClusterEnabled = types.BoolValue(out.CacheClusterEnabled)
	if out.CacheClusterSize != "" {
		m.CacheClusterSize = types.StringValue(string(out.CacheClusterSize))
	} else {
		m.CacheClusterSize = types.StringNull()
	}
	m.ClientCertificateID = optionalString(out.ClientCertificateId, m.ClientCertificateID)
	m.DocumentationVersion = optionalString(out.DocumentationVersion, m.DocumentationVersion)
	m.XRayTracingEnabled = types.BoolValue(out.TracingEnabled)
	m.WebACLARN = types.StringValue(aws.ToString(out.WebAclArn))

	priorLog := m.AccessLogSettings
	m.AccessLogSettings = nil
	if als := out.AccessLogSettings; als != nil && (aws.ToString(als.DestinationArn) != "" || aws.ToString(als.Format) != "") {
		dest := types.StringValue(strings.TrimSuffix(aws.ToString(als.DestinationArn), ":*"))
		// API Gateway drops a log group ARN's trailing ":*": keep the
		// configured spelling when it is the same log group.
		if len(priorLog) > 0 && strings.TrimSuffix(priorLog[0].DestinationARN.ValueString(), ":*") == dest.ValueString() {
			dest = priorLog[0].DestinationARN
		}
		m.AccessLogSettings = []stageAccessLogSettingsM{{
			DestinationARN: dest,
			Format:         types.StringPointerValue(als.Format),
		}}
	}
	var priorCanary types.Map
	if len(m.CanarySettings) > 0 {
		priorCanary = m.CanarySettings[0].StageVariableOverrides
	}
	m.CanarySettings = nil
	if cs := out.CanarySettings; cs != nil {
		m.CanarySettings = []stageCanarySettingsM{{
			DeploymentID:           types.StringValue(aws.ToString(cs.DeploymentId)),
			PercentTraffic:         types.Float64Value(cs.PercentTraffic),
			StageVariableOverrides: stringMapValue(cs.StageVariableOverrides, priorCanary),
			UseStageCache:          types.BoolValue(cs.UseStageCache),
		}}
	}

	m.ARN = types.StringValue(stageARN(client, apiID, name))
	m.ExecutionARN = types.StringValue(executionARN(client, apiID, name))
	m.InvokeURL = types.StringValue(invokeURL(client, apiID, name))

	tags, err := listTags(ctx, client.APIGateway, stageARN(client, apiID, name))
	if err != nil {
		diags.AddError("Error reading API Gateway Stage", fmt.Sprintf("reading API Gateway Stage (%s) tags: %s", stageID(apiID, name), err))
		return false, diags
	}
	m.Tags, m.TagsAll = client.tagsForState(ctx, m.Tags, tags)

	return true, diags
}

func (r *stageResource) readInto(ctx context.Context, m *stageModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Stage",
			fmt.Sprintf("reading API Gateway Stage (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

// waitForCacheCluster waits until a cache cluster change has settled (on
// AWS it takes minutes; the local gateway answers at once).
func (r *stageResource) waitForCacheCluster(ctx context.Context, client *Client, apiID, name string) error {
	for delay := 2 * time.Second; ; {
		out, err := findStageByTwoPartKey(ctx, client.APIGateway, apiID, name)
		if err != nil {
			return err
		}
		switch out.CacheClusterStatus {
		case awstypes.CacheClusterStatusCreateInProgress, awstypes.CacheClusterStatusDeleteInProgress, awstypes.CacheClusterStatusFlushInProgress:
		default:
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the cache cluster of stage %s: %w", name, ctx.Err())
		case <-time.After(delay):
		}
		if delay < 30*time.Second {
			delay *= 2
		}
	}
}

func (r *stageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan stageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	apiID, name := plan.RestAPIID.ValueString(), plan.StageName.ValueString()
	input := &apigateway.CreateStageInput{
		RestApiId:           aws.String(apiID),
		StageName:           aws.String(name),
		DeploymentId:        plan.DeploymentID.ValueStringPointer(),
		CacheClusterEnabled: plan.CacheClusterEnabled.ValueBool(),
		TracingEnabled:      plan.XRayTracingEnabled.ValueBool(),
		Variables:           stringMap(ctx, plan.Variables, &resp.Diagnostics),
	}
	if v := plan.CacheClusterSize.ValueString(); v != "" {
		input.CacheClusterSize = awstypes.CacheClusterSize(v)
	}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	if v := plan.DocumentationVersion.ValueString(); v != "" {
		input.DocumentationVersion = aws.String(v)
	}
	if len(plan.CanarySettings) > 0 {
		c := plan.CanarySettings[0]
		input.CanarySettings = &awstypes.CanarySettings{
			DeploymentId:           aws.String(canaryDeploymentID(c, plan.DeploymentID)),
			PercentTraffic:         c.PercentTraffic.ValueFloat64(),
			StageVariableOverrides: stringMap(ctx, c.StageVariableOverrides, &resp.Diagnostics),
			UseStageCache:          c.UseStageCache.ValueBool(),
		}
	}
	client := r.client.regionOf(plan.Region)
	if all := r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics)); len(all) > 0 {
		input.Tags = all
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := client.APIGateway.CreateStage(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Stage",
			fmt.Sprintf("creating API Gateway Stage (%s): %s", stageID(apiID, name), err))
		return
	}
	plan.ID = types.StringValue(stageID(apiID, name))
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("rest_api_id"), plan.RestAPIID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("stage_name"), plan.StageName)...)

	if plan.CacheClusterEnabled.ValueBool() {
		if err := r.waitForCacheCluster(ctx, client, apiID, name); err != nil {
			resp.Diagnostics.AddError("Error creating API Gateway Stage", err.Error())
			return
		}
	}

	// CreateStage takes neither the access log settings nor the client
	// certificate: set them with an update, as HashiCorp's provider does.
	var ops []awstypes.PatchOperation
	if v := plan.ClientCertificateID.ValueString(); v != "" {
		ops = append(ops, replaceOp("/clientCertificateId", v))
	}
	ops = append(ops, accessLogPatch(nil, plan.AccessLogSettings)...)
	if len(ops) > 0 {
		if _, err := client.APIGateway.UpdateStage(ctx, &apigateway.UpdateStageInput{
			RestApiId: aws.String(apiID), StageName: aws.String(name), PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error creating API Gateway Stage",
				fmt.Sprintf("updating API Gateway Stage (%s) after creation: %s", plan.ID.ValueString(), err))
			return
		}
	}

	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *stageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state stageModel
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
		tflog.Warn(ctx, "API Gateway Stage not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// accessLogPatch moves access logging from old to new: a real remove when
// the block left the configuration.
func accessLogPatch(oldS, newS []stageAccessLogSettingsM) []awstypes.PatchOperation {
	if len(newS) == 0 {
		if len(oldS) > 0 {
			return []awstypes.PatchOperation{{Op: awstypes.OpRemove, Path: aws.String("/accessLogSettings")}}
		}
		return nil
	}
	var ops []awstypes.PatchOperation
	n := newS[0]
	dest := strings.TrimSuffix(n.DestinationARN.ValueString(), ":*")
	if len(oldS) == 0 || strings.TrimSuffix(oldS[0].DestinationARN.ValueString(), ":*") != dest {
		ops = append(ops, replaceOp("/accessLogSettings/destinationArn", dest))
	}
	if len(oldS) == 0 || !oldS[0].Format.Equal(n.Format) {
		ops = append(ops, replaceOp("/accessLogSettings/format", n.Format.ValueString()))
	}

	return ops
}

// canaryPatch moves the canary settings from old to new: a real remove when
// the block left the configuration.
func canaryPatch(ctx context.Context, oldS, newS []stageCanarySettingsM, stageDeployment types.String, diags *diag.Diagnostics) []awstypes.PatchOperation {
	if len(newS) == 0 {
		if len(oldS) > 0 {
			return []awstypes.PatchOperation{{Op: awstypes.OpRemove, Path: aws.String("/canarySettings")}}
		}
		return nil
	}
	n := newS[0]
	o := stageCanarySettingsM{
		DeploymentID:           types.StringNull(),
		PercentTraffic:         types.Float64Null(),
		StageVariableOverrides: types.MapNull(types.StringType),
		UseStageCache:          types.BoolNull(),
	}
	if len(oldS) > 0 {
		o = oldS[0]
	}
	var ops []awstypes.PatchOperation
	if dep := canaryDeploymentID(n, stageDeployment); o.DeploymentID.ValueString() != dep {
		ops = append(ops, replaceOp("/canarySettings/deploymentId", dep))
	}
	if !o.PercentTraffic.Equal(n.PercentTraffic) {
		ops = append(ops, replaceOp("/canarySettings/percentTraffic", strconv.FormatFloat(n.PercentTraffic.ValueFloat64(), 'f', -1, 64)))
	}
	if !o.UseStageCache.Equal(n.UseStageCache) {
		ops = append(ops, replaceOp("/canarySettings/useStageCache", strconv.FormatBool(n.UseStageCache.ValueBool())))
	}
	ops = append(ops, mapPatch("/canarySettings/stageVariableOverrides",
		stringMap(ctx, o.StageVariableOverrides, diags), stringMap(ctx, n.StageVariableOverrides, diags))...)

	return ops
}

func (r *stageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state stageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	apiID, name := state.RestAPIID.ValueString(), state.StageName.ValueString()
	plan.ID = state.ID

	var ops []awstypes.PatchOperation
	if !plan.DeploymentID.Equal(state.DeploymentID) {
		ops = append(ops, replaceOp("/deploymentId", plan.DeploymentID.ValueString()))
	}
	for _, f := range []struct {
		p           string
		plan, state types.String
	}{
		{"/description", plan.Description, state.Description},
		{"/clientCertificateId", plan.ClientCertificateID, state.ClientCertificateID},
		{"/documentationVersion", plan.DocumentationVersion, state.DocumentationVersion},
	} {
		if !f.plan.Equal(f.state) {
			ops = append(ops, replaceOp(f.p, f.plan.ValueString()))
		}
	}
	cacheChanged := false
	if !plan.CacheClusterEnabled.Equal(state.CacheClusterEnabled) {
		ops = append(ops, replaceOp("/cacheClusterEnabled", strconv.FormatBool(plan.CacheClusterEnabled.ValueBool())))
		cacheChanged = true
	}
	if !plan.CacheClusterSize.IsUnknown() && !plan.CacheClusterSize.IsNull() && !plan.CacheClusterSize.Equal(state.CacheClusterSize) {
		ops = append(ops, replaceOp("/cacheClusterSize", plan.CacheClusterSize.ValueString()))
		cacheChanged = true
	}
	if !plan.XRayTracingEnabled.Equal(state.XRayTracingEnabled) {
		ops = append(ops, replaceOp("/tracingEnabled", strconv.FormatBool(plan.XRayTracingEnabled.ValueBool())))
	}
	ops = append(ops, mapPatch("/variables",
		stringMap(ctx, state.Variables, &resp.Diagnostics), stringMap(ctx, plan.Variables, &resp.Diagnostics))...)
	ops = append(ops, accessLogPatch(state.AccessLogSettings, plan.AccessLogSettings)...)
	ops = append(ops, canaryPatch(ctx, state.CanarySettings, plan.CanarySettings, plan.DeploymentID, &resp.Diagnostics)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(ops) > 0 {
		if _, err := client.APIGateway.UpdateStage(ctx, &apigateway.UpdateStageInput{
			RestApiId: aws.String(apiID), StageName: aws.String(name), PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Stage",
				fmt.Sprintf("updating API Gateway Stage (%s): %s", state.ID.ValueString(), err))
			return
		}
		if cacheChanged {
			if err := r.waitForCacheCluster(ctx, client, apiID, name); err != nil {
				resp.Diagnostics.AddError("Error updating API Gateway Stage", err.Error())
				return
			}
		}
	}
	if !plan.TagsAll.Equal(state.TagsAll) {
		oldAll := stringMap(ctx, state.TagsAll, &resp.Diagnostics)
		newAll := stringMap(ctx, plan.TagsAll, &resp.Diagnostics)
		if plan.TagsAll.IsUnknown() {
			newAll = r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))
		}
		if err := client.updateTags(ctx, stageARN(client, apiID, name), oldAll, newAll); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Stage",
				fmt.Sprintf("updating API Gateway Stage (%s) tags: %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *stageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state stageModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteStage(ctx, &apigateway.DeleteStageInput{
		RestApiId: state.RestAPIID.ValueStringPointer(),
		StageName: state.StageName.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Stage", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/STAGE-NAME.
func (r *stageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/STAGE-NAME", "rest_api_id", "stage_name")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), stageID(p[0], p[1]))...)
}

var arnPattern = regexp.MustCompile(`^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$`)
