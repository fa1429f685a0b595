package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
)

func init() { registerResource(NewAuthorizerResource) }

var (
	_ resource.Resource                   = &authorizerResource{}
	_ resource.ResourceWithConfigure      = &authorizerResource{}
	_ resource.ResourceWithImportState    = &authorizerResource{}
	_ resource.ResourceWithValidateConfig = &authorizerResource{}
)

// NewAuthorizerResource is aws_api_gateway_authorizer. Its id is the
// authorizer id, as HashiCorp's; it is imported as REST-API-ID/AUTHORIZER-ID.
func NewAuthorizerResource() resource.Resource { return &authorizerResource{} }

type authorizerResource struct {
	client *Client
}

type authorizerModel struct {
	Region                       types.String `tfsdk:"region"`
	ID                           types.String `tfsdk:"id"`
	ARN                          types.String `tfsdk:"arn"`
	RestAPIID                    types.String `tfsdk:"rest_api_id"`
	Name                         types.String `tfsdk:"name"`
	Type                         types.String `tfsdk:"type"`
	AuthorizerURI                types.String `tfsdk:"authorizer_uri"`
	AuthorizerCredentials        types.String `tfsdk:"authorizer_credentials"`
	AuthorizerResultTTLInSeconds types.Int64  `tfsdk:"authorizer_result_ttl_in_seconds"`
	IdentitySource               types.String `tfsdk:"identity_source"`
	IdentityValidationExpression types.String `tfsdk:"identity_validation_expression"`
	ProviderARNs                 types.Set    `tfsdk:"provider_arns"`
}

func (r *authorizerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_authorizer"
}

func (r *authorizerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an authorizer of an API Gateway REST API: a Lambda function (`TOKEN`, `REQUEST`) or Amazon Cognito user pools (`COGNITO_USER_POOLS`) that methods with `authorization = \"CUSTOM\"` or `\"COGNITO_USER_POOLS\"` name in `authorizer_id`.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("ID of the authorizer."),
			"arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the authorizer.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"rest_api_id": restAPIIDAttribute(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the authorizer.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "Type of the authorizer: `TOKEN` (a Lambda function given one header), `REQUEST` (a Lambda function given the request's parameters) or `COGNITO_USER_POOLS`. Defaults to `TOKEN`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(apigw.AuthorizerTypeToken),
				Validators:          []validator.String{stringvalidator.OneOf(apigw.AuthorizerTypes...)},
			},
			"authorizer_uri": schema.StringAttribute{
				MarkdownDescription: "Invocation URI of the Lambda function, `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function-arn}/invocations` (a function's `invoke_arn`). Required for `TOKEN` and `REQUEST`.",
				Optional:            true,
				Validators:          []validator.String{ruleString("Invalid authorizer URI", "a Lambda function invocation URI", lambdaInvocationURI)},
			},
			"authorizer_credentials": schema.StringAttribute{
				MarkdownDescription: "ARN of the role API Gateway assumes to call the authorizer; unset: the function's resource-based policy must allow API Gateway.",
				Optional:            true,
			},
			"authorizer_result_ttl_in_seconds": schema.Int64Attribute{
				MarkdownDescription: "How long, in seconds, the authorizer's result is cached per identity source, 0 (no cache) to 3600. Defaults to 300.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(apigw.AuthorizerTTLDefault),
				Validators:          []validator.Int64{int64validator.Between(0, apigw.AuthorizerTTLMax)},
			},
			"identity_source": schema.StringAttribute{
				MarkdownDescription: "Where the identity is read: `method.request.header.NAME` for `TOKEN` and `COGNITO_USER_POOLS`; for `REQUEST` a comma-separated list of `method.request.header.NAME`, `method.request.querystring.NAME`, `stageVariables.NAME` and `context.NAME`. Defaults to `method.request.header.Authorization`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("method.request.header.Authorization"),
			},
			"identity_validation_expression": schema.StringAttribute{
				MarkdownDescription: "Regular expression the `TOKEN` authorizer's token must match before the function is called; no match is 401 Unauthorized.",
				Optional:            true,
			},
			"provider_arns": schema.SetAttribute{
				MarkdownDescription: "ARNs of the Amazon Cognito user pools, `arn:aws:cognito-idp:{region}:{account}:userpool/{pool-id}`. Required for `COGNITO_USER_POOLS`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func lambdaInvocationURI(s string) error {
	if _, ok := apigw.LambdaFunctionARN(s); !ok {
		return fmt.Errorf("%q is not a Lambda function invocation URI (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION-ARN/invocations)", s)
	}
	return nil
}

// ValidateConfig checks what the attributes together must satisfy, with
// the gateway's own rules (apigw.ValidateAuthorizer): the arguments each
// type requires, the identity source syntax for the type.
func (r *authorizerResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg authorizerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Type.IsUnknown() || cfg.AuthorizerURI.IsUnknown() || cfg.IdentitySource.IsUnknown() || cfg.ProviderARNs.IsUnknown() {
		return
	}
	typ := cfg.Type.ValueString()
	if typ == "" {
		typ = apigw.AuthorizerTypeToken
	}
	switch typ {
	case apigw.AuthorizerTypeCognito:
		if cfg.ProviderARNs.IsNull() || len(cfg.ProviderARNs.Elements()) == 0 {
			resp.Diagnostics.AddAttributeError(path.Root("provider_arns"), "Missing provider_arns", "provider_arns must be set for type COGNITO_USER_POOLS")
		}
	case apigw.AuthorizerTypeToken, apigw.AuthorizerTypeRequest:
		if cfg.AuthorizerURI.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("authorizer_uri"), "Missing authorizer_uri", "authorizer_uri must be set for type "+typ)
		}
	}
	src := "method.request.header.Authorization"
	if !cfg.IdentitySource.IsNull() {
		src = cfg.IdentitySource.ValueString()
	}
	if _, err := apigw.ParseIdentitySources(typ, src); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("identity_source"), "Invalid identity_source", err.Error())
	}
}

func (r *authorizerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *authorizerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// findAuthorizerByTwoPartKey returns the authorizer or an error wrapping errNotFound.
func findAuthorizerByTwoPartKey(ctx context.Context, conn *apigateway.Client, apiID, id string) (*apigateway.GetAuthorizerOutput, error) {
	out, err := conn.GetAuthorizer(ctx, &apigateway.GetAuthorizerInput{
		RestApiId:    aws.String(apiID),
		AuthorizerId: aws.String(id),
	})
	if err != nil {
		return nil, notFoundIf(err)
	}

	return out, nil
}

// authorizerARN is arn:PARTITION:apigateway:REGION::/restapis/API/authorizers/ID.
func authorizerARN(c *Client, apiID, id string) string {
	return apigw.RestAPIARN(c.Partition, c.Region, apiID) + "/authorizers/" + id
}

func (r *authorizerResource) read(ctx context.Context, m *authorizerModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findAuthorizerByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Authorizer",
			fmt.Sprintf("reading API Gateway Authorizer (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.ARN = types.StringValue(authorizerARN(client, m.RestAPIID.ValueString(), aws.ToString(out.Id)))
	m.Name = types.StringPointerValue(out.Name)
	m.Type = types.StringValue(string(out.Type))
	m.AuthorizerURI = optionalString(out.AuthorizerUri, m.AuthorizerURI)
	m.AuthorizerCredentials = optionalString(out.AuthorizerCredentials, m.AuthorizerCredentials)
	m.IdentityValidationExpression = optionalString(out.IdentityValidationExpression, m.IdentityValidationExpression)
	m.IdentitySource = types.StringValue(aws.ToString(out.IdentitySource))
	if out.AuthorizerResultTtlInSeconds != nil {
		m.AuthorizerResultTTLInSeconds = types.Int64Value(int64(*out.AuthorizerResultTtlInSeconds))
	} else {
		m.AuthorizerResultTTLInSeconds = types.Int64Value(apigw.AuthorizerTTLDefault)
	}
	m.ProviderARNs = setFromStrings(out.ProviderARNs, m.ProviderARNs)

	return true, diags
}

func (r *authorizerResource) readInto(ctx context.Context, m *authorizerModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Authorizer",
			fmt.Sprintf("reading API Gateway Authorizer (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func authorizerSetStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

func (r *authorizerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan authorizerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.CreateAuthorizerInput{
		RestApiId:                    plan.RestAPIID.ValueStringPointer(),
		Name:                         plan.Name.ValueStringPointer(),
		Type:                         awstypes.AuthorizerType(plan.Type.ValueString()),
		IdentitySource:               plan.IdentitySource.ValueStringPointer(),
		AuthorizerResultTtlInSeconds: aws.Int32(int32(plan.AuthorizerResultTTLInSeconds.ValueInt64())),
		ProviderARNs:                 authorizerSetStrings(ctx, plan.ProviderARNs, &resp.Diagnostics),
	}
	if v := plan.AuthorizerURI.ValueString(); v != "" {
		input.AuthorizerUri = aws.String(v)
	}
	if v := plan.AuthorizerCredentials.ValueString(); v != "" {
		input.AuthorizerCredentials = aws.String(v)
	}
	if v := plan.IdentityValidationExpression.ValueString(); v != "" {
		input.IdentityValidationExpression = aws.String(v)
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateAuthorizer(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Authorizer",
			fmt.Sprintf("creating API Gateway Authorizer (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *authorizerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state authorizerModel
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
		tflog.Warn(ctx, "API Gateway Authorizer not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *authorizerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state authorizerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []awstypes.PatchOperation
	for _, f := range []struct {
		path        string
		plan, state types.String
	}{
		{"/name", plan.Name, state.Name},
		{"/type", plan.Type, state.Type},
		{"/authorizerUri", plan.AuthorizerURI, state.AuthorizerURI},
		{"/authorizerCredentials", plan.AuthorizerCredentials, state.AuthorizerCredentials},
		{"/identitySource", plan.IdentitySource, state.IdentitySource},
		{"/identityValidationExpression", plan.IdentityValidationExpression, state.IdentityValidationExpression},
	} {
		if !f.plan.Equal(f.state) {
			ops = append(ops, replaceOp(f.path, f.plan.ValueString()))
		}
	}
	if !plan.AuthorizerResultTTLInSeconds.Equal(state.AuthorizerResultTTLInSeconds) {
		ops = append(ops, replaceOp("/authorizerResultTtlInSeconds", fmt.Sprint(plan.AuthorizerResultTTLInSeconds.ValueInt64())))
	}
	// provider_arns: HashiCorp's patch, remove /providerARNs/{arn} and add
	// /providerARNs with the ARN as the value.
	oldARNs, newARNs := authorizerSetStrings(ctx, state.ProviderARNs, &resp.Diagnostics), authorizerSetStrings(ctx, plan.ProviderARNs, &resp.Diagnostics)
	for _, v := range oldARNs {
		if !slices.Contains(newARNs, v) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/providerARNs/" + apigw.EscapePatchKey(v))})
		}
	}
	for _, v := range newARNs {
		if !slices.Contains(oldARNs, v) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String("/providerARNs"), Value: aws.String(v)})
		}
	}
	plan.ID = state.ID
	if len(ops) > 0 {
		client := r.client.regionOf(state.Region)
		if _, err := client.APIGateway.UpdateAuthorizer(ctx, &apigateway.UpdateAuthorizerInput{
			RestApiId:       state.RestAPIID.ValueStringPointer(),
			AuthorizerId:    state.ID.ValueStringPointer(),
			PatchOperations: ops,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Authorizer",
				fmt.Sprintf("updating API Gateway Authorizer (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *authorizerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state authorizerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := r.client.regionOf(state.Region)
	_, err := client.APIGateway.DeleteAuthorizer(ctx, &apigateway.DeleteAuthorizerInput{
		RestApiId:    state.RestAPIID.ValueStringPointer(),
		AuthorizerId: state.ID.ValueStringPointer(),
	})
	deleteDiag(&resp.Diagnostics, "Authorizer", state.ID.ValueString(), err)
}

// ImportState accepts REST-API-ID/AUTHORIZER-ID.
func (r *authorizerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "REST-API-ID/AUTHORIZER-ID", "rest_api_id", "id")
}
