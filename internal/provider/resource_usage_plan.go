package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/portico/portico/internal/apigw"
)

func init() { registerResource(NewUsagePlanResource) }

var (
	_ resource.Resource                = &usagePlanResource{}
	_ resource.ResourceWithConfigure   = &usagePlanResource{}
	_ resource.ResourceWithImportState = &usagePlanResource{}
)

// NewUsagePlanResource is aws_api_gateway_usage_plan. Its id is the plan
// id, as HashiCorp's; it is imported by that id.
func NewUsagePlanResource() resource.Resource { return &usagePlanResource{} }

type usagePlanResource struct {
	client *Client
}

type usagePlanModel struct {
	Region      types.String    `tfsdk:"region"`
	ID          types.String    `tfsdk:"id"`
	ARN         types.String    `tfsdk:"arn"`
	Name        types.String    `tfsdk:"name"`
	Description types.String    `tfsdk:"description"`
	ProductCode types.String    `tfsdk:"product_code"`
	APIStages   []apiStageModel `tfsdk:"api_stages"`
	Quota       []quotaModel    `tfsdk:"quota_settings"`
	Throttle    []throttleModel `tfsdk:"throttle_settings"`
}

type apiStageModel struct {
	APIID    types.String          `tfsdk:"api_id"`
	Stage    types.String          `tfsdk:"stage"`
	Throttle []methodThrottleModel `tfsdk:"throttle"`
}

type methodThrottleModel struct {
	Path       types.String  `tfsdk:"path"`
	BurstLimit types.Int64   `tfsdk:"burst_limit"`
	RateLimit  types.Float64 `tfsdk:"rate_limit"`
}

type quotaModel struct {
	Limit  types.Int64  `tfsdk:"limit"`
	Offset types.Int64  `tfsdk:"offset"`
	Period types.String `tfsdk:"period"`
}

type throttleModel struct {
	BurstLimit types.Int64   `tfsdk:"burst_limit"`
	RateLimit  types.Float64 `tfsdk:"rate_limit"`
}

func (r *usagePlanResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_usage_plan"
}

func throttleAttrs() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"burst_limit": schema.Int64Attribute{MarkdownDescription: "Bucket size: the most requests at once.", Optional: true,
			Validators: []validator.Int64{int64validator.AtLeast(0)}},
		"rate_limit": schema.Float64Attribute{MarkdownDescription: "Steady-state requests per second.", Optional: true,
			Validators: []validator.Float64{float64validator.AtLeast(0)}},
	}
}

func (r *usagePlanResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	methodThrottle := throttleAttrs()
	methodThrottle["path"] = schema.StringAttribute{MarkdownDescription: "Method: `/{resource_path}/{http_method}`, e.g. `/pets/GET`, or `/*/*`.", Required: true,
		Validators: []validator.String{ruleString("Invalid method path", "/{resource_path}/{http_method}", func(s string) error {
			if msg := apigw.CheckMethodThrottlePath(s); msg != "" {
				return fmt.Errorf("%s", msg)
			}
			return nil
		})}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an API Gateway usage plan: which stages its API keys may call, with a throttle (per method if wanted) and a quota.",
		Attributes: map[string]schema.Attribute{
			"region":       regionAttribute(),
			"id":           idAttribute("ID of the usage plan."),
			"arn":          schema.StringAttribute{MarkdownDescription: "ARN of the usage plan.", Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name":         schema.StringAttribute{MarkdownDescription: "Name of the usage plan.", Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"description":  schema.StringAttribute{MarkdownDescription: "Description of the usage plan.", Optional: true},
			"product_code": schema.StringAttribute{MarkdownDescription: "AWS Marketplace product identifier.", Optional: true},
		},
		Blocks: map[string]schema.Block{
			"api_stages": schema.ListNestedBlock{
				MarkdownDescription: "A stage the plan covers.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"api_id": schema.StringAttribute{MarkdownDescription: "ID of the REST API.", Required: true},
						"stage":  schema.StringAttribute{MarkdownDescription: "Name of the stage.", Required: true},
					},
					Blocks: map[string]schema.Block{
						"throttle": schema.ListNestedBlock{
							MarkdownDescription: "A per-method throttle of this stage, overriding `throttle_settings` for that method.",
							NestedObject:        schema.NestedBlockObject{Attributes: methodThrottle},
						},
					},
				},
			},
			"quota_settings": schema.ListNestedBlock{
				MarkdownDescription: "The most requests a key may make per period.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"limit": schema.Int64Attribute{MarkdownDescription: "Requests per period.", Required: true, Validators: []validator.Int64{int64validator.AtLeast(0)}},
					"offset": schema.Int64Attribute{MarkdownDescription: "Days into the period it starts: 0 for DAY, 0..6 for WEEK (0 = Sunday), 0..27 for MONTH. Defaults to 0.", Optional: true, Computed: true, Default: int64default.StaticInt64(0),
						Validators: []validator.Int64{int64validator.Between(0, 27)}},
					"period": schema.StringAttribute{MarkdownDescription: "`DAY`, `WEEK` or `MONTH`.", Required: true, Validators: []validator.String{stringvalidator.OneOf(apigw.QuotaPeriods...)}},
				}},
			},
			"throttle_settings": schema.ListNestedBlock{
				MarkdownDescription: "The plan's throttle, per API key.",
				Validators:          []validator.List{listvalidator.SizeAtMost(1)},
				NestedObject:        schema.NestedBlockObject{Attributes: throttleAttrs()},
			},
		},
	}
}

func (r *usagePlanResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configureResource(req, resp)
}

// ModifyPlan checks the quota's offset against its period (AWS's rule from
// apigw) and the region.
func (r *usagePlanResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	modifyPlanRegion(ctx, r.client, req, resp)
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan usagePlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	for _, q := range plan.Quota {
		if q.Period.IsUnknown() || q.Offset.IsUnknown() || q.Limit.IsUnknown() {
			continue
		}
		if msg := apigw.CheckQuota(apigw.QuotaSettings{Limit: int32(q.Limit.ValueInt64()), Offset: int32(q.Offset.ValueInt64()), Period: q.Period.ValueString()}); msg != "" {
			resp.Diagnostics.AddError("Invalid quota_settings", msg)
		}
	}
}

func findUsagePlanByID(ctx context.Context, conn *apigateway.Client, id string) (*apigateway.GetUsagePlanOutput, error) {
	out, err := conn.GetUsagePlan(ctx, &apigateway.GetUsagePlanInput{UsagePlanId: aws.String(id)})
	if err != nil {
		return nil, notFoundIf(err)
	}
	return out, nil
}

func int64Or(v types.Int64) int32 { return int32(v.ValueInt64()) }

func (r *usagePlanResource) read(ctx context.Context, m *usagePlanModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	m.Region = r.client.effectiveRegion(m.Region)
	client := r.client.regionOf(m.Region)
	out, err := findUsagePlanByID(ctx, client.APIGateway, m.ID.ValueString())
	if isNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Error reading API Gateway Usage Plan", fmt.Sprintf("reading API Gateway Usage Plan (%s): %s", m.ID.ValueString(), err))
		return false, diags
	}
	m.ARN = types.StringValue(fmt.Sprintf("arn:%s:apigateway:%s::/usageplans/%s", client.Partition, client.Region, aws.ToString(out.Id)))
	m.Name = types.StringPointerValue(out.Name)
	m.Description = optionalString(out.Description, m.Description)
	m.ProductCode = optionalString(out.ProductCode, m.ProductCode)
	prior := map[string]apiStageModel{}
	for _, s := range m.APIStages {
		prior[s.APIID.ValueString()+":"+s.Stage.ValueString()] = s
	}
	m.APIStages = nil
	for _, s := range out.ApiStages {
		as := apiStageModel{APIID: types.StringPointerValue(s.ApiId), Stage: types.StringPointerValue(s.Stage)}
		p := prior[aws.ToString(s.ApiId)+":"+aws.ToString(s.Stage)]
		seen := map[string]bool{}
		for _, pt := range p.Throttle { // the configuration's order first
			if t, ok := s.Throttle[pt.Path.ValueString()]; ok {
				as.Throttle = append(as.Throttle, methodThrottleOf(pt.Path.ValueString(), t, pt))
				seen[pt.Path.ValueString()] = true
			}
		}
		for path, t := range s.Throttle {
			if !seen[path] {
				as.Throttle = append(as.Throttle, methodThrottleOf(path, t, methodThrottleModel{}))
			}
		}
		m.APIStages = append(m.APIStages, as)
	}
	m.Quota = nil
	if q := out.Quota; q != nil {
		qm := quotaModel{Limit: types.Int64Value(int64(q.Limit)), Period: types.StringValue(string(q.Period)), Offset: types.Int64Value(int64(q.Offset))}
		m.Quota = []quotaModel{qm}
	}
	priorT := throttleModel{}
	if len(m.Throttle) > 0 {
		priorT = m.Throttle[0]
	}
	m.Throttle = nil
	if t := out.Throttle; t != nil {
		m.Throttle = []throttleModel{{BurstLimit: keepNullInt(priorT.BurstLimit, int64(t.BurstLimit)), RateLimit: keepNullFloat(priorT.RateLimit, t.RateLimit)}}
	}
	return true, diags
}

// keepNullInt keeps an unset optional number unset when the gateway reports
// its zero value.
func keepNullInt(prior types.Int64, v int64) types.Int64 {
	if v == 0 && prior.IsNull() {
		return prior
	}
	return types.Int64Value(v)
}

func keepNullFloat(prior types.Float64, v float64) types.Float64 {
	if v == 0 && prior.IsNull() {
		return prior
	}
	return types.Float64Value(v)
}

func methodThrottleOf(path string, t awstypes.ThrottleSettings, prior methodThrottleModel) methodThrottleModel {
	return methodThrottleModel{Path: types.StringValue(path), BurstLimit: keepNullInt(prior.BurstLimit, int64(t.BurstLimit)), RateLimit: keepNullFloat(prior.RateLimit, t.RateLimit)}
}

func (r *usagePlanResource) readInto(ctx context.Context, m *usagePlanModel, diags *diag.Diagnostics) {
	found, d := r.read(ctx, m)
	diags.Append(d...)
	if !diags.HasError() && !found {
		diags.AddError("Error reading API Gateway Usage Plan", fmt.Sprintf("reading API Gateway Usage Plan (%s): %s", m.ID.ValueString(), errGoneAfterWrite))
	}
}

func expandAPIStages(stages []apiStageModel) []awstypes.ApiStage {
	var out []awstypes.ApiStage
	for _, s := range stages {
		as := awstypes.ApiStage{ApiId: s.APIID.ValueStringPointer(), Stage: s.Stage.ValueStringPointer()}
		for _, t := range s.Throttle {
			if as.Throttle == nil {
				as.Throttle = map[string]awstypes.ThrottleSettings{}
			}
			as.Throttle[t.Path.ValueString()] = awstypes.ThrottleSettings{BurstLimit: int64Or(t.BurstLimit), RateLimit: t.RateLimit.ValueFloat64()}
		}
		out = append(out, as)
	}
	return out
}

func (r *usagePlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan usagePlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	input := &apigateway.CreateUsagePlanInput{Name: plan.Name.ValueStringPointer(), ApiStages: expandAPIStages(plan.APIStages)}
	if v := plan.Description.ValueString(); v != "" {
		input.Description = aws.String(v)
	}
	for _, q := range plan.Quota {
		input.Quota = &awstypes.QuotaSettings{Limit: int64Or(q.Limit), Offset: int64Or(q.Offset), Period: awstypes.QuotaPeriodType(q.Period.ValueString())}
	}
	for _, t := range plan.Throttle {
		input.Throttle = &awstypes.ThrottleSettings{BurstLimit: int64Or(t.BurstLimit), RateLimit: t.RateLimit.ValueFloat64()}
	}
	client := r.client.regionOf(plan.Region)
	out, err := client.APIGateway.CreateUsagePlan(ctx, input)
	if err != nil {
		resp.Diagnostics.AddError("Error creating API Gateway Usage Plan", fmt.Sprintf("creating API Gateway Usage Plan (%s): %s", plan.Name.ValueString(), err))
		return
	}
	plan.ID = types.StringPointerValue(out.Id)
	if v := plan.ProductCode.ValueString(); v != "" {
		if _, err := client.APIGateway.UpdateUsagePlan(ctx, &apigateway.UpdateUsagePlanInput{UsagePlanId: out.Id, PatchOperations: []awstypes.PatchOperation{replaceOp("/productCode", v)}}); err != nil {
			resp.Diagnostics.AddError("Error creating API Gateway Usage Plan", fmt.Sprintf("updating API Gateway Usage Plan (%s): %s", plan.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *usagePlanResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	adoptForeignState(ctx, req.Private, &req.State, &resp.Diagnostics)
	markState(ctx, resp.Private, &resp.Diagnostics)
	var state usagePlanModel
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
		tflog.Warn(ctx, "API Gateway Usage Plan not found, removing from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// usagePlanPatch turns the difference of state and plan into patch
// operations, as HashiCorp's provider does.
func usagePlanPatch(state, plan usagePlanModel) []awstypes.PatchOperation {
	var ops []awstypes.PatchOperation
	if !plan.Name.Equal(state.Name) {
		ops = append(ops, replaceOp("/name", plan.Name.ValueString()))
	}
	if !plan.Description.Equal(state.Description) {
		ops = append(ops, replaceOp("/description", plan.Description.ValueString()))
	}
	if !plan.ProductCode.Equal(state.ProductCode) {
		ops = append(ops, replaceOp("/productCode", plan.ProductCode.ValueString()))
	}
	key := func(s apiStageModel) string { return s.APIID.ValueString() + ":" + s.Stage.ValueString() }
	old := map[string]apiStageModel{}
	for _, s := range state.APIStages {
		old[key(s)] = s
	}
	now := map[string]bool{}
	for _, s := range plan.APIStages {
		now[key(s)] = true
		prev, had := old[key(s)]
		if !had {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String("/apiStages"), Value: aws.String(key(s))})
		}
		prevT := map[string]methodThrottleModel{}
		for _, t := range prev.Throttle {
			prevT[t.Path.ValueString()] = t
		}
		nowT := map[string]bool{}
		for _, t := range s.Throttle {
			p := t.Path.ValueString()
			nowT[p] = true
			base := "/apiStages/" + key(s) + "/throttle/" + apigw.EscapePatchKey(p)
			if pt, ok := prevT[p]; !ok || !pt.BurstLimit.Equal(t.BurstLimit) || !pt.RateLimit.Equal(t.RateLimit) {
				ops = append(ops, replaceOp(base+"/burstLimit", strconv.FormatInt(t.BurstLimit.ValueInt64(), 10)), replaceOp(base+"/rateLimit", fmtFloat(t.RateLimit.ValueFloat64())))
			}
		}
		for p := range prevT {
			if !nowT[p] {
				ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/apiStages/" + key(s) + "/throttle/" + apigw.EscapePatchKey(p))})
			}
		}
	}
	for k := range old {
		if !now[k] {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/apiStages"), Value: aws.String(k)})
		}
	}
	switch {
	case len(plan.Quota) == 0 && len(state.Quota) > 0:
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/quota")})
	case len(plan.Quota) > 0 && (len(state.Quota) == 0 || plan.Quota[0] != state.Quota[0]):
		q := plan.Quota[0]
		ops = append(ops, replaceOp("/quota/limit", strconv.FormatInt(q.Limit.ValueInt64(), 10)),
			replaceOp("/quota/offset", strconv.FormatInt(q.Offset.ValueInt64(), 10)), replaceOp("/quota/period", q.Period.ValueString()))
	}
	switch {
	case len(plan.Throttle) == 0 && len(state.Throttle) > 0:
		ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String("/throttle")})
	case len(plan.Throttle) > 0 && (len(state.Throttle) == 0 || plan.Throttle[0] != state.Throttle[0]):
		t := plan.Throttle[0]
		ops = append(ops, replaceOp("/throttle/burstLimit", strconv.FormatInt(t.BurstLimit.ValueInt64(), 10)), replaceOp("/throttle/rateLimit", fmtFloat(t.RateLimit.ValueFloat64())))
	}
	return ops
}

func (r *usagePlanResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	markState(ctx, resp.Private, &resp.Diagnostics)
	var plan, state usagePlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if ops := usagePlanPatch(state, plan); len(ops) > 0 {
		if _, err := r.client.regionOf(state.Region).APIGateway.UpdateUsagePlan(ctx, &apigateway.UpdateUsagePlanInput{UsagePlanId: state.ID.ValueStringPointer(), PatchOperations: ops}); err != nil {
			resp.Diagnostics.AddError("Error updating API Gateway Usage Plan", fmt.Sprintf("updating API Gateway Usage Plan (%s): %s", state.ID.ValueString(), err))
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *usagePlanResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state usagePlanModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.client.regionOf(state.Region).APIGateway.DeleteUsagePlan(ctx, &apigateway.DeleteUsagePlanInput{UsagePlanId: state.ID.ValueStringPointer()})
	deleteDiag(&resp.Diagnostics, "Usage Plan", state.ID.ValueString(), err)
}

// ImportState accepts the plan id.
func (r *usagePlanResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importIDParts(ctx, r.client, req, resp, "USAGE-PLAN-ID", "id")
}
