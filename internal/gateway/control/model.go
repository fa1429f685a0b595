package control

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

type createModelInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Schema      string `json:"schema"`
	ContentType string `json:"contentType"`
}

const msgEmptySchema = "Model schema must have at least 1 property or array items defined"

func validateSchema(s string) error {
	if s != "" && !json.Valid([]byte(s)) {
		return badRequest("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]")
	}
	return nil
}

func (h *Handler) createModel(r *http.Request) (int, any, error) {
	var in createModelInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if in.Name == "" {
		return 0, nil, badRequest("Model name must be non-empty")
	}
	if err := apigw.ValidateModelName(in.Name); err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	if in.ContentType == "" {
		return 0, nil, badRequest("Content type must be specified")
	}
	if err := validateSchema(in.Schema); err != nil {
		return 0, nil, err
	}
	m := &apigw.Model{ID: apigw.NewID(), Name: in.Name, Description: in.Description, Schema: in.Schema, ContentType: in.ContentType}
	err := h.update(r, func(d *store.APIDoc) error {
		if _, ok := d.Models[in.Name]; ok {
			return conflict("Model name already exists for this REST API")
		}
		if in.Schema == "" {
			return badRequest(msgEmptySchema)
		}
		d.Models[in.Name] = m
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, m, nil
}

func getModel(d *store.APIDoc, r *http.Request) (*apigw.Model, error) {
	name := r.PathValue("model_name")
	m, ok := d.Model(name)
	if !ok {
		return nil, notFound("Invalid model name specified: %s", name)
	}
	return m, nil
}

func (h *Handler) getModel(r *http.Request) (int, any, error) {
	var out apigw.Model
	err := h.view(r, func(d *store.APIDoc) error {
		m, err := getModel(d, r)
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

func (h *Handler) getModels(r *http.Request) (int, any, error) {
	var items []apigw.Model
	err := h.view(r, func(d *store.APIDoc) error {
		for _, m := range d.Models {
			items = append(items, *m)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(items, func(a, b apigw.Model) int { return cmp.Compare(a.Name, b.Name) })
	out, err := page(r, items, func(m apigw.Model) string { return m.Name })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var modelRules = []rule[apigw.Model]{
	{"/description", "replace", func(m *apigw.Model, v patchValue) error { m.Description = v.str(); return nil }},
	{"/schema", "replace", func(m *apigw.Model, v patchValue) error {
		if v.str() == "" {
			return badRequest(msgEmptySchema)
		}
		if err := validateSchema(v.str()); err != nil {
			return err
		}
		m.Schema = v.str()
		return nil
	}},
}

func (h *Handler) updateModel(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateModelInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Model
	err = h.update(r, func(d *store.APIDoc) error {
		m, err := getModel(d, r)
		if err != nil {
			return err
		}
		if err := applyPatch(m, ops, modelRules, nil); err != nil {
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

// modelUse names the first method (or method response) using model name.
func modelUse(d *store.APIDoc, name string) (string, bool) {
	ids := make([]string, 0, len(d.Resources))
	for id := range d.Resources {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		res := d.Resources[id]
		for verb, m := range res.ResourceMethods {
			for _, n := range m.RequestModels {
				if n == name {
					return "method request: " + res.Path + "/" + verb, true
				}
			}
			for code, mr := range m.MethodResponses {
				for _, n := range mr.ResponseModels {
					if n == name {
						return "method response: " + res.Path + "/" + verb + "/" + code, true
					}
				}
			}
		}
	}
	return "", false
}

func (h *Handler) deleteModel(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		m, err := getModel(d, r)
		if err != nil {
			return err
		}
		if where, used := modelUse(d, m.Name); used {
			return conflict("Cannot delete model '%s', is referenced in %s", m.Name, where)
		}
		delete(d.Models, m.Name)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
