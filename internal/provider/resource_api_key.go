package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewAPIKeyResource) }

var (
	_ resource.Resource                = &apiKeyResource{}
	_ resource.ResourceWithConfigure   = &apiKeyResource{}
	_ resource.ResourceWithImportState = &apiKeyResource{}
)

// NewAPIKeyResource is aws_api_gateway_api_key. Its id is the key id, as
// HashiCorp's; it is imported by that id.
func NewAPIKeyResource() resource.Resource { return &apiKeyResource{} }

type apiKeyResource struct {
	client *Client
}

type apiKeyModel struct {
	Region          types.String `tfsdk:"region"`
	ID              types.String `tfsdk:"id"`
	ARN             types.String `tfsdk:"arn"`
	Name            types.String `tfsdk:"name"`
	Description     types.String `tfsdk:"description"`
	Enabled         types.Bool   `tfsdk:"enabled"`
	CustomerID      types.String `tfsdk:"customer_id"`
	Value           types.String `tfsdk:"value"`
	CreatedDate     types.String `tfsdk:"created_date"`
	LastUpdatedDate types.String `tfsdk:"last_updated_date"`
}

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway API key: a value callers send in `x-api-key` to methods with `api_key_required`, counted and limited by the usage plans it is in (`aws_api_gateway_usage_plan_key`).",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("ID of the API key."),
			"arn":    computed("ARN of the API key, `arn:aws:apigateway:REGION::/apikeys/ID`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the API key.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the API key. Defaults to `Managed by Terraform`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("Managed by Terraform"),
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the key can be used by callers. Defaults to `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "An AWS Marketplace customer identifier, when integrating with the AWS SaaS Marketplace.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"value": schema.StringAttribute{
				MarkdownDescription: "Value of the API key: 20 to 128 characters. Generated when omitted. Changing it replaces the key.",
				Optional:            true,
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthBetween(apigw.MinAPIKeyValue, apigw.MaxAPIKeyValue)},
			},
			"created_date":      computed("Creation date of the API key (RFC 3339)."),
			"last_updated_date": schema.StringAttribute{MarkdownDescription: "Last update date of the API key (RFC 3339).", Computed: true},
		},
	}
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findAPIKeyByID returns the key with its value, or an error wrapping
// errNotFound.
func findAPIKeyByID(ctx context.Context, conn *apigateway.Client, id string) (*apigateway.GetApiKeyOutput, error) {
	out, err := conn.GetApiKey(ctx, &apigateway.GetApiKeyInput{ApiKey: aws.String(id), IncludeValue: aws.Bool(true)})
	if err != nil {
		return nil, notFoundIf(err)
	}
	return out, nil
}

func (r *apiKeyResource) read(ctx context.Context, m *apiKeyModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findAPIKeyByID(ctx, client.APIGateway, m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway API Key", fmt.Sprintf("reading API Gateway API Key (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.ARN = types.StringValue(fmt.Sprintf("arn:%s:apigateway:%s::/apikeys/%s", client.Partition, client.Region, aws.ToString(out.Id)))
	m.Name = types.StringPointerValue(out.Name)
	m.Description = types.StringValue(aws.ToString(out.Description))
	m.Enabled = types.BoolValue(out.Enabled)
	m.CustomerID = types.StringValue(aws.ToString(out.CustomerId))
	m.Value = types.StringPointerValue(out.Value)
	if out.CreatedDate != nil {
		m.CreatedDate = types.StringValue(out.CreatedDate.UTC().Format(time.RFC3339))
	}
	if out.LastUpdatedDate != nil {
		m.LastUpdatedDate = types.StringValue(out.LastUpdatedDate.UTC().Format(time.RFC3339))
	}
	return true, diags
}

func (r *apiKeyResource) readInto(ctx context.Context, m *apiKeyModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway API Key", fmt.Sprintf("reading API Gateway API Key (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.CreateApiKeyInput{
		Name:        plan.Name.ValueStringPointer(),
		Description: plan.Description.ValueStringPointer(),
		Enabled:     plan.Enabled.ValueBool(),
	}
	if !plan.CustomerID.IsUnknown() && plan.CustomerID.ValueString() != "" {
		input.CustomerId = plan.CustomerID.ValueStringPointer()
	}
	if !plan.Value.IsUnknown() && !plan.Value.IsNull() {
		input.Value = plan.Value.ValueStringPointer()
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateApiKey(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway API Key", fmt.Sprintf("creating API Gateway API Key (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state apiKeyModel
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
		tflog.Warn(ctx, "API Gateway API Key not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	if !plan.Name.Equal(state.Name) {
		ops = append(ops, replaceOp("/name", plan.Name.ValueString()))
	}
	if !plan.Description.Equal(state.Description) {
		ops = append(ops, replaceOp("/description", plan.Description.ValueString()))
	}
	if !plan.Enabled.Equal(state.Enabled) {
		ops = append(ops, replaceOp("/enabled", fmt.Sprint(plan.Enabled.ValueBool())))
	}
	if !plan.CustomerID.IsUnknown() && !plan.CustomerID.Equal(state.CustomerID) {
		ops = append(ops, replaceOp("/customerId", plan.CustomerID.ValueString()))
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateApiKey(ctx, &apigateway.UpdateApiKeyInput{ApiKey: state.ID.ValueStringPointer(), PatchOperations: ops}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway API Key", fmt.Sprintf("updating API Gateway API Key (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteApiKey(ctx, &apigateway.DeleteApiKeyInput{ApiKey: state.ID.ValueStringPointer()})
	deleteDiag(&resp.Diagnostics, "API Key", state.ID.ValueString(), err)
}

// ImportState accepts the key id.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "API-KEY-ID", "id")
}
