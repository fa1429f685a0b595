package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func init() { registerDataSource(NewPartitionDataSource) }

var (
	_ datasource.DataSource              = &partitionDataSource{}
	_ datasource.DataSourceWithConfigure = &partitionDataSource{}
)

// NewPartitionDataSource is aws_partition: the partition of the provider's
// region. No API is called.
func NewPartitionDataSource() datasource.DataSource { return &partitionDataSource{} }

type partitionDataSource struct {
	client *Client
}

type partitionModel struct {
	DNSSuffix        types.String `tfsdk:"dns_suffix"`
	ID               types.String `tfsdk:"id"`
	Partition        types.String `tfsdk:"partition"`
	ReverseDNSPrefix types.String `tfsdk:"reverse_dns_prefix"`
}

// partitionInfo is a partition's DNS suffix and reverse DNS prefix.
type partitionInfo struct{ dnsSuffix, reverseDNSPrefix string }

var partitions = map[string]partitionInfo{
	"aws":        {"amazonaws.com", "com.amazonaws"},
	"aws-cn":     {"amazonaws.com.cn", "cn.com.amazonaws"},
	"aws-us-gov": {"amazonaws.com", "com.amazonaws"},
	"aws-iso":    {"c2s.ic.gov", "gov.ic.c2s"},
	"aws-iso-b":  {"sc2s.sgov.gov", "gov.sgov.sc2s"},
}

func (d *partitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partition"
}

func (d *partitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The partition (`aws`, `aws-cn`, `aws-us-gov`, ...) of the provider's region, for building ARNs.",
		Attributes: map[string]schema.Attribute{
			"dns_suffix":         schema.StringAttribute{MarkdownDescription: "Base DNS domain of the partition, e.g. `amazonaws.com`.", Computed: true},
			"id":                 schema.StringAttribute{MarkdownDescription: "The partition.", Computed: true},
			"partition":          schema.StringAttribute{MarkdownDescription: "Identifier of the partition, e.g. `aws`.", Computed: true},
			"reverse_dns_prefix": schema.StringAttribute{MarkdownDescription: "Prefix of service names in the partition, e.g. `com.amazonaws`.", Computed: true},
		},
	}
}

func (d *partitionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *partitionDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "aws_partition needs a configured provider.")
		return
	}
	p := d.client.Partition
	info := partitions[p]
	m := partitionModel{
		DNSSuffix:        types.StringValue(info.dnsSuffix),
		ID:               types.StringValue(p),
		Partition:        types.StringValue(p),
		ReverseDNSPrefix: types.StringValue(info.reverseDNSPrefix),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
