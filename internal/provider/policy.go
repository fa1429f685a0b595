package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// PolicyType is a string type holding an IAM policy document. Two documents
// are equal when they mean the same: key order, whitespace, the order of
// statements and of string lists, and a single string versus a one-element
// list do not matter. So the form API Gateway returns never shows as a diff.
type PolicyType struct {
	basetypes.StringType
}

var _ basetypes.StringTypable = PolicyType{}

func (t PolicyType) String() string { return "provider.PolicyType" }

// ValueType returns the value type.
func (t PolicyType) ValueType(_ context.Context) attr.Value { return PolicyValue{} }

// Equal reports whether o is a PolicyType.
func (t PolicyType) Equal(o attr.Type) bool {
	other, ok := o.(PolicyType)
	return ok && t.StringType.Equal(other.StringType)
}

// ValueFromString wraps a StringValue.
func (t PolicyType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return PolicyValue{StringValue: in}, nil
}

// ValueFromTerraform converts a terraform value.
func (t PolicyType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}

	return PolicyValue{StringValue: sv}, nil
}

// PolicyValue is a value of PolicyType.
type PolicyValue struct {
	basetypes.StringValue
}

var _ basetypes.StringValuableWithSemanticEquals = PolicyValue{}

// Type returns PolicyType.
func (v PolicyValue) Type(_ context.Context) attr.Type { return PolicyType{} }

// Equal is exact equality (semantic equality is StringSemanticEquals).
func (v PolicyValue) Equal(o attr.Value) bool {
	other, ok := o.(PolicyValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether two policies mean the same.
func (v PolicyValue) StringSemanticEquals(_ context.Context, newV basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	nv, ok := newV.(PolicyValue)
	if !ok {
		return false, diags
	}

	return policiesEquivalent(v.ValueString(), nv.ValueString()), diags
}

// PolicyNull and PolicyString build values.
func PolicyNull() PolicyValue           { return PolicyValue{StringValue: basetypes.NewStringNull()} }
func PolicyString(s string) PolicyValue { return PolicyValue{StringValue: basetypes.NewStringValue(s)} }

// parsePolicy decodes a policy document, also accepting the JSON-string-in-a-
// string form API Gateway has been known to return.
func parsePolicy(s string) (any, error) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		if str, ok := v.(string); ok {
			return parsePolicy(str)
		}
		return v, nil
	}
	if uq, err := strconv.Unquote(`"` + s + `"`); err == nil && uq != s {
		if err := json.Unmarshal([]byte(uq), &v); err == nil {
			return v, nil
		}
	}
	var v2 any
	err := json.Unmarshal([]byte(s), &v2)

	return nil, fmt.Errorf("policy is not valid JSON: %w", err)
}

// canonicalPolicy normalises a decoded policy for comparison.
func canonicalPolicy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if k == "Statement" {
				if obj, ok := e.(map[string]any); ok {
					e = []any{obj}
				}
			}
			out[k] = canonicalPolicy(e)
		}
		return out
	case []any:
		items := make([]any, len(t))
		for i, e := range t {
			items[i] = canonicalPolicy(e)
		}
		if len(items) == 1 {
			if s, ok := items[0].(string); ok {
				return s
			}
		}
		sort.SliceStable(items, func(i, j int) bool {
			bi, _ := json.Marshal(items[i])
			bj, _ := json.Marshal(items[j])
			return string(bi) < string(bj)
		})
		return items
	default:
		return t
	}
}

func policiesEquivalent(a, b string) bool {
	if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	pa, err := parsePolicy(a)
	if err != nil {
		return a == b
	}
	pb, err := parsePolicy(b)
	if err != nil {
		return false
	}

	return reflect.DeepEqual(canonicalPolicy(pa), canonicalPolicy(pb))
}

// policyJSONValidator checks that a policy is a JSON object.
type policyJSONValidator struct{}

func (policyJSONValidator) Description(_ context.Context) string {
	return "value must be a JSON policy document (an object)"
}

func (v policyJSONValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (policyJSONValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	doc, err := parsePolicy(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid policy JSON", err.Error())
		return
	}
	if _, ok := doc.(map[string]any); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid policy JSON",
			"the policy must be a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [...]}")
	}
}

// policyPlanModifier plans the prior state's policy when the configured one
// means the same, and null when the configuration has none (so removing
// `policy` removes the policy).
type policyPlanModifier struct{}

func (policyPlanModifier) Description(_ context.Context) string {
	return "keeps an equivalent policy document unchanged"
}

func (m policyPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (policyPlanModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	switch {
	case req.ConfigValue.IsUnknown():
		return
	case req.ConfigValue.IsNull():
		resp.PlanValue = basetypes.NewStringNull()
	case !req.StateValue.IsNull() && !req.StateValue.IsUnknown() &&
		policiesEquivalent(req.ConfigValue.ValueString(), req.StateValue.ValueString()):
		resp.PlanValue = req.StateValue
	}
}
