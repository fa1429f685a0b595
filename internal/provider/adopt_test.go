package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// fakePrivate is a private state (the framework's own type cannot be built
// outside it).
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

func TestAdoptForeignState(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"opt_string":   schema.StringAttribute{Optional: true},
		"opt_list":     schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"opt_set":      schema.SetAttribute{Optional: true, ElementType: types.StringType},
		"opt_map":      schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"opt_bool":     schema.BoolAttribute{Optional: true},
		"computed":     schema.StringAttribute{Optional: true, Computed: true},
		"required":     schema.StringAttribute{Required: true},
		"full_string":  schema.StringAttribute{Optional: true},
		"full_map":     schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"block_inside": schema.ListAttribute{Optional: true, ElementType: types.StringType},
	}}
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	strs := func(ty tftypes.Type, vs ...string) tftypes.Value {
		var elems []tftypes.Value
		for _, v := range vs {
			elems = append(elems, str(v))
		}
		if elems == nil {
			elems = []tftypes.Value{}
		}
		return tftypes.NewValue(ty, elems)
	}
	list, set := tftypes.List{ElementType: tftypes.String}, tftypes.Set{ElementType: tftypes.String}
	mp := tftypes.Map{ElementType: tftypes.String}
	sdkv2 := tftypes.NewValue(typ, map[string]tftypes.Value{
		"opt_string":   str(""),
		"opt_list":     strs(list),
		"opt_set":      strs(set),
		"opt_map":      tftypes.NewValue(mp, map[string]tftypes.Value{}),
		"opt_bool":     tftypes.NewValue(tftypes.Bool, false),
		"computed":     str(""),
		"required":     str(""),
		"full_string":  str("x"),
		"full_map":     tftypes.NewValue(mp, map[string]tftypes.Value{"k": str("")}),
		"block_inside": strs(list, ""),
	})
	adopted := map[string]tftypes.Value{
		"opt_string":   tftypes.NewValue(tftypes.String, nil),
		"opt_list":     tftypes.NewValue(list, nil),
		"opt_set":      tftypes.NewValue(set, nil),
		"opt_map":      tftypes.NewValue(mp, nil),
		"opt_bool":     tftypes.NewValue(tftypes.Bool, false), // a bool has no empty form
		"computed":     str(""),                               // Read sets it from the API
		"required":     str(""),
		"full_string":  str("x"),
		"full_map":     tftypes.NewValue(mp, map[string]tftypes.Value{"k": str("")}),
		"block_inside": strs(list, ""), // only the top-level value is looked at
	}
	for _, c := range []struct {
		name    string
		private fakePrivate
		want    tftypes.Value
	}{
		{"written by another provider", fakePrivate{}, tftypes.NewValue(typ, adopted)},
		{"other private keys only", fakePrivate{"schema_version": []byte(`"0"`)}, tftypes.NewValue(typ, adopted)},
		{"written by Portico", fakePrivate{privateWriterKey: privateWriterValue}, sdkv2},
	} {
		t.Run(c.name, func(t *testing.T) {
			state := tfsdk.State{Schema: s, Raw: sdkv2.Copy()}
			var diags diag.Diagnostics
			adoptForeignState(ctx, c.private, &state, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !state.Raw.Equal(c.want) {
				t.Errorf("adopted state:\n%s\nwant:\n%s", state.Raw, c.want)
			}
		})
	}

	t.Run("null state", func(t *testing.T) {
		state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)}
		var diags diag.Diagnostics
		adoptForeignState(ctx, fakePrivate{}, &state, &diags)
		if diags.HasError() || !state.Raw.IsNull() {
			t.Errorf("null state: %v %s", diags, state.Raw)
		}
	})

	t.Run("mark", func(t *testing.T) {
		p := fakePrivate{}
		var diags diag.Diagnostics
		markState(ctx, p, &diags)
		if diags.HasError() || string(p[privateWriterKey]) != string(privateWriterValue) {
			t.Errorf("markState: %v %q", diags, p[privateWriterKey])
		}
	})
}

// TestAccExplicitEmptyValues: a configuration that says "", [] or {} keeps
// it in the state Portico writes, with no diff, although a state written by
// another provider has those values turned into null (the mark written by
// Create and Update tells the two apart).
func TestAccExplicitEmptyValues(t *testing.T) {
	e := newAccEnv(t)
	cfg := e.config(apiChain + `
resource "aws_api_gateway_method" "empty" {
  rest_api_id          = aws_api_gateway_rest_api.test.id
  resource_id          = aws_api_gateway_resource.test.id
  http_method          = "POST"
  authorization        = "NONE"
  operation_name       = ""
  authorization_scopes = []
  request_models       = {}
}

resource "aws_api_gateway_integration" "test" {
  rest_api_id          = aws_api_gateway_rest_api.test.id
  resource_id          = aws_api_gateway_resource.test.id
  http_method          = aws_api_gateway_method.test.http_method
  type                 = "MOCK"
  request_parameters   = {}
  request_templates    = {}
  cache_key_parameters = []
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             e.checkNoRestAPIs,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("aws_api_gateway_method.empty", "operation_name", ""),
					resource.TestCheckResourceAttr("aws_api_gateway_method.empty", "authorization_scopes.#", "0"),
					resource.TestCheckResourceAttr("aws_api_gateway_method.empty", "request_models.%", "0"),
					resource.TestCheckResourceAttr(integrationName, "request_parameters.%", "0"),
					resource.TestCheckResourceAttr(integrationName, "cache_key_parameters.#", "0"),
				),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
