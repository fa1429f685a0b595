package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/lambdaspec"
)

func init() { registerResource(NewLambdaAliasResource) }

var (
	_ resource.Resource                = &lambdaAliasResource{}
	_ resource.ResourceWithConfigure   = &lambdaAliasResource{}
	_ resource.ResourceWithImportState = &lambdaAliasResource{}
	_ resource.ResourceWithModifyPlan  = &lambdaAliasResource{}
)

// NewLambdaAliasResource is aws_lambda_alias: a named pointer to a function
// version, optionally shifting part of the traffic to a second version. Its
// id is the alias ARN.
func NewLambdaAliasResource() resource.Resource { return &lambdaAliasResource{} }

type lambdaAliasResource struct {
	client *Client
}

type lambdaAliasModel struct {
	Region          types.String              `tfsdk:"region"`
	ID              types.String              `tfsdk:"id"`
	ARN             types.String              `tfsdk:"arn"`
	Description     types.String              `tfsdk:"description"`
	FunctionName    types.String              `tfsdk:"function_name"`
	FunctionVersion types.String              `tfsdk:"function_version"`
	InvokeARN       types.String              `tfsdk:"invoke_arn"`
	Name            types.String              `tfsdk:"name"`
	RoutingConfig   []lambdaAliasRoutingModel `tfsdk:"routing_config"`
}

type lambdaAliasRoutingModel struct {
	AdditionalVersionWeights types.Map `tfsdk:"additional_version_weights"`
}

func (r *lambdaAliasResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lambda_alias"
}

func (r *lambdaAliasResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Lambda alias: a name (e.g. `live`) for a function version, usable as a qualifier in ARNs, " +
			"invocations and API Gateway integrations (`invoke_arn`).",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("ARN of the alias."),
			"arn":    computedString("ARN of the alias (`arn:aws:lambda:REGION:ACCOUNT:function:NAME:ALIAS`)."),
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the alias.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(lambdaspec.DescriptionMaxLen)},
			},
			"function_name": schema.StringAttribute{
				MarkdownDescription: "Name or ARN of the function. Changing between the name and the ARN of the same function updates in place; another function replaces the alias.",
				Required:            true,
				Validators: []validator.String{ruleString("Invalid function_name", "must be valid function name or function ARN", func(s string) error {
					_, err := lambdaspec.ParseFunctionRef(s)
					return err
				})},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(differentFunction,
					"Replaces the alias unless the new value names the same function (name or ARN).",
					"Replaces the alias unless the new value names the same function (name or ARN).")},
			},
			"function_version": schema.StringAttribute{
				MarkdownDescription: "Function version the alias points to: `$LATEST` or a published version number (e.g. `aws_lambda_function.x.version` with `publish = true`).",
				Required:            true,
				Validators:          []validator.String{ruleString("Invalid function_version", "must be $LATEST or a version number", lambdaspec.ValidateFunctionVersion)},
			},
			"invoke_arn": computedString("ARN to invoke the alias from API Gateway (the `uri` of an `AWS` or `AWS_PROXY` integration)."),
			"name": keyAttribute("Name of the alias (letters, digits, `-`, `_`; not only digits; at most 128).",
				ruleString("Invalid name", "must be a valid alias name", lambdaspec.ValidateAliasName)),
		},
		Blocks: map[string]schema.Block{
			"routing_config": schema.ListNestedBlock{
				MarkdownDescription: "Traffic shifting: part of the invocations go to another version.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"additional_version_weights": schema.MapAttribute{
						MarkdownDescription: "Map of a published version number to the share of invocations (0.0 to 1.0) it receives.",
						Optional:            true,
						ElementType:         types.Float64Type,
						Validators: []validator.Map{
							mapvalidator.SizeAtMost(1),
							mapvalidator.KeysAre(ruleString("Invalid version", "must be a published version number", func(s string) error {
								if _, err := strconv.ParseUint(s, 10, 64); err != nil {
									return fmt.Errorf("additional_version_weights key %q must be a published version number", s)
								}
								return nil
							})),
							mapvalidator.ValueFloat64sAre(float64validator.Between(0, 1)),
						},
					},
				}},
			},
		},
	}
}

func (r *lambdaAliasResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *lambdaAliasResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// differentFunction is HashiCorp's suppressEquivalentFunctionNameOrARN
// for a Required argument (whose planned value must be the configured one):
// a function's name and its ARN are the same function, so moving between
// them is an in-place update, not a replacement.
func differentFunction(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	a, errA := lambdaspec.ParseFunctionRef(req.StateValue.ValueString())
	b, errB := lambdaspec.ParseFunctionRef(req.PlanValue.ValueString())
	resp.RequiresReplace = errA != nil || errB != nil || a.Name != b.Name || a.Qualifier != b.Qualifier
}

func expandLambdaAliasRouting(ctx context.Context, rc []lambdaAliasRoutingModel, diags *diag.Diagnostics) *lambdatypes.AliasRoutingConfiguration {
	out := &lambdatypes.AliasRoutingConfiguration{}
	if len(rc) == 0 || rc[0].AdditionalVersionWeights.IsNull() || rc[0].AdditionalVersionWeights.IsUnknown() {
		return out
	}
	weights := map[string]float64{}
	diags.Append(rc[0].AdditionalVersionWeights.ElementsAs(ctx, &weights, false)...)
	out.AdditionalVersionWeights = weights

	return out
}

func (r *lambdaAliasResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan lambdaAliasModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.regionOf(plan.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error creating Lambda Alias", err.Error())
		return
	}
	name := plan.Name.ValueString()
	input := &lambda.CreateAliasInput{
		Description:     aws.String(plan.Description.ValueString()),
		FunctionName:    plan.FunctionName.ValueStringPointer(),
		FunctionVersion: plan.FunctionVersion.ValueStringPointer(),
		Name:            aws.String(name),
		RoutingConfig:   expandLambdaAliasRouting(ctx, plan.RoutingConfig, &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := conn.CreateAlias(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating Lambda Alias", fmt.Sprintf("creating Lambda Alias (%s): %s", name, err))
		return
	}
	plan.ID = types.StringValue(aws.ToString(out.AliasArn))
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)

	r.readBack(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *lambdaAliasResource) readBack(ctx context.Context, m *lambdaAliasModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if !found {
		diags.AddError("Error reading Lambda Alias", fmt.Sprintf("reading Lambda Alias (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

// findLambdaAlias is GetAlias, with ResourceNotFoundException as errNotFound.
func findLambdaAlias(ctx context.Context, conn *lambda.Client, functionName, name string) (*lambda.GetAliasOutput, error) {
	out, err := conn.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String(functionName), Name: aws.String(name)})
	if err != nil {
		return nil, lambdaNotFoundIf(err)
	}

	return out, nil
}

func (r *lambdaAliasResource) read(ctx context.Context, m *lambdaAliasModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	conn, err := client.lambdaConn()
	if err != nil {
		diags.AddError("Error reading Lambda Alias", err.Error())
		return false, diags
	}
	out, err := findLambdaAlias(ctx, conn, m.FunctionName.ValueString(), m.Name.ValueString())
	if isLambdaNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading Lambda Alias", fmt.Sprintf("reading Lambda Alias (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	arn := aws.ToString(out.AliasArn)
	m.ID = types.StringValue(arn)
	m.ARN = types.StringValue(arn)
	m.Description = optionalString(out.Description, m.Description)
	m.FunctionVersion = types.StringValue(aws.ToString(out.FunctionVersion))
	m.InvokeARN = types.StringValue(lambdaspec.InvokeARN(client.Region, arn))
	m.Name = types.StringValue(aws.ToString(out.Name))
	m.RoutingConfig = flattenLambdaAliasRouting(out.RoutingConfig, m.RoutingConfig)

	return true, diags
}

// flattenLambdaAliasRouting keeps a prior routing_config block with no
// weights (null or {}) when Lambda reports none.
func flattenLambdaAliasRouting(rc *lambdatypes.AliasRoutingConfiguration, prior []lambdaAliasRoutingModel) []lambdaAliasRoutingModel {
	if rc == nil || len(rc.AdditionalVersionWeights) == 0 {
		if len(prior) > 0 && (prior[0].AdditionalVersionWeights.IsNull() || len(prior[0].AdditionalVersionWeights.Elements()) == 0) {
			return prior
		}
		if len(prior) > 0 {
			return []lambdaAliasRoutingModel{{AdditionalVersionWeights: types.MapNull(types.Float64Type)}}
		}
		return nil
	}
	elems := make(map[string]attr.Value, len(rc.AdditionalVersionWeights))
	for k, v := range rc.AdditionalVersionWeights {
		elems[k] = types.Float64Value(v)
	}

	return []lambdaAliasRoutingModel{{AdditionalVersionWeights: types.MapValueMust(types.Float64Type, elems)}}
}

func (r *lambdaAliasResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state lambdaAliasModel
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
		tflog.Warn(ctx, "Lambda Alias not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *lambdaAliasResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state lambdaAliasModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.regionOf(state.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error updating Lambda Alias", err.Error())
		return
	}
	plan.ID = state.ID
	input := &lambda.UpdateAliasInput{
		Description:     aws.String(plan.Description.ValueString()),
		FunctionName:    plan.FunctionName.ValueStringPointer(),
		FunctionVersion: plan.FunctionVersion.ValueStringPointer(),
		Name:            plan.Name.ValueStringPointer(),
		RoutingConfig:   expandLambdaAliasRouting(ctx, plan.RoutingConfig, &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := conn.UpdateAlias(ctx, input); err != nil {
		resp.Diagnostics.AddError("Error updating Lambda Alias", fmt.Sprintf("updating Lambda Alias (%s): %s", state.ID.ValueString(), err))
		return
	}
	if len(input.RoutingConfig.AdditionalVersionWeights) == 0 {
		// HashiCorp's waitAliasRoutingWeightsCleared.
		fn, name := plan.FunctionName.ValueString(), plan.Name.ValueString()
		if err := waitFor(ctx, "Lambda Alias "+state.ID.ValueString()+" routing weights to clear", []string{"pending"}, []string{"stable"},
			func(ctx context.Context) (string, string, error) {
				out, err := findLambdaAlias(ctx, conn, fn, name)
				if isLambdaNotFound(err) {
					return "stable", "", nil
				}
				if err != nil {
					return "", "", err
				}
				if out.RoutingConfig != nil && len(out.RoutingConfig.AdditionalVersionWeights) > 0 {
					return "pending", "", nil
				}
				return "stable", "", nil
			}); err != nil {
			resp.Diagnostics.AddError("Error updating Lambda Alias", fmt.Sprintf("waiting for Lambda Alias (%s) routing weights to clear: %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readBack(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *lambdaAliasResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lambdaAliasModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.regionOf(state.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting Lambda Alias", err.Error())
		return
	}
	_, err = conn.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: state.FunctionName.ValueStringPointer(), Name: state.Name.ValueStringPointer()})
	if err != nil && !isLambdaNotFound(err) {
		resp.Diagnostics.AddError("Error deleting Lambda Alias", fmt.Sprintf("deleting Lambda Alias (%s): %s", state.ID.ValueString(), err))
	}
}

// ImportState takes HashiCorp's FUNCTION_NAME/ALIAS or the alias ARN,
// optionally followed by @REGION.
func (r *lambdaAliasResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importRegion(ctx, r.client, req.ID, resp)
	var functionName, alias string
	if ref, ok := lambdaspec.ParseFunctionARN(id); ok && ref.Qualifier != "" {
		functionName, alias = ref.Name, ref.Qualifier
	} else if i := strings.LastIndex(id, "/"); i >= 1 && i < len(id)-1 {
		functionName, alias = id[:i], id[i+1:]
	} else {
		resp.Diagnostics.AddError("Unexpected import identifier", fmt.Sprintf("unexpected format of ID (%q), expected FUNCTION_NAME/ALIAS", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("function_name"), functionName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), alias)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
