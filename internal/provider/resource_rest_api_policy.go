package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
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

func init() { registerResource(NewRestAPIPolicyResource) }

var (
	_ resource.Resource                = &restAPIPolicyResource{}
	_ resource.ResourceWithConfigure   = &restAPIPolicyResource{}
	_ resource.ResourceWithImportState = &restAPIPolicyResource{}
)

// NewRestAPIPolicyResource is aws_api_gateway_rest_api_policy: a REST
// API's resource policy on its own. Its id is the REST API id, as
// HashiCorp's, and it is imported by that id.
func NewRestAPIPolicyResource() resource.Resource { return &restAPIPolicyResource{} }

type restAPIPolicyResource struct {
	client *Client
}

type restAPIPolicyModel struct {
	Region    types.String `tfsdk:"region"`
	ID        types.String `tfsdk:"id"`
	RestAPIID types.String `tfsdk:"rest_api_id"`
	Policy    PolicyValue  `tfsdk:"policy"`
}

func (r *restAPIPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_rest_api_policy"
}

func (r *restAPIPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the resource policy of an API Gateway REST API: who may call its stages (`execute-api:Invoke` on `execute-api:/STAGE/VERB/PATH`, with conditions such as `aws:SourceIp` and `aws:SourceVpce`). Do not set `policy` on the `aws_api_gateway_rest_api` as well, and give that resource `lifecycle { ignore_changes = [policy] }` (it removes a policy its own configuration does not set). A change takes effect at the next deployment.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("ID of the REST API."),
			"rest_api_id": restAPIIDAttribute(),
			"policy": schema.StringAttribute{
				MarkdownDescription: "JSON policy document (e.g. from `jsonencode` or `aws_iam_policy_document`). Compared semantically: key order and whitespace do not cause a diff.",
				Required:            true,
				CustomType:          PolicyType{},
				Validators:          []validator.String{resourcePolicyValidator{}},
				PlanModifiers:       []planmodifier.String{policyPlanModifier{}},
			},
		},
	}
}

// resourcePolicyValidator checks a policy document with the gateway's own
// parser (apigw.ParsePolicy): statements, effects, actions, resources,
// condition operators and CIDRs.
type resourcePolicyValidator struct{}

func (resourcePolicyValidator) Description(_ context.Context) string {
	return "value must be an IAM policy document"
}

func (v resourcePolicyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (resourcePolicyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := apigw.ParsePolicy(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid policy document", err.Error())
	}
}

func (r *restAPIPolicyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *restAPIPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

func (r *restAPIPolicyResource) read(ctx context.Context, m *restAPIPolicyModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := client.APIGateway.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: m.RestAPIID.ValueStringPointer()})
	if err = notFoundIf(err); isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway REST API Policy",
			fmt.Sprintf("reading API Gateway REST API Policy (%s): %s", m.RestAPIID.ValueString(), err))
		return false, diags
	}
	// API Gateway returns the policy with its quotes backslash-escaped.
	policy := strings.ReplaceAll(aws.ToString(out.Policy), `\"`, `"`)
	if policy == "" {
		return false, diags
	}
	m.ID = types.StringPointerValue(out.Id)
	if m.Policy.IsNull() || m.Policy.IsUnknown() || !policiesEquivalent(m.Policy.ValueString(), policy) {
		m.Policy = PolicyValue{StringValue: types.StringValue(policy)}
	}

	return true, diags
}

func (r *restAPIPolicyResource) put(ctx context.Context, m *restAPIPolicyModel, diags *diag.Diagnostics, verb string) {
	client := r.client.regionOf(m.Region)
	_, err := client.APIGateway.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{
		RestApiId:       m.RestAPIID.ValueStringPointer(),
		PatchOperations: []awstypes.PatchOperation{replaceOp("/policy", m.Policy.ValueString())},
	})
	if err != nil {
		diags.AddError("Error "+verb+" API Gateway REST API Policy",
			fmt.Sprintf("%s API Gateway REST API Policy (%s): %s", verb, m.RestAPIID.ValueString(), err))
		return
	}
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway REST API Policy",
			fmt.Sprintf("reading API Gateway REST API Policy (%s): %s", m.RestAPIID.ValueString(), errGoneAfterWrite))
	}
}

func (r *restAPIPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan restAPIPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Region = r.client.effectiveRegion(plan.Region)
	r.put(ctx, &plan, &resp.Diagnostics, "creating")
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *restAPIPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state restAPIPolicyModel
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
		tflog.Warn(ctx, "API Gateway REST API Policy not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *restAPIPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan restAPIPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Region = r.client.effectiveRegion(plan.Region)
	r.put(ctx, &plan, &resp.Diagnostics, "updating")
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *restAPIPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state restAPIPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{
		RestApiId:       state.RestAPIID.ValueStringPointer(),
		PatchOperations: []awstypes.PatchOperation{replaceOp("/policy", "")},
	})
	deleteDiag(&resp.Diagnostics, "REST API Policy", state.RestAPIID.ValueString(), err)
}

// ImportState accepts the REST API id.
func (r *restAPIPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID", "rest_api_id")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[0])...)
}
