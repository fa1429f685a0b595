package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ruleValidator adapts an internal/apigw rule (func(string) error) to a
// framework string validator: the rule's own error text is the diagnostic.
type ruleValidator struct {
	summary string
	desc    string
	rule    func(string) error
}

func ruleString(summary, desc string, rule func(string) error) validator.String {
	return ruleValidator{summary: summary, desc: desc, rule: rule}
}

func (v ruleValidator) Description(_ context.Context) string           { return v.desc }
func (v ruleValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ruleValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.rule(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, err.Error())
	}
}
