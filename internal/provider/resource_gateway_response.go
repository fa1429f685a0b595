package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
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

func init() { registerResource(NewGatewayResponseResource) }

var (
	_ resource.Resource                   = &gatewayResponseResource{}
	_ resource.ResourceWithConfigure      = &gatewayResponseResource{}
	_ resource.ResourceWithImportState    = &gatewayResponseResource{}
	_ resource.ResourceWithValidateConfig = &gatewayResponseResource{}
)

// NewGatewayResponseResource is aws_api_gateway_gateway_response. Its id is
// aggr-REST-API-ID-RESPONSE-TYPE, as HashiCorp's; it is imported as
// REST-API-ID/RESPONSE-TYPE. Create and update both put the whole response
// (PutGatewayResponse), as HashiCorp's does.
func NewGatewayResponseResource() resource.Resource { return &gatewayResponseResource{} }

type gatewayResponseResource struct {
	client *Client
}

type gatewayResponseModel struct {
	Region             types.String `tfsdk:"region"`
	ID                 types.String `tfsdk:"id"`
	RestAPIID          types.String `tfsdk:"rest_api_id"`
	ResponseType       types.String `tfsdk:"response_type"`
	StatusCode         types.String `tfsdk:"status_code"`
	ResponseParameters types.Map    `tfsdk:"response_parameters"`
	ResponseTemplates  types.Map    `tfsdk:"response_templates"`
}

func gatewayResponseID(apiID, responseType string) string {
	return "aggr-" + apiID + "-" + responseType
}

func (r *gatewayResponseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_gateway_response"
}

func (r *gatewayResponseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a gateway response of an API Gateway REST API: the status, headers and body of one kind of error the gateway itself answers (missing token, throttled, invalid body, ...).",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("`aggr-` followed by the REST API id, `-` and the response type."),
			"rest_api_id": restAPIIDAttribute(),
			"response_type": schema.StringAttribute{
				MarkdownDescription: "Response type: " + apigw.OneOf(apigw.GatewayResponseTypes) + ".",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(apigw.GatewayResponseTypes...)},
			},
			"status_code": schema.StringAttribute{
				MarkdownDescription: "HTTP status code of the response (`[1-5]XX`). Omitted: the type's default status.",
				Optional:            true,
				Validators: []validator.String{ruleString("Invalid status code", "a three-digit HTTP status code", func(s string) error {
					return apigw.ValidateGatewayResponse(&apigw.GatewayResponse{StatusCode: s})
				})},
			},
			"response_parameters": schema.MapAttribute{
				MarkdownDescription: "Response headers: `gatewayresponse.header.NAME` to a quoted literal (`'value'`) or a `method.request.*`, `context.*` or `stageVariables.*` expression.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"response_templates": schema.MapAttribute{
				MarkdownDescription: "Velocity templates of the body by content type; they see `$context.error.message`, `messageString`, `responseType` and `validationErrorString`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (r *gatewayResponseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *gatewayResponseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

func (r *gatewayResponseResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m gatewayResponseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateTemplates("response_templates", m.ResponseTemplates, &resp.Diagnostics)
	if m.ResponseParameters.IsNull() || m.ResponseParameters.IsUnknown() {
		return
	}
	elems := m.ResponseParameters.Elements()
	keys := make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, ok := elems[k].(types.String)
		if !ok || s.IsUnknown() {
			continue
		}
		if err := apigw.ValidateGatewayResponseParameter(k, s.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("response_parameters").AtMapKey(k), "Invalid gateway response parameter", err.Error())
		}
	}
}

// findGatewayResponseByTwoPartKey returns the gateway response or an error
// wrapping errNotFound.
func findGatewayResponseByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, responseType string) (*apigateway.GetGatewayResponseOutput, error) {
	out, err := conn.GetGatewayResponse(ctx, &apigateway.GetGatewayResponseInput{
		RestApiId:    aws.String(apiID),
		ResponseType: awstypes.GatewayResponseType(responseType),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (r *gatewayResponseResource) read(ctx context.Context, m *gatewayResponseModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findGatewayResponseByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ResponseType.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Gateway Response",
			fmt.Sprintf("reading API Gateway Gateway Response (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	if out.DefaultResponse {
		// Nobody put it (deleted outside Terraform): AWS lists the default.
		return false, diags
	}
	m.ID = types.StringValue(gatewayResponseID(m.RestAPIID.ValueString(), string(out.ResponseType)))
	m.StatusCode = optionalString(out.StatusCode, m.StatusCode)
	m.ResponseParameters = optionalMap(out.ResponseParameters, m.ResponseParameters)
	m.ResponseTemplates = optionalMap(out.ResponseTemplates, m.ResponseTemplates)

	return true, diags
}

func (r *gatewayResponseResource) put(ctx context.Context, plan *gatewayResponseModel, diags *diag.Diagnostics) {
	input := &apigateway.PutGatewayResponseInput{
		RestApiId:    plan.RestAPIID.ValueStringPointer(),
		ResponseType: awstypes.GatewayResponseType(plan.ResponseType.ValueString()),
	}
	if v := plan.StatusCode.ValueString(); v != "" {
		input.StatusCode = aws.String(v)
	}
	if !plan.ResponseParameters.IsNull() {
		input.ResponseParameters = map[string]string{}
		diags.Append(plan.ResponseParameters.ElementsAs(ctx, &input.ResponseParameters, false)...)
	}
	if !plan.ResponseTemplates.IsNull() {
		input.ResponseTemplates = map[string]string{}
		diags.Append(plan.ResponseTemplates.ElementsAs(ctx, &input.ResponseTemplates, false)...)
	}
	if diags.HasError() {
		return
	}
	client := r.client.regionOf(plan.Region)
	if _, err := client.APIGateway.PutGatewayResponse(ctx, input); err != nil {
		diags.AddError("Error putting API Gateway Gateway Response",
			fmt.Sprintf("putting API Gateway Gateway Response (%s): %s", gatewayResponseID(plan.RestAPIID.ValueString(), plan.ResponseType.ValueString()), err))
		return
	}
	plan.ID = types.StringValue(gatewayResponseID(plan.RestAPIID.ValueString(), plan.ResponseType.ValueString()))
	found, d := r.read(ctx, plan)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Gateway Response",
			fmt.Sprintf("reading API Gateway Gateway Response (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *gatewayResponseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan gatewayResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *gatewayResponseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state gatewayResponseModel
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
		tflog.Warn(ctx, "API Gateway Gateway Response not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *gatewayResponseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan gatewayResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *gatewayResponseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state gatewayResponseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteGatewayResponse(ctx, &apigateway.DeleteGatewayResponseInput{
		RestApiId:    state.RestAPIID.ValueStringPointer(),
		ResponseType: awstypes.GatewayResponseType(state.ResponseType.ValueString()),
	})
	deleteDiag(&resp.Diagnostics, "Gateway Response", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESPONSE-TYPE.
func (r *gatewayResponseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESPONSE-TYPE", "rest_api_id", "response_type")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), gatewayResponseID(p[0], p[1]))...)
}
