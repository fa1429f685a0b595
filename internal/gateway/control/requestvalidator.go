package control

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

// Request validators: CreateRequestValidator, GetRequestValidator(s),
// UpdateRequestValidator, DeleteRequestValidator.

// AWS's answer for an unknown validator id (LocalStack's recording
// test_request_validator; PutMethod answers it as a 400, Get/Update/Delete
// as a 404).
const msgValidatorNotFound = "Invalid Request Validator identifier specified"

type createRequestValidatorInput struct {
	Name                      string `json:"name"`
	ValidateRequestBody       bool   `json:"validateRequestBody"`
	ValidateRequestParameters bool   `json:"validateRequestParameters"`
}

func (h *Handler) createRequestValidator(r *http.Request) (int, any, error) {
	var in createRequestValidatorInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	v := &apigw.RequestValidator{
		ID: apigw.NewID(), Name: in.Name,
		ValidateRequestBody: in.ValidateRequestBody, ValidateRequestParameters: in.ValidateRequestParameters,
	}
	err := h.update(r, func(d *store.APIDoc) error {
		d.RequestValidators[v.ID] = v
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, v, nil
}

func (h *Handler) getRequestValidator(r *http.Request) (int, any, error) {
	var out apigw.RequestValidator
	err := h.view(r, func(d *store.APIDoc) error {
		v, ok := d.RequestValidators[r.PathValue("validator_id")]
		if !ok {
			return notFound(msgValidatorNotFound)
		}
		out = *v
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getRequestValidators(r *http.Request) (int, any, error) {
	var items []apigw.RequestValidator
	err := h.view(r, func(d *store.APIDoc) error {
		for _, v := range d.RequestValidators {
			items = append(items, *v)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(items, func(a, b apigw.RequestValidator) int { return cmp.Compare(a.ID, b.ID) })
	out, err := page(r, items, func(v apigw.RequestValidator) string { return v.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func patchBool(dst *bool, v patchValue) error {
	b, err := v.boolean()
	if err != nil {
		return err
	}
	*dst = b
	return nil
}

var requestValidatorRules = []rule[apigw.RequestValidator]{
	{"/name", "replace", func(rv *apigw.RequestValidator, v patchValue) error { rv.Name = v.str(); return nil }},
	{"/validateRequestBody", "replace", func(rv *apigw.RequestValidator, v patchValue) error {
		return patchBool(&rv.ValidateRequestBody, v)
	}},
	{"/validateRequestParameters", "replace", func(rv *apigw.RequestValidator, v patchValue) error {
		return patchBool(&rv.ValidateRequestParameters, v)
	}},
}

func (h *Handler) updateRequestValidator(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateRequestValidatorInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.RequestValidator
	err = h.update(r, func(d *store.APIDoc) error {
		v, ok := d.RequestValidator(r.PathValue("validator_id"))
		if !ok {
			return notFound(msgValidatorNotFound)
		}
		if err := applyPatch(v, ops, requestValidatorRules, nil); err != nil {
			return err
		}
		out = *v
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// validatorInUse reports whether a method names validator id.
func validatorInUse(d *store.APIDoc, id string) bool {
	for _, res := range d.Resources {
		for _, m := range res.ResourceMethods {
			if m.RequestValidatorID == id {
				return true
			}
		}
	}
	return false
}

func (h *Handler) deleteRequestValidator(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		id := r.PathValue("validator_id")
		if _, ok := d.RequestValidators[id]; !ok {
			return notFound(msgValidatorNotFound)
		}
		if validatorInUse(d, id) {
			// No recording of AWS's answer; modelled on DeleteAuthorizer's
			// (docs/invoke.md, known differences).
			return conflict("Cannot delete request validator with id %s, request validator is still in use", id)
		}
		delete(d.RequestValidators, id)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
