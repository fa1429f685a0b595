package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func init() { registerResource(NewUsagePlanKeyResource) }

var (
	_ resource.Resource                = &usagePlanKeyResource{}
	_ resource.ResourceWithConfigure   = &usagePlanKeyResource{}
	_ resource.ResourceWithImportState = &usagePlanKeyResource{}
)

// NewUsagePlanKeyResource is aws_api_gateway_usage_plan_key. Its id is the
// API key's id, as HashiCorp's; it is imported as
// USAGE-PLAN-ID/USAGE-PLAN-KEY-ID.
func NewUsagePlanKeyResource() resource.Resource { return &usagePlanKeyResource{} }

type usagePlanKeyResource struct {
	client *Client
}

type usagePlanKeyModel struct {
	Region      types.String `tfsdk:"region"`
	ID          types.String `tfsdk:"id"`
	KeyID       types.String `tfsdk:"key_id"`
	KeyType     types.String `tfsdk:"key_type"`
	UsagePlanID types.String `tfsdk:"usage_plan_id"`
	Name        types.String `tfsdk:"name"`
	Value       types.String `tfsdk:"value"`
}

func (r *usagePlanKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_usage_plan_key"
}

func (r *usagePlanKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds an API key to a usage plan: callers of the plan's stages may then use the key, within the plan's throttle and quota.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("ID of the usage plan key (the API key's id)."),
			"key_id": schema.StringAttribute{MarkdownDescription: "ID of the API key.", Required: true, PlanModifiers: replace},
			"key_type": schema.StringAttribute{MarkdownDescription: "Type of the key: `API_KEY`.", Required: true, PlanModifiers: replace,
				Validators: []validator.String{stringvalidator.OneOf("API_KEY")}},
			"usage_plan_id": schema.StringAttribute{MarkdownDescription: "ID of the usage plan.", Required: true, PlanModifiers: replace},
			"name":          schema.StringAttribute{MarkdownDescription: "Name of the API key.", Computed: true},
			"value":         schema.StringAttribute{MarkdownDescription: "Value of the API key.", Computed: true, Sensitive: true},
		},
	}
}

func (r *usagePlanKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *usagePlanKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findUsagePlanKeyByTwoPartKey returns the plan's key or an error wrapping
// errNotFound.
func findUsagePlanKeyByTwoPartKey(ctx context.Context, conn *apigateway.Client, planID, keyID string) (*apigateway.GetUsagePlanKeyOutput, error) {
	out, err := conn.GetUsagePlanKey(ctx, &apigateway.GetUsagePlanKeyInput{UsagePlanId: aws.String(planID), KeyId: aws.String(keyID)})
	if err != nil {
		return nil, notFoundIf(err)
	}
	return out, nil
}

func (r *usagePlanKeyResource) read(ctx context.Context, m *usagePlanKeyModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	out, err := findUsagePlanKeyByTwoPartKey(ctx, r.client.regionOf(m.Region).APIGateway, m.UsagePlanID.ValueString(), m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Usage Plan Key", fmt.Sprintf("reading API Gateway Usage Plan Key (%s/%s): %s", m.UsagePlanID.ValueString(), m.ID.ValueString(), err))
		return false, diags
	}
	m.ID, m.KeyID = types.StringPointerValue(out.Id), types.StringPointerValue(out.Id)
	m.KeyType = types.StringPointerValue(out.Type)
	m.Name = types.StringValue(aws.ToString(out.Name))
	m.Value = types.StringValue(aws.ToString(out.Value))
	return true, diags
}

func (r *usagePlanKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan usagePlanKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.client.regionOf(plan.Region).APIGateway.CreateUsagePlanKey(ctx, &apigateway.CreateUsagePlanKeyInput{
		UsagePlanId: plan.UsagePlanID.ValueStringPointer(), KeyId: plan.KeyID.ValueStringPointer(), KeyType: plan.KeyType.ValueStringPointer(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Usage Plan Key", fmt.Sprintf("creating API Gateway Usage Plan Key (%s/%s): %s", plan.UsagePlanID.ValueString(), plan.KeyID.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() && !found {
		resp.Diagnostics.AddError("Error reading API Gateway Usage Plan Key", fmt.Sprintf("reading API Gateway Usage Plan Key (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *usagePlanKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state usagePlanKeyModel
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
		tflog.Warn(ctx, "API Gateway Usage Plan Key not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update is never called: every argument forces a new resource.
func (r *usagePlanKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(req.Plan.Get(ctx, &usagePlanKeyModel{})...)
}

func (r *usagePlanKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state usagePlanKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.client.regionOf(state.Region).APIGateway.DeleteUsagePlanKey(ctx, &apigateway.DeleteUsagePlanKeyInput{
		UsagePlanId: state.UsagePlanID.ValueStringPointer(), KeyId: state.ID.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Usage Plan Key", state.ID.ValueString(), err)
}

// ImportState accepts USAGE-PLAN-ID/USAGE-PLAN-KEY-ID.
func (r *usagePlanKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "USAGE-PLAN-ID/USAGE-PLAN-KEY-ID", "usage_plan_id", "id")
}
