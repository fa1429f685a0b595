package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
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

func init() { registerResource(NewIAMRolePolicyAttachmentResource) }

var (
	_ resource.Resource                = &iamRolePolicyAttachmentResource{}
	_ resource.ResourceWithConfigure   = &iamRolePolicyAttachmentResource{}
	_ resource.ResourceWithImportState = &iamRolePolicyAttachmentResource{}
)

// NewIAMRolePolicyAttachmentResource is aws_iam_role_policy_attachment: a
// managed policy attached to a role. Its id is ROLE/POLICY-ARN, as
// HashiCorp's 6.x, and so is its import id.
func NewIAMRolePolicyAttachmentResource() resource.Resource {
	return &iamRolePolicyAttachmentResource{}
}

type iamRolePolicyAttachmentResource struct {
	client *Client
}

type iamRolePolicyAttachmentModel struct {
	ID        types.String `tfsdk:"id"`
	PolicyARN types.String `tfsdk:"policy_arn"`
	Role      types.String `tfsdk:"role"`
}

func (r *iamRolePolicyAttachmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iam_role_policy_attachment"
}

func (r *iamRolePolicyAttachmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Attaches a managed policy (a customer managed one, or an AWS managed one such as `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`) to an IAM role.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("`ROLE/POLICY-ARN`."),
			"policy_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the policy to attach. Changing it replaces the attachment.",
				Required:            true,
				Validators:          []validator.String{arnValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "Name of the IAM role. Changing it replaces the attachment.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *iamRolePolicyAttachmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

// attachPolicyToRole is HashiCorp's: AttachRolePolicy, retrying IAM's
// ConcurrentModification.
func attachPolicyToRole(ctx context.Context, conn *iam.Client, role, policyARN string) error {
	_, err := retryWhen(ctx, iamPropagationTimeout, func(err error) bool { return isIAMErrorCode(err, "ConcurrentModification") },
		func(ctx context.Context) (*iam.AttachRolePolicyOutput, error) {
			return conn.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{PolicyArn: aws.String(policyARN), RoleName: aws.String(role)})
		})
	if err != nil {
		return fmt.Errorf("attaching IAM Policy (%s) to IAM Role (%s): %w", policyARN, role, err)
	}

	return nil
}

// detachPolicyFromRole is HashiCorp's; NoSuchEntity is success.
func detachPolicyFromRole(ctx context.Context, conn *iam.Client, role, policyARN string) error {
	_, err := retryWhen(ctx, iamPropagationTimeout, func(err error) bool { return isIAMErrorCode(err, "ConcurrentModification") },
		func(ctx context.Context) (*iam.DetachRolePolicyOutput, error) {
			return conn.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{PolicyArn: aws.String(policyARN), RoleName: aws.String(role)})
		})
	if err != nil && !isIAMNotFound(err) {
		return fmt.Errorf("detaching IAM Policy (%s) from IAM Role (%s): %w", policyARN, role, err)
	}

	return nil
}

// findAttachedRolePolicyByTwoPartKey reports an error wrapping errNotFound
// when the role is gone or the policy is not attached to it.
func findAttachedRolePolicyByTwoPartKey(ctx context.Context, conn *iam.Client, role, policyARN string) error {
	arns, err := findRoleAttachedPolicies(ctx, conn, role)
	if err != nil {
		return err
	}
	for _, a := range arns {
		if a == policyARN {
			return nil
		}
	}

	return errors.Join(errNotFound, fmt.Errorf("IAM Role Policy Attachment (%s:%s) not found", role, policyARN))
}

func (r *iamRolePolicyAttachmentResource) read(ctx context.Context, m *iamRolePolicyAttachmentModel, isNew bool) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	conn, err := r.client.iamConn()
	if err != nil {
		diags.AddError("Error reading IAM Role Policy Attachment", err.Error())
		return false, diags
	}
	role, policyARN := m.Role.ValueString(), m.PolicyARN.ValueString()
	find := func(ctx context.Context) (struct{}, error) {
		return struct{}{}, findAttachedRolePolicyByTwoPartKey(ctx, conn, role, policyARN)
	}
	if isNew {
		_, err = retryWhen(ctx, iamPropagationTimeout, isIAMNotFound, find)
	} else {
		_, err = find(ctx)
	}
	if !isNew && isIAMNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading IAM Role Policy Attachment",
			fmt.Sprintf("reading IAM Role Policy Attachment (%s:%s): %s", role, policyARN, err))
		return false, diags
	}
	m.ID = types.StringValue(role + "/" + policyARN)

	return true, diags
}

func (r *iamRolePolicyAttachmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan iamRolePolicyAttachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error creating IAM Role Policy Attachment", err.Error())
		return
	}
	if err := attachPolicyToRole(ctx, conn, plan.Role.ValueString(), plan.PolicyARN.ValueString()); err != nil {
		resp.Diagnostics.AddError("Error creating IAM Role Policy Attachment", err.Error())
		return
	}
	found, diags := r.read(ctx, &plan, true)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() && !found {
		resp.Diagnostics.AddError("Error reading IAM Role Policy Attachment", errGoneAfterWrite.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamRolePolicyAttachmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state iamRolePolicyAttachmentModel
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
		tflog.Warn(ctx, "IAM Role Policy Attachment not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update is never called: every argument replaces the attachment.
func (r *iamRolePolicyAttachmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan iamRolePolicyAttachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *iamRolePolicyAttachmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state iamRolePolicyAttachmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.iamConn()
	if err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role Policy Attachment", err.Error())
		return
	}
	if err := detachPolicyFromRole(ctx, conn, state.Role.ValueString(), state.PolicyARN.ValueString()); err != nil {
		resp.Diagnostics.AddError("Error deleting IAM Role Policy Attachment", err.Error())
	}
}

// ImportState accepts ROLE/POLICY-ARN.
func (r *iamRolePolicyAttachmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.SplitN(req.ID, "/", 2)
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		resp.Diagnostics.AddError("Unexpected import identifier",
			fmt.Sprintf("unexpected format for Import ID (%q), expected <role-name>/<policy_arn>", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("role"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("policy_arn"), parts[1])...)
}
