package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewResourceResource) }

var (
	_ resource.Resource                = &resourceResource{}
	_ resource.ResourceWithConfigure   = &resourceResource{}
	_ resource.ResourceWithImportState = &resourceResource{}
)

// NewResourceResource is aws_api_gateway_resource: one path segment of a
// REST API. Its id is the API Gateway resource id, as HashiCorp's.
func NewResourceResource() resource.Resource { return &resourceResource{} }

type resourceResource struct {
	client *Client
}

type resourceModel struct {
	Region    types.String `tfsdk:"region"`
	ID        types.String `tfsdk:"id"`
	RestAPIID types.String `tfsdk:"rest_api_id"`
	ParentID  types.String `tfsdk:"parent_id"`
	PathPart  types.String `tfsdk:"path_part"`
	Path      types.String `tfsdk:"path"`
}

func (r *resourceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_resource"
}

func (r *resourceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway resource: one path segment of a REST API, under a parent resource.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("Resource's identifier."),
			"rest_api_id": restAPIIDAttribute(),
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "ID of the parent API resource (the API's `root_resource_id` for a top-level path). Changing it moves the resource in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"path_part": schema.StringAttribute{
				MarkdownDescription: "Last path segment of this API resource: `a-zA-Z0-9._-`, a `{param}` or a greedy `{proxy+}`. Changing it renames the resource in place.",
				Required:            true,
				Validators: []validator.String{
					ruleString("Invalid path_part", "a path segment: a-zA-Z0-9._-, {param} or {param+}", apigw.ValidatePathPart),
				},
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "Complete path for this API resource, including all parent paths.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{pathUnlessMoved{}},
			},
		},
	}
}

func (r *resourceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *resourceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findResourceByTwoPartKey returns the resource or an error wrapping errNotFound.
func findResourceByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, resourceID string) (*apigateway.GetResourceOutput, error) {
	out, err := conn.GetResource(ctx, &apigateway.GetResourceInput{
		RestApiId:  aws.String(apiID),
		ResourceId: aws.String(resourceID),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *resourceResource) read(ctx context.Context, m *resourceModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findResourceByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Resource",
			fmt.Sprintf("reading API Gateway Resource (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.ParentID = types.StringPointerValue(out.ParentId)
	m.PathPart = types.StringPointerValue(out.PathPart)
	m.Path = types.StringPointerValue(out.Path)

	return true, diags
}

func (r *resourceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateResource(ctx, &apigateway.CreateResourceInput{
		RestApiId: plan.RestAPIID.ValueStringPointer(),
		ParentId:  plan.ParentID.ValueStringPointer(),
		PathPart:  plan.PathPart.ValueStringPointer(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Resource",
			fmt.Sprintf("creating API Gateway Resource (%s under %s): %s", plan.PathPart.ValueString(), plan.ParentID.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// readInto reads after a write; the object must exist.
func (r *resourceResource) readInto(ctx context.Context, m *resourceModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Resource",
			fmt.Sprintf("reading API Gateway Resource (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *resourceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state resourceModel
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
		tflog.Warn(ctx, "API Gateway Resource not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *resourceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	if !plan.PathPart.Equal(state.PathPart) {
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String("/pathPart"), Value: plan.PathPart.ValueStringPointer()})
	}
	if !plan.ParentID.Equal(state.ParentID) {
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String("/parentId"), Value: plan.ParentID.ValueStringPointer()})
	}
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateResource(ctx, &apigateway.UpdateResourceInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ResourceId:      state.ID.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Resource",
				fmt.Sprintf("updating API Gateway Resource (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	plan.ID = state.ID
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *resourceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteResource(ctx, &apigateway.DeleteResourceInput{
		RestApiId:  state.RestAPIID.ValueStringPointer(),
		ResourceId: state.ID.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Resource", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESOURCE-ID.
func (r *resourceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESOURCE-ID", "rest_api_id", "id")
}

// pathUnlessMoved keeps the prior `path` unless parent_id or path_part change
// (then the new path is unknown until applied).
type pathUnlessMoved struct{}

func (pathUnlessMoved) Description(_ context.Context) string {
	return "keeps the path unless the resource moves or is renamed"
}

func (m pathUnlessMoved) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (pathUnlessMoved) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var planParent, statePart, planPart, stateParent types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("parent_id"), &planParent)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("parent_id"), &stateParent)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("path_part"), &planPart)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("path_part"), &statePart)...)
	if planParent.Equal(stateParent) && planPart.Equal(statePart) {
		resp.PlanValue = req.StateValue
	}
}
