package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewMethodResource) }

var (
	_ resource.Resource                = &methodResource{}
	_ resource.ResourceWithConfigure   = &methodResource{}
	_ resource.ResourceWithImportState = &methodResource{}
)

// NewMethodResource is aws_api_gateway_method.
func NewMethodResource() resource.Resource { return &methodResource{} }

type methodResource struct {
	client *Client
}

type methodModel struct {
	Region              types.String `tfsdk:"region"`
	ID                  types.String `tfsdk:"id"`
	RestAPIID           types.String `tfsdk:"rest_api_id"`
	ResourceID          types.String `tfsdk:"resource_id"`
	HTTPMethod          types.String `tfsdk:"http_method"`
	Authorization       types.String `tfsdk:"authorization"`
	AuthorizerID        types.String `tfsdk:"authorizer_id"`
	AuthorizationScopes types.Set    `tfsdk:"authorization_scopes"`
	APIKeyRequired      types.Bool   `tfsdk:"api_key_required"`
	OperationName       types.String `tfsdk:"operation_name"`
	RequestModels       types.Map    `tfsdk:"request_models"`
	RequestValidatorID  types.String `tfsdk:"request_validator_id"`
	RequestParameters   types.Map    `tfsdk:"request_parameters"`
}

// httpMethodValidator applies apigw.ValidateHTTPMethod ("OPTION" suggests
// "OPTIONS").
func httpMethodValidator() validator.String {
	return ruleString("Invalid HTTP method", "an HTTP method: "+apigw.OneOf(apigw.HTTPMethods), apigw.ValidateHTTPMethod)
}

func methodID(apiID, resourceID, method string) string {
	return fmt.Sprintf("agm-%s-%s-%s", apiID, resourceID, method)
}

func (r *methodResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_method"
}

func (r *methodResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an HTTP method of an API Gateway resource.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("`agm-{rest_api_id}-{resource_id}-{http_method}`, as HashiCorp's provider."),
			"rest_api_id": restAPIIDAttribute(),
			"resource_id": resourceIDAttribute(),
			"http_method": httpMethodAttribute("HTTP method: " + apigw.OneOf(apigw.HTTPMethods) + "."),
			"authorization": schema.StringAttribute{
				MarkdownDescription: "Type of authorization used for the method: " + apigw.OneOf(apigw.AuthorizationTypes) + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apigw.AuthorizationTypes...)},
			},
			"authorizer_id": schema.StringAttribute{
				MarkdownDescription: "Authorizer id to be used when the authorization is `" + apigw.AuthorizationCustom + "` or `" + apigw.AuthorizationCognitoUserPools + "`.",
				Optional:            true,
			},
			"authorization_scopes": schema.SetAttribute{
				MarkdownDescription: "Authorization scopes used when the authorization is `" + apigw.AuthorizationCognitoUserPools + "`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"api_key_required": schema.BoolAttribute{
				MarkdownDescription: "Whether the method requires an API key. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"operation_name": schema.StringAttribute{
				MarkdownDescription: "Function name that will be given to the method when generating an SDK through API Gateway.",
				Optional:            true,
			},
			"request_models": schema.MapAttribute{
				MarkdownDescription: "Map of the API models used for the request's content type, content type as key and model name as value, e.g. `{ \"application/json\" = \"Empty\" }`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"request_validator_id": schema.StringAttribute{
				MarkdownDescription: "ID of an `aws_api_gateway_request_validator`.",
				Optional:            true,
			},
			"request_parameters": schema.MapAttribute{
				MarkdownDescription: "Map of request parameters (from the path, query string and headers) that should be passed to the integration. The key is `method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.NAME`, the value whether it is required, e.g. `{ \"method.request.header.X-Some-Header\" = true }`.",
				Optional:            true,
				ElementType:         types.BoolType,
				Validators: []validator.Map{
					mapvalidator.KeysAre(ruleString("Invalid method request parameter", "method.request.{location}.{name}", apigw.ValidateMethodRequestParameter)),
				},
			},
		},
	}
}

func (r *methodResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *methodResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findMethodByThreePartKey returns the method or an error wrapping errNotFound.
func findMethodByThreePartKey(ctx context.Context, conn *apigateway.Client, apiID, resourceID, method string) (*apigateway.GetMethodOutput, error) {
	out, err := conn.GetMethod(ctx, &apigateway.GetMethodInput{
		RestApiId:  aws.String(apiID),
		ResourceId: aws.String(resourceID),
		HttpMethod: aws.String(method),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

func boolMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]bool {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := map[string]bool{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)

	return out
}

func boolMapValue(m map[string]bool, prior types.Map) types.Map {
	if len(m) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.BoolType)
	}
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.BoolValue(v)
	}

	return types.MapValueMust(types.BoolType, elems)
}

func (r *methodResource) read(ctx context.Context, m *methodModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findMethodByThreePartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Method",
			fmt.Sprintf("reading API Gateway Method (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.ID = types.StringValue(methodID(m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString()))
	m.Authorization = types.StringPointerValue(out.AuthorizationType)
	m.AuthorizerID = optionalString(out.AuthorizerId, m.AuthorizerID)
	scopes := slices.Clone(out.AuthorizationScopes)
	m.AuthorizationScopes = setFromStrings(scopes, m.AuthorizationScopes)
	m.APIKeyRequired = types.BoolValue(aws.ToBool(out.ApiKeyRequired))
	m.OperationName = optionalString(out.OperationName, m.OperationName)
	m.RequestModels = optionalMap(out.RequestModels, m.RequestModels)
	m.RequestValidatorID = optionalString(out.RequestValidatorId, m.RequestValidatorID)
	m.RequestParameters = boolMapValue(out.RequestParameters, m.RequestParameters)

	return true, diags
}

func (r *methodResource) readInto(ctx context.Context, m *methodModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Method",
			fmt.Sprintf("reading API Gateway Method (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *methodResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan methodModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.PutMethodInput{
		RestApiId:           plan.RestAPIID.ValueStringPointer(),
		ResourceId:          plan.ResourceID.ValueStringPointer(),
		HttpMethod:          plan.HTTPMethod.ValueStringPointer(),
		AuthorizationType:   plan.Authorization.ValueStringPointer(),
		ApiKeyRequired:      plan.APIKeyRequired.ValueBool(),
		AuthorizationScopes: setValues(ctx, plan.AuthorizationScopes, &resp.Diagnostics),
		RequestModels:       stringMap(ctx, plan.RequestModels, &resp.Diagnostics),
		RequestParameters:   boolMap(ctx, plan.RequestParameters, &resp.Diagnostics),
	}
	if v := plan.AuthorizerID.ValueString(); v != "" {
		input.AuthorizerId = aws.String(v)
	}
	if v := plan.OperationName.ValueString(); v != "" {
		input.OperationName = aws.String(v)
	}
	if v := plan.RequestValidatorID.ValueString(); v != "" {
		input.RequestValidatorId = aws.String(v)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(methodID(plan.RestAPIID.ValueString(), plan.ResourceID.ValueString(), plan.HTTPMethod.ValueString()))
	client := r.client.regionOf(plan.Region)
	if _, err := client.APIGateway.PutMethod(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Method",
			fmt.Sprintf("creating API Gateway Method (%s): %s", plan.ID.ValueString(), err))
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *methodResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state methodModel
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
		tflog.Warn(ctx, "API Gateway Method not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *methodResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state methodModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	if !plan.Authorization.Equal(state.Authorization) {
		ops = append(ops, replaceOp("/authorizationType", plan.Authorization.ValueString()))
	}
	if !plan.AuthorizerID.Equal(state.AuthorizerID) {
		ops = append(ops, replaceOp("/authorizerId", plan.AuthorizerID.ValueString()))
	}
	if !plan.APIKeyRequired.Equal(state.APIKeyRequired) {
		ops = append(ops, replaceOp("/apiKeyRequired", strconv.FormatBool(plan.APIKeyRequired.ValueBool())))
	}
	if !plan.OperationName.Equal(state.OperationName) {
		ops = append(ops, replaceOp("/operationName", plan.OperationName.ValueString()))
	}
	if !plan.RequestValidatorID.Equal(state.RequestValidatorID) {
		ops = append(ops, replaceOp("/requestValidatorId", plan.RequestValidatorID.ValueString()))
	}
	if !plan.AuthorizationScopes.Equal(state.AuthorizationScopes) {
		oldS := setValues(ctx, state.AuthorizationScopes, &resp.Diagnostics)
		newS := setValues(ctx, plan.AuthorizationScopes, &resp.Diagnostics)
		for _, s := range oldS {
			if !slices.Contains(newS, s) {
				ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/authorizationScopes"), Value: aws.String(s)})
			}
		}
		for _, s := range newS {
			if !slices.Contains(oldS, s) {
				ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String("/authorizationScopes"), Value: aws.String(s)})
			}
		}
	}
	if !plan.RequestModels.Equal(state.RequestModels) {
		ops = append(ops, mapPatch("/requestModels",
			stringMap(ctx, state.RequestModels, &resp.Diagnostics), stringMap(ctx, plan.RequestModels, &resp.Diagnostics))...)
	}
	if !plan.RequestParameters.Equal(state.RequestParameters) {
		toStr := func(m map[string]bool) map[string]string {
			out := make(map[string]string, len(m))
			for k, v := range m {
				out[k] = strconv.FormatBool(v)
			}
			return out
		}
		ops = append(ops, mapPatch("/requestParameters",
			toStr(boolMap(ctx, state.RequestParameters, &resp.Diagnostics)), toStr(boolMap(ctx, plan.RequestParameters, &resp.Diagnostics)))...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateMethod(ctx, &apigateway.UpdateMethodInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ResourceId:      state.ResourceID.ValueStringPointer(),
			HttpMethod:      state.HTTPMethod.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Method",
				fmt.Sprintf("updating API Gateway Method (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *methodResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state methodModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteMethod(ctx, &apigateway.DeleteMethodInput{
		RestApiId:  state.RestAPIID.ValueStringPointer(),
		ResourceId: state.ResourceID.ValueStringPointer(),
		HttpMethod: state.HTTPMethod.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Method", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESOURCE-ID/HTTP-METHOD.
func (r *methodResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESOURCE-ID/HTTP-METHOD", "rest_api_id", "resource_id", "http_method")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), methodID(p[0], p[1], p[2]))...)
}
