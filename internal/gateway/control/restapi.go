package control

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

type createRestAPIInput struct {
	Name                      string                       `json:"name"`
	Description               *string                      `json:"description"`
	Version                   string                       `json:"version"`
	CloneFrom                 string                       `json:"cloneFrom"`
	BinaryMediaTypes          []string                     `json:"binaryMediaTypes"`
	MinimumCompressionSize    json.RawMessage              `json:"minimumCompressionSize"`
	APIKeySource              string                       `json:"apiKeySource"`
	EndpointConfiguration     *apigw.EndpointConfiguration `json:"endpointConfiguration"`
	Policy                    string                       `json:"policy"`
	Tags                      map[string]string            `json:"tags"`
	DisableExecuteAPIEndpoint bool                         `json:"disableExecuteApiEndpoint"`
}

const msgCompression = apigw.MsgInvalidCompressionSize

// parseCompression reads a CreateRestApi minimumCompressionSize, which AWS
// answers with one message whether it is out of range or not a number.
func parseCompression(raw json.RawMessage) (*int32, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil || apigw.ValidateCompressionSize(n) != nil {
		return nil, badRequest(msgCompression)
	}
	v := int32(n)
	return &v, nil
}

const (
	emptyModelSchema = "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Empty Schema\",\n  \"type\" : \"object\"\n}"
	errorModelSchema = "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Error Schema\",\n  \"type\" : \"object\",\n  \"properties\" : {\n    \"message\" : { \"type\" : \"string\" }\n  }\n}"
)

// endpointShapeErrors are the ValidationException messages of a
// CreateRestApi endpointConfiguration: AWS checks them before anything else.
func endpointShapeErrors(ec *apigw.EndpointConfiguration) []string {
	if ec == nil {
		return nil
	}
	var msgs []string
	for _, t := range ec.Types {
		if !apigw.In(t, apigw.EndpointTypes) {
			msgs = append(msgs, fmt.Sprintf("%sValue '[%s]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [%s]]",
				validationPrefix, strings.Join(ec.Types, ", "), strings.Join(apigw.EndpointTypesWireOrder, ", ")))
			break
		}
	}
	if ec.IPAddressType != "" && !apigw.In(ec.IPAddressType, apigw.IPAddressTypes) {
		msgs = append(msgs, apigw.EnumError("createRestApiInput.endpointConfiguration.ipAddressType", ec.IPAddressType, apigw.IPAddressTypes))
	}
	return msgs
}

func validateEndpointConfiguration(ec *apigw.EndpointConfiguration) error {
	if err := apigw.ValidateEndpointConfiguration(ec); err != nil {
		return badRequest("%s", err.Error())
	}
	return nil
}

func normalizeEndpointConfiguration(ec *apigw.EndpointConfiguration) *apigw.EndpointConfiguration {
	if ec == nil {
		ec = &apigw.EndpointConfiguration{}
	}
	if len(ec.Types) == 0 {
		ec.Types = []string{apigw.DefaultEndpointType}
	}
	if ec.IPAddressType == "" {
		ec.IPAddressType = apigw.DefaultIPAddressType(ec.Types[0])
	}
	return ec
}

// normalizePolicy checks a resource policy and stores it compacted.
func normalizePolicy(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(p)); err != nil || !strings.HasPrefix(buf.String(), "{") {
		return "", badRequest("Invalid policy document. Please check the policy syntax and ensure that Principals are valid.")
	}
	// The invoke API evaluates it: a document it cannot read is refused now.
	if _, err := apigw.ParsePolicy(buf.String()); err != nil {
		return "", badRequest("Invalid policy document. Please check the policy syntax and ensure that Principals are valid.")
	}
	return buf.String(), nil
}

func validateRestAPIFields(a *apigw.RestApi) error {
	if strings.TrimSpace(a.Name) == "" {
		return badRequest("Invalid REST API name specified")
	}
	if a.APIKeySource != "" && !apigw.In(a.APIKeySource, apigw.APIKeySources) {
		return badRequest("%s", apigw.EnumError("createRestApiInput.apiKeySource", a.APIKeySource, apigw.APIKeySources))
	}
	if m := a.MinimumCompressionSize; m != nil && apigw.ValidateCompressionSize(int64(*m)) != nil {
		return badRequest(msgCompression)
	}
	if ec := a.EndpointConfiguration; ec != nil && apigw.ValidateEndpointIPAddressType(ec.Types, ec.IPAddressType) != nil {
		return badRequest("%s", apigw.ErrPrivateNeedsDualstack.Error())
	}
	return validateTags(a.Tags)
}

func validateTags(tags map[string]string) error {
	if err := apigw.ValidateTags(tags); err != nil {
		return badRequest("%s", err.Error())
	}
	return nil
}

func (h *Handler) createRestAPI(r *http.Request) (int, any, error) {
	var in createRestAPIInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	// AWS's order (recorded): shape validation, then the empty description,
	// then the endpoint rules.
	if err := validations(endpointShapeErrors(in.EndpointConfiguration)); err != nil {
		return 0, nil, err
	}
	if in.Description != nil && *in.Description == "" {
		return 0, nil, badRequest("Description cannot be an empty string")
	}
	if err := validateEndpointConfiguration(in.EndpointConfiguration); err != nil {
		return 0, nil, err
	}
	compression, err := parseCompression(in.MinimumCompressionSize)
	if err != nil {
		return 0, nil, err
	}
	policy, err := normalizePolicy(in.Policy)
	if err != nil {
		return 0, nil, err
	}
	now := apigw.Now()
	api := apigw.RestApi{
		ID:                        apigw.NewID(),
		Name:                      in.Name,
		Description:               derefString(in.Description),
		CreatedDate:               now,
		Version:                   in.Version,
		BinaryMediaTypes:          in.BinaryMediaTypes,
		MinimumCompressionSize:    compression,
		APIKeySource:              in.APIKeySource,
		EndpointConfiguration:     normalizeEndpointConfiguration(in.EndpointConfiguration),
		Policy:                    policy,
		Tags:                      in.Tags,
		DisableExecuteAPIEndpoint: in.DisableExecuteAPIEndpoint,
		RootResourceID:            apigw.NewID(),
	}
	if api.APIKeySource == "" {
		api.APIKeySource = apigw.DefaultAPIKeySource
	}
	if len(api.Tags) == 0 {
		api.Tags = nil
	}
	if err := validateRestAPIFields(&api); err != nil {
		return 0, nil, err
	}
	doc := store.NewAPIDoc(api)
	if in.CloneFrom != "" {
		src, err := h.store.Get(r.Context(), in.CloneFrom)
		if err != nil {
			return 0, nil, h.apiNotFound(in.CloneFrom)
		}
		doc.Resources = store.DeepCopy(src.Resources)
		doc.Models = store.DeepCopy(src.Models)
		for _, res := range doc.Resources {
			if res.ParentID == "" {
				doc.API.RootResourceID = res.ID
			}
		}
	} else {
		doc.Resources[api.RootResourceID] = &apigw.Resource{ID: api.RootResourceID, Path: "/"}
		doc.Models["Empty"] = &apigw.Model{ID: apigw.NewID(), Name: "Empty", Description: "This is a default empty schema model", Schema: emptyModelSchema, ContentType: "application/json"}
		doc.Models["Error"] = &apigw.Model{ID: apigw.NewID(), Name: "Error", Description: "This is a default error schema model", Schema: errorModelSchema, ContentType: "application/json"}
	}
	if err := h.store.Create(r.Context(), doc); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, restAPIOut(doc.API), nil
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// restAPIWithTags is a REST API as GetRestApi and UpdateRestApi return it:
// with "tags": {} when it has none (recorded), unlike CreateRestApi and
// GetRestApis, which leave the member out.
type restAPIWithTags struct {
	apigw.RestApi
	Tags map[string]string `json:"tags"`
}

func withTags(a apigw.RestApi) restAPIWithTags {
	out := restAPIWithTags{RestApi: a, Tags: a.Tags}
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	return out
}

// restAPIOut is the API as AWS returns it: the policy with its quotes
// backslash-escaped, as AWS does.
func restAPIOut(a apigw.RestApi) apigw.RestApi {
	if a.Policy != "" {
		a.Policy = strings.ReplaceAll(a.Policy, `"`, `\"`)
	}
	return a
}

func (h *Handler) getRestAPI(r *http.Request) (int, any, error) {
	var out restAPIWithTags
	err := h.view(r, func(d *store.APIDoc) error { out = withTags(restAPIOut(d.API)); return nil })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getRestAPIs(r *http.Request) (int, any, error) {
	docs, err := h.store.List(r.Context())
	if err != nil {
		return 0, nil, err
	}
	items := make([]apigw.RestApi, len(docs))
	seq := make(map[string]string, len(docs))
	for i, d := range docs { // in creation (Seq) order
		items[i] = restAPIOut(d.API)
		seq[d.API.ID] = seqKey(d.Seq) + "\x00" + d.API.ID
	}
	key := func(a apigw.RestApi) string { return seq[a.ID] }
	slices.SortFunc(items, func(a, b apigw.RestApi) int { return strings.Compare(key(a), key(b)) })
	out, err := page(r, items, key)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteRestAPI(r *http.Request) (int, any, error) {
	id := r.PathValue("restapi_id")
	if err := h.store.Delete(r.Context(), id); err != nil {
		if err == store.ErrNotFound {
			return 0, nil, h.apiNotFound(id)
		}
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}

var restAPIRules = []rule[apigw.RestApi]{
	{"/name", "replace", func(a *apigw.RestApi, v patchValue) error { a.Name = v.str(); return nil }},
	{"/description", "replace", func(a *apigw.RestApi, v patchValue) error { a.Description = v.str(); return nil }},
	{"/version", "replace", func(a *apigw.RestApi, v patchValue) error { a.Version = v.str(); return nil }},
	{"/policy", "replace", func(a *apigw.RestApi, v patchValue) error {
		p, err := normalizePolicy(v.str())
		a.Policy = p
		return err
	}},
	{"/apiKeySource", "replace", func(a *apigw.RestApi, v patchValue) error {
		if !apigw.In(v.str(), apigw.APIKeySources) {
			return badRequest("%s", apigw.EnumError("apiKeySource", v.str(), apigw.APIKeySources))
		}
		a.APIKeySource = v.str()
		return nil
	}},
	{"/minimumCompressionSize", "replace", func(a *apigw.RestApi, v patchValue) error {
		if v.str() == "" {
			a.MinimumCompressionSize = nil
			return nil
		}
		n, err := v.int32()
		if err != nil {
			return badRequest(msgCompression)
		}
		a.MinimumCompressionSize = &n
		return nil
	}},
	{"/disableExecuteApiEndpoint", "replace", func(a *apigw.RestApi, v patchValue) error {
		b, err := v.boolean()
		a.DisableExecuteAPIEndpoint = b
		return err
	}},
	{"/binaryMediaTypes/*", "add,remove,replace", func(a *apigw.RestApi, v patchValue) error {
		if v.op.Op == "replace" {
			patchStringList(&a.BinaryMediaTypes, patchValue{op: apigw.PatchOperation{Op: "remove"}}, v.key)
			patchStringList(&a.BinaryMediaTypes, v, v.str())
			return nil
		}
		patchStringList(&a.BinaryMediaTypes, v, v.key)
		return nil
	}},
	{"/endpointConfiguration/types/*", "replace", func(a *apigw.RestApi, v patchValue) error {
		if !apigw.In(v.str(), apigw.EndpointTypes) {
			return badRequest("Invalid EndpointTypes specified. Valid options are %s", strings.Join(apigw.EndpointTypesPatchOrder, ","))
		}
		ec := normalizeEndpointConfiguration(a.EndpointConfiguration)
		ec.Types = []string{v.str()}
		if v.str() == apigw.EndpointTypePrivate {
			ec.IPAddressType = apigw.DefaultIPAddressType(v.str()) // the only one a private API takes
		}
		if v.str() != apigw.EndpointTypePrivate {
			ec.VpcEndpointIds = nil
		}
		a.EndpointConfiguration = ec
		return nil
	}},
	{"/endpointConfiguration/ipAddressType", "replace", func(a *apigw.RestApi, v patchValue) error {
		if !apigw.In(v.str(), apigw.IPAddressTypes) {
			return badRequest("ipAddressType must be either ipv4 or dualstack.")
		}
		ec := normalizeEndpointConfiguration(a.EndpointConfiguration)
		ec.IPAddressType = v.str()
		a.EndpointConfiguration = ec
		return nil
	}},
	{"/endpointConfiguration/vpcEndpointIds", "add,remove,replace", func(a *apigw.RestApi, v patchValue) error {
		ec := normalizeEndpointConfiguration(a.EndpointConfiguration)
		if v.op.Op == "replace" {
			ec.VpcEndpointIds = nil
			for _, id := range strings.Split(v.str(), ",") {
				if id = strings.TrimSpace(id); id != "" {
					ec.VpcEndpointIds = append(ec.VpcEndpointIds, id)
				}
			}
		} else {
			patchStringList(&ec.VpcEndpointIds, v, v.str())
		}
		a.EndpointConfiguration = ec
		return nil
	}},
}

func (h *Handler) updateRestAPI(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateRestApiInput")
	if err != nil {
		return 0, nil, err
	}
	var out restAPIWithTags
	err = h.update(r, func(d *store.APIDoc) error {
		if err := applyPatchStyled(&d.API, ops, restAPIRules, nil, patchShort); err != nil {
			return err
		}
		if err := validateRestAPIFields(&d.API); err != nil {
			return err
		}
		out = withTags(restAPIOut(d.API))
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}
