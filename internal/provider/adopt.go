package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Adopting a state written by HashiCorp's provider.
//
// HashiCorp's AWS provider is built on terraform-plugin-sdk/v2, which has no
// null for an argument left out of the configuration: it stores "" for a
// string, [] for a list or set and {} for a map (e.g. `credentials = ""`,
// `cache_key_parameters = []`, `request_models = {}`). Portico stores null
// there, and keeps "", [] or {} only when the configuration says so, so that
// such a configuration has no perpetual diff. The two cannot be told apart
// from the values alone, so Portico marks every state it writes (a key in
// the resource's private state); a prior state without the mark was written
// by someone else, and Read first turns its empty values of Optional,
// non-Computed top-level attributes into null. Its plan then shows no change
// where the configuration leaves those arguments out.
//
// Attributes HashiCorp's provider has and Portico has not (e.g. rest_api's
// `body`, `put_rest_api_mode`) are dropped by the framework when it decodes
// the state; schema versions are 0 on both sides.

// privateWriterKey is the private-state key that marks a state Portico wrote.
const privateWriterKey = "portico"

var privateWriterValue = []byte(`{"writer":"portico"}`)

// privateData is the part of the framework's private state Read, Create and
// Update use (req.Private / resp.Private).
type privateData interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// adoptForeignState normalises state (a Read request's prior state) when
// private lacks Portico's mark; see the comment above.
func adoptForeignState(ctx context.Context, private privateData, state *tfsdk.State, diags *diag.Diagnostics) {
	if mark, d := private.GetKey(ctx, privateWriterKey); d.HasError() || len(mark) > 0 {
		diags.Append(d...)
		return
	}
	if state.Raw.IsNull() || !state.Raw.IsKnown() {
		return
	}
	attrs := state.Schema.GetAttributes()
	raw, err := tftypes.Transform(state.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		steps := p.Steps()
		if len(steps) != 1 {
			return v, nil
		}
		name, ok := steps[0].(tftypes.AttributeName)
		if !ok {
			return v, nil
		}
		a, ok := attrs[string(name)]
		if !ok || !a.IsOptional() || a.IsComputed() || !sdkv2Empty(v) {
			return v, nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		diags.AddError("Unable to adopt prior state", fmt.Sprintf("normalising the empty values of a state written by another provider: %s", err))
		return
	}
	state.Raw = raw
}

// sdkv2Empty reports whether v is how terraform-plugin-sdk/v2 stores an
// argument left out of the configuration: "", [], {} or an empty set.
func sdkv2Empty(v tftypes.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		return v.As(&s) == nil && s == ""
	case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Set{}):
		var elems []tftypes.Value
		return v.As(&elems) == nil && len(elems) == 0
	case v.Type().Is(tftypes.Map{}):
		var elems map[string]tftypes.Value
		return v.As(&elems) == nil && len(elems) == 0
	}

	return false
}

// markState records in private that Portico wrote this state.
func markState(ctx context.Context, private privateData, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateWriterKey, privateWriterValue)...)
}
