package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func init() { registerResource(NewIAMRoleResource) }

var (
	_ resource.Resource                = &iamRoleResource{}
	_ resource.ResourceWithConfigure   = &iamRoleResource{}
	_ resource.ResourceWithImportState = &iamRoleResource{}
	_ resource.ResourceWithModifyPlan  = &iamRoleResource{}
)

// NewIAMRoleResource is aws_iam_role. Its id is the role name, as
// HashiCorp's; it is imported by name.
func NewIAMRoleResource() resource.Resource { return &iamRoleResource{} }

type iamRoleResource struct {
	client *Client
}

type iamRoleModel struct {
	ID                  types.String `tfsdk:"id"`
	ARN                 types.String `tfsdk:"arn"`
	AssumeRolePolicy    PolicyValue  `tfsdk:"assume_role_policy"`
	CreateDate          types.String `tfsdk:"create_date"`
	Description         types.String `tfsdk:"description"`
	ForceDetachPolicies types.Bool   `tfsdk:"force_detach_policies"`
	InlinePolicy        types.Set    `tfsdk:"inline_policy"`
	ManagedPolicyARNs   types.Set    `tfsdk:"managed_policy_arns"`
	MaxSessionDuration  types.Int64  `tfsdk:"max_session_duration"`
	Name                types.String `tfsdk:"name"`
	NamePrefix          types.String `tfsdk:"name_prefix"`
	Path                types.String `tfsdk:"path"`
	PermissionsBoundary types.String `tfsdk:"permissions_boundary"`
	Tags                types.Map    `tfsdk:"tags"`
	TagsAll             types.Map    `tfsdk:"tags_all"`
	UniqueID            types.String `tfsdk:"unique_id"`
}

// inlinePolicyType is the element of inline_policy.
var inlinePolicyType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name":   types.StringType,
	"policy": types.StringType,
}}

type inlinePolicy struct {
	Name   types.String `tfsdk:"name"`
	Policy types.String `tfsdk:"policy"`
}

func (r *iamRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iam_role"
}

func (r *iamRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tags, tagsAll := tagsSchema()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an IAM role: who may assume it (`assume_role_policy`), its inline and attached policies and tags. On `portico serve` roles are stored with AWS's ARNs, ids and errors but never enforced (see docs/iam.md).",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("Name of the role."),
			"arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the role, e.g. `arn:aws:iam::123456789012:role/path/name`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"assume_role_policy": schema.StringAttribute{
				MarkdownDescription: "Trust policy (JSON) that grants an entity permission to assume the role, e.g. from `data.aws_iam_policy_document.x.json` or `jsonencode`. Compared semantically: key order, whitespace, statement and list order do not cause a diff.",
				Required:            true,
				CustomType:          PolicyType{},
				Validators:          []validator.String{iamPolicyJSONValidator{}},
				PlanModifiers:       []planmodifier.String{policyPlanModifier{}},
			},
			"create_date": schema.StringAttribute{
				MarkdownDescription: "Creation date of the role (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the role (at most 1000 characters).",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(0, 1000),
					stringvalidator.RegexMatches(regexp.MustCompile(`^[^“‘]*$`), "cannot contain specially formatted single or double quotes: [“‘]"),
					stringvalidator.RegexMatches(regexp.MustCompile(`^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*$`), `must satisfy regular expression pattern: [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*)`),
				},
			},
			"force_detach_policies": schema.BoolAttribute{
				MarkdownDescription: "Detach all managed policies and delete all inline policies the role has before destroying it. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"managed_policy_arns": schema.SetAttribute{
				MarkdownDescription: "**Deprecated** (as in HashiCorp's provider 6.x): use `aws_iam_role_policy_attachment`. When set, the exact set of managed policy ARNs attached to the role; Terraform detaches any other. When not set, the role's attachments are read into state and left alone.",
				DeprecationMessage:  "managed_policy_arns is deprecated. Use the aws_iam_role_policy_attachment resource instead. If Terraform should exclusively manage all managed policy attachments (the current behavior of this argument), use the aws_iam_role_policy_attachments_exclusive resource as well.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Set{setvalidator.ValueStringsAre(arnValidator{})},
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"max_session_duration": schema.Int64Attribute{
				MarkdownDescription: "Maximum session duration (seconds) for the role, 3600 to 43200. Defaults to 3600.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(3600),
				Validators:          []validator.Int64{int64validator.Between(3600, 43200)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the role (at most 64 characters of `[\\w+=,.@-]`). Generated when neither `name` nor `name_prefix` is set. Changing it replaces the role.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					iamNameValidator{max: roleNameMaxLen},
					stringvalidator.ConflictsWith(path.MatchRoot("name_prefix")),
				},
			},
			"name_prefix": schema.StringAttribute{
				MarkdownDescription: "Creates a unique name beginning with this prefix (at most 38 characters). Conflicts with `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{iamNameValidator{max: roleNamePrefixMaxLen}},
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "Path of the role, e.g. `/service/`. Defaults to `/`. Changing it replaces the role.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("/"),
				Validators:          []validator.String{stringvalidator.LengthBetween(0, 512)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"permissions_boundary": schema.StringAttribute{
				MarkdownDescription: "ARN of the managed policy that sets the role's permissions boundary.",
				Optional:            true,
				Validators:          []validator.String{arnValidator{}},
			},
			"tags":     tags,
			"tags_all": tagsAll,
			"unique_id": schema.StringAttribute{
				MarkdownDescription: "Stable unique id of the role (`AROA...`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"inline_policy": schema.SetNestedBlock{
				MarkdownDescription: "**Deprecated** (as in HashiCorp's provider 6.x): use `aws_iam_role_policy`. When given, the exact set of inline policies of the role; a single empty block means none. When not given, the role's inline policies are left alone.",
				DeprecationMessage:  "inline_policy is deprecated. Use the aws_iam_role_policy resource instead. If Terraform should exclusively manage all inline policy associations (the current behavior of this argument), use the aws_iam_role_policies_exclusive resource as well.",
				PlanModifiers:       []planmodifier.Set{inlinePoliciesPlanModifier{}},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: "Name of the inline policy.",
							Optional:            true,
							Validators:          []validator.String{iamNameValidator{max: policyNameMaxLen}},
						},
						"policy": schema.StringAttribute{
							MarkdownDescription: "Policy document (JSON).",
							Optional:            true,
							Validators:          []validator.String{iamPolicyJSONValidator{}},
						},
					},
				},
			},
		},
	}
}

func (r *iamRoleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *iamRoleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanIAMName(ctx, req, resp)
	modifyPlanTags(ctx, r.client, req, resp)
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	// The id follows the name: unknown when the name is.
	var name types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if name.IsUnknown() {
		for _, a := range []string{"id", "arn", "unique_id", "create_date"} {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(a), types.StringUnknown())...)
		}
	}
}

// findRoleByName returns the role or an error wrapping errNotFound.
func findRoleByName(ctx context.Context, conn *iam.Client, name string) (*iamtypes.Role, error) {
	out, err := conn.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		return nil, iamNotFoundIf(err)
	}
	if out.Role == nil {
		return nil, errors.Join(errNotFound, errors.New("empty result"))
	}

	return out.Role, nil
}

func findRoleAttachedPolicies(ctx context.Context, conn *iam.Client, role string) ([]string, error) {
	var out []string
	pages := iam.NewListAttachedRolePoliciesPaginator(conn, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, iamNotFoundIf(err)
		}
		for _, p := range page.AttachedPolicies {
			out = append(out, aws.ToString(p.PolicyArn))
		}
	}

	return out, nil
}

func findRolePolicyNames(ctx context.Context, conn *iam.Client, role string) ([]string, error) {
	var out []string
	pages := iam.NewListRolePoliciesPaginator(conn, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, iamNotFoundIf(err)
		}
		out = append(out, page.PolicyNames...)
	}

	return out, nil
}

// readRoleInlinePolicies returns name -> decoded document.
func readRoleInlinePolicies(ctx context.Context, conn *iam.Client, role string) (map[string]string, error) {
	names, err := findRolePolicyNames(ctx, conn, role)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		doc, err := findRolePolicyByTwoPartKey(ctx, conn, role, n)
		if err != nil {
			return nil, err
		}
		out[n] = doc
	}

	return out, nil
}

func iamTagsMap(tags []iamtypes.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}

	return out
}

func iamTagsList(m map[string]string) []iamtypes.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]iamtypes.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}

	return out
}

// tagChanges returns the keys to remove and the tags to set to move from
// oldAll to newAll, leaving ignored keys alone.
func (c *Client) tagChanges(oldAll, newAll map[string]string) ([]string, map[string]string) {
	var remove []string
	for k := range oldAll {
		if _, ok := newAll[k]; !ok && !c.IgnoreTags.Ignored(k) {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	set := map[string]string{}
	for k, v := range newAll {
		if ov, ok := oldAll[k]; (!ok || ov != v) && !c.IgnoreTags.Ignored(k) {
			set[k] = v
		}
	}

	return remove, set
}

// inlinePolicies reads the inline_policy set into name -> document,
// skipping empty blocks.
func inlinePolicies(ctx context.Context, s types.Set, diags *diag.Diagnostics) map[string]string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var items []inlinePolicy
	diags.Append(s.ElementsAs(ctx, &items, false)...)
	out := map[string]string{}
	for _, it := range items {
		if it.Name.ValueString() == "" || it.Policy.ValueString() == "" {
			continue
		}
		out[it.Name.ValueString()] = it.Policy.ValueString()
	}

	return out
}

func inlinePoliciesEquivalent(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for n, da := range a {
		db, ok := b[n]
		if !ok || !policiesEquivalent(da, db) {
			return false
		}
	}

	return true
}

func inlinePolicySet(m map[string]string) types.Set {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	elems := make([]attr.Value, 0, len(names))
	for _, n := range names {
		elems = append(elems, types.ObjectValueMust(inlinePolicyType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(n), "policy": types.StringValue(m[n]),
		}))
	}

	return types.SetValueMust(inlinePolicyType, elems)
}

// inlinePoliciesPlanModifier plans the state's inline_policy when the
// configured one means the same (same names, equivalent documents).
type inlinePoliciesPlanModifier struct{}

func (inlinePoliciesPlanModifier) Description(_ context.Context) string {
	return "keeps equivalent inline policies unchanged"
}

func (m inlinePoliciesPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (inlinePoliciesPlanModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() ||
		len(req.ConfigValue.Elements()) != len(req.StateValue.Elements()) {
		return
	}
	var d diag.Diagnostics
	if inlinePoliciesEquivalent(inlinePolicies(ctx, req.ConfigValue, &d), inlinePolicies(ctx, req.StateValue, &d)) && !d.HasError() {
		resp.PlanValue = req.StateValue
	}
}

// read refreshes m from IAM; found is false when the role is gone.
func (r *iamRoleResource) read(ctx context.Context, m *iamRoleModel, isNew bool) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	conn, err := r.client.iamConn()
	if err != nil {
		diags.AddError("Error reading IAM Role", err.Error())
		return false, diags
	}
	name := m.ID.ValueString()
	find := func(ctx context.Context) (*iamtypes.Role, error) { return findRoleByName(ctx, conn, name) }
	var role *iamtypes.Role
	if isNew {
		role, err = retryWhen(ctx, iamPropagationTimeout, isIAMNotFound, find)
	} else {
		role, err = find(ctx)
	}
	if !isNew && isIAMNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading IAM Role", fmt.Sprintf("reading IAM Role (%s): %s", name, err))
		return false, diags
	}
	doc, err := decodeIAMDocument(aws.ToString(role.AssumeRolePolicyDocument))
	if err != nil {
		diags.AddError("Error reading IAM Role", fmt.Sprintf("reading IAM Role (%s): %s", name, err))
		return false, diags
	}
	m.ID = types.StringPointerValue(role.RoleName)
	m.Name = types.StringPointerValue(role.RoleName)
	m.NamePrefix = iamNamePrefixFromName(aws.ToString(role.RoleName))
	m.ARN = types.StringPointerValue(role.Arn)
	m.UniqueID = types.StringPointerValue(role.RoleId)
	m.Path = types.StringPointerValue(role.Path)
	m.CreateDate = types.StringValue(aws.ToTime(role.CreateDate).Format(time.RFC3339))
	m.Description = optionalString(role.Description, m.Description)
	m.MaxSessionDuration = types.Int64Value(int64(aws.ToInt32(role.MaxSessionDuration)))
	if role.PermissionsBoundary != nil {
		m.PermissionsBoundary = types.StringPointerValue(role.PermissionsBoundary.PermissionsBoundaryArn)
	} else {
		m.PermissionsBoundary = types.StringNull()
	}
	if m.AssumeRolePolicy.IsNull() || m.AssumeRolePolicy.IsUnknown() || !policiesEquivalent(m.AssumeRolePolicy.ValueString(), doc) {
		m.AssumeRolePolicy = PolicyString(doc)
	}
	if m.ForceDetachPolicies.IsNull() || m.ForceDetachPolicies.IsUnknown() {
		m.ForceDetachPolicies = types.BoolValue(false)
	}
	m.Tags, m.TagsAll = r.client.tagsForState(ctx, m.Tags, iamTagsMap(role.Tags))

	// inline_policy is managed only when configured (see the schema).
	if !m.InlinePolicy.IsNull() && !m.InlinePolicy.IsUnknown() {
		remote, err := readRoleInlinePolicies(ctx, conn, name)
		if err != nil {
			diags.AddError("Error reading IAM Role", fmt.Sprintf("reading inline policies for IAM role %s, error: %s", name, err))
			return false, diags
		}
		if !inlinePoliciesEquivalent(remote, inlinePolicies(ctx, m.InlinePolicy, &diags)) {
			m.InlinePolicy = inlinePolicySet(remote)
		}
	}
	arns, err := findRoleAttachedPolicies(ctx, conn, name)
	if err != nil {
		diags.AddError("Error reading IAM Role", fmt.Sprintf("reading IAM Policies attached to Role (%s): %s", name, err))
		return false, diags
	}
	sort.Strings(arns)
	m.ManagedPolicyARNs = types.SetValueMust(types.StringType, stringValues(arns))

	return true, diags
}

func stringValues(ss []string) []attr.Value {
	out := make([]attr.Value, len(ss))
	for i, s := range ss {
		out[i] = types.StringValue(s)
	}

	return out
}

func isMalformedInvalidPrincipal(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "MalformedPolicyDocument" &&
		strings.Contains(apiErr.ErrorMessage(), "Invalid principal in policy")
}

func isIAMErrorCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

func (r *iamRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, cfg iamRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Role", err.Error())
		return
	}
	trust, err := normalizeJSON(plan.AssumeRolePolicy.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Role", fmt.Sprintf("assume_role_policy (%s) is invalid JSON: %s", trust, err))
		return
	}
	name := iamCreateName(cfg.Name.ValueString(), cfg.NamePrefix.ValueString())
	input := &iam.CreateRoleInput{
		AssumeRolePolicyDocument: aws.String(trust),
		Path:                     plan.Path.ValueStringPointer(),
		RoleName:                 aws.String(name),
		MaxSessionDuration:       aws.Int32(int32(plan.MaxSessionDuration.ValueInt64())),
		Tags:                     iamTagsList(r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))),
	}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	if v := plan.PermissionsBoundary.ValueString(); v != "" {
		input.PermissionsBoundary = aws.String(v)
	}
	if len(input.Tags) == 0 {
		input.Tags = nil
	}
	_, err = retryWhen(ctx, iamPropagationTimeout, func(err error) bool {
		return isMalformedInvalidPrincipal(err) || isIAMErrorCode(err, "ConcurrentModification")
	}, func(ctx context.Context) (*iam.CreateRoleOutput, error) { return conn.CreateRole(ctx, input) })
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Role", fmt.Sprintf("creating IAM Role (%s): %s", name, err))
		return
	}
	plan.ID = types.StringValue(name)

	if policies := inlinePolicies(ctx, plan.InlinePolicy, &resp.Diagnostics); len(policies) > 0 {
		if err := putRoleInlinePolicies(ctx, conn, name, policies); err != nil {
			resp.Diagnostics.AddError("Error creating IAM Role", fmt.Sprintf("creating IAM Role (%s): %s", name, err))
			return
		}
	}
	if arns := setValues(ctx, plan.ManagedPolicyARNs, &resp.Diagnostics); len(arns) > 0 {
		if err := attachRolePolicies(ctx, conn, name, arns); err != nil {
			resp.Diagnostics.AddError("Error creating IAM Role", fmt.Sprintf("creating IAM Role (%s): %s", name, err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamRoleResource) readInto(ctx context.Context, m *iamRoleModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m, true)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading IAM Role", fmt.Sprintf("reading IAM Role (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func putRoleInlinePolicies(ctx context.Context, conn *iam.Client, role string, policies map[string]string) error {
	names := make([]string, 0, len(policies))
	for n := range policies {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, n := range names {
		doc, err := legacyPolicyNormalize(policies[n])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := conn.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
			RoleName: aws.String(role), PolicyName: aws.String(n), PolicyDocument: aws.String(doc),
		}); err != nil {
			errs = append(errs, fmt.Errorf("adding inline policy (%s): %w", n, err))
		}
	}

	return errors.Join(errs...)
}

func deleteRoleInlinePolicies(ctx context.Context, conn *iam.Client, role string, names []string) error {
	var errs []error
	for _, n := range names {
		_, err := conn.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(n)})
		if err != nil && !isIAMNotFound(err) {
			errs = append(errs, fmt.Errorf("deleting IAM Role (%s) policy (%s): %w", role, n, err))
		}
	}

	return errors.Join(errs...)
}

func attachRolePolicies(ctx context.Context, conn *iam.Client, role string, arns []string) error {
	var errs []error
	for _, a := range arns {
		if err := attachPolicyToRole(ctx, conn, role, a); err != nil {
			errs = append(errs, err)
		}
	}

	return errors.Join(errs...)
}

func detachRolePolicies(ctx context.Context, conn *iam.Client, role string, arns []string) error {
	var errs []error
	for _, a := range arns {
		if err := detachPolicyFromRole(ctx, conn, role, a); err != nil {
			errs = append(errs, err)
		}
	}

	return errors.Join(errs...)
}

func (r *iamRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state iamRoleModel
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
		tflog.Warn(ctx, "IAM Role not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *iamRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state iamRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error updating IAM Role", err.Error())
		return
	}
	id := state.ID.ValueString()
	fail := func(what string, err error) {
		resp.Diagnostics.AddError("Error updating IAM Role", fmt.Sprintf("updating IAM Role (%s) %s: %s", id, what, err))
	}
	if !policiesEquivalent(plan.AssumeRolePolicy.ValueString(), state.AssumeRolePolicy.ValueString()) {
		trust, err := normalizeJSON(plan.AssumeRolePolicy.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("Error updating IAM Role", fmt.Sprintf("assume_role_policy (%s) is invalid JSON: %s", trust, err))
			return
		}
		_, err = retryWhen(ctx, iamPropagationTimeout, isMalformedInvalidPrincipal, func(ctx context.Context) (*iam.UpdateAssumeRolePolicyOutput, error) {
			return conn.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(id), PolicyDocument: aws.String(trust)})
		})
		if err != nil {
			fail("assume role policy", err)
			return
		}
	}
	if !plan.Description.Equal(state.Description) {
		if _, err := conn.UpdateRoleDescription(ctx, &iam.UpdateRoleDescriptionInput{
			RoleName: aws.String(id), Description: aws.String(plan.Description.ValueString()),
		}); err != nil {
			fail("description", err)
			return
		}
	}
	if !plan.MaxSessionDuration.Equal(state.MaxSessionDuration) {
		if _, err := conn.UpdateRole(ctx, &iam.UpdateRoleInput{
			RoleName: aws.String(id), MaxSessionDuration: aws.Int32(int32(plan.MaxSessionDuration.ValueInt64())),
		}); err != nil {
			fail("MaxSessionDuration", err)
			return
		}
	}
	if !plan.PermissionsBoundary.Equal(state.PermissionsBoundary) {
		if v := plan.PermissionsBoundary.ValueString(); v != "" {
			if _, err := conn.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: aws.String(id), PermissionsBoundary: aws.String(v)}); err != nil {
				fail("permissions boundary", err)
				return
			}
		} else if _, err := conn.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String(id)}); err != nil {
			fail("permissions boundary", err)
			return
		}
	}
	// inline_policy: exclusive when configured; leaving it out of the
	// configuration leaves the role's inline policies alone.
	if !plan.InlinePolicy.IsNull() && !plan.InlinePolicy.Equal(state.InlinePolicy) {
		want := inlinePolicies(ctx, plan.InlinePolicy, &resp.Diagnostics)
		have, err := readRoleInlinePolicies(ctx, conn, id)
		if err != nil {
			fail("inline policies", err)
			return
		}
		var remove []string
		put := map[string]string{}
		for n := range have {
			if _, ok := want[n]; !ok {
				remove = append(remove, n)
			}
		}
		for n, d := range want {
			if hd, ok := have[n]; !ok || !policiesEquivalent(hd, d) {
				put[n] = d
			}
		}
		sort.Strings(remove)
		if err := deleteRoleInlinePolicies(ctx, conn, id, remove); err != nil {
			fail("inline policies", err)
			return
		}
		if err := putRoleInlinePolicies(ctx, conn, id, put); err != nil {
			fail("inline policies", err)
			return
		}
	}
	if !plan.ManagedPolicyARNs.IsUnknown() && !plan.ManagedPolicyARNs.Equal(state.ManagedPolicyARNs) {
		want := setValues(ctx, plan.ManagedPolicyARNs, &resp.Diagnostics)
		have := setValues(ctx, state.ManagedPolicyARNs, &resp.Diagnostics)
		if err := detachRolePolicies(ctx, conn, id, minus(have, want)); err != nil {
			fail("managed policies", err)
			return
		}
		if err := attachRolePolicies(ctx, conn, id, minus(want, have)); err != nil {
			fail("managed policies", err)
			return
		}
	}
	if !plan.TagsAll.Equal(state.TagsAll) {
		remove, set := r.client.tagChanges(stringMap(ctx, state.TagsAll, &resp.Diagnostics), stringMap(ctx, plan.TagsAll, &resp.Diagnostics))
		if len(remove) > 0 {
			if _, err := conn.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String(id), TagKeys: remove}); err != nil {
				fail("tags", err)
				return
			}
		}
		if len(set) > 0 {
			if _, err := conn.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String(id), Tags: iamTagsList(set)}); err != nil {
				fail("tags", err)
				return
			}
		}
	}
	plan.ID = state.ID
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}

	return out
}

func (r *iamRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state iamRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role", err.Error())
		return
	}
	id := state.ID.ValueString()
	hasInline := len(inlinePolicies(ctx, state.InlinePolicy, &resp.Diagnostics)) > 0
	hasManaged := !state.ManagedPolicyARNs.IsNull() && !state.ManagedPolicyARNs.IsUnknown() && len(state.ManagedPolicyARNs.Elements()) > 0
	if err := deleteRole(ctx, conn, id, state.ForceDetachPolicies.ValueBool(), hasInline, hasManaged); err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role", fmt.Sprintf("deleting IAM Role (%s): %s", id, err))
	}
}

// deleteRole is HashiCorp's deleteRole: instance profiles, then (when asked
// or managed here) attached and inline policies, then the role, retrying
// the DeleteConflict IAM gives while detachments propagate.
func deleteRole(ctx context.Context, conn *iam.Client, role string, forceDetach, hasInline, hasManaged bool) error {
	profiles, err := conn.ListInstanceProfilesForRole(ctx, &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String(role)})
	switch {
	case isIAMNotFound(err):
		return nil
	case err != nil:
		return fmt.Errorf("reading IAM Instance Profiles for Role (%s): %w", role, err)
	}
	for _, p := range profiles.InstanceProfiles {
		if _, err := conn.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{
			InstanceProfileName: p.InstanceProfileName, RoleName: aws.String(role),
		}); err != nil && !isIAMNotFound(err) {
			return fmt.Errorf("removing IAM Role (%s) from Instance Profile (%s): %w", role, aws.ToString(p.InstanceProfileName), err)
		}
	}
	if forceDetach || hasManaged {
		arns, err := findRoleAttachedPolicies(ctx, conn, role)
		if err != nil && !isIAMNotFound(err) {
			return fmt.Errorf("reading IAM Policies attached to Role (%s): %w", role, err)
		}
		if err := detachRolePolicies(ctx, conn, role, arns); err != nil {
			return err
		}
	}
	if forceDetach || hasInline {
		names, err := findRolePolicyNames(ctx, conn, role)
		if err != nil && !isIAMNotFound(err) {
			return fmt.Errorf("reading IAM Role (%s) inline policies: %w", role, err)
		}
		if err := deleteRoleInlinePolicies(ctx, conn, role, names); err != nil {
			return err
		}
	}
	_, err = retryWhen(ctx, iamPropagationTimeout, func(err error) bool { return isIAMErrorCode(err, "DeleteConflict") },
		func(ctx context.Context) (*iam.DeleteRoleOutput, error) {
			return conn.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(role)})
		})
	if isIAMNotFound(err) {
		return nil
	}

	return err
}

// ImportState accepts the role name.
func (r *iamRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_detach_policies"), false)...)
}
