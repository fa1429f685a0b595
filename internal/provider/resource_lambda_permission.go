package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/lambdaspec"
)

func init() { registerResource(NewLambdaPermissionResource) }

var (
	_ resource.Resource                     = &lambdaPermissionResource{}
	_ resource.ResourceWithConfigure        = &lambdaPermissionResource{}
	_ resource.ResourceWithImportState      = &lambdaPermissionResource{}
	_ resource.ResourceWithModifyPlan       = &lambdaPermissionResource{}
	_ resource.ResourceWithConfigValidators = &lambdaPermissionResource{}
)

// NewLambdaPermissionResource is aws_lambda_permission: one statement of a
// function's resource-based policy (AddPermission). Its id is the statement
// id; every argument replaces it.
func NewLambdaPermissionResource() resource.Resource { return &lambdaPermissionResource{} }

type lambdaPermissionResource struct {
	client *Client
}

type lambdaPermissionModel struct {
	Region                types.String `tfsdk:"region"`
	ID                    types.String `tfsdk:"id"`
	Action                types.String `tfsdk:"action"`
	EventSourceToken      types.String `tfsdk:"event_source_token"`
	FunctionName          types.String `tfsdk:"function_name"`
	FunctionURLAuthType   types.String `tfsdk:"function_url_auth_type"`
	InvokedViaFunctionURL types.Bool   `tfsdk:"invoked_via_function_url"`
	Principal             types.String `tfsdk:"principal"`
	PrincipalOrgID        types.String `tfsdk:"principal_org_id"`
	Qualifier             types.String `tfsdk:"qualifier"`
	SourceAccount         types.String `tfsdk:"source_account"`
	SourceARN             types.String `tfsdk:"source_arn"`
	StatementID           types.String `tfsdk:"statement_id"`
	StatementIDPrefix     types.String `tfsdk:"statement_id_prefix"`
}

func (r *lambdaPermissionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lambda_permission"
}

// forceNewString is an Optional argument that replaces the resource when
// it changes.
func forceNewString(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Validators:          validators,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

func (r *lambdaPermissionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives an AWS service or another account permission to use a Lambda function: one statement of the function's resource-based policy. " +
			"API Gateway needs one (principal `apigateway.amazonaws.com`) to call a function from an `AWS` or `AWS_PROXY` integration; " +
			"`portico serve` enforces it as AWS does, so a missing permission answers 500 locally too.",
		Attributes: map[string]schema.Attribute{
			"region": regionAttribute(),
			"id":     idAttribute("The statement id."),
			"action": keyAttribute("Action the principal may use, e.g. `lambda:InvokeFunction` (`lambda:*` and `*` are accepted).",
				ruleString("Invalid action", "must be a valid action (usually starts with lambda:)", lambdaspec.ValidateAction)),
			"event_source_token": forceNewString("Event source token (Alexa Smart Home functions).",
				ruleString("Invalid event_source_token", "must contain alphanumeric, periods, underscores or dashes only", lambdaspec.ValidateEventSourceToken)),
			"function_name": keyAttribute("Name, partial ARN or ARN of the function (a `:QUALIFIER` suffix is accepted, as by AddPermission).",
				ruleString("Invalid function_name", "must be valid function name or function ARN", func(s string) error {
					_, err := lambdaspec.ParseFunctionRef(s)
					return err
				})),
			"function_url_auth_type": forceNewString("Function URL auth type the permission applies to: `AWS_IAM` or `NONE`.",
				stringvalidator.OneOf(lambdaspec.FunctionURLAuthTypes...)),
			"invoked_via_function_url": schema.BoolAttribute{
				MarkdownDescription: "Whether the permission applies only to invocations through a function URL.",
				Optional:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"principal": keyAttribute("Who gets the permission: a service principal such as `apigateway.amazonaws.com` or `s3.amazonaws.com`, an account id, an IAM ARN, or `*`.",
				stringvalidator.LengthAtLeast(1)),
			"principal_org_id": forceNewString("AWS Organizations id whose accounts get the permission."),
			"qualifier": forceNewString("Function version or alias the permission applies to.",
				ruleString("Invalid qualifier", "must contain alphanumeric, dollar signs, underscores or dashes only", lambdaspec.ValidateQualifier)),
			"source_account": forceNewString("Account id the source (`source_arn`) must belong to.",
				ruleString("Invalid source_account", "must be a 12-digit account id", lambdaspec.ValidateAccountID)),
			"source_arn": forceNewString("ARN of the source allowed to use the function; for API Gateway, the method's execute-api ARN, e.g. `\"${aws_api_gateway_rest_api.x.execution_arn}/*/*\"`. Left out, any source of the principal may.",
				arnValidators()...),
			"statement_id": schema.StringAttribute{
				MarkdownDescription: "Statement id (letters, digits, `-`, `_`; at most 100). Left out: generated, `terraform-` followed by a unique suffix (or `statement_id_prefix` followed by one).",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{ruleString("Invalid statement_id", "must contain alphanumeric, underscores or dashes only", lambdaspec.ValidateStatementID)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"statement_id_prefix": schema.StringAttribute{
				MarkdownDescription: "Prefix of a generated statement id. Conflicts with `statement_id`.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					ruleString("Invalid statement_id_prefix", "must contain alphanumeric, underscores or dashes only", func(s string) error {
						if len(s) > lambdaspec.StatementIDMaxLen-uniqueIDSuffixLength {
							return fmt.Errorf("statement_id_prefix %q is longer than %d characters (the unique suffix takes %d of the %d)", s, lambdaspec.StatementIDMaxLen-uniqueIDSuffixLength, uniqueIDSuffixLength, lambdaspec.StatementIDMaxLen)
						}
						return lambdaspec.ValidateStatementID(s)
					}),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *lambdaPermissionResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("statement_id"), path.MatchRoot("statement_id_prefix")),
	}
}

func (r *lambdaPermissionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

func (r *lambdaPermissionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
}

// Unique statement ids, as HashiCorp's id.PrefixedUniqueId: the prefix, a
// UTC timestamp to the 1/10000 s and an 8-digit counter (26 characters).
const (
	uniqueIDPrefix       = "terraform-"
	uniqueIDSuffixLength = 26
)

var uniqueIDCounter atomic.Uint32

func prefixedUniqueID(prefix string) string {
	ts := strings.Replace(time.Now().UTC().Format("20060102150405.0000"), ".", "", 1)

	return fmt.Sprintf("%s%s%08x", prefix, ts, uniqueIDCounter.Add(1))
}

// statementIDPrefixOf is HashiCorp's create.NamePrefixFromName: the prefix
// of a generated id, or "" when sid is not one.
func statementIDPrefixOf(sid string) (string, bool) {
	if len(sid) < uniqueIDSuffixLength {
		return "", false
	}
	suffix := sid[len(sid)-uniqueIDSuffixLength:]
	for i, c := range suffix {
		digit := c >= '0' && c <= '9'
		hex := digit || (c >= 'a' && c <= 'f')
		if (i < 18 && !digit) || !hex {
			return "", false
		}
	}

	return sid[:len(sid)-uniqueIDSuffixLength], true
}

// permissionLocks serialises AddPermission/RemovePermission per function, as
// HashiCorp's provider does (parallel policy edits lose statements on AWS).
var (
	permissionLocksMu sync.Mutex
	permissionLocks   = map[string]*sync.Mutex{}
)

func lockFunction(name string) func() {
	permissionLocksMu.Lock()
	mu, ok := permissionLocks[name]
	if !ok {
		mu = &sync.Mutex{}
		permissionLocks[name] = mu
	}
	permissionLocksMu.Unlock()
	mu.Lock()

	return mu.Unlock
}

func (r *lambdaPermissionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan lambdaPermissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.regionOf(plan.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error adding Lambda Permission", err.Error())
		return
	}
	functionName := plan.FunctionName.ValueString()
	sid := plan.StatementID.ValueString()
	if plan.StatementID.IsUnknown() || sid == "" {
		prefix := uniqueIDPrefix
		if !plan.StatementIDPrefix.IsUnknown() && !plan.StatementIDPrefix.IsNull() {
			prefix = plan.StatementIDPrefix.ValueString()
		}
		sid = prefixedUniqueID(prefix)
	}
	input := &lambda.AddPermissionInput{
		Action:       plan.Action.ValueStringPointer(),
		FunctionName: aws.String(functionName),
		Principal:    plan.Principal.ValueStringPointer(),
		StatementId:  aws.String(sid),
	}
	opt := func(v types.String) *string {
		if v.ValueString() == "" {
			return nil
		}
		return aws.String(v.ValueString())
	}
	input.EventSourceToken = opt(plan.EventSourceToken)
	input.PrincipalOrgID = opt(plan.PrincipalOrgID)
	input.Qualifier = opt(plan.Qualifier)
	input.SourceAccount = opt(plan.SourceAccount)
	input.SourceArn = opt(plan.SourceARN)
	if v := plan.FunctionURLAuthType.ValueString(); v != "" {
		input.FunctionUrlAuthType = lambdatypes.FunctionUrlAuthType(v)
	}
	if !plan.InvokedViaFunctionURL.IsNull() && !plan.InvokedViaFunctionURL.IsUnknown() {
		input.InvokedViaFunctionUrl = aws.Bool(plan.InvokedViaFunctionURL.ValueBool())
	}

	unlock := lockFunction(functionName)
	_, err = retryWhen(ctx, lambdaPropagationTimeout, func(err error) bool {
		// Lambda and IAM eventual consistency; a statement id that exists
		// already is a lasting conflict, reported at once.
		return lambdaErrorContains(err, "ResourceConflictException", "in progress", "The operation cannot be performed at this time")
	}, func(ctx context.Context) (*lambda.AddPermissionOutput, error) {
		return conn.AddPermission(ctx, input)
	})
	unlock()
	if err != nil {
		resp.Diagnostics.AddError("Error adding Lambda Permission", fmt.Sprintf("adding Lambda Permission (%s/%s): %s", functionName, sid, err))
		return
	}
	plan.ID = types.StringValue(sid)
	plan.StatementID = types.StringValue(sid)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)

	found, diags := r.read(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Error reading Lambda Permission", fmt.Sprintf("reading Lambda Permission (%s/%s): %s", functionName, sid, errGoneAfterWrite))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// findLambdaPolicyStatement returns the statement sid of the function's
// (qualified) policy, or an error wrapping errNotFound.
func findLambdaPolicyStatement(ctx context.Context, conn *lambda.Client, functionName, sid, qualifier string) (*lambdaspec.Statement, error) {
	input := &lambda.GetPolicyInput{FunctionName: aws.String(functionName)}
	if qualifier != "" {
		input.Qualifier = aws.String(qualifier)
	}
	out, err := conn.GetPolicy(ctx, input)
	if err != nil {
		return nil, lambdaNotFoundIf(err)
	}
	var policy lambdaspec.Policy
	if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &policy); err != nil {
		return nil, fmt.Errorf("decoding the policy of %s: %w", functionName, err)
	}
	for i := range policy.Statement {
		if policy.Statement[i].Sid == sid {
			return &policy.Statement[i], nil
		}
	}

	return nil, errors.Join(errNotFound, fmt.Errorf("no statement %q in the policy", sid))
}

// read refreshes m from the function's policy.
func (r *lambdaPermissionResource) read(ctx context.Context, m *lambdaPermissionModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	conn, err := client.lambdaConn()
	if err != nil {
		diags.AddError("Error reading Lambda Permission", err.Error())
		return false, diags
	}
	functionName := m.FunctionName.ValueString()
	sid := m.ID.ValueString()
	qualifier := m.Qualifier.ValueString()
	if qualifier == "" {
		// "name:qualifier" (AddPermission accepts it) reads the qualified policy.
		if ref, err := lambdaspec.ParseFunctionRef(functionName); err == nil && ref.Qualifier != "" {
			qualifier = ref.Qualifier
		}
	}
	st, err := findLambdaPolicyStatement(ctx, conn, functionName, sid, qualifier)
	if isLambdaNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading Lambda Permission", fmt.Sprintf("reading Lambda Permission (%s/%s): %s", functionName, sid, err))
		return false, diags
	}
	p := st.Permission()

	strOrNull := func(v string) types.String {
		if v == "" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}
	resRef, _ := lambdaspec.ParseFunctionARN(st.Resource)
	cfgRef, cfgErr := lambdaspec.ParseFunctionRef(functionName)
	q := resRef.Qualifier
	if q != "" && m.Qualifier.IsNull() && cfgErr == nil && cfgRef.Qualifier == q {
		q = "" // written as function_name = "NAME:QUALIFIER"
	}
	m.Qualifier = strOrNull(q)
	// Keep function_name in the form the configuration used (name, partial
	// ARN, ARN) while it names the same function.
	if cfgErr != nil || cfgRef.Name != resRef.Name {
		if strings.HasPrefix(functionName, "arn:") {
			m.FunctionName = types.StringValue(lambdaspec.UnqualifiedARN(st.Resource))
		} else if resRef.Name != "" {
			m.FunctionName = types.StringValue(resRef.Name)
		}
	}

	m.Action = types.StringValue(p.Action)
	principal := p.Principal
	if prior := m.Principal.ValueString(); prior != "" {
		// An account id is stored as its root ARN; keep the written form.
		if pp := lambdaspec.PrincipalOf(client.Partition, prior); pp == st.Principal {
			principal = prior
		}
	}
	m.Principal = types.StringValue(principal)
	m.EventSourceToken = strOrNull(p.EventSourceToken)
	m.FunctionURLAuthType = strOrNull(p.FunctionURLAuthType)
	m.PrincipalOrgID = strOrNull(p.PrincipalOrgID)
	m.SourceAccount = strOrNull(p.SourceAccount)
	m.SourceARN = strOrNull(p.SourceArn)
	if v, ok := st.Condition["Bool"]["lambda:InvokedViaFunctionUrl"]; ok {
		m.InvokedViaFunctionURL = types.BoolValue(strings.EqualFold(v, "true"))
	} else if m.InvokedViaFunctionURL.IsUnknown() {
		m.InvokedViaFunctionURL = types.BoolNull()
	}
	m.ID = types.StringValue(st.Sid)
	m.StatementID = types.StringValue(st.Sid)
	if prefix, ok := statementIDPrefixOf(st.Sid); ok {
		m.StatementIDPrefix = types.StringValue(prefix)
	} else if m.StatementIDPrefix.IsUnknown() {
		m.StatementIDPrefix = types.StringNull()
	}

	return true, diags
}

func (r *lambdaPermissionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state lambdaPermissionModel
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
		tflog.Warn(ctx, "Lambda Permission not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update is never called with a change to make (every argument replaces
// the permission); it stores the plan.
func (r *lambdaPermissionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan lambdaPermissionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *lambdaPermissionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state lambdaPermissionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, err := r.client.regionOf(state.Region).lambdaConn()
	if err != nil {
		resp.Diagnostics.AddError("Error removing Lambda Permission", err.Error())
		return
	}
	functionName, sid := state.FunctionName.ValueString(), state.ID.ValueString()
	input := &lambda.RemovePermissionInput{FunctionName: aws.String(functionName), StatementId: aws.String(sid)}
	if v := state.Qualifier.ValueString(); v != "" {
		input.Qualifier = aws.String(v)
	}
	unlock := lockFunction(functionName)
	_, err = conn.RemovePermission(ctx, input)
	unlock()
	if isLambdaNotFound(err) {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error removing Lambda Permission", fmt.Sprintf("removing Lambda Permission (%s/%s): %s", functionName, sid, err))
		return
	}
	err = waitFor(ctx, "Lambda Permission "+functionName+"/"+sid+" delete", []string{"present"}, []string{""}, func(ctx context.Context) (string, string, error) {
		_, err := findLambdaPolicyStatement(ctx, conn, functionName, sid, state.Qualifier.ValueString())
		if isLambdaNotFound(err) {
			return "", "", nil
		}
		if err != nil {
			return "", "", err
		}
		return "present", "", nil
	})
	if err != nil {
		resp.Diagnostics.AddError("Error removing Lambda Permission", fmt.Sprintf("waiting for Lambda Permission (%s/%s) delete: %s", functionName, sid, err))
	}
}

// ImportState takes HashiCorp's FUNCTION_NAME/STATEMENT_ID or
// FUNCTION_NAME:QUALIFIER/STATEMENT_ID, optionally followed by @REGION.
func (r *lambdaPermissionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importRegion(ctx, r.client, req.ID, resp)
	parts := strings.Split(id, "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		resp.Diagnostics.AddError("Unexpected import identifier",
			fmt.Sprintf("Unexpected format of ID (%q), expected FUNCTION_NAME/STATEMENT_ID or FUNCTION_NAME:QUALIFIER/STATEMENT_ID", req.ID))
		return
	}
	functionName, sid := parts[0], parts[1]
	if ref, err := lambdaspec.ParseFunctionRef(functionName); err == nil && ref.Qualifier != "" && !strings.HasPrefix(functionName, "arn:") {
		functionName = strings.TrimSuffix(functionName, ":"+ref.Qualifier)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("qualifier"), ref.Qualifier)...)
	} else if fnParts := strings.Split(functionName, ":"); len(fnParts) == 2 {
		functionName = fnParts[0]
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("qualifier"), fnParts[1])...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("function_name"), functionName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("statement_id"), sid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), sid)...)
}
