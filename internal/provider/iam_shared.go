package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What the aws_iam_* resources share: HashiCorp's IAM name rules and
// validators, name/name_prefix planning, policy JSON normalisation, and
// the propagation timeout IAM's eventual consistency needs on real AWS.

// iamPropagationTimeout is HashiCorp's propagationTimeout for IAM.
const iamPropagationTimeout = 2 * time.Minute

// IAM name limits, as HashiCorp's.
const (
	iamUniqueIDSuffixLength = 26
	roleNameMaxLen          = 64
	roleNamePrefixMaxLen    = roleNameMaxLen - iamUniqueIDSuffixLength
	policyNameMaxLen        = 128
	policyNamePrefixMaxLen  = policyNameMaxLen - iamUniqueIDSuffixLength
)

var iamUniqueIDCounter atomic.Uint32

// iamPrefixedUniqueID is HashiCorp's id.PrefixedUniqueId: prefix, a UTC
// timestamp to 1/10000 s and an 8-hex-digit counter.
func iamPrefixedUniqueID(prefix string) string {
	ts := strings.Replace(time.Now().UTC().Format("20060102150405.0000"), ".", "", 1)

	return fmt.Sprintf("%s%s%08x", prefix, ts, iamUniqueIDCounter.Add(1))
}

// iamCreateName is HashiCorp's create.Name: the name, else prefix plus a
// unique suffix, else "terraform-" plus a unique suffix.
func iamCreateName(name, prefix string) string {
	switch {
	case name != "":
		return name
	case prefix != "":
		return iamPrefixedUniqueID(prefix)
	default:
		return iamPrefixedUniqueID("terraform-")
	}
}

var iamUniqueSuffixRE = regexp.MustCompile(`\d{18}[[:xdigit:]]{8}$`)

// iamNamePrefixFromName is HashiCorp's create.NamePrefixFromName: the
// prefix of a generated name, null for any other name.
func iamNamePrefixFromName(name string) types.String {
	if !iamUniqueSuffixRE.MatchString(name) || len(name) < iamUniqueIDSuffixLength {
		return types.StringNull()
	}

	return types.StringValue(name[:len(name)-iamUniqueIDSuffixLength])
}

// iamNameRE is HashiCorp's validResourceName pattern.
var iamNameRE = regexp.MustCompile(`^[\w+=,.@-]*$`)

// iamNameValidator is HashiCorp's validResourceName(max).
type iamNameValidator struct{ max int }

func (v iamNameValidator) Description(_ context.Context) string {
	return fmt.Sprintf(`1 to %d characters matching [\w+=,.@-]`, v.max)
}

func (v iamNameValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v iamNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if n := len(s); n < 1 || n > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("expected length of %s to be in the range (1 - %d), got %s", req.Path, v.max, s))
	}
	if !iamNameRE.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf(`invalid value for %s (must match [\w+=,.@-])`, req.Path))
	}
}

// arnValidator is HashiCorp's verify.ValidARN.
type arnValidator struct{}

func (arnValidator) Description(_ context.Context) string { return "value must be an ARN" }

func (v arnValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (arnValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	s := req.ConfigValue.ValueString()
	if _, err := arn.Parse(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid ARN",
			fmt.Sprintf("%q (%s) is an invalid ARN: %s", req.Path, s, err))
	}
}

// iamPolicyJSONValidator is HashiCorp's verify.ValidIAMPolicyJSON: a JSON
// object, with no leading whitespace and not a JSON-encoded string.
type iamPolicyJSONValidator struct{}

func (iamPolicyJSONValidator) Description(_ context.Context) string {
	return "value must be a JSON policy document (an object)"
}

func (v iamPolicyJSONValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (iamPolicyJSONValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkIAMPolicyJSON(req.Path.String(), req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON policy", err.Error())
	}
}

func checkIAMPolicyJSON(k, s string) error {
	if s == "" {
		return fmt.Errorf("%q is an empty string, which is not a valid JSON value", k)
	}
	switch s[0] {
	case '{':
	case ' ', '\t', '\r', '\n':
		return fmt.Errorf("%q contains an invalid JSON policy: leading space characters are not allowed", k)
	case '"':
		return fmt.Errorf("%q contains an invalid JSON policy: contains a JSON-encoded string, not a JSON value", k)
	default:
		return fmt.Errorf("%q contains an invalid JSON policy: not a JSON object", k)
	}
	if _, err := normalizeJSON(s); err != nil {
		return fmt.Errorf("%q contains an invalid JSON: %w", k, err)
	}

	return nil
}

// jsonStringValidator is HashiCorp's validation.StringIsJSON.
type jsonStringValidator struct{}

func (jsonStringValidator) Description(_ context.Context) string { return "value must be JSON" }

func (v jsonStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := normalizeJSON(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON",
			fmt.Sprintf("%q contains an invalid JSON: %s", sdkPath(req.Path.String()), err))
	}
}

// sdkPath writes a framework path as terraform-plugin-sdk names attributes
// in messages: "source_policy_documents[0]" is "source_policy_documents.0".
func sdkPath(p string) string {
	return strings.NewReplacer("[", ".", "]", "").Replace(p)
}

// normalizeJSON is HashiCorp's structure.NormalizeJsonString: decoded and
// re-encoded (compact, object keys sorted); "" stays "".
func normalizeJSON(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return s, err
	}

	return string(b), nil
}

var legacyVersionRE = regexp.MustCompile(`(?s)^(\{\n?)(.*?)(,\s*)?(  )?("Version":\s*"2012-10-17")(,)?(\n)?(.*?)(\})`)

// legacyPolicyNormalize is HashiCorp's verify.LegacyPolicyNormalize:
// normalised JSON with a "Version":"2012-10-17" member moved first, the
// form inline policies are sent in.
func legacyPolicyNormalize(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	np, err := normalizeJSON(s)
	if err != nil {
		return s, fmt.Errorf("legacy policy (%s) is invalid JSON: %w", s, err)
	}
	n := legacyVersionRE.ReplaceAllString(np, `$1$4$5$3$2$6$7$8$9`)
	if _, err := normalizeJSON(n); err != nil {
		return s, fmt.Errorf("legacy policy (%s) is invalid JSON: %w", n, err)
	}

	return n, nil
}

// decodeIAMDocument decodes a URL-encoded policy document as IAM returns
// them.
func decodeIAMDocument(s string) (string, error) {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return "", fmt.Errorf("decoding policy document: %w", err)
	}

	return d, nil
}

// modifyPlanIAMName plans name and name_prefix as HashiCorp's
// Optional+Computed+ForceNew pair (the attributes carry no plan modifiers of
// their own): a configured name is the name, and a different one replaces;
// else a configured name_prefix that differs from the state's gives a new,
// unknown name (a replacement); else the state's values are kept.
func modifyPlanIAMName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var cfgName, cfgPrefix, stateName, statePrefix types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &cfgName)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_prefix"), &cfgPrefix)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		// Create: a name not configured is generated at apply time, and
		// name_prefix follows from the name.
		if cfgName.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name"), types.StringUnknown())...)
		}
		if cfgPrefix.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name_prefix"), types.StringUnknown())...)
		}
		return
	}
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &stateName)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name_prefix"), &statePrefix)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case !cfgName.IsNull():
		if !cfgName.Equal(stateName) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("name"))
		}
		if cfgPrefix.IsNull() {
			prefix := statePrefix
			if !cfgName.Equal(stateName) {
				prefix = types.StringUnknown()
			}
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name_prefix"), prefix)...)
		}
	case cfgPrefix.IsUnknown() || (!cfgPrefix.IsNull() && !cfgPrefix.Equal(statePrefix)):
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("name_prefix"))
	default:
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name"), stateName)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("name_prefix"), statePrefix)...)
	}
}
