package control

import (
	"net/http"
	"strings"

	"github.com/portico/portico/internal/gateway/store"
)

// RestAPIARN is the ARN AWS uses to tag a REST API.
func RestAPIARN(region, apiID string) string {
	return "arn:aws:apigateway:" + region + "::/restapis/" + apiID
}

// StageARN is the ARN AWS uses to tag a stage.
func StageARN(region, apiID, stage string) string {
	return RestAPIARN(region, apiID) + "/stages/" + stage
}

type tagTarget struct {
	apiID, stage string
}

func parseTagARN(arn string) (tagTarget, error) {
	// arn:aws:apigateway:{region}::/restapis/{id}[/stages/{name}]
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[2] != "apigateway" || parts[4] != "" {
		return tagTarget{}, badRequest("Invalid ARN specified in the request")
	}
	segs := strings.Split(strings.TrimPrefix(parts[5], "/"), "/")
	switch {
	case len(segs) == 2 && segs[0] == "restapis" && segs[1] != "":
		return tagTarget{apiID: segs[1]}, nil
	case len(segs) == 4 && segs[0] == "restapis" && segs[1] != "" && segs[2] == "stages" && segs[3] != "":
		return tagTarget{apiID: segs[1], stage: segs[3]}, nil
	}
	return tagTarget{}, badRequest("Invalid ARN specified in the request")
}

// tagsOf returns a pointer to the tag map of the ARN's target in d.
func tagsOf(d *store.APIDoc, t tagTarget) (*map[string]string, error) {
	if t.stage == "" {
		return &d.API.Tags, nil
	}
	st, ok := d.Stage(t.stage)
	if !ok {
		return nil, notFound(msgBadStage)
	}
	return &st.Tags, nil
}

func (h *Handler) withTagTarget(r *http.Request, write bool, fn func(tags *map[string]string) error) error {
	t, err := parseTagARN(r.PathValue("resource_arn"))
	if err != nil {
		return err
	}
	do := func(d *store.APIDoc) error {
		tags, err := tagsOf(d, t)
		if err != nil {
			return err
		}
		return fn(tags)
	}
	if write {
		err = h.store.Update(r.Context(), t.apiID, do)
	} else {
		err = h.store.View(r.Context(), t.apiID, do)
	}
	if err == store.ErrNotFound {
		return h.apiNotFound(t.apiID)
	}
	return err
}

type tagResourceInput struct {
	Tags map[string]string `json:"tags"`
}

func (h *Handler) tagResource(r *http.Request) (int, any, error) {
	var in tagResourceInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return 0, nil, err
	}
	err := h.withTagTarget(r, true, func(tags *map[string]string) error {
		if *tags == nil {
			*tags = map[string]string{}
		}
		for k, v := range in.Tags {
			(*tags)[k] = v
		}
		if len(*tags) > 50 {
			return badRequest("Too many tags: a resource can have at most 50 tags")
		}
		*tags = nilIfEmpty(*tags)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

func (h *Handler) untagResource(r *http.Request) (int, any, error) {
	keys := r.URL.Query()["tagKeys"]
	err := h.withTagTarget(r, true, func(tags *map[string]string) error {
		for _, k := range keys {
			delete(*tags, k)
		}
		*tags = nilIfEmpty(*tags)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

func (h *Handler) getTags(r *http.Request) (int, any, error) {
	out := map[string]string{}
	err := h.withTagTarget(r, false, func(tags *map[string]string) error {
		for k, v := range *tags {
			out[k] = v
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"tags": out}, nil
}
