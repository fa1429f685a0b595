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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func init() { registerResource(NewRequestValidatorResource) }

var (
	_ resource.Resource                = &requestValidatorResource{}
	_ resource.ResourceWithConfigure   = &requestValidatorResource{}
	_ resource.ResourceWithImportState = &requestValidatorResource{}
)

// NewRequestValidatorResource is aws_api_gateway_request_validator. Its id
// is the validator id, as HashiCorp's; it is imported as
// REST-API-ID/REQUEST-VALIDATOR-ID.
func NewRequestValidatorResource() resource.Resource { return &requestValidatorResource{} }

type requestValidatorResource struct {
	client *Client
}

type requestValidatorModel struct {
	Region                    types.String `tfsdk:"region"`
	ID                        types.String `tfsdk:"id"`
	RestAPIID                 types.String `tfsdk:"rest_api_id"`
	Name                      types.String `tfsdk:"name"`
	ValidateRequestBody       types.Bool   `tfsdk:"validate_request_body"`
	ValidateRequestParameters types.Bool   `tfsdk:"validate_request_parameters"`
}

func (r *requestValidatorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_request_validator"
}

func (r *requestValidatorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a request validator of an API Gateway REST API: which parts of a request (parameters, body) the methods naming it check before the integration runs.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("ID of the request validator."),
			"rest_api_id": restAPIIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the request validator.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"validate_request_body": schema.BoolAttribute{
				MarkdownDescription: "Whether to validate the request body against the method's request model. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"validate_request_parameters": schema.BoolAttribute{
				MarkdownDescription: "Whether to check the method's required request parameters (query strings, headers, path). Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		},
	}
}

func (r *requestValidatorResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *requestValidatorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findRequestValidatorByTwoPartKey returns the validator or an error
// wrapping errNotFound.
func findRequestValidatorByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, id string) (*apigateway.GetRequestValidatorOutput, error) {
	out, err := conn.GetRequestValidator(ctx, &apigateway.GetRequestValidatorInput{
		RestApiId:          aws.String(apiID),
		RequestValidatorId: aws.String(id),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *requestValidatorResource) read(ctx context.Context, m *requestValidatorModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findRequestValidatorByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Request Validator",
			fmt.Sprintf("reading API Gateway Request Validator (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.Name = types.StringPointerValue(out.Name)
	m.ValidateRequestBody = types.BoolValue(out.ValidateRequestBody)
	m.ValidateRequestParameters = types.BoolValue(out.ValidateRequestParameters)

	return true, diags
}

func (r *requestValidatorResource) readInto(ctx context.Context, m *requestValidatorModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Request Validator",
			fmt.Sprintf("reading API Gateway Request Validator (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *requestValidatorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan requestValidatorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateRequestValidator(ctx, &apigateway.CreateRequestValidatorInput{
		RestApiId:                 plan.RestAPIID.ValueStringPointer(),
		Name:                      plan.Name.ValueStringPointer(),
		ValidateRequestBody:       plan.ValidateRequestBody.ValueBool(),
		ValidateRequestParameters: plan.ValidateRequestParameters.ValueBool(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Request Validator",
			fmt.Sprintf("creating API Gateway Request Validator (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *requestValidatorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state requestValidatorModel
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
		tflog.Warn(ctx, "API Gateway Request Validator not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *requestValidatorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state requestValidatorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	if !plan.Name.Equal(state.Name) {
		ops = append(ops, replaceOp("/name", plan.Name.ValueString()))
	}
	if !plan.ValidateRequestBody.Equal(state.ValidateRequestBody) {
		ops = append(ops, replaceOp("/validateRequestBody", fmt.Sprint(plan.ValidateRequestBody.ValueBool())))
	}
	if !plan.ValidateRequestParameters.Equal(state.ValidateRequestParameters) {
		ops = append(ops, replaceOp("/validateRequestParameters", fmt.Sprint(plan.ValidateRequestParameters.ValueBool())))
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateRequestValidator(ctx, &apigateway.UpdateRequestValidatorInput{
			RestApiId:          state.RestAPIID.ValueStringPointer(),
			RequestValidatorId: state.ID.ValueStringPointer(),
			PatchOperations:    ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Request Validator",
				fmt.Sprintf("updating API Gateway Request Validator (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *requestValidatorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state requestValidatorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteRequestValidator(ctx, &apigateway.DeleteRequestValidatorInput{
		RestApiId:          state.RestAPIID.ValueStringPointer(),
		RequestValidatorId: state.ID.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Request Validator", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/REQUEST-VALIDATOR-ID.
func (r *requestValidatorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/REQUEST-VALIDATOR-ID", "rest_api_id", "id")
	if !ok {
		return
	}
	var region types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("region"), &region)...)
	if _, err := findRequestValidatorByTwoPartKey(ctx, r.client.regionOf(region).APIGateway, p[0], p[1]); err != nil {
		resp.Diagnostics.AddError("Error importing API Gateway Request Validator",
			fmt.Sprintf("reading API Gateway Request Validator (%s): %s", p[1], err))
	}
}
