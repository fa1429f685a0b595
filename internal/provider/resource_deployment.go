package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewDeploymentResource) }

var (
	_ resource.Resource                   = &deploymentResource{}
	_ resource.ResourceWithConfigure      = &deploymentResource{}
	_ resource.ResourceWithImportState    = &deploymentResource{}
	_ resource.ResourceWithValidateConfig = &deploymentResource{}
)

// NewDeploymentResource is aws_api_gateway_deployment: a frozen snapshot of
// a REST API, served by the stages that point at it.
func NewDeploymentResource() resource.Resource { return &deploymentResource{} }

type deploymentResource struct {
	client *Client
}

type deploymentModel struct {
	Region           types.String                `tfsdk:"region"`
	ID               types.String                `tfsdk:"id"`
	RestAPIID        types.String                `tfsdk:"rest_api_id"`
	Description      types.String                `tfsdk:"description"`
	Triggers         types.Map                   `tfsdk:"triggers"`
	Variables        types.Map                   `tfsdk:"variables"`
	StageName        types.String                `tfsdk:"stage_name"`
	StageDescription types.String                `tfsdk:"stage_description"`
	CanarySettings   []deploymentCanarySettingsM `tfsdk:"canary_settings"`
	CreatedDate      types.String                `tfsdk:"created_date"`
	ExecutionARN     types.String                `tfsdk:"execution_arn"`
	InvokeURL        types.String                `tfsdk:"invoke_url"`
}

type deploymentCanarySettingsM struct {
	PercentTraffic         types.Float64 `tfsdk:"percent_traffic"`
	StageVariableOverrides types.Map     `tfsdk:"stage_variable_overrides"`
	UseStageCache          types.Bool    `tfsdk:"use_stage_cache"`
}

const deprecatedStageArgs = "Use the aws_api_gateway_stage resource instead. Still accepted so that configurations written for older versions of HashiCorp's provider apply unchanged."

// stageVariablesValidator applies apigw.ValidateStageVariables to a map.
type stageVariablesValidator struct{}

func (stageVariablesValidator) Description(_ context.Context) string {
	return "stage variable names of alphanumerics and underscores; values of [A-Za-z0-9-._~:/?#&=,]"
}

func (v stageVariablesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (stageVariablesValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	vars := map[string]string{}
	for k, v := range req.ConfigValue.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		vars[k] = s.ValueString()
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := apigw.ValidateStageVariables(map[string]string{k: vars[k]}); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Invalid stage variable", err.Error())
		}
	}
}

func stageNameValidator() validator.String {
	return ruleString("Invalid stage name", fmt.Sprintf("a-zA-Z0-9_-, at most %d characters", apigw.MaxStageNameLength), apigw.ValidateStageName)
}

// deploymentStageNameValidator is stageNameValidator except that "" is
// accepted: as in HashiCorp's provider (d.GetOk), a deployment's
// stage_name = "" means no stage, and its acceptance test
// TestAccAPIGatewayDeployment_StageName_emptyString applies it.
func deploymentStageNameValidator() validator.String {
	return ruleString("Invalid stage name", fmt.Sprintf("a-zA-Z0-9_-, at most %d characters; \"\" for no stage", apigw.MaxStageNameLength), func(s string) error {
		if s == "" {
			return nil
		}
		return apigw.ValidateStageName(s)
	})
}

func (r *deploymentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_deployment"
}

func (r *deploymentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway deployment: a snapshot of a REST API's configuration, published to callers by an `aws_api_gateway_stage`.\n\n" +
			"A deployment captures the API as it is when the deployment is created. Reference every resource, method and integration it must contain " +
			"in `triggers` (e.g. `redeployment = sha1(jsonencode([...]))`) so that a change to them plans a new deployment, and give the deployment " +
			"`lifecycle { create_before_destroy = true }` so that the stage moves to the new deployment before the old one is deleted: " +
			"API Gateway refuses to delete a deployment a stage still points at.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("ID of the deployment."),
			"rest_api_id": restAPIIDAttributeDesc("ID of the REST API to deploy."),
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the deployment. Updated in place.",
				Optional:            true,
			},
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Map of arbitrary keys and values that, when changed, create a new deployment (the old one is deleted). " +
					"Use it to redeploy when the API's resources, methods or integrations change.",
				Optional:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"variables": schema.MapAttribute{
				MarkdownDescription: "Map of stage variables set on the stage named by `stage_name` when the deployment is created. A change creates a new deployment.",
				Optional:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				Validators:          []validator.Map{stageVariablesValidator{}},
			},
			"stage_name": schema.StringAttribute{
				MarkdownDescription: "Name of a stage to create (or point at this deployment) together with the deployment. " +
					"Deleting the deployment deletes that stage if it still points at this deployment. A change creates a new deployment.",
				Optional:           true,
				DeprecationMessage: "stage_name is deprecated. " + deprecatedStageArgs,
				PlanModifiers:      []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:         []validator.String{deploymentStageNameValidator()},
			},
			"stage_description": schema.StringAttribute{
				MarkdownDescription: "Description of the stage named by `stage_name`. A change creates a new deployment.",
				Optional:            true,
				DeprecationMessage:  "stage_description is deprecated. " + deprecatedStageArgs,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"created_date": schema.StringAttribute{
				MarkdownDescription: "Creation date of the deployment (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"execution_arn": schema.StringAttribute{
				MarkdownDescription: "Execution ARN to be used in `aws_lambda_permission`'s `source_arn`, e.g. `arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j/prod` (with `stage_name`; without it, ending in `/`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"invoke_url": schema.StringAttribute{
				MarkdownDescription: "URL to invoke the API through the stage named by `stage_name`: `https://{rest_api_id}.execute-api.{region}.amazonaws.com/{stage_name}` on AWS, " +
					"`http://{rest_api_id}.execute-api.localhost:{port}/{stage_name}` when the provider's API Gateway endpoint is a local gateway.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"canary_settings": schema.ListNestedBlock{
				MarkdownDescription: "Canary release settings for the stage named by `stage_name`, which must already exist. A change creates a new deployment.",
				DeprecationMessage:  "canary_settings is deprecated. " + deprecatedStageArgs,
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				PlanModifiers:       []planmodifier.List{listplanmodifier.RequiresReplace()},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
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

func (r *deploymentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *deploymentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

func (r *deploymentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m deploymentModel
	unknown, d := getConfigKnownBlocks(ctx, req.Config, &m, "canary_settings")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	noStage := m.StageName.IsNull() || (!m.StageName.IsUnknown() && m.StageName.ValueString() == "")
	if noStage && !m.StageDescription.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("stage_description"), "stage_description needs stage_name",
			"stage_description describes the stage named by stage_name; set stage_name too, or use an aws_api_gateway_stage resource.")
	}
	if noStage && (len(m.CanarySettings) > 0 || unknown["canary_settings"]) {
		resp.Diagnostics.AddAttributeError(path.Root("canary_settings"), "canary_settings needs stage_name",
			"A canary deployment is made for an existing stage named by stage_name; set stage_name too, or use an aws_api_gateway_stage resource's canary_settings.")
	}
}

// findDeploymentByTwoPartKey returns the deployment or an error wrapping
// errNotFound.
func findDeploymentByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, id string) (*apigateway.GetDeploymentOutput, error) {
	out, err := conn.GetDeployment(ctx, &apigateway.GetDeploymentInput{
		RestApiId:    aws.String(apiID),
		DeploymentId: aws.String(id),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *deploymentResource) read(ctx context.Context, m *deploymentModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	apiID, id := m.RestAPIID.ValueString(), m.ID.ValueString()
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findDeploymentByTwoPartKey(ctx, client.APIGateway, apiID, id)
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Deployment",
			fmt.Sprintf("reading API Gateway Deployment (%s): %s", id, err))
		return false, diags
	}
	m.Description = optionalString(out.Description, m.Description)
	if out.CreatedDate != nil {
		m.CreatedDate = types.StringValue(out.CreatedDate.UTC().Format(time.RFC3339))
	} else {
		m.CreatedDate = types.StringValue("")
	}
	stage := m.StageName.ValueString()
	m.InvokeURL = types.StringValue(invokeURL(client, apiID, stage))
	m.ExecutionARN = types.StringValue(executionARN(client, apiID, stage))

	return true, diags
}

func (r *deploymentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan deploymentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.CreateDeploymentInput{
		RestApiId: plan.RestAPIID.ValueStringPointer(),
		Variables: stringMap(ctx, plan.Variables, &resp.Diagnostics),
	}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	if v := plan.StageName.ValueString(); v != "" {
		input.StageName = aws.String(v)
	}
	if v := plan.StageDescription.ValueString(); v != "" {
		input.StageDescription = aws.String(v)
	}
	if len(plan.CanarySettings) > 0 {
		c := plan.CanarySettings[0]
		input.CanarySettings = &awstypes.DeploymentCanarySettings{
			PercentTraffic:         c.PercentTraffic.ValueFloat64(),
			StageVariableOverrides: stringMap(ctx, c.StageVariableOverrides, &resp.Diagnostics),
			UseStageCache:          c.UseStageCache.ValueBool(),
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateDeployment(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Deployment",
			fmt.Sprintf("creating API Gateway Deployment (REST API %s): %s", plan.RestAPIID.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("rest_api_id"), plan.RestAPIID)...)

	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Error reading API Gateway Deployment",
			fmt.Sprintf("reading API Gateway Deployment (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *deploymentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state deploymentModel
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
		tflog.Warn(ctx, "API Gateway Deployment not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *deploymentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state deploymentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if !plan.Description.Equal(state.Description) {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateDeployment(ctx, &apigateway.UpdateDeploymentInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			DeploymentId:    state.ID.ValueStringPointer(),
			PatchOperations: []awstypes.PatchOperation{replaceOp("/description", plan.Description.ValueString())},
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Deployment",
				fmt.Sprintf("updating API Gateway Deployment (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Error reading API Gateway Deployment",
			fmt.Sprintf("reading API Gateway Deployment (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// stagesUsingDeployment names the stages that serve a deployment (directly
// or as their canary).
func stagesUsingDeployment(ctx context.Context, conn *apigateway.Client, apiID, id string) ([]string, error) {
	out, err := conn.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(apiID)})
	if err != nil {
		return nil, fmt.Errorf("listing stages of REST API %s: %w", apiID, err)
	}
	var names []string
	for _, st := range out.Item {
		canary := st.CanarySettings != nil && aws.ToString(st.CanarySettings.DeploymentId) == id
		if aws.ToString(st.DeploymentId) == id || canary {
			names = append(names, aws.ToString(st.StageName))
		}
	}
	sort.Strings(names)

	return names, nil
}

func isBadRequest(err error) bool {
	var apiErr smithy.APIError

	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "BadRequestException"
}

func (r *deploymentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state deploymentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	conn := client.APIGateway
	apiID, id := state.RestAPIID.ValueString(), state.ID.ValueString()

	// As HashiCorp's: the stage made through stage_name goes with the
	// deployment, unless it has been moved to another deployment since.
	if stage := state.StageName.ValueString(); stage != "" {
		st, err := conn.GetStage(ctx, &apigateway.GetStageInput{RestApiId: aws.String(apiID), StageName: aws.String(stage)})
		if err != nil && !isNotFound(err) {
			resp.Diagnostics.AddError("Error deleting API Gateway Deployment",
				fmt.Sprintf("reading API Gateway Stage (%s/%s) of deployment %s: %s", apiID, stage, id, err))
			return
		}
		if err == nil && aws.ToString(st.DeploymentId) == id {
			if _, err := conn.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: aws.String(apiID), StageName: aws.String(stage)}); err != nil && !isNotFound(err) {
				resp.Diagnostics.AddError("Error deleting API Gateway Deployment",
					fmt.Sprintf("deleting API Gateway Stage (%s/%s) of deployment %s: %s", apiID, stage, id, err))
				return
			}
		}
	}

	_, err := conn.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: aws.String(apiID), DeploymentId: aws.String(id)})
	if err == nil || isNotFound(err) {
		return
	}
	if isBadRequest(err) {
		if stages, lerr := stagesUsingDeployment(ctx, conn, apiID, id); lerr == nil && len(stages) > 0 {
			resp.Diagnostics.AddError("API Gateway Deployment is still in use",
				fmt.Sprintf("Cannot delete API Gateway Deployment %s of REST API %s: stage(s) %s still point at it. "+
					"Point the stage(s) at another deployment or delete them first. When a deployment is replaced (e.g. its triggers changed), "+
					"give it `lifecycle { create_before_destroy = true }` so the stage moves to the new deployment before the old one is deleted. "+
					"API Gateway said: %s", id, apiID, strings.Join(stages, ", "), err))
			return
		}
	}
	resp.Diagnostics.AddError("Error deleting API Gateway Deployment",
		fmt.Sprintf("deleting API Gateway Deployment (%s): %s", id, err))
}

// ImportState accepts REST-API-ID/DEPLOYMENT-ID.
func (r *deploymentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/DEPLOYMENT-ID", "rest_api_id", "id"); !ok {
		return
	}
}
