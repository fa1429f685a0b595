package lambda

import (
	"maps"
	"net/http"
	"sort"
	"strconv"
)

type routingJSON struct {
	AdditionalVersionWeights map[string]float64 `json:"AdditionalVersionWeights"`
}

type aliasJSON struct {
	AliasArn        string       `json:"AliasArn"`
	Name            string       `json:"Name"`
	FunctionVersion string       `json:"FunctionVersion"`
	Description     string       `json:"Description"`
	RoutingConfig   *routingJSON `json:"RoutingConfig,omitempty"`
	RevisionID      string       `json:"RevisionId"`
}

func (s *Service) aliasOut(st *fnState, a *alias) aliasJSON {
	out := aliasJSON{AliasArn: s.qualifiedARN(st.fn.Name, a.Name), Name: a.Name, FunctionVersion: a.FunctionVersion,
		Description: a.Description, RevisionID: a.RevisionID}
	if len(a.Weights) > 0 {
		out.RoutingConfig = &routingJSON{maps.Clone(a.Weights)}
	}
	return out
}

type aliasInput struct {
	Name            string
	FunctionVersion *string
	Description     *string
	RoutingConfig   *routingJSON
	RevisionID      string `json:"RevisionId"`
}

// checkAlias validates an alias's target and weights. Caller holds s.mu.
func (s *Service) checkAlias(st *fnState, version string, weights map[string]float64) *Error {
	if version != "$LATEST" {
		if !isVersion(version) {
			return validation(version, "functionVersion", `Member must satisfy regular expression pattern: (\$LATEST|[0-9]+)`)
		}
		if st.versions[version] == nil {
			return notFound("Function not found: %s", s.qualifiedARN(st.fn.Name, version))
		}
	}
	if len(weights) > 1 {
		return invalidParam("Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	for v, w := range weights {
		if w < 0 || w > 1 {
			return validation("{"+v+"="+formatWeight(w)+"}", "routingConfig.additionalVersionWeights", "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]")
		}
		if !isVersion(v) {
			return validation("{"+v+"="+formatWeight(w)+"}", "routingConfig.additionalVersionWeights", "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]")
		}
		if version == "$LATEST" {
			return invalidParam("$LATEST is not supported for an alias pointing to more than 1 version")
		}
		if v == version {
			return invalidParam("Invalid function version %s. Function version %s is already included in routing configuration.", v, v)
		}
		if st.versions[v] == nil {
			return notFound("Function not found: %s", s.qualifiedARN(st.fn.Name, v))
		}
	}
	return nil
}

func formatWeight(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

func (s *Service) createAlias(r *http.Request) (int, any, *Error) {
	var in aliasInput
	if e := decode(r, &in, 1<<20, "CreateAlias"); e != nil {
		return 0, nil, e
	}
	if !isAlias(in.Name) {
		return 0, nil, validation(in.Name, "name", `Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`)
	}
	if in.FunctionVersion == nil {
		return 0, nil, validation(nil, "functionVersion", "Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	var weights map[string]float64
	if in.RoutingConfig != nil {
		weights = in.RoutingConfig.AdditionalVersionWeights
	}
	if e := s.checkAlias(st, *in.FunctionVersion, weights); e != nil {
		return 0, nil, e
	}
	if st.aliases[in.Name] != nil {
		return 0, nil, conflict("Alias already exists: %s", s.qualifiedARN(st.fn.Name, in.Name))
	}
	a := &alias{Name: in.Name, FunctionVersion: *in.FunctionVersion, Weights: weights, RevisionID: newRevision()}
	if in.Description != nil {
		a.Description = *in.Description
	}
	if e := s.persist(r.Context(), map[string][]byte{aliasKey(st.fn.Name, a.Name): mustJSON(a)}, nil); e != nil {
		return 0, nil, e
	}
	st.aliases[a.Name] = a
	return http.StatusCreated, s.aliasOut(st, a), nil
}

func (s *Service) getAlias(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	a := st.aliases[r.PathValue("alias")]
	if a == nil {
		return 0, nil, notFound("Cannot find alias arn: %s", s.qualifiedARN(st.fn.Name, r.PathValue("alias")))
	}
	return http.StatusOK, s.aliasOut(st, a), nil
}

func (s *Service) listAliases(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	fv := r.URL.Query().Get("FunctionVersion")
	var names []string
	for n, a := range st.aliases {
		if fv == "" || a.FunctionVersion == fv {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	from, to, next, e := page(len(names), func(i int) string { return names[i] }, r, 50)
	if e != nil {
		return 0, nil, e
	}
	out := []aliasJSON{}
	for _, n := range names[from:to] {
		out = append(out, s.aliasOut(st, st.aliases[n]))
	}
	res := map[string]any{"Aliases": out}
	if next != "" {
		res["NextMarker"] = next
	}
	return http.StatusOK, res, nil
}

func (s *Service) updateAlias(r *http.Request) (int, any, *Error) {
	var in aliasInput
	if e := decode(r, &in, 1<<20, "UpdateAlias"); e != nil {
		return 0, nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	name := r.PathValue("alias")
	cur := st.aliases[name]
	if cur == nil {
		return 0, nil, notFound("Cannot find alias arn: %s", s.qualifiedARN(st.fn.Name, name))
	}
	if in.RevisionID != "" && in.RevisionID != cur.RevisionID {
		return 0, nil, preconditionFailed()
	}
	a := *cur
	if in.FunctionVersion != nil {
		a.FunctionVersion = *in.FunctionVersion
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	if in.RoutingConfig != nil {
		a.Weights = in.RoutingConfig.AdditionalVersionWeights
	}
	if e := s.checkAlias(st, a.FunctionVersion, a.Weights); e != nil {
		return 0, nil, e
	}
	a.RevisionID = newRevision()
	if e := s.persist(r.Context(), map[string][]byte{aliasKey(st.fn.Name, a.Name): mustJSON(&a)}, nil); e != nil {
		return 0, nil, e
	}
	st.aliases[a.Name] = &a
	return http.StatusOK, s.aliasOut(st, &a), nil
}

func (s *Service) deleteAlias(r *http.Request) (int, any, *Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	name := r.PathValue("alias")
	if st.aliases[name] == nil {
		return http.StatusNoContent, nil, nil
	}
	dels := []string{aliasKey(st.fn.Name, name)}
	if st.policies[name] != nil {
		dels = append(dels, policyKey(st.fn.Name, name))
	}
	if e := s.persist(r.Context(), nil, dels); e != nil {
		return 0, nil, e
	}
	delete(st.aliases, name)
	delete(st.policies, name)
	return http.StatusNoContent, nil, nil
}
