package provider

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// errGoneAfterWrite is reported when an object vanishes between a successful
// create/update and its read-back.
var errGoneAfterWrite = errors.New("object not found right after it was written (deleted concurrently?)")

// listValues returns a list of strings (nil for null/unknown).
func listValues(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)

	return out
}

// setValues returns a set of strings, sorted (nil for null/unknown).
func setValues(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)

	return out
}

// listFromStrings builds a list value; empty becomes null unless prior was a
// known empty list (the configuration said []).
func listFromStrings(vs []string, prior types.List) types.List {
	if len(vs) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.ListNull(types.StringType)
	}
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}

	return types.ListValueMust(types.StringType, elems)
}

// setFromStrings is listFromStrings for sets.
func setFromStrings(vs []string, prior types.Set) types.Set {
	if len(vs) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.SetNull(types.StringType)
	}
	elems := make([]attr.Value, len(vs))
	for i, v := range vs {
		elems[i] = types.StringValue(v)
	}

	return types.SetValueMust(types.StringType, elems)
}

// optionalString maps an API string to an Optional attribute: nil or "" is
// null, unless prior was a known "" (the configuration said "").
func optionalString(v *string, prior types.String) types.String {
	if v == nil || *v == "" {
		if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == "" {
			return prior
		}
		return types.StringNull()
	}

	return types.StringValue(*v)
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}

	return string(b), nil
}

// optionalMap maps an API string map to an Optional attribute: empty is null
// unless prior was a known empty map (the configuration said {}).
func optionalMap(m map[string]string, prior types.Map) types.Map {
	if len(m) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.StringType)
	}

	return mapValue(m, true)
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}

	return m
}
