package control

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

// Authorizers: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer,
// DeleteAuthorizer. The rules (types, identity sources, TTL range) are
// apigw.ValidateAuthorizer's, shared with the provider.

const msgAuthorizerNotFound = "Invalid Authorizer identifier specified"

type createAuthorizerInput struct {
	Name                         string   `json:"name"`
	Type                         string   `json:"type"`
	ProviderARNs                 []string `json:"providerARNs"`
	AuthType                     string   `json:"authType"`
	AuthorizerURI                string   `json:"authorizerUri"`
	AuthorizerCredentials        string   `json:"authorizerCredentials"`
	IdentitySource               string   `json:"identitySource"`
	IdentityValidationExpression string   `json:"identityValidationExpression"`
	AuthorizerResultTTLInSeconds *int32   `json:"authorizerResultTtlInSeconds"`
}

func checkAuthorizer(a *apigw.Authorizer, input string) error {
	if !apigw.In(a.Type, apigw.AuthorizerTypes) {
		return validation("%s", apigw.EnumError(input+".type", a.Type, apigw.AuthorizerTypes))
	}
	if err := apigw.ValidateAuthorizer(a); err != nil {
		return badRequest("%s", err.Error())
	}
	return nil
}

func (h *Handler) createAuthorizer(r *http.Request) (int, any, error) {
	var in createAuthorizerInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	a := &apigw.Authorizer{
		ID: apigw.NewID(), Name: in.Name, Type: in.Type, ProviderARNs: in.ProviderARNs, AuthType: in.AuthType,
		AuthorizerURI: in.AuthorizerURI, AuthorizerCredentials: in.AuthorizerCredentials, IdentitySource: in.IdentitySource,
		IdentityValidationExpression: in.IdentityValidationExpression, AuthorizerResultTTLInSeconds: in.AuthorizerResultTTLInSeconds,
	}
	if a.AuthorizerResultTTLInSeconds == nil {
		ttl := int32(apigw.AuthorizerTTLDefault)
		a.AuthorizerResultTTLInSeconds = &ttl
	}
	if len(a.ProviderARNs) == 0 {
		a.ProviderARNs = nil
	}
	if err := checkAuthorizer(a, "createAuthorizerInput"); err != nil {
		return 0, nil, err
	}
	err := h.update(r, func(d *store.APIDoc) error {
		for _, o := range d.Authorizers {
			if o.Name == a.Name {
				return conflict("Authorizer name already exists for this REST API")
			}
		}
		d.Authorizers[a.ID] = a
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, a, nil
}

func (h *Handler) getAuthorizer(r *http.Request) (int, any, error) {
	var out apigw.Authorizer
	err := h.view(r, func(d *store.APIDoc) error {
		a, ok := d.Authorizer(r.PathValue("authorizer_id"))
		if !ok {
			return notFound(msgAuthorizerNotFound)
		}
		out = *a
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getAuthorizers(r *http.Request) (int, any, error) {
	var items []apigw.Authorizer
	err := h.view(r, func(d *store.APIDoc) error {
		for _, a := range d.Authorizers {
			items = append(items, *a)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(items, func(a, b apigw.Authorizer) int { return cmp.Compare(a.ID, b.ID) })
	out, err := page(r, items, func(a apigw.Authorizer) string { return a.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var authorizerRules = []rule[apigw.Authorizer]{
	{"/name", "replace", func(a *apigw.Authorizer, v patchValue) error { a.Name = v.str(); return nil }},
	{"/type", "replace", func(a *apigw.Authorizer, v patchValue) error { a.Type = v.str(); return nil }},
	{"/authType", "replace", func(a *apigw.Authorizer, v patchValue) error { a.AuthType = v.str(); return nil }},
	{"/authorizerUri", "replace", func(a *apigw.Authorizer, v patchValue) error { a.AuthorizerURI = v.str(); return nil }},
	{"/authorizerCredentials", "replace", func(a *apigw.Authorizer, v patchValue) error { a.AuthorizerCredentials = v.str(); return nil }},
	{"/identitySource", "replace", func(a *apigw.Authorizer, v patchValue) error { a.IdentitySource = v.str(); return nil }},
	{"/identityValidationExpression", "replace", func(a *apigw.Authorizer, v patchValue) error {
		a.IdentityValidationExpression = v.str()
		return nil
	}},
	{"/authorizerResultTtlInSeconds", "replace", func(a *apigw.Authorizer, v patchValue) error {
		n, err := strconv.ParseInt(v.str(), 10, 32)
		if err != nil {
			return badRequest("Invalid value for authorizerResultTtlInSeconds: %s", v.str())
		}
		ttl := int32(n)
		a.AuthorizerResultTTLInSeconds = &ttl
		return nil
	}},
	// Terraform's provider replaces the list with op "add"/"remove" on
	// /providerARNs/{arn}; "replace" on /providerARNs sets one ARN.
	{"/providerARNs/*", "add,remove", func(a *apigw.Authorizer, v patchValue) error {
		elem := v.key
		if v.op.Op == "add" && v.str() != "" {
			elem = v.str()
		}
		patchStringList(&a.ProviderARNs, v, elem)
		return nil
	}},
	{"/providerARNs", "add,replace", func(a *apigw.Authorizer, v patchValue) error {
		if v.op.Op == "replace" {
			a.ProviderARNs = nil
		}
		if !slices.Contains(a.ProviderARNs, v.str()) {
			a.ProviderARNs = append(a.ProviderARNs, v.str())
		}
		return nil
	}},
}

func (h *Handler) updateAuthorizer(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateAuthorizerInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Authorizer
	err = h.update(r, func(d *store.APIDoc) error {
		a, ok := d.Authorizer(r.PathValue("authorizer_id"))
		if !ok {
			return notFound(msgAuthorizerNotFound)
		}
		if err := applyPatch(a, ops, authorizerRules, nil); err != nil {
			return err
		}
		if len(a.ProviderARNs) == 0 {
			a.ProviderARNs = nil
		}
		if err := checkAuthorizer(a, "updateAuthorizerInput"); err != nil {
			return err
		}
		for id, o := range d.Authorizers {
			if id != a.ID && o.Name == a.Name {
				return conflict("Authorizer name already exists for this REST API")
			}
		}
		out = *a
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// authorizerUse names the first method using authorizer id.
func authorizerUse(d *store.APIDoc, id string) (string, bool) {
	ids := make([]string, 0, len(d.Resources))
	for rid := range d.Resources {
		ids = append(ids, rid)
	}
	slices.Sort(ids)
	for _, rid := range ids {
		res := d.Resources[rid]
		verbs := make([]string, 0, len(res.ResourceMethods))
		for v := range res.ResourceMethods {
			verbs = append(verbs, v)
		}
		slices.Sort(verbs)
		for _, verb := range verbs {
			if m := res.ResourceMethods[verb]; m.AuthorizerID == id && apigw.UsesAuthorizer(m.AuthorizationType) {
				return res.Path + " " + verb, true
			}
		}
	}
	return "", false
}

func (h *Handler) deleteAuthorizer(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		id := r.PathValue("authorizer_id")
		if _, ok := d.Authorizer(id); !ok {
			return notFound(msgAuthorizerNotFound)
		}
		if _, used := authorizerUse(d, id); used {
			// AWS's answer while a method still uses the authorizer.
			return conflict("Cannot delete authorizer with id %s, authorizer is still in use", id)
		}
		delete(d.Authorizers, id)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
