package control

import (
	"net/http"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

type tagTarget struct {
	apiID, stage string
}

func parseTagARN(arn string) (tagTarget, error) {
	a, err := apigw.ParseResourceARN(arn)
	if err != nil {
		return tagTarget{}, badRequest("%s", err.Error())
	}
	return tagTarget{apiID: a.RestAPIID, stage: a.StageName}, nil
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
		if err := apigw.ValidateTagCount(len(*tags)); err != nil {
			return badRequest("%s", err.Error())
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
