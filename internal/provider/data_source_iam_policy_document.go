package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func init() { registerDataSource(NewIAMPolicyDocumentDataSource) }

var _ datasource.DataSource = &iamPolicyDocumentDataSource{}

// NewIAMPolicyDocumentDataSource is aws_iam_policy_document: it renders an
// IAM policy document from HCL, exactly as HashiCorp's data source does
// (the same JSON text, so the same id), without calling any API.
func NewIAMPolicyDocumentDataSource() datasource.DataSource { return &iamPolicyDocumentDataSource{} }

type iamPolicyDocumentDataSource struct{}

type iamPolicyDocumentModel struct {
	ID                      types.String                 `tfsdk:"id"`
	JSON                    types.String                 `tfsdk:"json"`
	MinifiedJSON            types.String                 `tfsdk:"minified_json"`
	OverrideJSON            types.String                 `tfsdk:"override_json"`
	OverridePolicyDocuments types.List                   `tfsdk:"override_policy_documents"`
	PolicyID                types.String                 `tfsdk:"policy_id"`
	SourceJSON              types.String                 `tfsdk:"source_json"`
	SourcePolicyDocuments   types.List                   `tfsdk:"source_policy_documents"`
	Statement               []policyDocumentStatementCfg `tfsdk:"statement"`
	Version                 types.String                 `tfsdk:"version"`
}

type policyDocumentStatementCfg struct {
	Actions       types.Set                    `tfsdk:"actions"`
	Condition     []policyDocumentConditionCfg `tfsdk:"condition"`
	Effect        types.String                 `tfsdk:"effect"`
	NotActions    types.Set                    `tfsdk:"not_actions"`
	NotPrincipals []policyDocumentPrincipalCfg `tfsdk:"not_principals"`
	NotResources  types.Set                    `tfsdk:"not_resources"`
	Principals    []policyDocumentPrincipalCfg `tfsdk:"principals"`
	Resources     types.Set                    `tfsdk:"resources"`
	Sid           types.String                 `tfsdk:"sid"`
}

type policyDocumentPrincipalCfg struct {
	Identifiers types.Set    `tfsdk:"identifiers"`
	Type        types.String `tfsdk:"type"`
}

type policyDocumentConditionCfg struct {
	Test     types.String `tfsdk:"test"`
	Values   types.List   `tfsdk:"values"`
	Variable types.String `tfsdk:"variable"`
}

func (d *iamPolicyDocumentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_iam_policy_document"
}

// emptyStringValidator is HashiCorp's validation.StringIsEmpty.
type emptyStringValidator struct{}

func (emptyStringValidator) Description(_ context.Context) string { return "value must be empty" }

func (v emptyStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (emptyStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
		fmt.Sprintf("expected %q to be an empty string: got %v", req.Path, req.ConfigValue.ValueString()))
}

func (d *iamPolicyDocumentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	principals := func(desc string) schema.SetNestedBlock {
		return schema.SetNestedBlock{
			MarkdownDescription: desc,
			NestedObject: schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{
					"identifiers": schema.SetAttribute{
						MarkdownDescription: "Identifiers of the principals, e.g. account ids or ARNs (type `AWS`), service names (type `Service`), `*`.",
						Required:            true,
						ElementType:         types.StringType,
					},
					"type": schema.StringAttribute{
						MarkdownDescription: "Type of principal: `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`.",
						Required:            true,
					},
				},
			},
		}
	}
	stringSet := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{MarkdownDescription: desc, Optional: true, ElementType: types.StringType}
	}
	documents := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: desc,
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.ValueStringsAre(jsonStringValidator{})},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Generates an IAM policy document in JSON, for `assume_role_policy`, `aws_iam_policy`, `aws_iam_role_policy` and resource policies. The JSON is laid out exactly as HashiCorp's provider lays it out. No API is called.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Hash of `json` (CRC-32, as HashiCorp's).",
				Computed:            true,
			},
			"json": schema.StringAttribute{
				MarkdownDescription: "The policy document, indented with two spaces.",
				Computed:            true,
			},
			"minified_json": schema.StringAttribute{
				MarkdownDescription: "The policy document without whitespace.",
				Computed:            true,
			},
			"override_json": schema.StringAttribute{
				MarkdownDescription: "Not used (HashiCorp's removed argument; only an empty string is accepted).",
				DeprecationMessage:  "Not used",
				Optional:            true,
				Validators:          []validator.String{emptyStringValidator{}},
			},
			"override_policy_documents": documents("Policy documents (JSON) merged over this one, in order; a statement with the Sid of an existing statement replaces it."),
			"policy_id": schema.StringAttribute{
				MarkdownDescription: "Id of the policy (the document's `Id`).",
				Optional:            true,
			},
			"source_json": schema.StringAttribute{
				MarkdownDescription: "Not used (HashiCorp's removed argument; only an empty string is accepted).",
				DeprecationMessage:  "Not used",
				Optional:            true,
				Validators:          []validator.String{emptyStringValidator{}},
			},
			"source_policy_documents": documents("Policy documents (JSON) this one starts from, merged in order; their Sids must be unique, and this document's statements replace those with the same Sid."),
			"version": schema.StringAttribute{
				MarkdownDescription: "IAM policy language version: `2012-10-17` (default) or `2008-10-17`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf("2008-10-17", "2012-10-17")},
			},
		},
		Blocks: map[string]schema.Block{
			"statement": schema.ListNestedBlock{
				MarkdownDescription: "A statement of the document.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"actions": stringSet("Actions the statement allows or denies, e.g. `s3:GetObject`."),
						"effect": schema.StringAttribute{
							MarkdownDescription: "`Allow` (default) or `Deny`.",
							Optional:            true,
							Computed:            true,
							Validators:          []validator.String{stringvalidator.OneOf("Allow", "Deny")},
						},
						"not_actions":   stringSet("Actions the statement does not apply to."),
						"not_resources": stringSet("Resources the statement does not apply to. `&{...}` is written as a policy variable `${...}`."),
						"resources":     stringSet("Resource ARNs the statement applies to. `&{...}` is written as a policy variable `${...}`."),
						"sid": schema.StringAttribute{
							MarkdownDescription: "Statement id (alphanumeric).",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[a-zA-Z0-9]*$`), "must only include alphanumeric characters")},
						},
					},
					Blocks: map[string]schema.Block{
						"condition": schema.SetNestedBlock{
							MarkdownDescription: "A condition of the statement.",
							NestedObject: schema.NestedBlockObject{
								Attributes: map[string]schema.Attribute{
									"test": schema.StringAttribute{
										MarkdownDescription: "Condition operator, e.g. `StringEquals`, `ArnLike`.",
										Required:            true,
									},
									"values": schema.ListAttribute{
										MarkdownDescription: "Values to compare with; their order is kept.",
										Required:            true,
										ElementType:         types.StringType,
									},
									"variable": schema.StringAttribute{
										MarkdownDescription: "Context key, e.g. `aws:SourceArn`.",
										Required:            true,
									},
								},
							},
						},
						"not_principals": principals("Principals the statement does not apply to."),
						"principals":     principals("Principals the statement applies to."),
					},
				},
			},
		},
	}
}

var policyVarReplacer = strings.NewReplacer("&{", "${")

func replacePolicyVars(in any, version string) (any, error) {
	check := func(s string) error {
		if version == "2008-10-17" && strings.Contains(s, "&{") {
			return fmt.Errorf("found &{ sequence in (%s), which is not supported in document version 2008-10-17", s)
		}
		return nil
	}
	switch v := in.(type) {
	case string:
		if err := check(v); err != nil {
			return nil, err
		}
		return policyVarReplacer.Replace(v), nil
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			if err := check(s); err != nil {
				return nil, err
			}
			out[i] = policyVarReplacer.Replace(s)
		}
		return out, nil
	}

	return nil, errors.New("replacePolicyVars: input not string nor []string")
}

func setStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)

	return out
}

func principalSet(ctx context.Context, in []policyDocumentPrincipalCfg, version string, diags *diag.Diagnostics) (iamPolicyStatementPrincipalSet, error) {
	out := make(iamPolicyStatementPrincipalSet, len(in))
	for i, p := range in {
		ids, err := replacePolicyVars(policyDecodeConfigStrings(setStrings(ctx, p.Identifiers, diags)), version)
		if err != nil {
			return nil, fmt.Errorf("reading identifiers: %w", err)
		}
		out[i] = iamPolicyStatementPrincipal{Type: p.Type.ValueString(), Identifiers: ids}
	}

	return out, nil
}

func conditionSet(ctx context.Context, in []policyDocumentConditionCfg, version string, diags *diag.Diagnostics) (iamPolicyStatementConditionSet, error) {
	out := make(iamPolicyStatementConditionSet, len(in))
	for i, c := range in {
		var values []string
		if !c.Values.IsNull() && !c.Values.IsUnknown() {
			diags.Append(c.Values.ElementsAs(ctx, &values, false)...)
		}
		if values == nil {
			values = []string{}
		}
		v, err := replacePolicyVars(values, version)
		if err != nil {
			return nil, fmt.Errorf("reading values: %w", err)
		}
		if vs, ok := v.([]string); ok && len(vs) == 1 {
			v = vs[0]
		}
		out[i] = iamPolicyStatementCondition{Test: c.Test.ValueString(), Variable: c.Variable.ValueString(), Values: v}
	}

	return out, nil
}

// stringHashcode is HashiCorp's create.StringHashcode (CRC-32 IEEE, never
// negative).
func stringHashcode(s string) int {
	v := int(crc32.ChecksumIEEE([]byte(s)))
	if v >= 0 {
		return v
	}
	if -v >= 0 {
		return -v
	}

	return 0
}

// renderPolicyDocument builds the document of m (HashiCorp's
// dataSourcePolicyDocumentRead) and fills m's computed attributes.
func renderPolicyDocument(ctx context.Context, m *iamPolicyDocumentModel, diags *diag.Diagnostics) {
	fail := func(format string, args ...any) {
		diags.AddError("Error writing IAM Policy Document", fmt.Sprintf(format, args...))
	}
	merged := &iamPolicyDoc{}
	if sources := listValues(ctx, m.SourcePolicyDocuments, diags); len(sources) > 0 {
		sids := map[string]struct{}{}
		for i, src := range sources {
			if src == "" {
				continue
			}
			doc := &iamPolicyDoc{}
			if err := json.Unmarshal([]byte(src), doc); err != nil {
				fail("writing IAM Policy Document: merging source document %d: %s", i, err)
				return
			}
			for j, st := range doc.Statements {
				if st.Sid == "" {
					continue
				}
				if _, dup := sids[st.Sid]; dup {
					fail("writing IAM Policy Document: merging source document %d: duplicate Sid (%s) in source_policy_documents (statement %d). Remove the Sid or ensure Sids are unique.", i, st.Sid, j)
					return
				}
				sids[st.Sid] = struct{}{}
			}
			merged.Merge(doc)
		}
	}

	if m.Version.IsNull() || m.Version.IsUnknown() {
		m.Version = types.StringValue("2012-10-17")
	}
	version := m.Version.ValueString()
	doc := &iamPolicyDoc{Version: version, Id: m.PolicyID.ValueString()}
	if len(m.Statement) > 0 {
		sids := map[string]struct{}{}
		doc.Statements = make([]*iamPolicyStatement, len(m.Statement))
		for i := range m.Statement {
			cfg := &m.Statement[i]
			if cfg.Effect.IsNull() || cfg.Effect.IsUnknown() {
				cfg.Effect = types.StringValue("Allow")
			}
			st := &iamPolicyStatement{Effect: cfg.Effect.ValueString(), Sid: cfg.Sid.ValueString()}
			if _, dup := sids[st.Sid]; dup {
				fail("writing IAM Policy Document: duplicate Sid (%s). Remove the Sid or ensure the Sid is unique.", st.Sid)
				return
			}
			if st.Sid != "" {
				sids[st.Sid] = struct{}{}
			}
			if v := setStrings(ctx, cfg.Actions, diags); len(v) > 0 {
				st.Actions = policyDecodeConfigStrings(v)
			}
			if v := setStrings(ctx, cfg.NotActions, diags); len(v) > 0 {
				st.NotActions = policyDecodeConfigStrings(v)
			}
			var err error
			if v := setStrings(ctx, cfg.Resources, diags); len(v) > 0 {
				if st.Resources, err = replacePolicyVars(policyDecodeConfigStrings(v), version); err != nil {
					fail("reading resources: %s", err)
					return
				}
			}
			if v := setStrings(ctx, cfg.NotResources, diags); len(v) > 0 {
				if st.NotResources, err = replacePolicyVars(policyDecodeConfigStrings(v), version); err != nil {
					fail("reading not_resources: %s", err)
					return
				}
			}
			if len(cfg.Principals) > 0 {
				if st.Principals, err = principalSet(ctx, cfg.Principals, version, diags); err != nil {
					fail("reading principals: %s", err)
					return
				}
			}
			if len(cfg.NotPrincipals) > 0 {
				if st.NotPrincipals, err = principalSet(ctx, cfg.NotPrincipals, version, diags); err != nil {
					fail("reading not_principals: %s", err)
					return
				}
			}
			if len(cfg.Condition) > 0 {
				if st.Conditions, err = conditionSet(ctx, cfg.Condition, version, diags); err != nil {
					fail("reading condition: %s", err)
					return
				}
			}
			doc.Statements[i] = st
		}
	}
	merged.Merge(doc)

	for i, o := range listValues(ctx, m.OverridePolicyDocuments, diags) {
		if o == "" {
			continue
		}
		override := &iamPolicyDoc{}
		if err := json.Unmarshal([]byte(o), override); err != nil {
			fail("writing IAM Policy Document: merging override document %d: %s", i, err)
			return
		}
		merged.Merge(override)
	}
	if diags.HasError() {
		return
	}

	indented, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		fail("writing IAM Policy Document: formatting JSON: %s", err)
		return
	}
	minified, err := json.Marshal(merged)
	if err != nil {
		fail("writing IAM Policy Document: formatting JSON: %s", err)
		return
	}
	m.JSON = types.StringValue(string(indented))
	m.MinifiedJSON = types.StringValue(string(minified))
	m.ID = types.StringValue(strconv.Itoa(stringHashcode(string(indented))))
}

func (d *iamPolicyDocumentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m iamPolicyDocumentModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	renderPolicyDocument(ctx, &m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
