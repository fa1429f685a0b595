package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/portico/portico/internal/apigw"
)

// IgnoreTags is the provider's ignore_tags block.
type IgnoreTags struct {
	Keys        map[string]bool
	KeyPrefixes []string
}

func newIgnoreTags(keys, prefixes []string) IgnoreTags {
	it := IgnoreTags{Keys: map[string]bool{}, KeyPrefixes: prefixes}
	for _, k := range keys {
		it.Keys[k] = true
	}

	return it
}

// Ignored reports whether a tag key is excluded by ignore_tags.
func (it IgnoreTags) Ignored(key string) bool {
	if it.Keys[key] {
		return true
	}
	for _, p := range it.KeyPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}

	return false
}

// withoutIgnored returns a copy of tags without ignored keys.
func (c *Client) withoutIgnored(tags map[string]string) map[string]string {
	out := make(map[string]string, len(tags))
	for k, v := range tags {
		if c == nil || !c.IgnoreTags.Ignored(k) {
			out[k] = v
		}
	}

	return out
}

// allTags is default_tags overlaid by the resource's tags, minus ignored keys:
// the tags_all a resource must end up with.
func (c *Client) allTags(resourceTags map[string]string) map[string]string {
	all := map[string]string{}
	if c != nil {
		maps.Copy(all, c.DefaultTags)
	}
	maps.Copy(all, resourceTags)

	return c.withoutIgnored(all)
}

// resourceTagsFromAll is the reverse for Read/import: tags_all minus the
// default tags whose value is unchanged.
func (c *Client) resourceTagsFromAll(all map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range all {
		if c != nil {
			if dv, ok := c.DefaultTags[k]; ok && dv == v {
				continue
			}
		}
		out[k] = v
	}

	return out
}

// tagsSchema returns the tags and tags_all attributes, as HashiCorp's, with
// API Gateway's tag limits checked at plan time.
func tagsSchema() (schema.MapAttribute, schema.MapAttribute) {
	return schema.MapAttribute{
			MarkdownDescription: fmt.Sprintf("Key-value map of resource tags. Merged over the provider's `default_tags` into `tags_all`. "+
				"At most %d tags (with `default_tags`); keys of 1 to %d characters that do not start with `%s`; values of at most %d characters.",
				apigw.MaxTags, apigw.MaxTagKeyLength, apigw.ReservedTagPrefix, apigw.MaxTagValueLength),
			Optional:    true,
			ElementType: types.StringType,
			Validators:  []validator.Map{tagsValidator{}},
		}, schema.MapAttribute{
			MarkdownDescription: "Map of tags assigned to the resource, including those inherited from the provider `default_tags`.",
			Computed:            true,
			ElementType:         types.StringType,
			PlanModifiers:       []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
		}
}

// stringMap converts a framework map to a Go map (nil for null/unknown).
func stringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := map[string]string{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)

	return out
}

// mapValue converts a Go map to a framework map; an empty map becomes null
// unless keepEmpty (the configuration said `{}`).
func mapValue(m map[string]string, keepEmpty bool) types.Map {
	if len(m) == 0 && !keepEmpty {
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}

	return types.MapValueMust(types.StringType, elems)
}

// modifyPlanTags sets tags_all in the plan from tags and default_tags.
func modifyPlanTags(ctx context.Context, c *Client, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var tags types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("tags"), &tags)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if tags.IsUnknown() || c == nil {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("tags_all"), types.MapUnknown(types.StringType))...)
		return
	}
	all := c.allTags(stringMap(ctx, tags, &resp.Diagnostics))
	// The resource's own tags passed tagsValidator; what fails here comes
	// from the provider's default_tags or from both together.
	var te *apigw.TagError
	if err := apigw.ValidateTags(all); errors.As(err, &te) {
		resp.Diagnostics.AddAttributeError(path.Root("tags_all"), "Invalid tags",
			"tags_all (tags over the provider's default_tags): "+te.Message())
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("tags_all"), mapValue(all, true))...)
}

// tagsValidator checks a resource's tags at plan time with the rules the
// gateway answers TagResource, CreateRestApi and CreateStage with
// (internal/apigw): each key and value, then their number. Unknown values
// are skipped; their keys are still checked.
type tagsValidator struct{}

func (tagsValidator) Description(_ context.Context) string {
	return fmt.Sprintf("at most %d tags; keys of 1 to %d characters that do not start with %q; values of at most %d characters",
		apigw.MaxTags, apigw.MaxTagKeyLength, apigw.ReservedTagPrefix, apigw.MaxTagValueLength)
}

func (v tagsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (tagsValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	report := func(p path.Path, err error) {
		var te *apigw.TagError
		if errors.As(err, &te) {
			resp.Diagnostics.AddAttributeError(p, "Invalid tags", fmt.Sprintf("%s: %s", req.Path, te.Message()))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(elems)) {
		if err := apigw.ValidateTagKey(k); err != nil {
			report(req.Path.AtMapKey(k), err)
			continue
		}
		if v, ok := elems[k].(types.String); ok && !v.IsNull() && !v.IsUnknown() {
			if err := apigw.ValidateTagValue(k, v.ValueString()); err != nil {
				report(req.Path.AtMapKey(k), err)
			}
		}
	}
	if err := apigw.ValidateTagCount(len(elems)); err != nil {
		report(req.Path, err)
	}
}

// listTags reads a resource's tags with GetTags.
func listTags(ctx context.Context, conn *apigateway.Client, arn string) (map[string]string, error) {
	out, err := conn.GetTags(ctx, &apigateway.GetTagsInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("listing tags for %s: %w", arn, err)
	}

	return out.Tags, nil
}

// updateTags moves a resource's tags from oldAll to newAll with
// UntagResource and TagResource, never touching ignored keys.
func (c *Client) updateTags(ctx context.Context, arn string, oldAll, newAll map[string]string) error {
	var remove []string
	for k := range oldAll {
		if _, ok := newAll[k]; !ok && !c.IgnoreTags.Ignored(k) {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	if len(remove) > 0 {
		if _, err := c.APIGateway.UntagResource(ctx, &apigateway.UntagResourceInput{
			ResourceArn: aws.String(arn),
			TagKeys:     remove,
		}); err != nil {
			return fmt.Errorf("untagging %s: %w", arn, err)
		}
	}

	set := map[string]string{}
	for k, v := range newAll {
		if ov, ok := oldAll[k]; (!ok || ov != v) && !c.IgnoreTags.Ignored(k) {
			set[k] = v
		}
	}
	if len(set) > 0 {
		if _, err := c.APIGateway.TagResource(ctx, &apigateway.TagResourceInput{
			ResourceArn: aws.String(arn),
			Tags:        set,
		}); err != nil {
			return fmt.Errorf("tagging %s: %w", arn, err)
		}
	}

	return nil
}

// tagsForState returns the tags and tags_all to store, given the tags the
// plan or prior state had and the tags the gateway reports. Planned tags are
// kept as written when the gateway agrees with them; otherwise (drift,
// import) tags are the gateway's minus unchanged default tags.
func (c *Client) tagsForState(ctx context.Context, prior types.Map, remote map[string]string) (types.Map, types.Map) {
	all := c.withoutIgnored(remote)
	tagsAll := mapValue(all, true)

	if !prior.IsNull() && !prior.IsUnknown() {
		var d diag.Diagnostics
		planned := stringMap(ctx, prior, &d)
		consistent := !d.HasError()
		for k, v := range planned {
			if c.IgnoreTags.Ignored(k) {
				continue
			}
			if rv, ok := all[k]; !ok || rv != v {
				consistent = false
			}
		}
		for k, v := range all {
			if _, ok := planned[k]; ok {
				continue
			}
			if dv, ok := c.DefaultTags[k]; !ok || dv != v {
				consistent = false
			}
		}
		if consistent {
			return prior, tagsAll
		}
		return mapValue(c.resourceTagsFromAll(all), true), tagsAll
	}

	return mapValue(c.resourceTagsFromAll(all), false), tagsAll
}
