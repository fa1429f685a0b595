package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func init() { registerDataSource(NewCallerIdentityDataSource) }

var (
	_ datasource.DataSource              = &callerIdentityDataSource{}
	_ datasource.DataSourceWithConfigure = &callerIdentityDataSource{}
)

// NewCallerIdentityDataSource is aws_caller_identity: STS
// GetCallerIdentity for the provider's credentials.
func NewCallerIdentityDataSource() datasource.DataSource { return &callerIdentityDataSource{} }

type callerIdentityDataSource struct {
	client *Client
}

type callerIdentityModel struct {
	AccountID types.String `tfsdk:"account_id"`
	ARN       types.String `tfsdk:"arn"`
	ID        types.String `tfsdk:"id"`
	UserID    types.String `tfsdk:"user_id"`
}

func (d *callerIdentityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_caller_identity"
}

func (d *callerIdentityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The effective account id, user id and ARN of the provider's credentials (STS `GetCallerIdentity`). On `portico serve`: its account (`--account-id`, default `000000000000`) and the root ARN, or the assumed role of credentials from `AssumeRole`.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{MarkdownDescription: "AWS account id.", Computed: true},
			"arn":        schema.StringAttribute{MarkdownDescription: "ARN of the caller.", Computed: true},
			"id":         schema.StringAttribute{MarkdownDescription: "AWS account id.", Computed: true},
			"user_id":    schema.StringAttribute{MarkdownDescription: "Unique id of the caller.", Computed: true},
		},
	}
}

func (d *callerIdentityDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *callerIdentityDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	conn, err := d.client.stsConn()
	if err != nil {
		resp.Diagnostics.AddError("Error reading STS Caller Identity", err.Error())
		return
	}
	out, err := conn.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		resp.Diagnostics.AddError("Error reading STS Caller Identity", fmt.Sprintf("reading STS Caller Identity: %s", err))
		return
	}
	m := callerIdentityModel{
		AccountID: types.StringPointerValue(out.Account),
		ARN:       types.StringPointerValue(out.Arn),
		ID:        types.StringPointerValue(out.Account),
		UserID:    types.StringPointerValue(out.UserId),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
