package control

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

const msgBadResource = "Invalid Resource identifier specified"

// resourceOut is a resource as AWS returns it: without embed, each method
// appears as an empty object; with embed=methods, in full.
type resourceOut struct {
	ID              string         `json:"id"`
	ParentID        string         `json:"parentId,omitempty"`
	PathPart        string         `json:"pathPart,omitempty"`
	Path            string         `json:"path"`
	ResourceMethods map[string]any `json:"resourceMethods,omitempty"`
}

func toResourceOut(res *apigw.Resource, embed bool) resourceOut {
	out := resourceOut{ID: res.ID, ParentID: res.ParentID, PathPart: res.PathPart, Path: res.Path}
	if len(res.ResourceMethods) > 0 {
		out.ResourceMethods = make(map[string]any, len(res.ResourceMethods))
		for verb, m := range res.ResourceMethods {
			if embed {
				out.ResourceMethods[verb] = m
			} else {
				out.ResourceMethods[verb] = struct{}{}
			}
		}
	}
	return out
}

func embeds(r *http.Request, what string) bool {
	for _, e := range r.URL.Query()["embed"] {
		for _, p := range strings.Split(e, ",") {
			if strings.TrimSpace(p) == what {
				return true
			}
		}
	}
	return false
}

// getResource returns resource id (in an update, the update's own copy).
func getResource(d *store.APIDoc, id string) (*apigw.Resource, error) {
	res, ok := d.Resource(id)
	if !ok {
		return nil, notFound(msgBadResource)
	}
	return res, nil
}

// checkSibling enforces AWS's rules for a path part under parent.
func checkSibling(d *store.APIDoc, parent *apigw.Resource, pathPart, self string) error {
	if err := apigw.ValidatePathPart(pathPart); err != nil {
		return badRequest("%s", err.Error())
	}
	if apigw.IsGreedyPathPart(parent.PathPart) {
		return badRequest("Cannot create a child of a resource with a greedy path variable: %s", parent.PathPart)
	}
	_, variable := apigw.PathParamName(pathPart)
	for _, sib := range d.Resources {
		if sib.ParentID != parent.ID || sib.ID == self {
			continue
		}
		if sib.PathPart == pathPart {
			return conflict("Another resource with the same parent already has this name: %s", pathPart)
		}
		if _, sv := apigw.PathParamName(sib.PathPart); sv && variable {
			return badRequest("A sibling (%s) of this resource already has a variable path part -- only one is allowed", sib.PathPart)
		}
	}
	return nil
}

// childPath is the path of a resource with pathPart under parentPath.
func childPath(parentPath, pathPart string) string {
	if parentPath == "/" {
		return "/" + pathPart
	}
	return parentPath + "/" + pathPart
}

// setSubtreePaths sets the path of res (from its parent's) and of every
// resource below it, copying only those resources.
func setSubtreePaths(d *store.APIDoc, res *apigw.Resource) {
	p, ok := d.Resources[res.ParentID]
	if !ok {
		return
	}
	path := childPath(p.Path, res.PathPart)
	if path == res.Path {
		return // nothing below changes either
	}
	res.Path = path
	children := map[string][]string{}
	for id, r := range d.Resources {
		children[r.ParentID] = append(children[r.ParentID], id)
	}
	queue := []*apigw.Resource{res}
	for len(queue) > 0 && len(queue) <= len(d.Resources) {
		parent := queue[0]
		queue = queue[1:]
		for _, id := range children[parent.ID] {
			child, _ := d.Resource(id)
			child.Path = childPath(parent.Path, child.PathPart)
			queue = append(queue, child)
		}
	}
}

type createResourceInput struct {
	PathPart string `json:"pathPart"`
}

func (h *Handler) createResource(r *http.Request) (int, any, error) {
	var in createResourceInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	var out resourceOut
	err := h.update(r, func(d *store.APIDoc) error {
		parent, err := getResource(d, r.PathValue("resource_id"))
		if err != nil {
			return err
		}
		if err := checkSibling(d, parent, in.PathPart, ""); err != nil {
			return err
		}
		res := &apigw.Resource{ID: apigw.NewID(), ParentID: parent.ID, PathPart: in.PathPart, Path: childPath(parent.Path, in.PathPart)}
		d.Resources[res.ID] = res
		out = toResourceOut(res, false)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

func (h *Handler) getResource(r *http.Request) (int, any, error) {
	var out resourceOut
	err := h.view(r, func(d *store.APIDoc) error {
		res, err := getResource(d, r.PathValue("resource_id"))
		if err != nil {
			return err
		}
		out = toResourceOut(res, embeds(r, "methods"))
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getResources(r *http.Request) (int, any, error) {
	var items []resourceOut
	err := h.view(r, func(d *store.APIDoc) error {
		embed := embeds(r, "methods")
		for _, res := range d.Resources {
			items = append(items, toResourceOut(res, embed))
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	key := func(res resourceOut) string { return res.Path + "\x00" + res.ID }
	slices.SortFunc(items, func(a, b resourceOut) int { return cmp.Compare(key(a), key(b)) })
	out, err := page(r, items, key)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func isDescendant(d *store.APIDoc, id, ancestor string) bool {
	for i := 0; i <= len(d.Resources) && id != ""; i++ {
		if id == ancestor {
			return true
		}
		r, ok := d.Resources[id]
		if !ok {
			return false
		}
		id = r.ParentID
	}
	return false
}

func (h *Handler) updateResource(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateResourceInput")
	if err != nil {
		return 0, nil, err
	}
	var out resourceOut
	err = h.update(r, func(d *store.APIDoc) error {
		res, err := getResource(d, r.PathValue("resource_id"))
		if err != nil {
			return err
		}
		if res.ParentID == "" {
			for _, po := range ops {
				switch po.Path {
				case "/pathPart":
					return badRequest("Root resource cannot update its pathPart.")
				case "/parentId":
					return badRequest("Root resource cannot update its parentId.")
				}
			}
			if len(ops) > 0 {
				return badRequest("Root resource cannot be updated")
			}
		}
		rules := []rule[apigw.Resource]{
			{"/parentId", "replace", func(x *apigw.Resource, v patchValue) error {
				if _, ok := d.Resources[v.str()]; !ok {
					return notFound(msgBadResource)
				}
				if isDescendant(d, v.str(), x.ID) {
					return badRequest("Resources cannot be cyclical.")
				}
				x.ParentID = v.str()
				return nil
			}},
			{"/pathPart", "replace", func(x *apigw.Resource, v patchValue) error { x.PathPart = v.str(); return nil }},
		}
		if err := applyPatch(res, ops, rules, nil); err != nil {
			return err
		}
		if err := checkSibling(d, d.Resources[res.ParentID], res.PathPart, res.ID); err != nil {
			return err
		}
		if apigw.IsGreedyPathPart(res.PathPart) {
			for _, child := range d.Resources {
				if child.ParentID == res.ID {
					return badRequest("Cannot create a child of a resource with a greedy path variable: %s", res.PathPart)
				}
			}
		}
		setSubtreePaths(d, res)
		out = toResourceOut(res, false)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteResource(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		res, err := getResource(d, r.PathValue("resource_id"))
		if err != nil {
			return err
		}
		if res.ParentID == "" {
			return badRequest("Cannot delete root resource")
		}
		var doomed []string
		for id := range d.Resources {
			if isDescendant(d, id, res.ID) {
				doomed = append(doomed, id)
			}
		}
		for _, id := range doomed {
			delete(d.Resources, id)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
