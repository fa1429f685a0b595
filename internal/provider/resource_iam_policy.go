package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func init() { registerResource(NewIAMPolicyResource) }

var (
	_ resource.Resource                = &iamPolicyResource{}
	_ resource.ResourceWithConfigure   = &iamPolicyResource{}
	_ resource.ResourceWithImportState = &iamPolicyResource{}
	_ resource.ResourceWithModifyPlan  = &iamPolicyResource{}
)

// NewIAMPolicyResource is aws_iam_policy, a customer managed policy. Its
// id is its ARN, as HashiCorp's; it is imported by ARN.
func NewIAMPolicyResource() resource.Resource { return &iamPolicyResource{} }

type iamPolicyResource struct {
	client *Client
}

type iamPolicyModel struct {
	ID                           types.String `tfsdk:"id"`
	ARN                          types.String `tfsdk:"arn"`
	AttachmentCount              types.Int64  `tfsdk:"attachment_count"`
	DelayAfterPolicyCreationInMs types.Int64  `tfsdk:"delay_after_policy_creation_in_ms"`
	Description                  types.String `tfsdk:"description"`
	Name                         types.String `tfsdk:"name"`
	NamePrefix                   types.String `tfsdk:"name_prefix"`
	Path                         types.String `tfsdk:"path"`
	Policy                       PolicyValue  `tfsdk:"policy"`
	PolicyID                     types.String `tfsdk:"policy_id"`
	Tags                         types.Map    `tfsdk:"tags"`
	TagsAll                      types.Map    `tfsdk:"tags_all"`
}

// policyPathRE is HashiCorp's validPolicyPath: "/" or /.../ of printable
// ASCII.
var policyPathRE = regexp.MustCompile(`^(/|/[\x{21}-\x{7E}]+/)$`)

func (r *iamPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iam_policy"
}

func (r *iamPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	tags, tagsAll := tagsSchema()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a customer managed IAM policy. A change of `policy` creates a new default version (the oldest non-default version is deleted first when there are five). On `portico serve` policies are stored and validated as IAM validates them, never enforced (see docs/iam.md).",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("ARN of the policy."),
			"arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the policy, e.g. `arn:aws:iam::123456789012:policy/path/name`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"attachment_count": schema.Int64Attribute{
				MarkdownDescription: "Number of entities (users, groups and roles) the policy is attached to.",
				Computed:            true,
			},
			"delay_after_policy_creation_in_ms": schema.Int64Attribute{
				MarkdownDescription: "When set, an update creates the new version as non-default, waits this many milliseconds, then makes it the default (avoids a brief window in which IAM rejects session policies).",
				Optional:            true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the policy. Changing it replaces the policy.",
				Optional:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
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
			"path": schema.StringAttribute{
				MarkdownDescription: "Path of the policy, `/` or `/.../`. Defaults to `/`. Changing it replaces the policy.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("/"),
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 512),
					stringvalidator.RegexMatches(policyPathRE, "must begin and end with a slash (/)"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"policy": schema.StringAttribute{
				MarkdownDescription: "Policy document (JSON). Compared semantically.",
				Required:            true,
				CustomType:          PolicyType{},
				Validators:          []validator.String{iamPolicyJSONValidator{}},
				PlanModifiers:       []planmodifier.String{policyPlanModifier{}},
			},
			"policy_id": schema.StringAttribute{
				MarkdownDescription: "Stable unique id of the policy (`ANPA...`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tags":     tags,
			"tags_all": tagsAll,
		},
	}
}

func (r *iamPolicyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *iamPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanIAMName(ctx, req, resp)
	modifyPlanTags(ctx, r.client, req, resp)
}

// findPolicyByARN returns the policy or an error wrapping errNotFound.
func findPolicyByARN(ctx context.Context, conn *iam.Client, arn string) (*iamtypes.Policy, error) {
	out, err := conn.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		return nil, iamNotFoundIf(err)
	}
	if out.Policy == nil {
		return nil, errors.Join(errNotFound, errors.New("empty result"))
	}

	return out.Policy, nil
}

// findPolicyVersion returns a version's decoded document.
func findPolicyVersion(ctx context.Context, conn *iam.Client, arn, version string) (string, error) {
	out, err := conn.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)})
	if err != nil {
		return "", iamNotFoundIf(err)
	}
	if out.PolicyVersion == nil {
		return "", errors.Join(errNotFound, errors.New("empty result"))
	}

	return decodeIAMDocument(aws.ToString(out.PolicyVersion.Document))
}

func findPolicyVersions(ctx context.Context, conn *iam.Client, arn string) ([]iamtypes.PolicyVersion, error) {
	var out []iamtypes.PolicyVersion
	pages := iam.NewListPolicyVersionsPaginator(conn, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(arn)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, iamNotFoundIf(err)
		}
		out = append(out, page.Versions...)
	}

	return out, nil
}

type policyWithDocument struct {
	policy   *iamtypes.Policy
	document string
}

func (r *iamPolicyResource) read(ctx context.Context, m *iamPolicyModel, isNew bool) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	conn, err := r.client.iamConn()
	if err != nil {
		diags.AddError("Error reading IAM Policy", err.Error())
		return false, diags
	}
	arn := m.ID.ValueString()
	find := func(ctx context.Context) (policyWithDocument, error) {
		p, err := findPolicyByARN(ctx, conn, arn)
		if err != nil {
			return policyWithDocument{}, err
		}
		doc, err := findPolicyVersion(ctx, conn, arn, aws.ToString(p.DefaultVersionId))
		return policyWithDocument{p, doc}, err
	}
	var out policyWithDocument
	if isNew {
		out, err = retryWhen(ctx, iamPropagationTimeout, isIAMNotFound, find)
	} else {
		out, err = find(ctx)
	}
	if !isNew && isIAMNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading IAM Policy", fmt.Sprintf("reading IAM Policy (%s): %s", arn, err))
		return false, diags
	}
	p := out.policy
	m.ID = types.StringPointerValue(p.Arn)
	m.ARN = types.StringPointerValue(p.Arn)
	m.AttachmentCount = types.Int64Value(int64(aws.ToInt32(p.AttachmentCount)))
	m.Description = optionalString(p.Description, m.Description)
	m.Name = types.StringPointerValue(p.PolicyName)
	m.NamePrefix = iamNamePrefixFromName(aws.ToString(p.PolicyName))
	m.Path = types.StringPointerValue(p.Path)
	m.PolicyID = types.StringPointerValue(p.PolicyId)
	if m.Policy.IsNull() || m.Policy.IsUnknown() || !policiesEquivalent(m.Policy.ValueString(), out.document) {
		m.Policy = PolicyString(out.document)
	}
	m.Tags, m.TagsAll = r.client.tagsForState(ctx, m.Tags, iamTagsMap(p.Tags))

	return true, diags
}

func (r *iamPolicyResource) readInto(ctx context.Context, m *iamPolicyModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m, true)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading IAM Policy", fmt.Sprintf("reading IAM Policy (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func (r *iamPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, cfg iamPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Policy", err.Error())
		return
	}
	doc, err := normalizeJSON(plan.Policy.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Policy", fmt.Sprintf("policy (%s) is invalid JSON: %s", doc, err))
		return
	}
	name := iamCreateName(cfg.Name.ValueString(), cfg.NamePrefix.ValueString())
	input := &iam.CreatePolicyInput{
		Description:    aws.String(plan.Description.ValueString()),
		Path:           plan.Path.ValueStringPointer(),
		PolicyDocument: aws.String(doc),
		PolicyName:     aws.String(name),
		Tags:           iamTagsList(r.client.allTags(stringMap(ctx, plan.Tags, &resp.Diagnostics))),
	}
	if len(input.Tags) == 0 {
		input.Tags = nil
	}
	out, err := conn.CreatePolicy(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Policy", fmt.Sprintf("creating IAM Policy (%s): %s", name, err))
		return
	}
	plan.ID = types.StringPointerValue(out.Policy.Arn)
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state iamPolicyModel
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
		tflog.Warn(ctx, "IAM Policy not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// pruneVersions is HashiCorp's policyPruneVersions: with five versions,
// the oldest non-default one is deleted so that one more can be created.
func pruneVersions(ctx context.Context, conn *iam.Client, arn string) error {
	versions, err := findPolicyVersions(ctx, conn, arn)
	if err != nil {
		return err
	}
	if len(versions) < 5 {
		return nil
	}
	var oldest *iamtypes.PolicyVersion
	for i := range versions {
		v := &versions[i]
		if v.IsDefaultVersion {
			continue
		}
		if oldest == nil || aws.ToTime(v.CreateDate).Before(aws.ToTime(oldest.CreateDate)) {
			oldest = v
		}
	}
	if oldest == nil {
		return nil
	}

	return deletePolicyVersion(ctx, conn, arn, aws.ToString(oldest.VersionId))
}

func deletePolicyVersion(ctx context.Context, conn *iam.Client, arn, version string) error {
	if _, err := conn.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)}); err != nil {
		return fmt.Errorf("deleting IAM Policy (%s) version (%s): %w", arn, version, err)
	}

	return nil
}

func (r *iamPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state iamPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error updating IAM Policy", err.Error())
		return
	}
	arn := state.ID.ValueString()
	if !policiesEquivalent(plan.Policy.ValueString(), state.Policy.ValueString()) {
		if err := pruneVersions(ctx, conn, arn); err != nil {
			resp.Diagnostics.AddError("Error updating IAM Policy", err.Error())
			return
		}
		doc, err := normalizeJSON(plan.Policy.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("policy (%s) is invalid JSON: %s", doc, err))
			return
		}
		if delay := plan.DelayAfterPolicyCreationInMs.ValueInt64(); delay > 0 {
			out, err := conn.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(arn), PolicyDocument: aws.String(doc)})
			if err != nil {
				resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("creating IAM Policy (%s) version: %s", arn, err))
				return
			}
			version := aws.ToString(out.PolicyVersion.VersionId)
			t := time.NewTimer(time.Duration(delay) * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				resp.Diagnostics.AddError("Error updating IAM Policy", ctx.Err().Error())
				return
			case <-t.C:
			}
			if _, err := conn.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(version)}); err != nil {
				resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("setting IAM Policy (%s) default version (%s): %s", arn, version, err))
				return
			}
		} else if _, err := conn.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
			PolicyArn: aws.String(arn), PolicyDocument: aws.String(doc), SetAsDefault: true,
		}); err != nil {
			resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("updating IAM Policy (%s): %s", arn, err))
			return
		}
	}
	if !plan.TagsAll.Equal(state.TagsAll) {
		remove, set := r.client.tagChanges(stringMap(ctx, state.TagsAll, &resp.Diagnostics), stringMap(ctx, plan.TagsAll, &resp.Diagnostics))
		if len(remove) > 0 {
			if _, err := conn.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: aws.String(arn), TagKeys: remove}); err != nil {
				resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("updating IAM Policy (%s) tags: %s", arn, err))
				return
			}
		}
		if len(set) > 0 {
			if _, err := conn.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: aws.String(arn), Tags: iamTagsList(set)}); err != nil {
				resp.Diagnostics.AddError("Error updating IAM Policy", fmt.Sprintf("updating IAM Policy (%s) tags: %s", arn, err))
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

func (r *iamPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state iamPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Policy", err.Error())
		return
	}
	arn := state.ID.ValueString()
	versions, err := findPolicyVersions(ctx, conn, arn)
	if isIAMNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Policy", fmt.Sprintf("reading IAM Policy (%s) versions: %s", arn, err))
		return
	}
	for _, v := range versions {
		if v.IsDefaultVersion {
			continue
		}
		if err := deletePolicyVersion(ctx, conn, arn, aws.ToString(v.VersionId)); err != nil {
			resp.Diagnostics.AddError("Error deleting IAM Policy", err.Error())
			return
		}
	}
	if _, err := conn.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(arn)}); err != nil && !isIAMNotFound(err) {
		resp.Diagnostics.AddError("Error deleting IAM Policy", fmt.Sprintf("deleting IAM Policy (%s): %s", arn, err))
	}
}

// ImportState accepts the policy ARN.
func (r *iamPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
