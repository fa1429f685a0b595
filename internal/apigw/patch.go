package apigw

import (
	"slices"
	"strings"
)

// Patch operations of API Gateway's Update* calls: "op" is one of
// PatchOpsWireOrder and "path" a JSON Pointer (RFC 6901) into the object,
// a map key or list member as its last segment ("PatchOperation" in the API
// Gateway API reference).

// Patch operation names.
const (
	PatchOpAdd     = "add"
	PatchOpRemove  = "remove"
	PatchOpReplace = "replace"
)

// EscapePatchKey encodes a map key or list member as one segment of a patch
// path: "~" is "~0" and "/" is "~1" (RFC 6901, section 3).
func EscapePatchKey(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// UnescapePatchKey decodes a segment EscapePatchKey encoded.
func UnescapePatchKey(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// PatchPath is a path an Update* call accepts and the operations it takes
// there.
type PatchPath struct {
	// Path is the patch path, e.g. "/credentials"; a path ending in "/*"
	// stands for every member of a map or list ("/requestParameters/*").
	Path string
	// Ops are the operations the path takes, comma-separated, e.g.
	// "replace,remove".
	Ops string
}

// Allows reports whether the path takes operation op.
func (p PatchPath) Allows(op string) bool { return slices.Contains(strings.Split(p.Ops, ","), op) }

// Removable reports whether the path takes "remove": an argument that leaves
// a configuration can be cleared with a remove operation rather than a
// replace with "".
func (p PatchPath) Removable() bool { return p.Allows(PatchOpRemove) }

// Prefix is the path of a map or list without its "/*" member part:
// "/requestParameters" for "/requestParameters/*".
func (p PatchPath) Prefix() string { return strings.TrimSuffix(p.Path, "/*") }

// UpdateIntegration's patch paths and the operations each takes (AWS's
// UpdateIntegration and PatchOperation references). The removable ones are
// the optional arguments a remove clears; the gateway refuses a remove
// elsewhere and the provider sends one only where it is allowed.
var (
	IntegrationPatchType                     = PatchPath{"/type", "replace"}
	IntegrationPatchHTTPMethod               = PatchPath{"/httpMethod", "replace"}
	IntegrationPatchURI                      = PatchPath{"/uri", "replace"}
	IntegrationPatchCredentials              = PatchPath{"/credentials", "replace,remove"}
	IntegrationPatchConnectionType           = PatchPath{"/connectionType", "replace"}
	IntegrationPatchConnectionID             = PatchPath{"/connectionId", "replace,remove"}
	IntegrationPatchPassthroughBehavior      = PatchPath{"/passthroughBehavior", "replace"}
	IntegrationPatchContentHandling          = PatchPath{"/contentHandling", "replace,remove"}
	IntegrationPatchResponseTransferMode     = PatchPath{"/responseTransferMode", "replace"}
	IntegrationPatchCacheNamespace           = PatchPath{"/cacheNamespace", "replace"}
	IntegrationPatchIntegrationTarget        = PatchPath{"/integrationTarget", "replace,remove"}
	IntegrationPatchTimeout                  = PatchPath{"/timeoutInMillis", "replace"}
	IntegrationPatchInsecureSkipVerification = PatchPath{"/tlsConfig/insecureSkipVerification", "replace"}
	IntegrationPatchRequestParameters        = PatchPath{"/requestParameters/*", "add,remove,replace"}
	IntegrationPatchRequestTemplates         = PatchPath{"/requestTemplates/*", "add,remove,replace"}
	IntegrationPatchCacheKeyParameters       = PatchPath{"/cacheKeyParameters/*", "add,remove"}
)

// UpdateIntegrationResponse's patch paths.
var (
	IntegrationResponsePatchSelectionPattern   = PatchPath{"/selectionPattern", "replace,remove"}
	IntegrationResponsePatchContentHandling    = PatchPath{"/contentHandling", "replace,remove"}
	IntegrationResponsePatchResponseParameters = PatchPath{"/responseParameters/*", "add,remove,replace"}
	IntegrationResponsePatchResponseTemplates  = PatchPath{"/responseTemplates/*", "add,remove,replace"}
)
