package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
)

func init() { registerResource(NewIntegrationResource) }

var (
	_ resource.Resource                   = &integrationResource{}
	_ resource.ResourceWithConfigure      = &integrationResource{}
	_ resource.ResourceWithImportState    = &integrationResource{}
	_ resource.ResourceWithValidateConfig = &integrationResource{}
)

// NewIntegrationResource is aws_api_gateway_integration, the seed's resource.
func NewIntegrationResource() resource.Resource { return &integrationResource{} }

type integrationResource struct {
	client *Client
}

type integrationModel struct {
	Region                  types.String     `tfsdk:"region"`
	ID                      types.String     `tfsdk:"id"`
	RestAPIID               types.String     `tfsdk:"rest_api_id"`
	ResourceID              types.String     `tfsdk:"resource_id"`
	HTTPMethod              types.String     `tfsdk:"http_method"`
	Type                    types.String     `tfsdk:"type"`
	IntegrationHTTPMethod   types.String     `tfsdk:"integration_http_method"`
	URI                     types.String     `tfsdk:"uri"`
	Credentials             types.String     `tfsdk:"credentials"`
	ConnectionType          types.String     `tfsdk:"connection_type"`
	ConnectionID            types.String     `tfsdk:"connection_id"`
	IntegrationTarget       types.String     `tfsdk:"integration_target"`
	RequestTemplates        types.Map        `tfsdk:"request_templates"`
	RequestParameters       types.Map        `tfsdk:"request_parameters"`
	RequestParametersInJSON types.String     `tfsdk:"request_parameters_in_json"`
	PassthroughBehavior     types.String     `tfsdk:"passthrough_behavior"`
	ContentHandling         types.String     `tfsdk:"content_handling"`
	CacheKeyParameters      types.Set        `tfsdk:"cache_key_parameters"`
	CacheNamespace          types.String     `tfsdk:"cache_namespace"`
	TimeoutMilliseconds     types.Int64      `tfsdk:"timeout_milliseconds"`
	ResponseTransferMode    types.String     `tfsdk:"response_transfer_mode"`
	TLSConfig               []tlsConfigModel `tfsdk:"tls_config"`
}

type tlsConfigModel struct {
	InsecureSkipVerification types.Bool `tfsdk:"insecure_skip_verification"`
}

func integrationID(apiID, resourceID, method string) string {
	return fmt.Sprintf("agi-%s-%s-%s", apiID, resourceID, method)
}

func (r *integrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_integration"
}

func (r *integrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Provides an HTTP Method Integration for an API Gateway Resource. " +
			"The arguments are checked together at plan time (the rules of `internal/apigw`, the same the gateway enforces), so a wrong `uri`, a missing `integration_http_method` or a bad enum fails `terraform plan`, before anything is created.",
		Attributes: map[string]schema.Attribute{
			"region":      regionAttribute(),
			"id":          idAttribute("`agi-{rest_api_id}-{resource_id}-{http_method}`, as HashiCorp's provider."),
			"rest_api_id": restAPIIDAttribute(),
			"resource_id": resourceIDAttribute(),
			"http_method": httpMethodAttribute("HTTP method of the method this integration belongs to: " + apigw.OneOf(apigw.HTTPMethods) + ". (`OPTION`, a typo in old documentation, is rejected with a suggestion.)"),
			"type": schema.StringAttribute{
				MarkdownDescription: "Integration input's type: `HTTP` (HTTP backends), `MOCK` (no backend), `AWS` (AWS services), `AWS_PROXY` (Lambda proxy) or `HTTP_PROXY` (HTTP proxy). API Gateway cannot change it in place: a new value replaces the integration.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"integration_http_method": schema.StringAttribute{
				MarkdownDescription: "HTTP method API Gateway uses to call the backend (" + apigw.OneOf(apigw.HTTPMethods) + "). **Required** if `type` is `AWS`, `AWS_PROXY`, `HTTP` or `HTTP_PROXY`. Lambda functions can only be invoked with `POST`. Updated in place.",
				Optional:            true,
			},
			"uri": schema.StringAttribute{
				MarkdownDescription: "Input's URI. **Required** if `type` is `AWS`, `AWS_PROXY`, `HTTP` or `HTTP_PROXY`; not allowed for `MOCK`. For HTTP types a fully formed, encoded http(s) URL (RFC 3986); for AWS types `arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{service_api}`, e.g. `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:012345678901:function:my-func/invocations`.",
				Optional:            true,
			},
			"credentials": schema.StringAttribute{
				MarkdownDescription: "Credentials required for the integration: for `AWS` integrations, an IAM role ARN for API Gateway to assume, or `arn:aws:iam::*:user/*` to pass the caller's identity through.",
				Optional:            true,
			},
			"connection_type": schema.StringAttribute{
				MarkdownDescription: "Integration input's connection type: `INTERNET` (default) or `VPC_LINK` (a private integration through a VPC link).",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(apigw.ConnectionTypeInternet),
			},
			"connection_id": schema.StringAttribute{
				MarkdownDescription: "ID of the VPC link used for the integration. **Required** if `connection_type` is `VPC_LINK`.",
				Optional:            true,
			},
			"integration_target": schema.StringAttribute{
				MarkdownDescription: "ALB or NLB listener ARN for a private integration through a VPC link v2.",
				Optional:            true,
			},
			"request_templates": schema.MapAttribute{
				MarkdownDescription: "Map of the integration's request templates (content type → Velocity template). Each template is parsed at plan time; a syntax error names the content type, line and column.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"request_parameters": schema.MapAttribute{
				MarkdownDescription: "Map of request query string parameters and headers that should be passed to the backend responder, e.g. `{ \"integration.request.header.X-Some-Other-Header\" = \"method.request.header.X-Some-Header\" }`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"request_parameters_in_json": schema.StringAttribute{
				MarkdownDescription: "**Deprecated**, use `request_parameters` instead. The same map written as a JSON string, as in the provider's earliest releases.",
				DeprecationMessage:  "Use request_parameters instead.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.ConflictsWith(path.MatchRoot("request_parameters")),
				},
			},
			"passthrough_behavior": schema.StringAttribute{
				MarkdownDescription: "Integration passthrough behavior (`WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES`, `NEVER`). API Gateway's default is `WHEN_NO_MATCH`.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"content_handling": schema.StringAttribute{
				MarkdownDescription: "How to handle request payload content type conversions: `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`. Unset: the payload passes through unmodified.",
				Optional:            true,
			},
			"cache_key_parameters": schema.SetAttribute{
				MarkdownDescription: "Set of cache key parameters for the integration.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"cache_namespace": schema.StringAttribute{
				MarkdownDescription: "Integration's cache namespace. API Gateway defaults it to the resource ID.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeout_milliseconds": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Custom timeout between %d and %d milliseconds. Defaults to %d; removing it from the configuration sets it back to %d.", apigw.IntegrationTimeoutMin, apigw.IntegrationTimeoutMax, apigw.IntegrationTimeoutDefault, apigw.IntegrationTimeoutDefault),
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(apigw.IntegrationTimeoutDefault),
			},
			"response_transfer_mode": schema.StringAttribute{
				MarkdownDescription: "Response transfer mode: `BUFFERED` (default) or `STREAM`. Once set, going back to `BUFFERED` requires writing `BUFFERED` rather than removing the argument.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"tls_config": schema.ListNestedBlock{
				MarkdownDescription: "TLS configuration of an HTTP/HTTP_PROXY integration.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"insecure_skip_verification": schema.BoolAttribute{
							MarkdownDescription: "Whether API Gateway skips verification that the backend's certificate was issued by a supported certificate authority.",
							Optional:            true,
						},
					},
				},
			},
		},
	}
}

func (r *integrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *integrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// ValidateConfig runs the integration rules of internal/apigw (the gateway
// enforces the same ones) on the configuration, skipping values not known
// yet, and parses every request template.
func (r *integrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m integrationModel
	_, d := getConfigKnownBlocks(ctx, req.Config, &m, "tls_config")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}

	spec := apigw.IntegrationSpec{Unknown: map[apigw.Field]bool{}}
	str := func(f apigw.Field, v types.String) string {
		if v.IsUnknown() {
			spec.Unknown[f] = true
		}
		return v.ValueString()
	}
	spec.Type = str(apigw.FieldType, m.Type)
	spec.IntegrationHTTPMethod = str(apigw.FieldIntegrationHTTPMethod, m.IntegrationHTTPMethod)
	spec.URI = str(apigw.FieldURI, m.URI)
	spec.Credentials = str(apigw.FieldCredentials, m.Credentials)
	spec.ConnectionType = str(apigw.FieldConnectionType, m.ConnectionType)
	if m.ConnectionType.IsNull() {
		spec.ConnectionType = apigw.ConnectionTypeInternet
	}
	spec.ConnectionID = str(apigw.FieldConnectionID, m.ConnectionID)
	spec.PassthroughBehavior = str(apigw.FieldPassthroughBehavior, m.PassthroughBehavior)
	spec.ContentHandling = str(apigw.FieldContentHandling, m.ContentHandling)
	spec.ResponseTransferMode = str(apigw.FieldResponseTransferMode, m.ResponseTransferMode)
	switch {
	case m.TimeoutMilliseconds.IsUnknown():
		spec.Unknown[apigw.FieldTimeout] = true
	case !m.TimeoutMilliseconds.IsNull():
		t := m.TimeoutMilliseconds.ValueInt64()
		if t < apigw.IntegrationTimeoutMin || t > apigw.IntegrationTimeoutMax {
			// Outside int32 too: report through the shared rule's message.
			t = min(max(t, -1), apigw.IntegrationTimeoutMax+1)
		}
		spec.TimeoutInMillis = int32(t)
		if spec.TimeoutInMillis == 0 {
			spec.TimeoutInMillis = -1 // 0 means "unset" to the rule; 0 ms is out of range
		}
	}

	paramsPath := path.Root("request_parameters")
	switch {
	case m.RequestParameters.IsUnknown() || m.RequestParametersInJSON.IsUnknown():
		spec.Unknown[apigw.FieldRequestParameters] = true
	case !m.RequestParametersInJSON.IsNull():
		paramsPath = path.Root("request_parameters_in_json")
		params, err := parseRequestParametersJSON(m.RequestParametersInJSON.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(paramsPath, "Invalid request_parameters_in_json", err.Error())
		}
		spec.RequestParameters = params
	default:
		var d diag.Diagnostics
		spec.RequestParameters = stringMap(ctx, m.RequestParameters, &d)
		if d.HasError() { // a null or unknown element
			spec.Unknown[apigw.FieldRequestParameters] = true
		}
	}

	for _, v := range apigw.ValidateIntegration(spec) {
		p := path.Root(v.Field.Attribute())
		if v.Field == apigw.FieldRequestParameters {
			p = paramsPath
		}
		resp.Diagnostics.AddAttributeError(p, "Invalid integration: "+v.Field.Attribute(), v.Message)
	}

	validateRequestTemplates(ctx, m.RequestTemplates, &resp.Diagnostics)
}

// validateRequestTemplates parses each known request template as Velocity.
func validateRequestTemplates(_ context.Context, templates types.Map, diags *diag.Diagnostics) {
	if templates.IsNull() || templates.IsUnknown() {
		return
	}
	elems := templates.Elements()
	keys := slices.Sorted(maps.Keys(elems))
	for _, ct := range keys {
		v, ok := elems[ct].(types.String)
		if !ok || v.IsNull() || v.IsUnknown() {
			continue
		}
		if _, err := vtl.Parse(v.ValueString()); err != nil {
			detail := fmt.Sprintf("request template for content type %q does not parse: %s", ct, err)
			var se *vtl.SyntaxError
			if errors.As(err, &se) {
				detail = fmt.Sprintf("request template for content type %q has a syntax error at line %d, column %d: %s", ct, se.Line, se.Col, se.Msg)
			}
			diags.AddAttributeError(path.Root("request_templates").AtMapKey(ct), "Invalid request template", detail)
		}
	}
}

// parseRequestParametersJSON decodes request_parameters_in_json.
func parseRequestParametersJSON(s string) (map[string]string, error) {
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("request_parameters_in_json must be a JSON object of strings, e.g. {\"integration.request.header.X-Id\": \"method.request.header.X-Id\"}: %w", err)
	}

	return m, nil
}

// findIntegrationByThreePartKey returns the integration or an error wrapping
// errNotFound.
func findIntegrationByThreePartKey(ctx context.Context, conn *apigateway.Client, apiID, resourceID, method string) (*apigateway.GetIntegrationOutput, error) {
	out, err := conn.GetIntegration(ctx, &apigateway.GetIntegrationInput{
		RestApiId:  aws.String(apiID),
		ResourceId: aws.String(resourceID),
		HttpMethod: aws.String(method),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

// requestParameters is the effective request parameter map of a model.
func (m integrationModel) requestParameters(ctx context.Context, diags *diag.Diagnostics) map[string]string {
	if !m.RequestParametersInJSON.IsNull() && !m.RequestParametersInJSON.IsUnknown() {
		p, err := parseRequestParametersJSON(m.RequestParametersInJSON.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("request_parameters_in_json"), "Invalid request_parameters_in_json", err.Error())
		}
		return p
	}

	return stringMap(ctx, m.RequestParameters, diags)
}

func (r *integrationResource) read(ctx context.Context, m *integrationModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findIntegrationByThreePartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Integration",
			fmt.Sprintf("reading API Gateway Integration (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}

	m.ID = types.StringValue(integrationID(m.RestAPIID.ValueString(), m.ResourceID.ValueString(), m.HTTPMethod.ValueString()))
	m.Type = types.StringValue(string(out.Type))
	m.IntegrationHTTPMethod = optionalString(out.HttpMethod, m.IntegrationHTTPMethod)
	m.URI = optionalString(out.Uri, m.URI)
	m.Credentials = optionalString(out.Credentials, m.Credentials)
	m.ConnectionType = types.StringValue(string(out.ConnectionType))
	if out.ConnectionType == "" {
		m.ConnectionType = types.StringValue(apigw.ConnectionTypeInternet)
	}
	m.ConnectionID = optionalString(out.ConnectionId, m.ConnectionID)
	m.IntegrationTarget = optionalString(out.IntegrationTarget, m.IntegrationTarget)
	m.PassthroughBehavior = types.StringValue(aws.ToString(out.PassthroughBehavior))
	m.ContentHandling = optionalString(nonEmpty(string(out.ContentHandling)), m.ContentHandling)
	m.CacheNamespace = types.StringValue(aws.ToString(out.CacheNamespace))
	m.CacheKeyParameters = setFromStrings(out.CacheKeyParameters, m.CacheKeyParameters)
	m.TimeoutMilliseconds = types.Int64Value(int64(apigw.IntegrationTimeoutDefault))
	if out.TimeoutInMillis != 0 {
		m.TimeoutMilliseconds = types.Int64Value(int64(out.TimeoutInMillis))
	}
	m.ResponseTransferMode = types.StringValue(string(out.ResponseTransferMode))
	if out.ResponseTransferMode == "" {
		m.ResponseTransferMode = types.StringValue(apigw.ResponseTransferBuffered)
	}
	m.RequestTemplates = optionalMap(out.RequestTemplates, m.RequestTemplates)

	// Request parameters go back where the configuration put them.
	if !m.RequestParametersInJSON.IsNull() && !m.RequestParametersInJSON.IsUnknown() {
		prior, err := parseRequestParametersJSON(m.RequestParametersInJSON.ValueString())
		if err != nil || !maps.Equal(prior, out.RequestParameters) {
			b, _ := json.Marshal(nonNilMap(out.RequestParameters))
			m.RequestParametersInJSON = types.StringValue(string(b))
		}
		m.RequestParameters = types.MapNull(types.StringType)
	} else {
		m.RequestParametersInJSON = types.StringNull()
		m.RequestParameters = optionalMap(out.RequestParameters, m.RequestParameters)
	}

	switch {
	case out.TlsConfig == nil && len(m.TLSConfig) == 0:
		m.TLSConfig = nil
	case out.TlsConfig == nil:
		m.TLSConfig = []tlsConfigModel{{InsecureSkipVerification: types.BoolNull()}}
	case len(m.TLSConfig) == 0 && !out.TlsConfig.InsecureSkipVerification:
		m.TLSConfig = nil // API Gateway's default, not configured
	default:
		v := types.BoolValue(out.TlsConfig.InsecureSkipVerification)
		if len(m.TLSConfig) > 0 && m.TLSConfig[0].InsecureSkipVerification.IsNull() && !out.TlsConfig.InsecureSkipVerification {
			v = types.BoolNull()
		}
		m.TLSConfig = []tlsConfigModel{{InsecureSkipVerification: v}}
	}

	return true, diags
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}

	return &s
}

func (r *integrationResource) readInto(ctx context.Context, m *integrationModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Integration",
			fmt.Sprintf("reading API Gateway Integration (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *integrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan integrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	input := &apigateway.PutIntegrationInput{
		RestApiId:          plan.RestAPIID.ValueStringPointer(),
		ResourceId:         plan.ResourceID.ValueStringPointer(),
		HttpMethod:         plan.HTTPMethod.ValueStringPointer(),
		Type:               awstypes.IntegrationType(plan.Type.ValueString()),
		ConnectionType:     awstypes.ConnectionType(plan.ConnectionType.ValueString()),
		CacheKeyParameters: setValues(ctx, plan.CacheKeyParameters, &resp.Diagnostics),
		RequestParameters:  plan.requestParameters(ctx, &resp.Diagnostics),
		RequestTemplates:   stringMap(ctx, plan.RequestTemplates, &resp.Diagnostics),
		TimeoutInMillis:    aws.Int32(int32(plan.TimeoutMilliseconds.ValueInt64())),
	}
	optional := func(v types.String) *string {
		if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
			return nil
		}
		return v.ValueStringPointer()
	}
	input.IntegrationHttpMethod = optional(plan.IntegrationHTTPMethod)
	input.Uri = optional(plan.URI)
	input.Credentials = optional(plan.Credentials)
	input.ConnectionId = optional(plan.ConnectionID)
	input.IntegrationTarget = optional(plan.IntegrationTarget)
	input.PassthroughBehavior = optional(plan.PassthroughBehavior)
	input.CacheNamespace = optional(plan.CacheNamespace)
	if input.CacheNamespace == nil && len(input.CacheKeyParameters) > 0 {
		input.CacheNamespace = plan.ResourceID.ValueStringPointer() // as HashiCorp's provider
	}
	if v := optional(plan.ContentHandling); v != nil {
		input.ContentHandling = awstypes.ContentHandlingStrategy(*v)
	}
	if v := optional(plan.ResponseTransferMode); v != nil {
		input.ResponseTransferMode = awstypes.ResponseTransferMode(*v)
	}
	if len(plan.TLSConfig) > 0 && !plan.TLSConfig[0].InsecureSkipVerification.IsNull() {
		input.TlsConfig = &awstypes.TlsConfig{InsecureSkipVerification: plan.TLSConfig[0].InsecureSkipVerification.ValueBool()}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	plan.ID = types.StringValue(integrationID(plan.RestAPIID.ValueString(), plan.ResourceID.ValueString(), plan.HTTPMethod.ValueString()))
	client := r.client.regionOf(plan.Region)
	if _, err := client.APIGateway.PutIntegration(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Integration",
			fmt.Sprintf("creating API Gateway Integration (%s): %s", plan.ID.ValueString(), err))
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *integrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state integrationModel
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
		tflog.Warn(ctx, "API Gateway Integration not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// integrationPatch is the UpdateIntegration patch from state to plan.
func integrationPatch(ctx context.Context, state, plan integrationModel, diags *diag.Diagnostics) []awstypes.PatchOperation {
	var ops []awstypes.PatchOperation
	// scalar: replace with the new value; removable paths get a real remove
	// when the argument leaves the configuration.
	scalar := func(p apigw.PatchPath, o, n types.String) {
		if n.IsUnknown() || o.Equal(n) {
			return
		}
		if n.IsNull() || n.ValueString() == "" {
			if o.IsNull() || o.ValueString() == "" {
				return
			}
			if p.Removable() {
				ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String(p.Path)})
				return
			}
		}
		ops = append(ops, replaceOp(p.Path, n.ValueString()))
	}
	scalar(apigw.IntegrationPatchHTTPMethod, state.IntegrationHTTPMethod, plan.IntegrationHTTPMethod)
	scalar(apigw.IntegrationPatchURI, state.URI, plan.URI)
	scalar(apigw.IntegrationPatchCredentials, state.Credentials, plan.Credentials)
	scalar(apigw.IntegrationPatchConnectionType, state.ConnectionType, plan.ConnectionType)
	scalar(apigw.IntegrationPatchConnectionID, state.ConnectionID, plan.ConnectionID)
	scalar(apigw.IntegrationPatchIntegrationTarget, state.IntegrationTarget, plan.IntegrationTarget)
	scalar(apigw.IntegrationPatchPassthroughBehavior, state.PassthroughBehavior, plan.PassthroughBehavior)
	scalar(apigw.IntegrationPatchContentHandling, state.ContentHandling, plan.ContentHandling)
	scalar(apigw.IntegrationPatchCacheNamespace, state.CacheNamespace, plan.CacheNamespace)
	scalar(apigw.IntegrationPatchResponseTransferMode, state.ResponseTransferMode, plan.ResponseTransferMode)
	if !plan.TimeoutMilliseconds.IsUnknown() && !plan.TimeoutMilliseconds.Equal(state.TimeoutMilliseconds) {
		ops = append(ops, replaceOp(apigw.IntegrationPatchTimeout.Path, strconv.FormatInt(plan.TimeoutMilliseconds.ValueInt64(), 10)))
	}

	oldTLS, newTLS := false, false
	if len(state.TLSConfig) > 0 {
		oldTLS = state.TLSConfig[0].InsecureSkipVerification.ValueBool()
	}
	if len(plan.TLSConfig) > 0 {
		newTLS = plan.TLSConfig[0].InsecureSkipVerification.ValueBool()
	}
	if oldTLS != newTLS {
		ops = append(ops, replaceOp(apigw.IntegrationPatchInsecureSkipVerification.Path, strconv.FormatBool(newTLS)))
	}

	ops = append(ops, mapPatch(apigw.IntegrationPatchRequestTemplates.Prefix(),
		stringMap(ctx, state.RequestTemplates, diags), stringMap(ctx, plan.RequestTemplates, diags))...)
	ops = append(ops, mapPatch(apigw.IntegrationPatchRequestParameters.Prefix(),
		state.requestParameters(ctx, diags), plan.requestParameters(ctx, diags))...)
	ops = append(ops, setPatch(apigw.IntegrationPatchCacheKeyParameters.Prefix(),
		setValues(ctx, state.CacheKeyParameters, diags), setValues(ctx, plan.CacheKeyParameters, diags))...)

	return ops
}

func (r *integrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state integrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ops := integrationPatch(ctx, state, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateIntegration(ctx, &apigateway.UpdateIntegrationInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			ResourceId:      state.ResourceID.ValueStringPointer(),
			HttpMethod:      state.HTTPMethod.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Integration",
				fmt.Sprintf("updating API Gateway Integration (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *integrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state integrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteIntegration(ctx, &apigateway.DeleteIntegrationInput{
		RestApiId:  state.RestAPIID.ValueStringPointer(),
		ResourceId: state.ResourceID.ValueStringPointer(),
		HttpMethod: state.HTTPMethod.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Integration", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/RESOURCE-ID/HTTP-METHOD.
func (r *integrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importIDParts(ctx, r.client, req, resp, "REST-API-ID/RESOURCE-ID/HTTP-METHOD", "rest_api_id", "resource_id", "http_method")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), integrationID(p[0], p[1], p[2]))...)
}
