package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/iam"
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
)

func init() { registerResource(NewIAMRolePolicyResource) }

var (
	_ resource.Resource                = &iamRolePolicyResource{}
	_ resource.ResourceWithConfigure   = &iamRolePolicyResource{}
	_ resource.ResourceWithImportState = &iamRolePolicyResource{}
	_ resource.ResourceWithModifyPlan  = &iamRolePolicyResource{}
)

// NewIAMRolePolicyResource is aws_iam_role_policy, an inline policy of a
// role. Its id is ROLE:NAME, as HashiCorp's, and so is its import id.
func NewIAMRolePolicyResource() resource.Resource { return &iamRolePolicyResource{} }

type iamRolePolicyResource struct {
	client *Client
}

type iamRolePolicyModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	NamePrefix types.String `tfsdk:"name_prefix"`
	Policy     PolicyValue  `tfsdk:"policy"`
	Role       types.String `tfsdk:"role"`
}

func (r *iamRolePolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iam_role_policy"
}

// rolePolicyRoleValidator is HashiCorp's validRolePolicyRole: a role name
// (1 to 128 characters), not its ARN.
type rolePolicyRoleValidator struct{}

var rolePolicyRoleRE = regexp.MustCompile(`[\w+=,.@-]+`)

func (rolePolicyRoleValidator) Description(_ context.Context) string {
	return "the role's name (not its ARN)"
}

func (v rolePolicyRoleValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (rolePolicyRoleValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if n := len(s); n < 1 || n > 128 || !rolePolicyRoleRE.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("expected length of %s to be in the range (1 - 128) and to match [\\w+=,.@-]+, got %s", req.Path, s))
		return
	}
	if arn.IsARN(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", fmt.Sprintf("%q must be the role's name not its ARN", req.Path))
	}
}

func (r *iamRolePolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an inline policy of an IAM role. On `portico serve` the policy is stored and validated as IAM validates it, never enforced (see docs/iam.md).",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("`ROLE:NAME`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the policy (at most 128 characters of `[\\w+=,.@-]`). Generated when neither `name` nor `name_prefix` is set. Changing it replaces the policy.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					iamNameValidator{max: policyNameMaxLen},
					stringvalidator.ConflictsWith(path.MatchRoot("name_prefix")),
				},
			},
			"name_prefix": schema.StringAttribute{
				MarkdownDescription: "Creates a unique name beginning with this prefix (at most 102 characters). Conflicts with `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{iamNameValidator{max: policyNamePrefixMaxLen}},
			},
			"policy": schema.StringAttribute{
				MarkdownDescription: "Policy document (JSON), e.g. from `data.aws_iam_policy_document.x.json` or `jsonencode`. Compared semantically.",
				Required:            true,
				CustomType:          PolicyType{},
				Validators:          []validator.String{iamPolicyJSONValidator{}},
				PlanModifiers:       []planmodifier.String{policyPlanModifier{}},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "Name of the IAM role the policy belongs to (not its ARN). Changing it replaces the policy.",
				Required:            true,
				Validators:          []validator.String{rolePolicyRoleValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *iamRolePolicyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *iamRolePolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanIAMName(ctx, req, resp)
}

// findRolePolicyByTwoPartKey returns the decoded document of a role's
// inline policy, or an error wrapping errNotFound.
func findRolePolicyByTwoPartKey(ctx context.Context, conn *iam.Client, role, name string) (string, error) {
	out, err := conn.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(name)})
	if err != nil {
		return "", iamNotFoundIf(err)
	}

	return decodeIAMDocument(aws.ToString(out.PolicyDocument))
}

func parseRolePolicyID(id string) (string, string, error) {
	parts := strings.SplitN(id, ":", 2)
	if len(parts) != 2 {
		return "", "", fmt.Errorf("role_policy id must be of the form <role name>:<policy name>")
	}

	return parts[0], parts[1], nil
}

func (r *iamRolePolicyResource) read(ctx context.Context, m *iamRolePolicyModel, isNew bool) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	conn, err := r.client.iamConn()
	if err != nil {
		diags.AddError("Error reading IAM Role Policy", err.Error())
		return false, diags
	}
	role, name, err := parseRolePolicyID(m.ID.ValueString())
	if err != nil {
		diags.AddError("Error reading IAM Role Policy", err.Error())
		return false, diags
	}
	find := func(ctx context.Context) (string, error) { return findRolePolicyByTwoPartKey(ctx, conn, role, name) }
	var doc string
	if isNew {
		doc, err = retryWhen(ctx, iamPropagationTimeout, isIAMNotFound, find)
	} else {
		doc, err = find(ctx)
	}
	if !isNew && isIAMNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading IAM Role Policy", fmt.Sprintf("reading IAM Role Policy (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.Role = types.StringValue(role)
	m.Name = types.StringValue(name)
	m.NamePrefix = iamNamePrefixFromName(name)
	if m.Policy.IsNull() || m.Policy.IsUnknown() || !policiesEquivalent(m.Policy.ValueString(), doc) {
		m.Policy = PolicyString(doc)
	}

	return true, diags
}

// put writes the policy and reads it back into plan.
func (r *iamRolePolicyResource) put(ctx context.Context, plan *iamRolePolicyModel, name string, diags *diag.Diagnostics, isNew bool) {
	conn, err := r.client.iamConn()
	if err != nil {
		diags.AddError("Error putting IAM Role Policy", err.Error())
		return
	}
	doc, err := legacyPolicyNormalize(plan.Policy.ValueString())
	if err != nil {
		diags.AddError("Error putting IAM Role Policy", err.Error())
		return
	}
	role := plan.Role.ValueString()
	if _, err := conn.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
		RoleName: aws.String(role), PolicyName: aws.String(name), PolicyDocument: aws.String(doc),
	}); err != nil {
		diags.AddError("Error putting IAM Role Policy", fmt.Sprintf("putting IAM Role (%s) Policy (%s): %s", role, name, err))
		return
	}
	plan.ID = types.StringValue(role + ":" + name)
	found, d := r.read(ctx, plan, isNew)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading IAM Role Policy", fmt.Sprintf("reading IAM Role Policy (%s): %s", plan.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *iamRolePolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, cfg iamRolePolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, &plan, iamCreateName(cfg.Name.ValueString(), cfg.NamePrefix.ValueString()), &resp.Diagnostics, true)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamRolePolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state iamRolePolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, diags := r.read(ctx, &state, false)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		tflog.Warn(ctx, "IAM Role Policy not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *iamRolePolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state iamRolePolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.put(ctx, &plan, state.Name.ValueString(), &resp.Diagnostics, false)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamRolePolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state iamRolePolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role Policy", err.Error())
		return
	}
	role, name, err := parseRolePolicyID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role Policy", err.Error())
		return
	}
	_, err = conn.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(name)})
	if err != nil && !isIAMNotFound(err) {
		resp.Diagnostics.AddError("Error deleting IAM Role Policy", fmt.Sprintf("deleting IAM Role Policy (%s): %s", state.ID.ValueString(), err))
	}
}

// ImportState accepts ROLE:NAME.
func (r *iamRolePolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	role, name, err := parseRolePolicyID(req.ID)
	if err != nil || role == "" || name == "" {
		resp.Diagnostics.AddError("Unexpected import identifier",
			fmt.Sprintf("Unexpected format of ID (%q), expected <role-name>:<policy-name>", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("role"), role)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}
