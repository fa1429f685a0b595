package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getConfigKnownBlocks reads a configuration into target (a model whose
// blocks are Go slices of structs) for ValidateConfig. A `dynamic` block
// whose for_each is not known yet makes the whole block list unknown, which
// a slice cannot hold: such top-level blocks are read as absent, and their
// names are returned so the caller skips the checks that need them.
func getConfigKnownBlocks(ctx context.Context, cfg tfsdk.Config, target any, blocks ...string) (map[string]bool, diag.Diagnostics) {
	unknown := map[string]bool{}
	isBlock := map[string]bool{}
	for _, b := range blocks {
		isBlock[b] = true
	}
	raw, err := tftypes.Transform(cfg.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		steps := p.Steps()
		if len(steps) != 1 {
			return v, nil
		}
		name, ok := steps[0].(tftypes.AttributeName)
		if !ok || !isBlock[string(name)] || v.IsKnown() {
			return v, nil
		}
		unknown[string(name)] = true
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Error reading configuration", fmt.Sprintf("reading the configuration's blocks: %s", err))
		return unknown, diags
	}
	known := tfsdk.Config{Raw: raw, Schema: cfg.Schema}

	return unknown, known.Get(ctx, target)
}
