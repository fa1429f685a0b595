package provider

import (
	"context"
	"errors"
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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
)

func init() { registerResource(NewIntegrationResponseResource) }

var (
	_ resource.Resource                   = &integrationResponseResource{}
	_ resource.ResourceWithConfigure      = &integrationResponseResource{}
	_ resource.ResourceWithImportState    = &integrationResponseResource{}
	_ resource.ResourceWithValidateConfig = &integrationResponseResource{}
)

// NewIntegrationResponseResource is aws_api_gateway_integration_response.
func NewIntegrationResponseResource() resource.Resource { return &integrationResponseResource{} }

type integrationResponseResource struct {
	client *Client
}

type integrationResponseModel struct {
	Region             types.String `tfsdk:"region"`
	ID                 types.String `tfsdk:"id"`
	RestAPIID          types.String `tfsdk:"rest_api_id"`
	ResourceID         types.String `tfsdk:"resource_id"`
	HTTPMethod         types.String `tfsdk:"http_method"`
	StatusCode         types.String `tfsdk:"status_code"`
	SelectionPattern   types.String `tfsdk:"selection_pattern"`
	ResponseTemplates  types.Map    `tfsdk:"response_templates"`
	ResponseParameters types.Map    `tfsdk:"response_parameters"`
	ContentHandling    types.String `tfsdk:"content_handling"`
}

func integrationResponseID(apiID, resourceID, method, code string) string {
	return fmt.Sprintf("agir-%s-%s-%s-%s", apiID, resourceID, method, code)
}

func (m *integrationResponseModel) key() string {
	return integrationResponseID(m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString(), m.StatusCode.ValueString())
}

func (r *integrationResponseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_integration_response"
}

func (r *integrationResponseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an integration response of an API Gateway integration: which backend responses map to which method response, and how. " +
			"The method response for `status_code` must exist first (`aws_api_gateway_method_response`).",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("`agir-{rest_api_id}-{resource_id}-{http_method}-{status_code}`, as HashiCorp's provider."),
			"rest_api_id": restAPIIDAttribute(),
			"resource_id": resourceIDAttribute(),
			"http_method": httpMethodAttribute("HTTP method of the method: " + apigw.OneOf(apigw.HTTPMethods) + "."),
			"status_code": statusCodeAttribute("HTTP status code of the method response this integration response maps to, `100` to `599`."),
			"selection_pattern": schema.StringAttribute{
				MarkdownDescription: "Regular expression pattern used to choose this integration response from the backend response. " +
					"For HTTP backends it is matched against the status code, for Lambda against the error message. Omit it for the default response.",
				Optional: true,
			},
			"response_templates": schema.MapAttribute{
				MarkdownDescription: "Map of Velocity templates that transform the backend response body, content type as key. " +
					"Each template is parsed at plan time: a syntax error is reported with its content type, line and column.",
				Optional:    true,
				ElementType: types.StringType,
			},
			"response_parameters": schema.MapAttribute{
				MarkdownDescription: "Map of response parameters to send back: `method.response.header.NAME` as key, the source as value " +
					"(`integration.response.header.NAME`, `integration.response.body[.JSONPath]`, a `'static value'`, `context.X` or `stageVariables.X`).",
				Optional:    true,
				ElementType: types.StringType,
			},
			"content_handling": schema.StringAttribute{
				MarkdownDescription: "How to handle response payload content type conversions: " + apigw.OneOf(apigw.ContentHandlingStrategies) +
					". Omitted: the payload is passed through unchanged.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(apigw.ContentHandlingStrategies...)},
			},
		},
	}
}

func (r *integrationResponseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *integrationResponseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// validateTemplates parses every known template of a content-type map with
// vtl.Parse and reports syntax errors at the map key, with line and column.
func validateTemplates(attrName string, m types.Map, diags *diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return
	}
	elems := m.Elements()
	keys := make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, ct := range keys {
		s, ok := elems[ct].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if _, err := vtl.Parse(s.ValueString()); err != nil {
			var se *vtl.SyntaxError
			detail := fmt.Sprintf("The %s template for content type %q is not a valid Velocity template: %s", attrName, ct, err)
			if errors.As(err, &se) {
				detail = fmt.Sprintf("The %s template for content type %q is not a valid Velocity template: line %d, column %d: %s",
					attrName, ct, se.Line, se.Col, se.Msg)
			}
			diags.AddAttributeError(path.Root(attrName).AtMapKey(ct), "Invalid mapping template", detail)
		}
	}
}

func (r *integrationResponseResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m integrationResponseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateTemplates("response_templates", m.ResponseTemplates, &resp.Diagnostics)
	if !m.ResponseParameters.IsNull() && !m.ResponseParameters.IsUnknown() {
		for k, v := range m.ResponseParameters.Elements() {
			s, ok := v.(types.String)
			if !ok || s.IsUnknown() || s.IsNull() {
				continue
			}
			if err := apigw.ValidateIntegrationResponseParameter(k, s.ValueString()); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("response_parameters").AtMapKey(k),
					"Invalid integration response parameter",
					fmt.Sprintf("response_parameters[%q] = %q: the key must be method.response.header.NAME and the value integration.response.header.NAME, integration.response.body[.JSONPath], a 'static value', context.X or stageVariables.X. %s", k, s.ValueString(), err))
			}
		}
	}
}

// findIntegrationResponseByFourPartKey returns the integration response or
// an error wrapping errNotFound.
func findIntegrationResponseByFourPartKey(ctx context.Context, conn *apigateway.Client, apiID, resourceID, method, code string) (*apigateway.GetIntegrationResponseOutput, error) {
	out, err := conn.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{
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

// stringMapValue converts an API map to a framework map, keeping the prior
// shape (a configured `{}` stays `{}`).
func stringMapValue(m map[string]string, prior types.Map) types.Map {
	keepEmpty := !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0

	return mapValue(m, keepEmpty && len(m) == 0)
}

func (r *integrationResponseResource) read(ctx context.Context, m *integrationResponseModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findIntegrationResponseByFourPartKey(ctx, client.APIGateway,
		m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString(), m.StatusCode.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Integration Response",
			fmt.Sprintf("reading API Gateway Integration Response (%s): %s", m.key(), err))
		return false, diags
	}
	m.ID = types.StringValue(m.key())
	m.SelectionPattern = optionalString(out.SelectionPattern, m.SelectionPattern)
	m.ResponseTemplates = stringMapValue(out.ResponseTemplates, m.ResponseTemplates)
	m.ResponseParameters = stringMapValue(out.ResponseParameters, m.ResponseParameters)
	m.ContentHandling = optionalString((*string)(&out.ContentHandling), m.ContentHandling)

	return true, diags
}

func (r *integrationResponseResource) readInto(ctx context.Context, m *integrationResponseModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Integration Response",
			fmt.Sprintf("reading API Gateway Integration Response (%s): %s", m.key(), errGoneAfterWrite))
	}
}

func (r *integrationResponseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan integrationResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.PutIntegrationResponseInput{
		RestApiId:          plan.RestAPIID.ValueStringPointer(),
		ResourceId:         plan.ResourceID.ValueStringPointer(),
		HttpMethod:         plan.HTTPMethod.ValueStringPointer(),
		StatusCode:         plan.StatusCode.ValueStringPointer(),
		ResponseTemplates:  stringMap(ctx, plan.ResponseTemplates, &resp.Diagnostics),
		ResponseParameters: stringMap(ctx, plan.ResponseParameters, &resp.Diagnostics),
		ContentHandling:    awstypes.ContentHandlingStrategy(plan.ContentHandling.ValueString()),
	}
	if !plan.SelectionPattern.IsNull() && !plan.SelectionPattern.IsUnknown() {
		input.SelectionPattern = plan.SelectionPattern.ValueStringPointer()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(plan.key())
	client := r.client.regionOf(plan.Region)
	if _, err := client.APIGateway.PutIntegrationResponse(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Integration Response",
			fmt.Sprintf("creating API Gateway Integration Response (%s): %s", plan.ID.ValueString(), err))
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *integrationResponseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state integrationResponseModel
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
		tflog.Warn(ctx, "API Gateway Integration Response not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// optionalStringPatch is the operation that moves an optional string member
// from state to plan: replace when set, a real remove when it left the
// configuration and the path takes one (a replace with "" otherwise).
func optionalStringPatch(p apigw.PatchPath, state, plan types.String) []awstypes.PatchOperation {
	if plan.Equal(state) {
		return nil
	}
	if plan.IsNull() && p.Removable() {
		return []awstypes.PatchOperation{{Op: awstypes.OpRemove, Path: aws.String(p.Path)}}
	}

	return []awstypes.PatchOperation{replaceOp(p.Path, plan.ValueString())}
}

func (r *integrationResponseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state integrationResponseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ops := optionalStringPatch(apigw.IntegrationResponsePatchSelectionPattern, state.SelectionPattern, plan.SelectionPattern)
	ops = append(ops, optionalStringPatch(apigw.IntegrationResponsePatchContentHandling, state.ContentHandling, plan.ContentHandling)...)
	ops = append(ops, mapPatch(apigw.IntegrationResponsePatchResponseTemplates.Prefix(),
		stringMap(ctx, state.ResponseTemplates, &resp.Diagnostics), stringMap(ctx, plan.ResponseTemplates, &resp.Diagnostics))...)
	ops = append(ops, mapPatch(apigw.IntegrationResponsePatchResponseParameters.Prefix(),
		stringMap(ctx, state.ResponseParameters, &resp.Diagnostics), stringMap(ctx, plan.ResponseParameters, &resp.Diagnostics))...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateIntegrationResponse(ctx, &apigateway.UpdateIntegrationResponseInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ResourceId:      state.ResourceID.ValueStringPointer(),
			HttpMethod:      state.HTTPMethod.ValueStringPointer(),
			StatusCode:      state.StatusCode.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Integration Response",
				fmt.Sprintf("updating API Gateway Integration Response (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *integrationResponseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state integrationResponseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteIntegrationResponse(ctx, &apigateway.DeleteIntegrationResponseInput{
		RestApiId:  state.RestAPIID.ValueStringPointer(),
		ResourceId: state.ResourceID.ValueStringPointer(),
		HttpMethod: state.HTTPMethod.ValueStringPointer(),
		StatusCode: state.StatusCode.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Integration Response", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE.
func (r *integrationResponseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE", "rest_api_id", "resource_id", "http_method", "status_code")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), integrationResponseID(p[0], p[1], p[2], p[3]))...)
}
