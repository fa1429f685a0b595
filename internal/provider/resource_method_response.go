package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewMethodResponseResource) }

var (
	_ resource.Resource                = &methodResponseResource{}
	_ resource.ResourceWithConfigure   = &methodResponseResource{}
	_ resource.ResourceWithImportState = &methodResponseResource{}
)

// NewMethodResponseResource is aws_api_gateway_method_response.
func NewMethodResponseResource() resource.Resource { return &methodResponseResource{} }

type methodResponseResource struct {
	client *Client
}

type methodResponseModel struct {
	Region             types.String `tfsdk:"region"`
	ID                 types.String `tfsdk:"id"`
	RestAPIID          types.String `tfsdk:"rest_api_id"`
	ResourceID         types.String `tfsdk:"resource_id"`
	HTTPMethod         types.String `tfsdk:"http_method"`
	StatusCode         types.String `tfsdk:"status_code"`
	ResponseModels     types.Map    `tfsdk:"response_models"`
	ResponseParameters types.Map    `tfsdk:"response_parameters"`
}

// statusCodeValidator applies apigw.ValidateStatusCode.
func statusCodeValidator() validator.String {
	return ruleString("Invalid status_code", "an HTTP status code from 100 to 599", apigw.ValidateStatusCode)
}

func methodResponseID(apiID, resourceID, method, code string) string {
	return fmt.Sprintf("agmr-%s-%s-%s-%s", apiID, resourceID, method, code)
}

func (r *methodResponseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_method_response"
}

func (r *methodResponseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an HTTP method response of an API Gateway method: the status code, headers and models a method may answer with.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("`agmr-{rest_api_id}-{resource_id}-{http_method}-{status_code}`, as HashiCorp's provider."),
			"rest_api_id": restAPIIDAttribute(),
			"resource_id": resourceIDAttribute(),
			"http_method": httpMethodAttribute("HTTP method of the method: " + apigw.OneOf(apigw.HTTPMethods) + "."),
			"status_code": statusCodeAttribute("HTTP status code of the response, `100` to `599`."),
			"response_models": schema.MapAttribute{
				MarkdownDescription: "Map of the models used for the response's content type, content type as key and model name as value, e.g. `{ \"application/json\" = \"Empty\" }`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"response_parameters": schema.MapAttribute{
				MarkdownDescription: "Map of response headers API Gateway may send back, `method.response.header.NAME` as key and whether the header is required as value, e.g. `{ \"method.response.header.X-Some-Header\" = true }`.",
				Optional:            true,
				ElementType:         types.BoolType,
				Validators: []validator.Map{
					mapvalidator.KeysAre(ruleString("Invalid method response parameter", "method.response.header.NAME", apigw.ValidateMethodResponseParameter)),
				},
			},
		},
	}
}

func (r *methodResponseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *methodResponseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findMethodResponseByFourPartKey returns the method response or an error
// wrapping errNotFound.
func findMethodResponseByFourPartKey(ctx context.Context, conn *apigateway.Client, apiID, resourceID, method, code string) (*apigateway.GetMethodResponseOutput, error) {
	out, err := conn.GetMethodResponse(ctx, &apigateway.GetMethodResponseInput{
		RestApiId:  aws.String(apiID),
		ResourceId: aws.String(resourceID),
		HttpMethod: aws.String(method),
		StatusCode: aws.String(code),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func (m *methodResponseModel) key() string {
	return methodResponseID(m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString(), m.StatusCode.ValueString())
}

func (r *methodResponseResource) read(ctx context.Context, m *methodResponseModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findMethodResponseByFourPartKey(ctx, client.APIGateway,
		m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString(), m.StatusCode.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Method Response",
			fmt.Sprintf("reading API Gateway Method Response (%s): %s", m.key(), err))
		return false, diags
	}
	m.ID = types.StringValue(m.key())
	keepEmpty := !m.ResponseModels.IsNull() && !m.ResponseModels.IsUnknown() && len(m.ResponseModels.Elements()) == 0
	m.ResponseModels = mapValue(out.ResponseModels, keepEmpty && len(out.ResponseModels) == 0)
	m.ResponseParameters = boolMapValue(out.ResponseParameters, m.ResponseParameters)

	return true, diags
}

func (r *methodResponseResource) readInto(ctx context.Context, m *methodResponseModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Method Response",
			fmt.Sprintf("reading API Gateway Method Response (%s): %s", m.key(), errGoneAfterWrite))
	}
}

func (r *methodResponseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan methodResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.PutMethodResponseInput{
		RestApiId:          plan.RestAPIID.ValueStringPointer(),
		ResourceId:         plan.ResourceID.ValueStringPointer(),
		HttpMethod:         plan.HTTPMethod.ValueStringPointer(),
		StatusCode:         plan.StatusCode.ValueStringPointer(),
		ResponseModels:     stringMap(ctx, plan.ResponseModels, &resp.Diagnostics),
		ResponseParameters: boolMap(ctx, plan.ResponseParameters, &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(plan.key())
	client := r.client.regionOf(plan.Region)
	if _, err := client.APIGateway.PutMethodResponse(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Method Response",
			fmt.Sprintf("creating API Gateway Method Response (%s): %s", plan.ID.ValueString(), err))
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *methodResponseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state methodResponseModel
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
		tflog.Warn(ctx, "API Gateway Method Response not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// boolMapAsStrings is a bool map as patch values ("true"/"false").
func boolMapAsStrings(m map[string]bool) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = strconv.FormatBool(v)
	}

	return out
}

func (r *methodResponseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state methodResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ops := mapPatch("/responseModels",
		stringMap(ctx, state.ResponseModels, &resp.Diagnostics), stringMap(ctx, plan.ResponseModels, &resp.Diagnostics))
	ops = append(ops, mapPatch("/responseParameters",
		boolMapAsStrings(boolMap(ctx, state.ResponseParameters, &resp.Diagnostics)),
		boolMapAsStrings(boolMap(ctx, plan.ResponseParameters, &resp.Diagnostics)))...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateMethodResponse(ctx, &apigateway.UpdateMethodResponseInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ResourceId:      state.ResourceID.ValueStringPointer(),
			HttpMethod:      state.HTTPMethod.ValueStringPointer(),
			StatusCode:      state.StatusCode.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Method Response",
				fmt.Sprintf("updating API Gateway Method Response (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *methodResponseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state methodResponseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteMethodResponse(ctx, &apigateway.DeleteMethodResponseInput{
		RestApiId:  state.RestAPIID.ValueStringPointer(),
		ResourceId: state.ResourceID.ValueStringPointer(),
		HttpMethod: state.HTTPMethod.ValueStringPointer(),
		StatusCode: state.StatusCode.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Method Response", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE.
func (r *methodResponseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE", "rest_api_id", "resource_id", "http_method", "status_code")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), methodResponseID(p[0], p[1], p[2], p[3]))...)
}
