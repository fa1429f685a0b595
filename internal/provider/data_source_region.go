package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func init() { registerDataSource(NewRegionDataSource) }

var (
	_ datasource.DataSource                     = &regionDataSource{}
	_ datasource.DataSourceWithConfigure        = &regionDataSource{}
	_ datasource.DataSourceWithConfigValidators = &regionDataSource{}
)

// NewRegionDataSource is aws_region: a region by name (`region`, or the
// deprecated `name`) or EC2 endpoint, else the provider's region. No API is
// called.
func NewRegionDataSource() datasource.DataSource { return &regionDataSource{} }

type regionDataSource struct {
	client *Client
}

type regionModel struct {
	Description types.String `tfsdk:"description"`
	Endpoint    types.String `tfsdk:"endpoint"`
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Region      types.String `tfsdk:"region"`
}

// regionDescriptions are AWS's names of the regions this provider knows.
var regionDescriptions = map[string]string{
	"af-south-1": "Africa (Cape Town)", "ap-east-1": "Asia Pacific (Hong Kong)", "ap-east-2": "Asia Pacific (Taipei)",
	"ap-northeast-1": "Asia Pacific (Tokyo)", "ap-northeast-2": "Asia Pacific (Seoul)", "ap-northeast-3": "Asia Pacific (Osaka)",
	"ap-south-1": "Asia Pacific (Mumbai)", "ap-south-2": "Asia Pacific (Hyderabad)", "ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)", "ap-southeast-3": "Asia Pacific (Jakarta)", "ap-southeast-4": "Asia Pacific (Melbourne)",
	"ap-southeast-5": "Asia Pacific (Malaysia)", "ap-southeast-6": "Asia Pacific (New Zealand)", "ap-southeast-7": "Asia Pacific (Thailand)",
	"ca-central-1": "Canada (Central)", "ca-west-1": "Canada West (Calgary)",
	"eu-central-1": "Europe (Frankfurt)", "eu-central-2": "Europe (Zurich)", "eu-north-1": "Europe (Stockholm)",
	"eu-south-1": "Europe (Milan)", "eu-south-2": "Europe (Spain)", "eu-west-1": "Europe (Ireland)",
	"eu-west-2": "Europe (London)", "eu-west-3": "Europe (Paris)", "il-central-1": "Israel (Tel Aviv)",
	"me-central-1": "Middle East (UAE)", "me-south-1": "Middle East (Bahrain)", "mx-central-1": "Mexico (Central)",
	"sa-east-1": "South America (Sao Paulo)", "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
	"us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
	"cn-north-1": "China (Beijing)", "cn-northwest-1": "China (Ningxia)",
	"us-gov-east-1": "AWS GovCloud (US-East)", "us-gov-west-1": "AWS GovCloud (US-West)",
	"us-iso-east-1": "US ISO East", "us-iso-west-1": "US ISO WEST", "us-isob-east-1": "US ISOB East (Ohio)",
}

// ec2Endpoint is the host of EC2's regional endpoint in region.
func ec2Endpoint(region string) string {
	return "ec2." + region + "." + partitions[partitionForRegion(region)].dnsSuffix
}

func (d *regionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_region"
}

func (d *regionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A region: by `region` (or the deprecated `name`), by EC2 `endpoint`, else the provider's region.",
		Attributes: map[string]schema.Attribute{
			"description": schema.StringAttribute{MarkdownDescription: "AWS's name of the region, e.g. `US East (N. Virginia)`.", Computed: true},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "EC2 endpoint of the region, e.g. `ec2.us-east-1.amazonaws.com`.",
				Optional:            true,
				Computed:            true,
			},
			"id": schema.StringAttribute{MarkdownDescription: "Name of the region.", Optional: true, Computed: true},
			"name": schema.StringAttribute{
				MarkdownDescription: "**Deprecated**: use `region`. Name of the region.",
				DeprecationMessage:  "name is deprecated. Use region instead.",
				Optional:            true,
				Computed:            true,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Name of the region, e.g. `us-east-1`. Defaults to the provider's region.",
				Optional:            true,
				Computed:            true,
			},
		},
	}
}

func (d *regionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.Conflicting(path.MatchRoot("name"), path.MatchRoot("region")),
	}
}

func (d *regionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *regionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m regionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := ""
	if !m.Endpoint.IsNull() {
		ep := m.Endpoint.ValueString()
		for r := range regionDescriptions {
			if ec2Endpoint(r) == ep {
				region = r
			}
		}
		if region == "" {
			resp.Diagnostics.AddError(fmt.Sprintf("finding Region by endpoint (%s)", ep), "couldn't find resource")
			return
		}
	}
	name := ""
	switch {
	case !m.Region.IsNull():
		name = m.Region.ValueString()
	case !m.Name.IsNull():
		name = m.Name.ValueString()
	}
	if name != "" {
		if _, ok := regionDescriptions[name]; !ok {
			resp.Diagnostics.AddError(fmt.Sprintf("finding Region by name (%s)", name), "couldn't find resource")
			return
		}
		if region != "" && region != name {
			resp.Diagnostics.AddError("multiple Regions matched", "use additional constraints to reduce matches to a single Region")
			return
		}
		region = name
	}
	if region == "" {
		if d.client == nil {
			resp.Diagnostics.AddError("Provider not configured", "aws_region needs a configured provider.")
			return
		}
		region = d.client.Region
		if _, ok := regionDescriptions[region]; !ok {
			resp.Diagnostics.AddError(fmt.Sprintf("finding Region by name (%s)", region), "couldn't find resource")
			return
		}
	}
	m.Description = types.StringValue(regionDescriptions[region])
	m.Endpoint = types.StringValue(ec2Endpoint(region))
	m.ID = types.StringValue(region)
	m.Name = types.StringValue(region)
	m.Region = types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
