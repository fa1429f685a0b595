package provider

import (
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Per-resource region (HashiCorp's v6 "enhanced region support"): every
// resource has a top-level `region`, Optional and Computed, defaulting to the
// provider's region; changing it replaces the resource; a value outside the
// provider's partition is a plan-time error; import ids may end in
// "@REGION". The resource talks to API Gateway in that region with the
// provider's credentials and endpoint (Client.forRegion).

// regionAttributeDescription is HashiCorp's standard text for `region`.
const regionAttributeDescription = "Region where this resource will be [managed](https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints). Defaults to the Region set in the [provider configuration](https://registry.terraform.io/providers/hashicorp/aws/latest/docs#aws-configuration-reference)."

// regionAttribute is the top-level `region` of every resource. Its default
// and replacement are planned by modifyPlanRegion (they need the provider's
// region, which a static schema does not know).
func regionAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: regionAttributeDescription,
		Optional:            true,
		Computed:            true,
	}
}

// regionalClients caches one API Gateway client per region, shared by every
// copy of a provider's Client.
type regionalClients struct {
	mu      sync.Mutex
	byName  map[string]*Client
	config  aws.Config
	options func(*apigateway.Options)
}

// forRegion returns the client for region: the provider's own client when
// region is "" or the provider's region, otherwise a client with the same
// credentials, retryer, endpoint, tags settings and account, in region.
// Clients are built once per region.
func (c *Client) forRegion(region string) *Client {
	if c == nil || region == "" || region == c.Region || c.regions == nil {
		return c
	}
	rc := c.regions
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if cached, ok := rc.byName[region]; ok {
		return cached
	}
	cp := *c
	cp.Region = region
	cp.Partition = partitionForRegion(region)
	cp.APIGateway = apigateway.NewFromConfig(rc.config, rc.options, func(o *apigateway.Options) { o.Region = region })
	if rc.byName == nil {
		rc.byName = make(map[string]*Client)
	}
	rc.byName[region] = &cp

	return &cp
}

// regionOf is the client for a resource's `region` value (null or unknown:
// the provider's region).
func (c *Client) regionOf(region types.String) *Client {
	return c.forRegion(region.ValueString())
}

// effectiveRegion is region's value, or the provider's region when it is
// null or unknown.
func (c *Client) effectiveRegion(region types.String) types.String {
	if region.IsNull() || region.IsUnknown() || region.ValueString() == "" {
		if c == nil {
			return types.StringUnknown()
		}
		return types.StringValue(c.Region)
	}

	return region
}

// validateRegionInPartition is HashiCorp's rule: credentials are valid for
// one partition, so a per-resource region must be in the provider's.
func (c *Client) validateRegionInPartition(region string) error {
	if got, want := partitionForRegion(region), c.Partition; got != want {
		return fmt.Errorf("partition (%s) for per-resource Region (%s) is not the provider's configured partition (%s)", got, region, want)
	}

	return nil
}

// modifyPlanRegion plans `region`: the provider's region when not
// configured, a plan-time error outside the provider's partition, and a
// replacement when it changes. Every resource's ModifyPlan calls it.
func modifyPlanRegion(ctx context.Context, c *Client, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || c == nil {
		return // destroy, or provider not configured yet
	}
	var configRegion, planRegion, stateRegion types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("region"), &configRegion)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("region"), &planRegion)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if configRegion.IsUnknown() {
		return
	}
	if v := configRegion.ValueString(); v != "" {
		if err := c.validateRegionInPartition(v); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("region"), "Invalid Region Value", err.Error())
			return
		}
	}
	// Not configured: the provider's region, also when the state holds
	// another one (the argument was removed), which then replaces.
	if configRegion.IsNull() || planRegion.IsUnknown() || planRegion.ValueString() == "" {
		planRegion = types.StringValue(c.Region)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), planRegion)...)
	}
	if req.State.Raw.IsNull() {
		return // create
	}
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("region"), &stateRegion)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if stateRegion.IsNull() && (configRegion.IsNull() || planRegion.ValueString() == c.Region) {
		return // state written before `region` existed: the provider's region
	}
	if !planRegion.Equal(stateRegion) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("region"))
	}
}

// importRegionRE matches an import id's "@REGION" suffix, as HashiCorp's.
var importRegionRE = regexp.MustCompile(`^(.+)@([a-z]{2}(?:-[a-z]+)+-\d{1,2})$`)

// importRegion strips an "@REGION" suffix from an import id and sets the
// imported state's `region` to it (the provider's region without one).
func importRegion(ctx context.Context, c *Client, id string, resp *resource.ImportStateResponse) string {
	region := ""
	if m := importRegionRE.FindStringSubmatch(id); m != nil {
		id, region = m[1], m[2]
	} else if c != nil {
		region = c.Region
	}
	if region != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	}

	return id
}
