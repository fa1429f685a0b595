package control

import (
	"maps"
	"net/http"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

// Gateway responses: PutGatewayResponse, GetGatewayResponse(s),
// UpdateGatewayResponse, DeleteGatewayResponse. Types nobody put are listed
// and returned as AWS's defaults (defaultResponse: true).

const msgGatewayResponseNotSet = "Gateway response type not defined on api"

type putGatewayResponseInput struct {
	StatusCode         string            `json:"statusCode"`
	ResponseParameters map[string]string `json:"responseParameters"`
	ResponseTemplates  map[string]string `json:"responseTemplates"`
}

func responseTypeOf(r *http.Request, input string) (string, error) {
	t := r.PathValue("response_type")
	if !apigw.In(t, apigw.GatewayResponseTypes) {
		return "", validation("%s", apigw.EnumError(input+".responseType", t, apigw.GatewayResponseTypes))
	}
	return t, nil
}

func checkGatewayResponse(g *apigw.GatewayResponse) error {
	if err := apigw.ValidateGatewayResponse(g); err != nil {
		return badRequest("%s", err.Error())
	}
	return nil
}

func (h *Handler) putGatewayResponse(r *http.Request) (int, any, error) {
	t, err := responseTypeOf(r, "putGatewayResponseInput")
	if err != nil {
		return 0, nil, err
	}
	var in putGatewayResponseInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	g := &apigw.GatewayResponse{ResponseType: t, StatusCode: in.StatusCode,
		ResponseParameters: in.ResponseParameters, ResponseTemplates: in.ResponseTemplates}
	if err := checkGatewayResponse(g); err != nil {
		return 0, nil, err
	}
	err = h.update(r, func(d *store.APIDoc) error {
		d.GatewayResponses[t] = g
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, g, nil
}

func (h *Handler) getGatewayResponse(r *http.Request) (int, any, error) {
	t, err := responseTypeOf(r, "getGatewayResponseInput")
	if err != nil {
		return 0, nil, err
	}
	var out *apigw.GatewayResponse
	err = h.view(r, func(d *store.APIDoc) error {
		if g, ok := d.GatewayResponses[t]; ok {
			cp := *g
			out = &cp
		} else {
			out = apigw.DefaultGatewayResponse(t)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getGatewayResponses(r *http.Request) (int, any, error) {
	var items []apigw.GatewayResponse
	err := h.view(r, func(d *store.APIDoc) error {
		for _, t := range apigw.GatewayResponseTypes {
			if g, ok := d.GatewayResponses[t]; ok {
				items = append(items, *g)
			} else {
				items = append(items, *apigw.DefaultGatewayResponse(t))
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	out, err := page(r, items, func(g apigw.GatewayResponse) string { return g.ResponseType })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var gatewayResponseRules = []rule[apigw.GatewayResponse]{
	{"/statusCode", "replace", func(g *apigw.GatewayResponse, v patchValue) error { g.StatusCode = v.str(); return nil }},
	{"/responseParameters/*", "add,remove,replace", func(g *apigw.GatewayResponse, v patchValue) error {
		patchStringMap(&g.ResponseParameters, v)
		return nil
	}},
	{"/responseTemplates/*", "add,remove,replace", func(g *apigw.GatewayResponse, v patchValue) error {
		patchStringMap(&g.ResponseTemplates, v)
		return nil
	}},
}

func (h *Handler) updateGatewayResponse(r *http.Request) (int, any, error) {
	t, err := responseTypeOf(r, "updateGatewayResponseInput")
	if err != nil {
		return 0, nil, err
	}
	ops, err := decodePatch(r, "updateGatewayResponseInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.GatewayResponse
	err = h.update(r, func(d *store.APIDoc) error {
		g, ok := d.GatewayResponse(t)
		if !ok {
			// Updating a type nobody put starts from its default.
			g = apigw.DefaultGatewayResponse(t)
			g.DefaultResponse = false
			d.GatewayResponses[t] = g
		}
		if err := applyPatch(g, ops, gatewayResponseRules, nil); err != nil {
			return err
		}
		if err := checkGatewayResponse(g); err != nil {
			return err
		}
		out = *g
		out.ResponseParameters = maps.Clone(g.ResponseParameters)
		out.ResponseTemplates = maps.Clone(g.ResponseTemplates)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteGatewayResponse(r *http.Request) (int, any, error) {
	t, err := responseTypeOf(r, "deleteGatewayResponseInput")
	if err != nil {
		return 0, nil, err
	}
	err = h.update(r, func(d *store.APIDoc) error {
		if _, ok := d.GatewayResponses[t]; !ok {
			return notFound(msgGatewayResponseNotSet)
		}
		delete(d.GatewayResponses, t)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
