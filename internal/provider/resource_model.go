package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewModelResource) }

var (
	_ resource.Resource                = &modelResource{}
	_ resource.ResourceWithConfigure   = &modelResource{}
	_ resource.ResourceWithImportState = &modelResource{}
)

// NewModelResource is aws_api_gateway_model. Its id is the model id, as
// HashiCorp's; it is imported as REST-API-ID/NAME.
func NewModelResource() resource.Resource { return &modelResource{} }

type modelResource struct {
	client *Client
}

type modelModel struct {
	Region      types.String         `tfsdk:"region"`
	ID          types.String         `tfsdk:"id"`
	RestAPIID   types.String         `tfsdk:"rest_api_id"`
	Name        types.String         `tfsdk:"name"`
	Description types.String         `tfsdk:"description"`
	ContentType types.String         `tfsdk:"content_type"`
	Schema      jsontypes.Normalized `tfsdk:"schema"`
}

func (r *modelResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_model"
}

func (r *modelResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a model of an API Gateway REST API: a data schema (JSON Schema draft 4) for request and response payloads.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("ID of the model."),
			"rest_api_id": restAPIIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the model: alphanumeric characters only.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{ruleString("Invalid model name", "alphanumeric", apigw.ValidateModelName)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the model. Removing it clears the description.",
				Optional:            true,
			},
			"content_type": schema.StringAttribute{
				MarkdownDescription: "Content type of the model, e.g. `application/json`.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"schema": schema.StringAttribute{
				MarkdownDescription: "Schema of the model, a JSON document (e.g. from `jsonencode`). Compared semantically: whitespace and key order do not cause a diff.",
				Optional:            true,
				CustomType:          jsontypes.NormalizedType{},
				PlanModifiers:       []planmodifier.String{sameJSONPlanModifier{}},
			},
		},
	}
}

func (r *modelResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *modelResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findModelByTwoPartKey returns the model or an error wrapping errNotFound.
func findModelByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, name string) (*apigateway.GetModelOutput, error) {
	out, err := conn.GetModel(ctx, &apigateway.GetModelInput{
		RestApiId: aws.String(apiID),
		ModelName: aws.String(name),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *modelResource) read(ctx context.Context, m *modelModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findModelByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.Name.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Model",
			fmt.Sprintf("reading API Gateway Model (%s/%s): %s", m.RestAPIID.ValueString(), m.Name.ValueString(), err))
		return false, diags
	}
	if !m.ID.IsNull() && !m.ID.IsUnknown() && m.ID.ValueString() != aws.ToString(out.Id) {
		// Same name, another model: the one in state was deleted and
		// re-created outside Terraform. Treat it as gone.
		return false, diags
	}
	m.ID = types.StringPointerValue(out.Id)
	m.Name = types.StringPointerValue(out.Name)
	m.Description = optionalString(out.Description, m.Description)
	m.ContentType = types.StringPointerValue(out.ContentType)
	if s := aws.ToString(out.Schema); s == "{}" && m.Schema.IsNull() {
		// What Update writes when schema leaves the configuration.
		m.Schema = jsontypes.NewNormalizedNull()
	} else if s != "" {
		m.Schema = jsontypes.NewNormalizedValue(s)
	} else {
		m.Schema = jsontypes.NewNormalizedNull()
	}

	return true, diags
}

func (r *modelResource) readInto(ctx context.Context, m *modelModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Model",
			fmt.Sprintf("reading API Gateway Model (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *modelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan modelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.CreateModelInput{
		RestApiId:   plan.RestAPIID.ValueStringPointer(),
		Name:        plan.Name.ValueStringPointer(),
		ContentType: plan.ContentType.ValueStringPointer(),
	}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	if v := plan.Schema.ValueString(); v != "" {
		input.Schema = aws.String(v)
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateModel(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Model",
			fmt.Sprintf("creating API Gateway Model (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *modelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state modelModel
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
		tflog.Warn(ctx, "API Gateway Model not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *modelResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state modelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	if !plan.Description.Equal(state.Description) {
		ops = append(ops, replaceOp("/description", plan.Description.ValueString()))
	}
	if eq, d := plan.Schema.StringSemanticEquals(ctx, state.Schema); !eq || d.HasError() {
		if plan.Schema.IsNull() {
			// API Gateway keeps a schema once set (an empty one is refused):
			// an empty JSON object is the closest to "no schema".
			ops = append(ops, replaceOp("/schema", "{}"))
		} else {
			ops = append(ops, replaceOp("/schema", plan.Schema.ValueString()))
		}
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateModel(ctx, &apigateway.UpdateModelInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ModelName:       state.Name.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Model",
				fmt.Sprintf("updating API Gateway Model (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *modelResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state modelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteModel(ctx, &apigateway.DeleteModelInput{
		RestApiId: state.RestAPIID.ValueStringPointer(),
		ModelName: state.Name.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Model", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/NAME.
func (r *modelResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/NAME", "rest_api_id", "name")
	if !ok {
		return
	}
	api, name := p[0], p[1]
	var region types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("region"), &region)...)
	out, err := findModelByTwoPartKey(ctx, r.client.regionOf(region).APIGateway, api, name)
	if err != nil {
		resp.Diagnostics.AddError("Error importing API Gateway Model",
			fmt.Sprintf("reading API Gateway Model (%s/%s): %s", api, name, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), aws.ToString(out.Id))...)
}

// sameJSONPlanModifier plans the prior state's JSON document when the
// configured one means the same (whitespace, key order), so an equivalent
// rewrite plans nothing.
type sameJSONPlanModifier struct{}

func (sameJSONPlanModifier) Description(_ context.Context) string {
	return "keeps an equivalent JSON document unchanged"
}

func (m sameJSONPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameJSONPlanModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	cfg := jsontypes.NewNormalizedValue(req.ConfigValue.ValueString())
	if eq, d := cfg.StringSemanticEquals(ctx, jsontypes.NewNormalizedValue(req.StateValue.ValueString())); eq && !d.HasError() {
		resp.PlanValue = req.StateValue
	}
}
