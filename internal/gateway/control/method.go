package control

import (
	"net/http"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

const (
	msgBadMethod         = "Invalid Method identifier specified"
	msgBadIntegration    = "Invalid Integration identifier specified"
	msgBadResponseStatus = "Invalid Response status code specified"
)

func validateVerb(verb string) error {
	if !apigw.In(verb, apigw.HTTPMethods) {
		return badRequest("Invalid HttpMethod specified. Valid options are %s", strings.Join(apigw.HTTPMethodsWireOrder, ","))
	}
	return nil
}

// getMethod finds the method of the request's resource_id/http_method.
func getMethod(d *store.APIDoc, r *http.Request) (*apigw.Resource, *apigw.Method, error) {
	res, err := getResource(d, r.PathValue("resource_id"))
	if err != nil {
		return nil, nil, err
	}
	m, ok := d.Method(res, r.PathValue("http_method"))
	if !ok {
		return res, nil, notFound(msgBadMethod)
	}
	return res, m, nil
}

func getIntegration(d *store.APIDoc, r *http.Request) (*apigw.Method, *apigw.Integration, error) {
	_, m, err := getMethod(d, r)
	if err != nil {
		return nil, nil, err
	}
	if m.MethodIntegration == nil {
		return m, nil, notFound(msgBadIntegration)
	}
	return m, m.MethodIntegration, nil
}

func checkModels(d *store.APIDoc, models map[string]string) error {
	for _, name := range models {
		if _, ok := d.Models[name]; !ok {
			return badRequest("Invalid model identifier specified: %s", name)
		}
	}
	return nil
}

func validateMethod(d *store.APIDoc, m *apigw.Method) error {
	if !apigw.In(m.AuthorizationType, apigw.AuthorizationTypes) {
		return badRequest("%s", apigw.EnumError("putMethodInput.authorizationType", m.AuthorizationType, apigw.AuthorizationTypes))
	}
	if apigw.UsesAuthorizer(m.AuthorizationType) {
		a, ok := d.Authorizers[m.AuthorizerID]
		if !ok || (a.Type == apigw.AuthorizerTypeCognito) != (m.AuthorizationType == apigw.AuthorizationCognitoUserPools) {
			return badRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
		}
	}
	if m.RequestValidatorID != "" {
		if _, ok := d.RequestValidators[m.RequestValidatorID]; !ok {
			return badRequest(msgValidatorNotFound)
		}
	}
	seen := map[string]string{} // parameter name -> location
	for k := range m.RequestParameters {
		if err := apigw.ValidateMethodRequestParameter(k); err != nil {
			return badRequest("%s", err.Error())
		}
		loc, name, ok := strings.Cut(strings.TrimPrefix(k, "method.request."), ".")
		if !ok || (loc != "querystring" && loc != "header" && loc != "path") {
			continue
		}
		if other, dup := seen[name]; dup && other != loc {
			return badRequest("Parameter names must be unique across querystring, header and path")
		}
		seen[name] = loc
	}
	return checkModels(d, m.RequestModels)
}

type putMethodInput struct {
	AuthorizationType   string            `json:"authorizationType"`
	AuthorizerID        string            `json:"authorizerId"`
	APIKeyRequired      bool              `json:"apiKeyRequired"`
	OperationName       string            `json:"operationName"`
	RequestParameters   map[string]bool   `json:"requestParameters"`
	RequestModels       map[string]string `json:"requestModels"`
	RequestValidatorID  string            `json:"requestValidatorId"`
	AuthorizationScopes []string          `json:"authorizationScopes"`
}

func nilIfEmpty[M ~map[K]V, K comparable, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}

func (h *Handler) putMethod(r *http.Request) (int, any, error) {
	verb := r.PathValue("http_method")
	var in putMethodInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	var out apigw.Method
	err := h.update(r, func(d *store.APIDoc) error {
		res, err := getResource(d, r.PathValue("resource_id"))
		if err != nil {
			return err
		}
		// Recorded: an unknown API or resource is reported before a bad verb.
		if err := validateVerb(verb); err != nil {
			return err
		}
		if _, ok := res.ResourceMethods[verb]; ok {
			return conflict("Method already exists for this resource")
		}
		m := &apigw.Method{
			HTTPMethod:          verb,
			AuthorizationType:   in.AuthorizationType,
			AuthorizerID:        in.AuthorizerID,
			APIKeyRequired:      in.APIKeyRequired,
			OperationName:       in.OperationName,
			RequestParameters:   nilIfEmpty(in.RequestParameters),
			RequestModels:       nilIfEmpty(in.RequestModels),
			RequestValidatorID:  in.RequestValidatorID,
			AuthorizationScopes: in.AuthorizationScopes,
		}
		if len(m.AuthorizationScopes) == 0 {
			m.AuthorizationScopes = nil
		}
		if err := validateMethod(d, m); err != nil {
			return err
		}
		if res.ResourceMethods == nil {
			res.ResourceMethods = map[string]*apigw.Method{}
		}
		res.ResourceMethods[verb] = m
		out = *m
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

func (h *Handler) getMethod(r *http.Request) (int, any, error) {
	var out apigw.Method
	err := h.view(r, func(d *store.APIDoc) error {
		_, m, err := getMethod(d, r)
		if err != nil {
			return err
		}
		out = *m
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var methodRules = []rule[apigw.Method]{
	{"/authorizationType", "replace", func(m *apigw.Method, v patchValue) error { m.AuthorizationType = v.str(); return nil }},
	{"/authorizerId", "replace", func(m *apigw.Method, v patchValue) error { m.AuthorizerID = v.str(); return nil }},
	{"/apiKeyRequired", "replace", func(m *apigw.Method, v patchValue) error {
		// Recorded: any value but "true" is false, with no error.
		m.APIKeyRequired = strings.EqualFold(v.str(), "true")
		return nil
	}},
	{"/operationName", "replace", func(m *apigw.Method, v patchValue) error { m.OperationName = v.str(); return nil }},
	{"/requestValidatorId", "replace", func(m *apigw.Method, v patchValue) error { m.RequestValidatorID = v.str(); return nil }},
	{"/requestParameters/*", "add,remove,replace", func(m *apigw.Method, v patchValue) error { return patchBoolMap(&m.RequestParameters, v) }},
	{"/requestModels/*", "add,remove,replace", func(m *apigw.Method, v patchValue) error { patchStringMap(&m.RequestModels, v); return nil }},
	{"/authorizationScopes", "add,remove", func(m *apigw.Method, v patchValue) error {
		patchStringList(&m.AuthorizationScopes, v, v.str())
		return nil
	}},
}

func (h *Handler) updateMethod(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateMethodInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Method
	err = h.update(r, func(d *store.APIDoc) error {
		_, m, err := getMethod(d, r)
		if err != nil {
			return err
		}
		if err := applyPatchStyled(m, ops, methodRules, nil, patchShort); err != nil {
			return err
		}
		if !apigw.UsesAuthorizer(m.AuthorizationType) {
			m.AuthorizerID = ""
		}
		if err := validateMethod(d, m); err != nil {
			return err
		}
		out = *m
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteMethod(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		res, _, err := getMethod(d, r)
		if err != nil {
			return err
		}
		delete(res.ResourceMethods, r.PathValue("http_method"))
		if len(res.ResourceMethods) == 0 {
			res.ResourceMethods = nil
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

// --- method responses ---

type putMethodResponseInput struct {
	ResponseParameters map[string]bool   `json:"responseParameters"`
	ResponseModels     map[string]string `json:"responseModels"`
}

func validateMethodResponse(d *store.APIDoc, mr *apigw.MethodResponse) error {
	for k := range mr.ResponseParameters {
		if err := apigw.ValidateMethodResponseParameter(k); err != nil {
			return badRequest("%s", err.Error())
		}
	}
	return checkModels(d, mr.ResponseModels)
}

// validStatus checks the status_code path parameter: AWS answers a bad one
// with a ValidationException before any lookup (recorded).
func validStatus(r *http.Request) (string, error) {
	code := r.PathValue("status_code")
	if msg := statusMessages(r); msg != nil {
		return "", validations(msg)
	}
	return code, nil
}

// statusMessages is the validation message of a bad status_code, if any.
func statusMessages(r *http.Request) []string {
	code := r.PathValue("status_code")
	if apigw.ValidateStatusCode(code) != nil {
		return []string{statusCodeError(code)}
	}
	return nil
}

// statusScoped wraps the Get and Delete of a method or integration response
// with the status code check.
func statusScoped(fn op) op {
	return func(r *http.Request) (int, any, error) {
		if _, err := validStatus(r); err != nil {
			return 0, nil, err
		}
		return fn(r)
	}
}

func (h *Handler) putMethodResponse(r *http.Request) (int, any, error) {
	code, err := validStatus(r)
	if err != nil {
		return 0, nil, err
	}
	var in putMethodResponseInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	var out apigw.MethodResponse
	err = h.update(r, func(d *store.APIDoc) error {
		_, m, err := getMethod(d, r)
		if err != nil {
			return err
		}
		// A second put replaces the response (recorded: 201, no conflict).
		mr := &apigw.MethodResponse{StatusCode: code, ResponseParameters: nilIfEmpty(in.ResponseParameters), ResponseModels: nilIfEmpty(in.ResponseModels)}
		if err := validateMethodResponse(d, mr); err != nil {
			return err
		}
		if m.MethodResponses == nil {
			m.MethodResponses = map[string]*apigw.MethodResponse{}
		}
		m.MethodResponses[code] = mr
		out = *mr
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

func getMethodResponse(d *store.APIDoc, r *http.Request) (*apigw.Method, *apigw.MethodResponse, error) {
	_, m, err := getMethod(d, r)
	if err != nil {
		return nil, nil, err
	}
	mr, ok := m.MethodResponses[r.PathValue("status_code")]
	if !ok {
		return m, nil, notFound(msgBadResponseStatus)
	}
	return m, mr, nil
}

func (h *Handler) getMethodResponse(r *http.Request) (int, any, error) {
	var out apigw.MethodResponse
	err := h.view(r, func(d *store.APIDoc) error {
		_, mr, err := getMethodResponse(d, r)
		if err != nil {
			return err
		}
		out = *mr
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// Recorded: remove (or replace) of a key the response does not have is a 404.
var methodResponseRules = []rule[apigw.MethodResponse]{
	{"/responseParameters/*", "add,remove,replace", func(m *apigw.MethodResponse, v patchValue) error {
		if _, ok := m.ResponseParameters[v.key]; !ok && v.op.Op != "add" {
			return notFound("Invalid parameter name specified")
		}
		return patchBoolMap(&m.ResponseParameters, v)
	}},
	{"/responseModels/*", "add,remove,replace", func(m *apigw.MethodResponse, v patchValue) error {
		if _, ok := m.ResponseModels[v.key]; !ok && v.op.Op != "add" {
			return notFound("Content-Type specified was not found")
		}
		patchStringMap(&m.ResponseModels, v)
		return nil
	}},
}

func (h *Handler) updateMethodResponse(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateMethodResponseInput", statusMessages(r)...)
	if err != nil {
		return 0, nil, err
	}
	var out apigw.MethodResponse
	err = h.update(r, func(d *store.APIDoc) error {
		_, mr, err := getMethodResponse(d, r)
		if err != nil {
			return err
		}
		if err := applyPatchStyled(mr, ops, methodResponseRules, nil, patchShort); err != nil {
			return err
		}
		if err := validateMethodResponse(d, mr); err != nil {
			return err
		}
		out = *mr
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteMethodResponse(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		m, _, err := getMethodResponse(d, r)
		if err != nil {
			return err
		}
		delete(m.MethodResponses, r.PathValue("status_code"))
		if len(m.MethodResponses) == 0 {
			m.MethodResponses = nil
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}
