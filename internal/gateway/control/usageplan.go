package control

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/portico/portico/internal/apigw"
)

func errPlanNotFound() error { return notFound("Invalid Usage Plan ID specified") }

type createUsagePlanInput struct {
	Name        string                  `json:"name"`
	Description string                  `json:"description"`
	APIStages   []apigw.APIStage        `json:"apiStages"`
	Throttle    *apigw.ThrottleSettings `json:"throttle"`
	Quota       *apigw.QuotaSettings    `json:"quota"`
	Tags        map[string]string       `json:"tags"`
}

func checkPlan(p *apigw.UsagePlan) error {
	if p.Quota != nil {
		if msg := apigw.CheckQuota(*p.Quota); msg != "" {
			return badRequest("%s", msg)
		}
	}
	if p.Throttle != nil {
		if msg := apigw.CheckThrottle(*p.Throttle); msg != "" {
			return badRequest("%s", msg)
		}
	}
	for _, as := range p.APIStages {
		for path, t := range as.Throttle {
			if msg := apigw.CheckThrottle(t); msg != "" {
				return badRequest("%s", msg)
			}
			if msg := apigw.CheckMethodThrottlePath(path); msg != "" {
				return badRequest("%s", msg)
			}
		}
	}
	return nil
}

// checkStages refuses API stages that do not exist (AWS's message).
func (h *Handler) checkStages(r *http.Request, stages []apigw.APIStage) error {
	for _, as := range stages {
		if _, err := h.store.StageSnapshot(r.Context(), as.APIID, as.Stage); err != nil {
			return badRequest("Invalid stage identifier specified")
		}
	}
	return nil
}

func (h *Handler) createUsagePlan(r *http.Request) (int, any, error) {
	var in createUsagePlanInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if in.Name == "" {
		return 0, nil, badRequest("Invalid Usage Plan name specified")
	}
	p := apigw.UsagePlan{ID: apigw.NewID(), Name: in.Name, Description: in.Description, APIStages: in.APIStages,
		Throttle: in.Throttle, Quota: in.Quota, Tags: in.Tags}
	if p.APIStages == nil {
		p.APIStages = []apigw.APIStage{}
	}
	if err := checkPlan(&p); err != nil {
		return 0, nil, err
	}
	if err := h.checkStages(r, p.APIStages); err != nil {
		return 0, nil, err
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.rec.Apply(r.Context(), map[string][]byte{"plan/" + p.ID: mustJSON(p)}, nil); err != nil {
		return 0, nil, fmt.Errorf("create usage plan: %w", err)
	}
	s.mu.Lock()
	s.plans[p.ID] = &p
	s.mu.Unlock()
	return http.StatusCreated, p, nil
}

func (h *Handler) planByID(id string) (*apigw.UsagePlan, bool) {
	s := h.acct()
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.plans[id]
	return p, ok
}

func (h *Handler) getUsagePlan(r *http.Request) (int, any, error) {
	p, ok := h.planByID(r.PathValue("usageplan_id"))
	if !ok {
		return 0, nil, errPlanNotFound()
	}
	return http.StatusOK, p, nil
}

func (h *Handler) getUsagePlans(r *http.Request) (int, any, error) {
	s := h.acct()
	keyID := r.URL.Query().Get("keyId")
	s.mu.RLock()
	var items []apigw.UsagePlan
	for id, p := range s.plans {
		if keyID != "" && !s.planKeys[id][keyID] {
			continue
		}
		items = append(items, *p)
	}
	s.mu.RUnlock()
	slices.SortFunc(items, func(a, b apigw.UsagePlan) int { return strings.Compare(a.ID, b.ID) })
	pg, err := page(r, items, func(p apigw.UsagePlan) string { return p.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, pg, nil
}

func throttleOf(t **apigw.ThrottleSettings) *apigw.ThrottleSettings {
	if *t == nil {
		*t = &apigw.ThrottleSettings{}
	}
	return *t
}

func quotaOf(q **apigw.QuotaSettings) *apigw.QuotaSettings {
	if *q == nil {
		*q = &apigw.QuotaSettings{Period: apigw.QuotaDay}
	}
	return *q
}

var usagePlanRules = []rule[apigw.UsagePlan]{
	{"/name", "replace", func(p *apigw.UsagePlan, v patchValue) error { p.Name = v.str(); return nil }},
	{"/description", "replace", func(p *apigw.UsagePlan, v patchValue) error { p.Description = v.str(); return nil }},
	{"/productCode", "replace", func(p *apigw.UsagePlan, v patchValue) error { p.ProductCode = v.str(); return nil }},
	{"/throttle", "remove", func(p *apigw.UsagePlan, v patchValue) error { p.Throttle = nil; return nil }},
	{"/throttle/burstLimit", "replace", func(p *apigw.UsagePlan, v patchValue) error {
		n, err := v.int32()
		throttleOf(&p.Throttle).BurstLimit = n
		return err
	}},
	{"/throttle/rateLimit", "replace", func(p *apigw.UsagePlan, v patchValue) error {
		n, err := v.float()
		throttleOf(&p.Throttle).RateLimit = n
		return err
	}},
	{"/quota", "remove", func(p *apigw.UsagePlan, v patchValue) error { p.Quota = nil; return nil }},
	{"/quota/limit", "replace", func(p *apigw.UsagePlan, v patchValue) error {
		n, err := v.int32()
		quotaOf(&p.Quota).Limit = n
		return err
	}},
	{"/quota/offset", "replace", func(p *apigw.UsagePlan, v patchValue) error {
		n, err := v.int32()
		quotaOf(&p.Quota).Offset = n
		return err
	}},
	{"/quota/period", "replace", func(p *apigw.UsagePlan, v patchValue) error { quotaOf(&p.Quota).Period = v.str(); return nil }},
}

// patchPlanStages handles "/apiStages" (add/remove "apiId:stage") and
// "/apiStages/{apiId}:{stage}/throttle/{path}/{rateLimit|burstLimit}"
// (replace) and ".../throttle/{path}" (remove).
func patchPlanStages(p *apigw.UsagePlan, po apigw.PatchOperation) (bool, error) {
	val := ""
	if po.Value != nil {
		val = *po.Value
	}
	if po.Path == "/apiStages" {
		api, stage, ok := strings.Cut(val, ":")
		if !ok {
			return false, badRequest("Invalid API Stage specified: %s", val)
		}
		i := slices.IndexFunc(p.APIStages, func(s apigw.APIStage) bool { return s.APIID == api && s.Stage == stage })
		switch po.Op {
		case "add":
			if i < 0 {
				p.APIStages = append(p.APIStages, apigw.APIStage{APIID: api, Stage: stage})
			}
		case "remove":
			if i < 0 {
				return false, badRequest("Invalid API Stage specified: %s", val)
			}
			p.APIStages = slices.Delete(p.APIStages, i, i+1)
		default:
			return false, nil
		}
		return true, nil
	}
	rest, ok := strings.CutPrefix(po.Path, "/apiStages/")
	if !ok {
		return false, nil
	}
	target, tpath, ok := strings.Cut(rest, "/throttle")
	if !ok {
		return false, nil
	}
	api, stage, _ := strings.Cut(target, ":")
	as, ok := p.Covers(api, stage)
	if !ok {
		return false, badRequest("Invalid API Stage specified: %s", target)
	}
	if as.Throttle == nil {
		as.Throttle = map[string]apigw.ThrottleSettings{}
	}
	// The method path is one escaped segment ("~1pets~1GET") or plain
	// segments ("/pets/GET"); either way the key is "/pets/GET".
	methodKey := func(p string) string {
		k := unescapePointer(strings.TrimPrefix(p, "/"))
		if !strings.HasPrefix(k, "/") {
			k = "/" + k
		}
		return k
	}
	last := strings.LastIndex(tpath, "/")
	switch field := tpath[last+1:]; {
	case po.Op == "remove" && tpath != "":
		delete(as.Throttle, methodKey(tpath))
	case po.Op == "replace" && last > 0 && (field == "rateLimit" || field == "burstLimit"):
		key := methodKey(tpath[:last])
		t := as.Throttle[key]
		if field == "rateLimit" {
			n, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return false, badRequest("Invalid number value '%s' for patch path '%s'", val, po.Path)
			}
			t.RateLimit = n
		} else {
			n, err := strconv.ParseInt(val, 10, 32)
			if err != nil {
				return false, badRequest("Invalid integer value '%s' for patch path '%s'", val, po.Path)
			}
			t.BurstLimit = int32(n)
		}
		as.Throttle[key] = t
	default:
		return false, nil
	}
	if len(as.Throttle) == 0 {
		as.Throttle = nil
	}
	return true, nil
}

func clonePlan(p *apigw.UsagePlan) apigw.UsagePlan {
	out := *p
	out.APIStages = make([]apigw.APIStage, len(p.APIStages))
	for i, as := range p.APIStages {
		as.Throttle = clonedMap(as.Throttle)
		out.APIStages[i] = as
	}
	if p.Throttle != nil {
		t := *p.Throttle
		out.Throttle = &t
	}
	if p.Quota != nil {
		q := *p.Quota
		out.Quota = &q
	}
	return out
}

func clonedMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (h *Handler) updateUsagePlan(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateUsagePlanInput")
	if err != nil {
		return 0, nil, err
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	old, ok := h.planByID(r.PathValue("usageplan_id"))
	if !ok {
		return 0, nil, errPlanNotFound()
	}
	p := clonePlan(old)
	if err := applyPatch(&p, ops, usagePlanRules, patchPlanStages); err != nil {
		return 0, nil, err
	}
	if err := checkPlan(&p); err != nil {
		return 0, nil, err
	}
	if err := h.checkStages(r, p.APIStages); err != nil {
		return 0, nil, err
	}
	if err := s.rec.Apply(r.Context(), map[string][]byte{"plan/" + p.ID: mustJSON(p)}, nil); err != nil {
		return 0, nil, fmt.Errorf("update usage plan: %w", err)
	}
	s.mu.Lock()
	s.plans[p.ID] = &p
	s.mu.Unlock()
	return http.StatusOK, p, nil
}

func (h *Handler) deleteUsagePlan(r *http.Request) (int, any, error) {
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	id := r.PathValue("usageplan_id")
	if _, ok := h.planByID(id); !ok {
		return 0, nil, errPlanNotFound()
	}
	s.mu.RLock()
	dels := []string{"plan/" + id}
	for k := range s.planKeys[id] {
		dels = append(dels, "plankey/"+id+"/"+k)
	}
	s.mu.RUnlock()
	if err := s.rec.Apply(r.Context(), nil, dels); err != nil {
		return 0, nil, fmt.Errorf("delete usage plan: %w", err)
	}
	s.mu.Lock()
	delete(s.plans, id)
	delete(s.planKeys, id)
	s.mu.Unlock()
	return http.StatusAccepted, nil, nil
}

// --- usage plan keys ---

func (h *Handler) planKey(planID, keyID string) (apigw.UsagePlanKey, error) {
	s := h.acct()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.plans[planID]; !ok {
		return apigw.UsagePlanKey{}, errPlanNotFound()
	}
	k, ok := s.keys[keyID]
	if !ok || !s.planKeys[planID][keyID] {
		return apigw.UsagePlanKey{}, errKeyNotFound()
	}
	return apigw.UsagePlanKey{ID: k.ID, Type: "API_KEY", Value: k.Value, Name: k.Name}, nil
}

func (h *Handler) createUsagePlanKey(r *http.Request) (int, any, error) {
	var in struct {
		KeyID   string `json:"keyId"`
		KeyType string `json:"keyType"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	planID := r.PathValue("usageplan_id")
	if in.KeyType != "API_KEY" {
		return 0, nil, badRequest("Invalid key type specified")
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.RLock()
	_, planOK := s.plans[planID]
	_, keyOK := s.keys[in.KeyID]
	dup := s.planKeys[planID][in.KeyID]
	s.mu.RUnlock()
	switch {
	case !planOK:
		return 0, nil, errPlanNotFound()
	case !keyOK:
		return 0, nil, errKeyNotFound()
	case dup:
		return 0, nil, conflict("Usage Plan %s cannot be added because API Key %s cannot reference multiple Usage Plans with the same API Stage", planID, in.KeyID)
	}
	if err := s.rec.Apply(r.Context(), map[string][]byte{"plankey/" + planID + "/" + in.KeyID: []byte(`""`)}, nil); err != nil {
		return 0, nil, fmt.Errorf("create usage plan key: %w", err)
	}
	s.mu.Lock()
	if s.planKeys[planID] == nil {
		s.planKeys[planID] = map[string]bool{}
	}
	s.planKeys[planID][in.KeyID] = true
	s.mu.Unlock()
	pk, err := h.planKey(planID, in.KeyID)
	return http.StatusCreated, pk, err
}

func (h *Handler) getUsagePlanKey(r *http.Request) (int, any, error) {
	pk, err := h.planKey(r.PathValue("usageplan_id"), r.PathValue("key_id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, pk, nil
}

func (h *Handler) getUsagePlanKeys(r *http.Request) (int, any, error) {
	planID := r.PathValue("usageplan_id")
	if _, ok := h.planByID(planID); !ok {
		return 0, nil, errPlanNotFound()
	}
	s := h.acct()
	s.mu.RLock()
	var items []apigw.UsagePlanKey
	nq := r.URL.Query().Get("nameQuery")
	for id := range s.planKeys[planID] {
		if k := s.keys[id]; k != nil && strings.HasPrefix(k.Name, nq) {
			items = append(items, apigw.UsagePlanKey{ID: k.ID, Type: "API_KEY", Value: k.Value, Name: k.Name})
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(items, func(a, b apigw.UsagePlanKey) int { return strings.Compare(a.ID, b.ID) })
	pg, err := page(r, items, func(k apigw.UsagePlanKey) string { return k.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, pg, nil
}

func (h *Handler) deleteUsagePlanKey(r *http.Request) (int, any, error) {
	planID, keyID := r.PathValue("usageplan_id"), r.PathValue("key_id")
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := h.planKey(planID, keyID); err != nil {
		return 0, nil, err
	}
	if err := s.rec.Apply(r.Context(), nil, []string{"plankey/" + planID + "/" + keyID}); err != nil {
		return 0, nil, fmt.Errorf("delete usage plan key: %w", err)
	}
	s.mu.Lock()
	delete(s.planKeys[planID], keyID)
	s.mu.Unlock()
	return http.StatusAccepted, nil, nil
}

// --- usage ---

type usageAnswer struct {
	UsagePlanID string               `json:"usagePlanId"`
	StartDate   string               `json:"startDate"`
	EndDate     string               `json:"endDate"`
	Items       map[string][][]int64 `json:"values"`
	Position    string               `json:"position,omitempty"`
}

// usage answers GetUsage: per key, per day from start to end, [used,
// remaining] (remaining of the quota period holding the day; without a
// quota, remaining is 0... AWS reports the plan's figures, see
// docs/gateway.md).
func (h *Handler) usage(planID, keyFilter string, start, end time.Time) (usageAnswer, error) {
	p, ok := h.planByID(planID)
	if !ok {
		return usageAnswer{}, errPlanNotFound()
	}
	s := h.acct()
	ans := usageAnswer{UsagePlanID: planID, StartDate: start.Format(time.DateOnly), EndDate: end.Format(time.DateOnly), Items: map[string][][]int64{}}
	s.mu.RLock()
	var keys []string
	for k := range s.planKeys[planID] {
		if keyFilter == "" || k == keyFilter {
			keys = append(keys, k)
		}
	}
	s.mu.RUnlock()
	for _, k := range keys {
		var rows [][]int64
		for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
			s.mu.RLock()
			used := s.usage[usageKey{planID, k, dayNumber(d)}]
			s.mu.RUnlock()
			var remaining int64
			if p.Quota != nil {
				remaining = max(0, int64(p.Quota.Limit)-h.UsedSince(planID, k, apigw.QuotaPeriodStart(*p.Quota, d), d))
			}
			rows = append(rows, []int64{used, remaining})
		}
		ans.Items[k] = rows
	}
	return ans, nil
}

func (h *Handler) getUsage(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	start, err1 := time.Parse(time.DateOnly, q.Get("startDate"))
	end, err2 := time.Parse(time.DateOnly, q.Get("endDate"))
	if err1 != nil || err2 != nil {
		return 0, nil, badRequest("Invalid start date or end date")
	}
	if end.Before(start) {
		return 0, nil, badRequest("The usage data interval cannot be negative")
	}
	if end.Sub(start) > 90*24*time.Hour {
		return 0, nil, badRequest("The usage data period cannot exceed 90 days")
	}
	_ = h.FlushUsage(r.Context())
	ans, err := h.usage(r.PathValue("usageplan_id"), q.Get("keyId"), start, end)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ans, nil
}

// updateUsage is UpdateUsage: "replace /remaining" sets the key's remaining
// quota of the current period (it adjusts today's count).
func (h *Handler) updateUsage(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateUsageInput")
	if err != nil {
		return 0, nil, err
	}
	planID, keyID := r.PathValue("usageplan_id"), r.PathValue("key_id")
	if _, err := h.planKey(planID, keyID); err != nil {
		return 0, nil, err
	}
	p, _ := h.planByID(planID)
	now := time.Now().UTC()
	for _, po := range ops {
		if po.Path != "/remaining" || po.Op != "replace" {
			return 0, nil, badRequest("Invalid patch path %s", po.Path)
		}
		if p.Quota == nil {
			return 0, nil, badRequest("Usage plan %s has no quota", planID)
		}
		v := ""
		if po.Value != nil {
			v = *po.Value
		}
		want, err := strconv.ParseInt(v, 10, 64)
		if err != nil || want < 0 {
			return 0, nil, badRequest("Invalid remaining value '%s'", v)
		}
		used := h.UsedSince(planID, keyID, apigw.QuotaPeriodStart(*p.Quota, now), now)
		s := h.acct()
		k := usageKey{planID, keyID, dayNumber(now)}
		s.mu.Lock()
		s.usage[k] += (int64(p.Quota.Limit) - want) - used
		s.dirty[k] = true
		s.mu.Unlock()
	}
	if err := h.FlushUsage(r.Context()); err != nil {
		return 0, nil, fmt.Errorf("update usage: %w", err)
	}
	day := now.Truncate(24 * time.Hour)
	ans, err := h.usage(planID, keyID, day, day)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ans, nil
}

// --- account ---

func (h *Handler) getAccount(r *http.Request) (int, any, error) {
	return http.StatusOK, h.AccountSettings(), nil
}

var accountRules = []rule[apigw.Account]{
	{"/cloudwatchRoleArn", "replace", func(a *apigw.Account, v patchValue) error { a.CloudwatchRoleArn = v.str(); return nil }},
	{"/throttle/burstLimit", "replace", func(a *apigw.Account, v patchValue) error {
		n, err := v.int32()
		throttleOf(&a.ThrottleSettings).BurstLimit = n
		return err
	}},
	{"/throttle/rateLimit", "replace", func(a *apigw.Account, v patchValue) error {
		n, err := v.float()
		throttleOf(&a.ThrottleSettings).RateLimit = n
		return err
	}},
	{"/features", "add,remove", func(a *apigw.Account, v patchValue) error { patchStringList(&a.Features, v, v.str()); return nil }},
	{"/apiKeyVersion", "replace", func(a *apigw.Account, v patchValue) error { a.APIKeyVersion = v.str(); return nil }},
}

func (h *Handler) updateAccount(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateAccountInput")
	if err != nil {
		return 0, nil, err
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	a := h.AccountSettings()
	a.Features = slices.Clone(a.Features)
	if a.ThrottleSettings != nil {
		t := *a.ThrottleSettings
		a.ThrottleSettings = &t
	}
	if err := applyPatch(&a, ops, accountRules, nil); err != nil {
		return 0, nil, err
	}
	if a.CloudwatchRoleArn != "" && !strings.HasPrefix(a.CloudwatchRoleArn, "arn:") {
		return 0, nil, badRequest("The role ARN is not well formed")
	}
	if a.Features == nil {
		a.Features = []string{}
	}
	if err := s.rec.Apply(r.Context(), map[string][]byte{"account": mustJSON(a)}, nil); err != nil {
		return 0, nil, fmt.Errorf("update account: %w", err)
	}
	s.mu.Lock()
	s.account = a
	s.mu.Unlock()
	return http.StatusOK, a, nil
}
