package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewRestAPIResource) }

var (
	_ resource.Resource                   = &restAPIResource{}
	_ resource.ResourceWithConfigure      = &restAPIResource{}
	_ resource.ResourceWithImportState    = &restAPIResource{}
	_ resource.ResourceWithModifyPlan     = &restAPIResource{}
	_ resource.ResourceWithValidateConfig = &restAPIResource{}
)

// NewRestAPIResource is aws_api_gateway_rest_api.
//
// HashiCorp's OpenAPI arguments (body, put_rest_api_mode, fail_on_warnings,
// parameters) are left out: they need the gateway to import OpenAPI
// definitions, which a later issue adds. Until then a config using them gets
// Terraform's "unsupported argument" error rather than a silent no-op.
func NewRestAPIResource() resource.Resource { return &restAPIResource{} }

type restAPIResource struct {
	client *Client
}

type restAPIModel struct {
	Region                    types.String          `tfsdk:"region"`
	ID                        types.String          `tfsdk:"id"`
	Name                      types.String          `tfsdk:"name"`
	Description               types.String          `tfsdk:"description"`
	APIKeySource              types.String          `tfsdk:"api_key_source"`
	BinaryMediaTypes          types.List            `tfsdk:"binary_media_types"`
	MinimumCompressionSize    types.String          `tfsdk:"minimum_compression_size"`
	EndpointConfiguration     []endpointConfigModel `tfsdk:"endpoint_configuration"`
	Policy                    PolicyValue           `tfsdk:"policy"`
	DisableExecuteAPIEndpoint types.Bool            `tfsdk:"disable_execute_api_endpoint"`
	Tags                      types.Map             `tfsdk:"tags"`
	TagsAll                   types.Map             `tfsdk:"tags_all"`
	RootResourceID            types.String          `tfsdk:"root_resource_id"`
	CreatedDate               types.String          `tfsdk:"created_date"`
	ExecutionARN              types.String          `tfsdk:"execution_arn"`
	ARN                       types.String          `tfsdk:"arn"`
}

type endpointConfigModel struct {
	Types          types.List   `tfsdk:"types"`
	VPCEndpointIDs types.Set    `tfsdk:"vpc_endpoint_ids"`
	IPAddressType  types.String `tfsdk:"ip_address_type"`
}

func (r *restAPIResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_rest_api"
}

func (r *restAPIResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tags, tagsAll := tagsSchema()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway REST API. Creating one also creates its root resource (`/`), exported as `root_resource_id`.\n\n" +
			"~> **Not yet supported:** the OpenAPI arguments `body`, `put_rest_api_mode`, `fail_on_warnings` and `parameters` of HashiCorp's provider. " +
			"They need the gateway to import OpenAPI definitions (a later release); declare resources, methods and integrations with their own resources instead.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("ID of the REST API."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the REST API.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the REST API. Removing it clears the description.",
				Optional:            true,
			},
			"api_key_source": schema.StringAttribute{
				MarkdownDescription: "Source of the API key for requests: `HEADER` (default) or `AUTHORIZER`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(apigw.DefaultAPIKeySource),
				Validators:          []validator.String{stringvalidator.OneOf(apigw.APIKeySources...)},
			},
			"binary_media_types": schema.ListAttribute{
				MarkdownDescription: "Binary payload media types supported by the REST API, e.g. `image/png`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"minimum_compression_size": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Minimum response size, in bytes, to compress (%d to %d, as a string as in HashiCorp's provider). Omitted, removed or `-1` (HashiCorp's way to remove it): compression disabled.", apigw.MinCompressionSize, apigw.MaxCompressionSize),
				Optional:            true,
				Validators:          []validator.String{compressionSizeValidator{}},
			},
			"policy": schema.StringAttribute{
				MarkdownDescription: "JSON resource policy of the REST API. Compared semantically (key order, whitespace and list order do not cause a diff).",
				Optional:            true,
				Computed:            true,
				CustomType:          PolicyType{},
				Validators:          []validator.String{policyJSONValidator{}},
				PlanModifiers:       []planmodifier.String{policyPlanModifier{}},
			},
			"disable_execute_api_endpoint": schema.BoolAttribute{
				MarkdownDescription: "Whether clients are denied the default `execute-api` endpoint. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"tags":     tags,
			"tags_all": tagsAll,
			"root_resource_id": schema.StringAttribute{
				MarkdownDescription: "ID of the REST API's root resource (`/`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_date": schema.StringAttribute{
				MarkdownDescription: "Creation date of the REST API (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"execution_arn": schema.StringAttribute{
				MarkdownDescription: "Execution ARN part to be used in `aws_lambda_permission`'s `source_arn`, e.g. `arn:aws:execute-api:eu-west-2:123456789012:z4675bid1j`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the REST API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoint_configuration": schema.ListNestedBlock{
				MarkdownDescription: "Endpoint configuration of the REST API. Omitted: `" + apigw.DefaultEndpointType + "`, API Gateway's default.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"types": schema.ListAttribute{
							MarkdownDescription: "Endpoint type: exactly one of `EDGE`, `REGIONAL` or `PRIVATE`.",
							Required:            true,
							ElementType:         types.StringType,
							Validators: []validator.List{
								listvalidator.SizeBetween(1, 1),
								listvalidator.ValueStringsAre(stringvalidator.OneOf(apigw.EndpointTypes...)),
							},
						},
						"vpc_endpoint_ids": schema.SetAttribute{
							MarkdownDescription: "VPC endpoint IDs for a `PRIVATE` API.",
							Optional:            true,
							Computed:            true,
							ElementType:         types.StringType,
							PlanModifiers:       []planmodifier.Set{priorSetForUnknown{}},
						},
						"ip_address_type": schema.StringAttribute{
							MarkdownDescription: "IP address types that can invoke the API: `ipv4` or `dualstack`.",
							Optional:            true,
							Computed:            true,
							Validators:          []validator.String{stringvalidator.OneOf(apigw.IPAddressTypes...)},
							PlanModifiers:       []planmodifier.String{priorStringForUnknown{}},
						},
					},
				},
			},
		},
	}
}

func (r *restAPIResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *restAPIResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m restAPIModel
	_, d := getConfigKnownBlocks(ctx, req.Config, &m, "endpoint_configuration")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	for i, ec := range m.EndpointConfiguration {
		var typesList []string
		if ec.Types.IsUnknown() {
			continue
		}
		resp.Diagnostics.Append(ec.Types.ElementsAs(ctx, &typesList, true)...)
		at := path.Root("endpoint_configuration").AtListIndex(i)
		if !ec.VPCEndpointIDs.IsUnknown() && apigw.ValidateVPCEndpointIDs(typesList, len(ec.VPCEndpointIDs.Elements())) != nil {
			resp.Diagnostics.AddAttributeError(at.AtName("vpc_endpoint_ids"),
				"vpc_endpoint_ids needs a PRIVATE endpoint",
				fmt.Sprintf("vpc_endpoint_ids may only be set when endpoint_configuration.types is [%q].", apigw.EndpointTypePrivate))
		}
		if !ec.IPAddressType.IsUnknown() && apigw.ValidateEndpointIPAddressType(typesList, ec.IPAddressType.ValueString()) != nil {
			resp.Diagnostics.AddAttributeError(at.AtName("ip_address_type"),
				"A PRIVATE endpoint needs dualstack",
				fmt.Sprintf("ip_address_type must be %q (or left out) when endpoint_configuration.types is [%q]: API Gateway takes only dualstack for private APIs.",
					apigw.IPAddressTypeDualstack, apigw.EndpointTypePrivate))
		}
	}
}

func (r *restAPIResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
	modifyPlanTags(ctx, r.client, req, resp)
}

// restAPIARN is the ARN of a REST API in the client's region.
func restAPIARN(c *Client, id string) string {
	return apigw.RestAPIARN(c.Partition, c.Region, id)
}

func (r *restAPIResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan restAPIModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	input := &apigateway.CreateRestApiInput{
		Name:                      plan.Name.ValueStringPointer(),
		ApiKeySource:              awstypes.ApiKeySourceType(plan.APIKeySource.ValueString()),
		DisableExecuteApiEndpoint: plan.DisableExecuteAPIEndpoint.ValueBool(),
	}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	input.BinaryMediaTypes = listValues(ctx, plan.BinaryMediaTypes, &resp.Diagnostics)
	if v := compressionSize(plan.MinimumCompressionSize); v != "" {
		n, _ := strconv.Atoi(v) // validated
		input.MinimumCompressionSize = aws.Int32(int32(n))
	}
	if v := plan.Policy.ValueString(); v != "" {
		input.Policy = aws.String(v)
	}
	if len(plan.EndpointConfiguration) > 0 {
		input.EndpointConfiguration = expandEndpointConfig(ctx, plan.EndpointConfiguration[0], &resp.Diagnostics)
	}
	client := r.client.regionOf(plan.Region)
	tagsAll := r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))
	if len(tagsAll) > 0 {
		input.Tags = tagsAll
	}
	if resp.Diagnostics.HasError() {
		return
	}

	out, err := client.APIGateway.CreateRestApi(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway REST API",
			fmt.Sprintf("creating API Gateway REST API (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringValue(aws.ToString(out.Id))
	// Save the id first so a failed read-back leaves a tracked object.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)

	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Error reading API Gateway REST API",
			fmt.Sprintf("reading API Gateway REST API (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// findRestAPIByID returns the REST API or an error wrapping errNotFound.
func findRestAPIByID(ctx context.Context, conn *apigateway.Client, id string) (*apigateway.GetRestApiOutput, error) {
	out, err := conn.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(id)})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

// read refreshes m from the gateway, keeping the shape (null vs empty) of
// what the configuration or prior state had.
func (r *restAPIResource) read(ctx context.Context, m *restAPIModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	id := m.ID.ValueString()

	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findRestAPIByID(ctx, client.APIGateway, id)
	if err != nil {
		if isNotFound(err) {
			return false, diags
		}
		diags.AddError("Error reading API Gateway REST API", fmt.Sprintf("reading API Gateway REST API (%s): %s", id, err))
		return false, diags
	}

	m.Name = types.StringPointerValue(out.Name)
	m.Description = optionalString(out.Description, m.Description)
	m.APIKeySource = types.StringValue(string(out.ApiKeySource))
	if out.ApiKeySource == "" {
		m.APIKeySource = types.StringValue(apigw.DefaultAPIKeySource)
	}
	m.BinaryMediaTypes = listFromStrings(out.BinaryMediaTypes, m.BinaryMediaTypes)
	if out.MinimumCompressionSize != nil {
		m.MinimumCompressionSize = types.StringValue(strconv.Itoa(int(*out.MinimumCompressionSize)))
	} else if m.MinimumCompressionSize.ValueString() != "-1" {
		m.MinimumCompressionSize = types.StringNull()
	}
	if p := aws.ToString(out.Policy); p != "" {
		if doc, err := parsePolicy(p); err == nil {
			if !m.Policy.IsNull() && !m.Policy.IsUnknown() && policiesEquivalent(m.Policy.ValueString(), p) {
				// keep the configured form
			} else if b, err := jsonMarshal(doc); err == nil {
				m.Policy = PolicyString(b)
			}
		} else {
			m.Policy = PolicyString(p)
		}
	} else {
		m.Policy = PolicyNull()
	}
	m.DisableExecuteAPIEndpoint = types.BoolValue(out.DisableExecuteApiEndpoint)
	m.RootResourceID = types.StringPointerValue(out.RootResourceId)
	if out.CreatedDate != nil {
		m.CreatedDate = types.StringValue(out.CreatedDate.UTC().Format(time.RFC3339))
	} else {
		m.CreatedDate = types.StringValue("")
	}
	m.ARN = types.StringValue(restAPIARN(client, id))
	m.ExecutionARN = types.StringValue(apigw.APIExecutionARN(client.Partition, client.Region, client.AccountID, id))

	m.EndpointConfiguration = flattenEndpointConfig(out.EndpointConfiguration, m.EndpointConfiguration)

	tags, err := listTags(ctx, client.APIGateway, restAPIARN(client, id))
	if err != nil {
		diags.AddError("Error reading API Gateway REST API", fmt.Sprintf("reading API Gateway REST API (%s) tags: %s", id, err))
		return false, diags
	}
	m.Tags, m.TagsAll = client.tagsForState(ctx, m.Tags, tags)

	return true, diags
}

func (r *restAPIResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state restAPIModel
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
		tflog.Warn(ctx, "API Gateway REST API not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *restAPIResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state restAPIModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	id := state.ID.ValueString()
	plan.ID = state.ID

	var ops []awstypes.PatchOperation
	replace := func(p, v string) {
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String(p), Value: aws.String(v)})
	}
	if !plan.Name.Equal(state.Name) {
		replace("/name", plan.Name.ValueString())
	}
	if !plan.Description.Equal(state.Description) {
		replace("/description", plan.Description.ValueString())
	}
	if !plan.APIKeySource.Equal(state.APIKeySource) {
		replace("/apiKeySource", plan.APIKeySource.ValueString())
	}
	if v := compressionSize(plan.MinimumCompressionSize); v != compressionSize(state.MinimumCompressionSize) {
		replace("/minimumCompressionSize", v)
	}
	if !plan.DisableExecuteAPIEndpoint.Equal(state.DisableExecuteAPIEndpoint) {
		replace("/disableExecuteApiEndpoint", strconv.FormatBool(plan.DisableExecuteAPIEndpoint.ValueBool()))
	}
	if !policiesEquivalent(plan.Policy.ValueString(), state.Policy.ValueString()) {
		replace("/policy", plan.Policy.ValueString())
	}
	oldMedia := listValues(ctx, state.BinaryMediaTypes, &resp.Diagnostics)
	newMedia := listValues(ctx, plan.BinaryMediaTypes, &resp.Diagnostics)
	for _, t := range oldMedia {
		if !slices.Contains(newMedia, t) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/binaryMediaTypes/" + apigw.EscapePatchKey(t))})
		}
	}
	for _, t := range newMedia {
		if !slices.Contains(oldMedia, t) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String("/binaryMediaTypes/" + apigw.EscapePatchKey(t))})
		}
	}
	ops = append(ops, endpointConfigPatch(ctx, state.EndpointConfiguration, plan.EndpointConfiguration, &resp.Diagnostics)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if len(ops) > 0 {
		if _, err := client.APIGateway.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{
			RestApiId:       aws.String(id),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway REST API",
				fmt.Sprintf("updating API Gateway REST API (%s): %s", id, err))
			return
		}
	}

	if !plan.TagsAll.Equal(state.TagsAll) {
		oldAll := stringMap(ctx, state.TagsAll, &resp.Diagnostics)
		newAll := stringMap(ctx, plan.TagsAll, &resp.Diagnostics)
		if plan.TagsAll.IsUnknown() {
			newAll = r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))
		}
		if err := client.updateTags(ctx, restAPIARN(client, id), oldAll, newAll); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway REST API",
				fmt.Sprintf("updating API Gateway REST API (%s) tags: %s", id, err))
			return
		}
	}

	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Error reading API Gateway REST API",
			fmt.Sprintf("reading API Gateway REST API (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *restAPIResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state restAPIModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: state.ID.ValueStringPointer()})
	deleteDiag(&resp.Diagnostics, "REST API", state.ID.ValueString(), err)
}

func (r *restAPIResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "REST-API-ID", "id")
}

func expandEndpointConfig(ctx context.Context, m endpointConfigModel, diags *diag.Diagnostics) *awstypes.EndpointConfiguration {
	ec := &awstypes.EndpointConfiguration{}
	for _, t := range listValues(ctx, m.Types, diags) {
		ec.Types = append(ec.Types, awstypes.EndpointType(t))
	}
	if !m.VPCEndpointIDs.IsNull() && !m.VPCEndpointIDs.IsUnknown() {
		var ids []string
		diags.Append(m.VPCEndpointIDs.ElementsAs(ctx, &ids, false)...)
		ec.VpcEndpointIds = ids
	}
	if v := m.IPAddressType.ValueString(); v != "" {
		ec.IpAddressType = awstypes.IpAddressType(v)
	}

	return ec
}

// isDefaultEndpointConfig reports whether ec is what API Gateway gives an API
// created without an endpoint configuration.
func isDefaultEndpointConfig(ec *awstypes.EndpointConfiguration) bool {
	if ec == nil {
		return true
	}
	typesOK := len(ec.Types) == 0 || (len(ec.Types) == 1 && string(ec.Types[0]) == apigw.DefaultEndpointType)

	return typesOK && len(ec.VpcEndpointIds) == 0 && (ec.IpAddressType == "" || string(ec.IpAddressType) == apigw.DefaultIPAddressType(apigw.DefaultEndpointType))
}

func flattenEndpointConfig(ec *awstypes.EndpointConfiguration, prior []endpointConfigModel) []endpointConfigModel {
	if len(prior) == 0 && isDefaultEndpointConfig(ec) {
		return nil
	}
	if ec == nil {
		ec = &awstypes.EndpointConfiguration{Types: []awstypes.EndpointType{apigw.DefaultEndpointType}}
	}
	ts := make([]attr.Value, 0, len(ec.Types))
	for _, t := range ec.Types {
		ts = append(ts, types.StringValue(string(t)))
	}
	ids := make([]attr.Value, 0, len(ec.VpcEndpointIds))
	for _, id := range ec.VpcEndpointIds {
		ids = append(ids, types.StringValue(id))
	}
	ipType := string(ec.IpAddressType)
	if ipType == "" {
		ipType = apigw.DefaultIPAddressType(apigw.DefaultEndpointType)
		if len(ec.Types) > 0 {
			ipType = apigw.DefaultIPAddressType(string(ec.Types[0]))
		}
	}

	return []endpointConfigModel{{
		Types:          types.ListValueMust(types.StringType, ts),
		VPCEndpointIDs: types.SetValueMust(types.StringType, ids),
		IPAddressType:  types.StringValue(ipType),
	}}
}

// endpointConfigPatch is the patch to move the endpoint configuration from
// old to new; a removed block means back to API Gateway's default (EDGE).
func endpointConfigPatch(ctx context.Context, oldEC, newEC []endpointConfigModel, diags *diag.Diagnostics) []awstypes.PatchOperation {
	var ops []awstypes.PatchOperation
	oldType, newType := apigw.DefaultEndpointType, apigw.DefaultEndpointType
	var oldIDs, newIDs []string
	// no block: API Gateway's default, EDGE over IPv4
	oldIP, newIP := apigw.DefaultIPAddressType(oldType), apigw.DefaultIPAddressType(newType)
	if len(oldEC) > 0 {
		if ts := listValues(ctx, oldEC[0].Types, diags); len(ts) > 0 {
			oldType = ts[0]
		}
		oldIDs = setValues(ctx, oldEC[0].VPCEndpointIDs, diags)
		oldIP = oldEC[0].IPAddressType.ValueString()
	}
	if len(newEC) > 0 {
		if ts := listValues(ctx, newEC[0].Types, diags); len(ts) > 0 {
			newType = ts[0]
		}
		if !newEC[0].VPCEndpointIDs.IsUnknown() {
			newIDs = setValues(ctx, newEC[0].VPCEndpointIDs, diags)
		} else {
			newIDs = oldIDs
		}
		newIP = ""
		if !newEC[0].IPAddressType.IsUnknown() {
			newIP = newEC[0].IPAddressType.ValueString()
		}
	}
	if oldType != newType {
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace,
			Path: aws.String("/endpointConfiguration/types/" + oldType), Value: aws.String(newType)})
	}
	for _, id := range oldIDs {
		if !slices.Contains(newIDs, id) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove,
				Path: aws.String("/endpointConfiguration/vpcEndpointIds"), Value: aws.String(id)})
		}
	}
	for _, id := range newIDs {
		if !slices.Contains(oldIDs, id) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd,
				Path: aws.String("/endpointConfiguration/vpcEndpointIds"), Value: aws.String(id)})
		}
	}
	if newIP != "" && newIP != oldIP {
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace,
			Path: aws.String("/endpointConfiguration/ipAddressType"), Value: aws.String(newIP)})
	}

	return ops
}

// compressionSizeValidator checks minimum_compression_size.
type compressionSizeValidator struct{}

func (compressionSizeValidator) Description(_ context.Context) string {
	return fmt.Sprintf("value must be an integer between %d and %d, or -1 (no compression)", apigw.MinCompressionSize, apigw.MaxCompressionSize)
}

func (v compressionSizeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (compressionSizeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n, err := strconv.ParseInt(req.ConfigValue.ValueString(), 10, 64)
	if err != nil || (n != -1 && apigw.ValidateCompressionSize(n) != nil) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid minimum_compression_size",
			fmt.Sprintf("minimum_compression_size must be an integer between %d and %d bytes, or -1 for no compression, got %q",
				apigw.MinCompressionSize, apigw.MaxCompressionSize, req.ConfigValue.ValueString()))
	}
}

// compressionSize is the minimum_compression_size to send to the gateway:
// "" for none (null, or HashiCorp's "-1", which removes the value).
func compressionSize(v types.String) string {
	if s := v.ValueString(); s != "-1" {
		return s
	}

	return ""
}

// priorStringForUnknown is UseStateForUnknown except when the prior state has
// no value there (an endpoint_configuration block added by an update): the
// plan stays unknown and the gateway's value is read after apply.
type priorStringForUnknown struct{}

func (priorStringForUnknown) Description(_ context.Context) string {
	return "Once set, the value of this attribute in state will not change."
}

func (m priorStringForUnknown) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (priorStringForUnknown) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() {
		return
	}
	stringplanmodifier.UseStateForUnknown().PlanModifyString(ctx, req, resp)
}

// priorSetForUnknown is priorStringForUnknown for a set.
type priorSetForUnknown struct{}

func (priorSetForUnknown) Description(_ context.Context) string {
	return "Once set, the value of this attribute in state will not change."
}

func (m priorSetForUnknown) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (priorSetForUnknown) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.StateValue.IsNull() {
		return
	}
	setplanmodifier.UseStateForUnknown().PlanModifySet(ctx, req, resp)
}
