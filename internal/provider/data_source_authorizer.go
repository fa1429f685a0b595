package provider

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func init() {
	registerDataSource(NewAuthorizerDataSource)
	registerDataSource(NewAuthorizersDataSource)
}

var (
	_ datasource.DataSourceWithConfigure = &authorizerDataSource{}
	_ datasource.DataSourceWithConfigure = &authorizersDataSource{}
)

// NewAuthorizerDataSource is data source aws_api_gateway_authorizer: one
// authorizer of a REST API by id.
func NewAuthorizerDataSource() datasource.DataSource { return &authorizerDataSource{} }

// NewAuthorizersDataSource is data source aws_api_gateway_authorizers: the
// ids of a REST API's authorizers.
func NewAuthorizersDataSource() datasource.DataSource { return &authorizersDataSource{} }

type authorizerDataSource struct{ client *Client }

type authorizersDataSource struct{ client *Client }

type authorizerDataModel struct {
	Region                       types.String `tfsdk:"region"`
	ID                           types.String `tfsdk:"id"`
	AuthorizerID                 types.String `tfsdk:"authorizer_id"`
	RestAPIID                    types.String `tfsdk:"rest_api_id"`
	ARN                          types.String `tfsdk:"arn"`
	Name                         types.String `tfsdk:"name"`
	Type                         types.String `tfsdk:"type"`
	AuthorizerURI                types.String `tfsdk:"authorizer_uri"`
	AuthorizerCredentials        types.String `tfsdk:"authorizer_credentials"`
	AuthorizerResultTTLInSeconds types.Int64  `tfsdk:"authorizer_result_ttl_in_seconds"`
	IdentitySource               types.String `tfsdk:"identity_source"`
	IdentityValidationExpression types.String `tfsdk:"identity_validation_expression"`
	ProviderARNs                 types.List   `tfsdk:"provider_arns"`
}

type authorizersDataModel struct {
	Region    types.String `tfsdk:"region"`
	ID        types.String `tfsdk:"id"`
	RestAPIID types.String `tfsdk:"rest_api_id"`
	IDs       types.List   `tfsdk:"ids"`
}

func dataRegionAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Region where this data source is read. Defaults to the Region set in the provider configuration.",
		Optional:            true,
		Computed:            true,
	}
}

func (d *authorizerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_authorizer"
}

func (d *authorizersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_gateway_authorizers"
}

func (d *authorizerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one authorizer of an API Gateway REST API.",
		Attributes: map[string]schema.Attribute{
			"region":                           dataRegionAttribute(),
			"id":                               computed("ID of the authorizer."),
			"authorizer_id":                    schema.StringAttribute{MarkdownDescription: "ID of the authorizer.", Required: true},
			"rest_api_id":                      schema.StringAttribute{MarkdownDescription: "ID of the associated REST API.", Required: true},
			"arn":                              computed("ARN of the authorizer."),
			"name":                             computed("Name of the authorizer."),
			"type":                             computed("Type of the authorizer: `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`."),
			"authorizer_uri":                   computed("Invocation URI of the authorizer's Lambda function."),
			"authorizer_credentials":           computed("ARN of the role API Gateway assumes to call the authorizer."),
			"authorizer_result_ttl_in_seconds": schema.Int64Attribute{MarkdownDescription: "How long the authorizer's result is cached, in seconds.", Computed: true},
			"identity_source":                  computed("Where the identity is read from the request."),
			"identity_validation_expression":   computed("Regular expression the token must match."),
			"provider_arns": schema.ListAttribute{
				MarkdownDescription: "ARNs of the Amazon Cognito user pools.", Computed: true, ElementType: types.StringType,
			},
		},
	}
}

func (d *authorizersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the ids of a REST API's authorizers.",
		Attributes: map[string]schema.Attribute{
			"region":      dataRegionAttribute(),
			"id":          schema.StringAttribute{MarkdownDescription: "ID of the REST API.", Computed: true},
			"rest_api_id": schema.StringAttribute{MarkdownDescription: "ID of the associated REST API.", Required: true},
			"ids":         schema.ListAttribute{MarkdownDescription: "IDs of the authorizers.", Computed: true, ElementType: types.StringType},
		},
	}
}

func (d *authorizerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *authorizersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *authorizerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m authorizerDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.client == nil {
		return
	}
	m.Region = d.client.effectiveRegion(m.Region)
	client := d.client.regionOf(m.Region)
	out, err := findAuthorizerByTwoPartKey(ctx, client.APIGateway, m.RestAPIID.ValueString(), m.AuthorizerID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error reading API Gateway Authorizer",
			fmt.Sprintf("reading API Gateway Authorizer (%s): %s", m.AuthorizerID.ValueString(), err))
		return
	}
	m.ID = types.StringPointerValue(out.Id)
	m.ARN = types.StringValue(authorizerARN(client, m.RestAPIID.ValueString(), aws.ToString(out.Id)))
	m.Name = types.StringPointerValue(out.Name)
	m.Type = types.StringValue(string(out.Type))
	m.AuthorizerURI = types.StringValue(aws.ToString(out.AuthorizerUri))
	m.AuthorizerCredentials = types.StringValue(aws.ToString(out.AuthorizerCredentials))
	m.IdentitySource = types.StringValue(aws.ToString(out.IdentitySource))
	m.IdentityValidationExpression = types.StringValue(aws.ToString(out.IdentityValidationExpression))
	m.AuthorizerResultTTLInSeconds = types.Int64Value(int64(aws.ToInt32(out.AuthorizerResultTtlInSeconds)))
	m.ProviderARNs = stringList(out.ProviderARNs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func stringList(vs []string) types.List {
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func (d *authorizersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m authorizersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.client == nil {
		return
	}
	m.Region = d.client.effectiveRegion(m.Region)
	client := d.client.regionOf(m.Region)
	var ids []string
	in := &apigateway.GetAuthorizersInput{RestApiId: m.RestAPIID.ValueStringPointer()}
	for {
		page, err := client.APIGateway.GetAuthorizers(ctx, in)
		if err != nil {
			resp.Diagnostics.AddError("Error reading API Gateway Authorizers",
				fmt.Sprintf("reading API Gateway Authorizers (%s): %s", m.RestAPIID.ValueString(), err))
			return
		}
		for _, a := range page.Items {
			ids = append(ids, aws.ToString(a.Id))
		}
		if aws.ToString(page.Position) == "" {
			break
		}
		in.Position = page.Position
	}
	m.ID = m.RestAPIID
	m.IDs = stringList(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
