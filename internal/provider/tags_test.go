package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/portico/portico/internal/apigw"
)

// TestTagsValidator: the plan-time check of tags applies the gateway's rules
// (internal/apigw), names the attribute and the broken rule, and points at
// the offending key.
func TestTagsValidator(t *testing.T) {
	tagMap := func(n int, extra map[string]attr.Value) types.Map {
		elems := map[string]attr.Value{}
		for i := range n {
			elems[fmt.Sprintf("k%02d", i)] = types.StringValue("v")
		}
		for k, v := range extra {
			elems[k] = v
		}
		return types.MapValueMust(types.StringType, elems)
	}
	str := types.StringValue
	tests := []struct {
		name     string
		value    types.Map
		wantPath []path.Path // one per error, in order
		wantMsg  []string
	}{
		{name: "null", value: types.MapNull(types.StringType)},
		{name: "unknown", value: types.MapUnknown(types.StringType)},
		{name: "ordinary", value: tagMap(3, map[string]attr.Value{"Environment": str("prod"), "empty": str("")})},
		{name: "fifty", value: tagMap(50, nil)},
		{name: "unknown value", value: tagMap(1, map[string]attr.Value{"later": types.StringUnknown()})},
		{name: "fifty-one", value: tagMap(51, nil),
			wantPath: []path.Path{path.Root("tags")}, wantMsg: []string{"tags: 51 tags: an API Gateway resource can have at most 50"}},
		{name: "reserved key", value: tagMap(0, map[string]attr.Value{"aws:created-by": str("me")}),
			wantPath: []path.Path{path.Root("tags").AtMapKey("aws:created-by")}, wantMsg: []string{`tags: tag key "aws:created-by" starts with "aws:"`}},
		{name: "reserved key upper case, unknown value", value: tagMap(0, map[string]attr.Value{"AWS:x": types.StringUnknown()}),
			wantPath: []path.Path{path.Root("tags").AtMapKey("AWS:x")}, wantMsg: []string{`starts with "aws:"`}},
		{name: "long key", value: tagMap(0, map[string]attr.Value{strings.Repeat("k", 129): str("v")}),
			wantPath: []path.Path{path.Root("tags").AtMapKey(strings.Repeat("k", 129))}, wantMsg: []string{"129 characters long: keys are 1 to 128 characters"}},
		{name: "empty key", value: tagMap(0, map[string]attr.Value{"": str("v")}),
			wantPath: []path.Path{path.Root("tags").AtMapKey("")}, wantMsg: []string{"tags: a tag key must not be empty"}},
		{name: "long value", value: tagMap(0, map[string]attr.Value{"note": str(strings.Repeat("v", 257))}),
			wantPath: []path.Path{path.Root("tags").AtMapKey("note")}, wantMsg: []string{`tags: the value of tag "note" is longer than 256 characters`}},
		{name: "every broken rule", value: tagMap(50, map[string]attr.Value{"aws:a": str("v"), "note": str(strings.Repeat("v", 257))}),
			wantPath: []path.Path{path.Root("tags").AtMapKey("aws:a"), path.Root("tags").AtMapKey("note"), path.Root("tags")},
			wantMsg:  []string{`"aws:a"`, `"note"`, "52 tags"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validator.MapRequest{Path: path.Root("tags"), ConfigValue: tt.value}
			var resp validator.MapResponse
			tagsValidator{}.ValidateMap(context.Background(), req, &resp)
			errs := resp.Diagnostics.Errors()
			if len(errs) != len(tt.wantPath) {
				t.Fatalf("got %d errors %v, want %d", len(errs), errs, len(tt.wantPath))
			}
			for i, d := range errs {
				wd, ok := d.(interface{ Path() path.Path })
				if !ok || !wd.Path().Equal(tt.wantPath[i]) {
					t.Errorf("error %d at %v, want %s", i, d, tt.wantPath[i])
				}
				if d.Summary() != "Invalid tags" || !strings.Contains(d.Detail(), tt.wantMsg[i]) {
					t.Errorf("error %d = %q / %q, want detail containing %q", i, d.Summary(), d.Detail(), tt.wantMsg[i])
				}
			}
		})
	}
}

// TestTagsValidatorAgreesWithGateway: every map the plan-time check accepts,
// the gateway's rule accepts, and every map it refuses, the gateway refuses.
func TestTagsValidatorAgreesWithGateway(t *testing.T) {
	maps := []map[string]string{
		{"a": "b"},
		{"aws:x": "1"},
		{"Aws:X": "1"},
		{strings.Repeat("é", 128): strings.Repeat("ü", 256)},
		{strings.Repeat("é", 129): "v"},
		{"k": strings.Repeat("ü", 257)},
		{"": ""},
	}
	for _, m := range maps {
		elems := map[string]attr.Value{}
		for k, v := range m {
			elems[k] = types.StringValue(v)
		}
		var resp validator.MapResponse
		tagsValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("tags"), ConfigValue: types.MapValueMust(types.StringType, elems)}, &resp)
		planOK := !resp.Diagnostics.HasError()
		gatewayOK := apigw.ValidateTags(m) == nil
		if planOK != gatewayOK {
			t.Errorf("%v: plan accepts %v, gateway accepts %v", m, planOK, gatewayOK)
		}
	}
}
