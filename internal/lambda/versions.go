package lambda

import (
	"net/http"
	"sort"
	"strconv"
)

// newVersion makes a version of fn.Latest, unless the last published
// version already runs the same code and configuration (then it is
// returned, created false). It advances fn.NextVersion; the caller persists
// and stores it.
func (s *Service) newVersion(st *fnState, fn *function, description *string) (*config, bool) {
	if last := st.versions[strconv.Itoa(fn.NextVersion-1)]; last != nil {
		cur := fn.Latest.clone()
		cur.Description = last.Description
		if cur.contentHash() == last.contentHash() {
			return last, false
		}
	}
	v := fn.Latest.clone()
	v.Version = strconv.Itoa(fn.NextVersion)
	v.RevisionID = newRevision()
	if description != nil {
		v.Description = *description
	}
	fn.NextVersion++
	return &v, true
}

type publishInput struct {
	CodeSha256  string
	Description *string
	RevisionID  string `json:"RevisionId"`
}

func (s *Service) publishVersion(r *http.Request) (int, any, *Error) {
	var in publishInput
	if e := decode(r, &in, 1<<20, "PublishVersion"); e != nil {
		return 0, nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	if rf.qualifier != "" {
		return 0, nil, invalidParam("Versions can only be published from $LATEST: give the function name or unqualified ARN.")
	}
	if in.RevisionID != "" && in.RevisionID != st.fn.Latest.RevisionID {
		return 0, nil, preconditionFailed()
	}
	if in.CodeSha256 != "" && in.CodeSha256 != st.fn.Latest.CodeSha256 {
		return 0, nil, invalidParam("CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). Please try again with the CodeSHA256 in $LATEST.", in.CodeSha256, st.fn.Latest.CodeSha256)
	}
	fn := st.fn
	v, created := s.newVersion(st, &fn, in.Description)
	if created {
		// Publishing changes $LATEST's revision, as on Lambda.
		fn.Latest.RevisionID = newRevision()
		puts := map[string][]byte{functionKey(fn.Name): mustJSON(fn), versionKey(fn.Name, v.Version): mustJSON(v)}
		if e := s.persist(r.Context(), puts, nil); e != nil {
			return 0, nil, e
		}
		st.fn = fn
		st.versions[v.Version] = v
	}
	return http.StatusCreated, s.configOut(st, v, true, phaseSteady), nil
}

func (s *Service) listVersions(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, _, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	type item struct {
		key string
		c   *config
	}
	items := []item{{"0000000000", &st.fn.Latest}}
	for _, v := range st.versions {
		n, _ := strconv.Atoi(v.Version)
		items = append(items, item{strconv.Itoa(1e9 + n), v})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].key < items[j].key })
	from, to, next, e := page(len(items), func(i int) string { return items[i].key }, r, 50)
	if e != nil {
		return 0, nil, e
	}
	vs := make([]*configJSON, 0, to-from)
	for _, it := range items[from:to] {
		c := s.configOut(st, it.c, true, phaseSteady)
		c.State, c.LastUpdateStatus = "", ""
		vs = append(vs, c)
	}
	out := map[string]any{"Versions": vs}
	if next != "" {
		out["NextMarker"] = next
	}
	return http.StatusOK, out, nil
}
