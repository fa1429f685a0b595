package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/kv"
)

// Account-level objects (API keys, usage plans, their keys, usage, account
// settings) live in the handler's kv.Records, one record each:
//
//	key/{id}            apigw.APIKey (with its value)
//	plan/{id}           apigw.UsagePlan
//	plankey/{plan}/{key} ""
//	usage/{plan}/{key}/{yyyy-mm-dd}  calls that day (written by FlushUsage)
//	account             apigw.Account
//
// All of them are held in memory too (accountState), loaded once, so the
// invoke path's key lookup costs a map read.

type accountState struct {
	once     sync.Once
	rec      kv.Records
	mu       sync.RWMutex
	wmu      sync.Mutex // serializes writes (read-modify-write of records)
	keys     map[string]*apigw.APIKey
	byValue  map[string]string // value -> key id
	plans    map[string]*apigw.UsagePlan
	planKeys map[string]map[string]bool // plan id -> key ids
	account  apigw.Account
	usage    map[usageKey]int64 // calls per plan, key and UTC day
	dirty    map[usageKey]bool
}

type usageKey struct {
	plan, key string
	day       int64 // days since 1970-01-01 UTC
}

func dayNumber(t time.Time) int64 { return t.Unix() / 86400 }

func dayString(n int64) string { return time.Unix(n*86400, 0).UTC().Format(time.DateOnly) }

func (h *Handler) acct() *accountState {
	s := h.accts
	s.once.Do(func() {
		s.keys, s.byValue, s.plans, s.planKeys = map[string]*apigw.APIKey{}, map[string]string{}, map[string]*apigw.UsagePlan{}, map[string]map[string]bool{}
		s.usage, s.dirty = map[usageKey]int64{}, map[usageKey]bool{}
		s.account = apigw.DefaultAccount()
		if s.rec == nil {
			s.rec = kv.NewMem()
		}
		s.rec.Scan("", func(k string, v []byte) bool {
			switch {
			case strings.HasPrefix(k, "key/"):
				var key apigw.APIKey
				if json.Unmarshal(v, &key) == nil {
					s.keys[key.ID] = &key
					s.byValue[key.Value] = key.ID
				}
			case strings.HasPrefix(k, "plan/"):
				var p apigw.UsagePlan
				if json.Unmarshal(v, &p) == nil {
					s.plans[p.ID] = &p
				}
			case strings.HasPrefix(k, "plankey/"):
				parts := strings.Split(k, "/")
				if len(parts) == 3 {
					if s.planKeys[parts[1]] == nil {
						s.planKeys[parts[1]] = map[string]bool{}
					}
					s.planKeys[parts[1]][parts[2]] = true
				}
			case strings.HasPrefix(k, "usage/"):
				parts := strings.Split(k, "/")
				var n int64
				if d, err := time.Parse(time.DateOnly, parts[len(parts)-1]); len(parts) == 4 && err == nil && json.Unmarshal(v, &n) == nil {
					s.usage[usageKey{parts[1], parts[2], dayNumber(d)}] = n
				}
			case k == "account":
				_ = json.Unmarshal(v, &s.account)
			}
			return true
		})
	})
	return s
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// --- what the invoke API reads (internal/app passes the handler on) ---

// LookupAPIKey returns the key with value and the usage plans it is in.
func (h *Handler) LookupAPIKey(value string) (apigw.APIKey, []*apigw.UsagePlan, bool) {
	s := h.acct()
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byValue[value]
	if !ok {
		return apigw.APIKey{}, nil, false
	}
	var plans []*apigw.UsagePlan
	for pid, ks := range s.planKeys {
		if ks[id] && s.plans[pid] != nil {
			plans = append(plans, s.plans[pid])
		}
	}
	slices.SortFunc(plans, func(a, b *apigw.UsagePlan) int { return strings.Compare(a.ID, b.ID) })
	return *s.keys[id], plans, true
}

// AccountSettings returns the account's settings.
func (h *Handler) AccountSettings() apigw.Account {
	s := h.acct()
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.account
}

// UsedSince returns the calls of key in plan on the UTC days from from
// (inclusive) to now.
func (h *Handler) UsedSince(planID, keyID string, from, now time.Time) int64 {
	s := h.acct()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var n int64
	for d, last := dayNumber(from), dayNumber(now); d <= last; d++ {
		n += s.usage[usageKey{planID, keyID, d}]
	}
	return n
}

// AddUsage counts one call of key in plan on now's UTC day. Counts reach
// the records on FlushUsage (GetUsage, UpdateUsage, Close).
func (h *Handler) AddUsage(planID, keyID string, now time.Time) {
	s := h.acct()
	k := usageKey{planID, keyID, dayNumber(now)}
	s.mu.Lock()
	s.usage[k]++
	s.dirty[k] = true
	s.mu.Unlock()
}

// FlushUsage writes the usage counted since the last flush to the records.
func (h *Handler) FlushUsage(ctx context.Context) error {
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	puts := map[string][]byte{}
	for k := range s.dirty {
		puts["usage/"+k.plan+"/"+k.key+"/"+dayString(k.day)] = mustJSON(s.usage[k])
	}
	clear(s.dirty)
	s.mu.Unlock()
	if len(puts) == 0 {
		return nil
	}
	return s.rec.Apply(ctx, puts, nil)
}

// --- API keys ---

func errKeyNotFound() error { return notFound("Invalid API Key identifier specified") }

type createAPIKeyInput struct {
	Name               string            `json:"name"`
	Description        string            `json:"description"`
	Enabled            bool              `json:"enabled"`
	GenerateDistinctID bool              `json:"generateDistinctId"`
	Value              *string           `json:"value"`
	StageKeys          []apigw.StageKey  `json:"stageKeys"`
	CustomerID         string            `json:"customerId"`
	Tags               map[string]string `json:"tags"`
}

func (h *Handler) createAPIKey(r *http.Request) (int, any, error) {
	var in createAPIKeyInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	key := apigw.APIKey{ID: apigw.NewID(), Name: in.Name, Description: in.Description, Enabled: in.Enabled,
		CustomerID: in.CustomerID, Tags: in.Tags, StageKeys: []string{}}
	if in.Value != nil {
		if msg := apigw.CheckAPIKeyValue(*in.Value); msg != "" {
			return 0, nil, badRequest("%s", msg)
		}
		key.Value = *in.Value
	} else {
		key.Value = apigw.NewAPIKeyValue()
	}
	for _, sk := range in.StageKeys {
		key.StageKeys = append(key.StageKeys, sk.RestAPIID+"/"+sk.StageName)
	}
	now := apigw.Now()
	key.CreatedDate, key.LastUpdatedDate = now, now
	if key.Name == "" {
		key.Name = key.ID
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.RLock()
	_, dup := s.byValue[key.Value]
	s.mu.RUnlock()
	if dup {
		return 0, nil, conflict("API Key already exists")
	}
	if err := s.rec.Apply(r.Context(), map[string][]byte{"key/" + key.ID: mustJSON(key)}, nil); err != nil {
		return 0, nil, fmt.Errorf("create API key: %w", err)
	}
	s.mu.Lock()
	s.keys[key.ID], s.byValue[key.Value] = &key, key.ID
	s.mu.Unlock()
	return http.StatusCreated, key, nil
}

func (h *Handler) getAPIKey(r *http.Request) (int, any, error) {
	s := h.acct()
	s.mu.RLock()
	k, ok := s.keys[r.PathValue("api_key")]
	s.mu.RUnlock()
	if !ok {
		return 0, nil, errKeyNotFound()
	}
	out := *k
	if r.URL.Query().Get("includeValue") != "true" {
		out.Value = ""
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getAPIKeys(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	s := h.acct()
	s.mu.RLock()
	var items []apigw.APIKey
	for _, k := range s.keys {
		if nq := q.Get("name"); nq != "" && !strings.HasPrefix(k.Name, nq) {
			continue
		}
		if cid := q.Get("customerId"); cid != "" && k.CustomerID != cid {
			continue
		}
		out := *k
		if q.Get("includeValues") != "true" {
			out.Value = ""
		}
		items = append(items, out)
	}
	s.mu.RUnlock()
	slices.SortFunc(items, func(a, b apigw.APIKey) int { return strings.Compare(a.ID, b.ID) })
	p, err := page(r, items, func(k apigw.APIKey) string { return k.ID })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

var apiKeyRules = []rule[apigw.APIKey]{
	{"/name", "replace", func(k *apigw.APIKey, v patchValue) error { k.Name = v.str(); return nil }},
	{"/description", "replace", func(k *apigw.APIKey, v patchValue) error { k.Description = v.str(); return nil }},
	{"/customerId", "replace", func(k *apigw.APIKey, v patchValue) error { k.CustomerID = v.str(); return nil }},
	{"/enabled", "replace", func(k *apigw.APIKey, v patchValue) (err error) { k.Enabled, err = v.boolean(); return err }},
	{"/stages", "add,remove", func(k *apigw.APIKey, v patchValue) error { patchStringList(&k.StageKeys, v, v.str()); return nil }},
}

func (h *Handler) updateAPIKey(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateApiKeyInput")
	if err != nil {
		return 0, nil, err
	}
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.RLock()
	old, ok := s.keys[r.PathValue("api_key")]
	s.mu.RUnlock()
	if !ok {
		return 0, nil, errKeyNotFound()
	}
	k := *old
	k.StageKeys = slices.Clone(old.StageKeys)
	if err := applyPatch(&k, ops, apiKeyRules, nil); err != nil {
		return 0, nil, err
	}
	if k.StageKeys == nil {
		k.StageKeys = []string{}
	}
	k.LastUpdatedDate = apigw.Now()
	if err := s.rec.Apply(r.Context(), map[string][]byte{"key/" + k.ID: mustJSON(k)}, nil); err != nil {
		return 0, nil, fmt.Errorf("update API key: %w", err)
	}
	s.mu.Lock()
	s.keys[k.ID] = &k
	s.mu.Unlock()
	out := k // the stored key keeps its value; the answer does not
	out.Value = ""
	return http.StatusOK, out, nil
}

func (h *Handler) deleteAPIKey(r *http.Request) (int, any, error) {
	s := h.acct()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	id := r.PathValue("api_key")
	s.mu.RLock()
	k, ok := s.keys[id]
	var dels []string
	for pid, ks := range s.planKeys {
		if ks[id] {
			dels = append(dels, "plankey/"+pid+"/"+id)
		}
	}
	s.mu.RUnlock()
	if !ok {
		return 0, nil, errKeyNotFound()
	}
	dels = append(dels, "key/"+id)
	if err := s.rec.Apply(r.Context(), nil, dels); err != nil {
		return 0, nil, fmt.Errorf("delete API key: %w", err)
	}
	s.mu.Lock()
	delete(s.keys, id)
	delete(s.byValue, k.Value)
	for _, ks := range s.planKeys {
		delete(ks, id)
	}
	s.mu.Unlock()
	return http.StatusAccepted, nil, nil
}

// importAPIKeys is ImportApiKeys (format=csv): a header line naming
// columns among name, key (or value), description, enabled, customerId,
// usageplanIds.
func (h *Handler) importAPIKeys(r *http.Request) (int, any, error) {
	if r.URL.Query().Get("format") != "csv" {
		return 0, nil, badRequest("Invalid format specified")
	}
	var body strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Body.Read(buf)
		body.Write(buf[:n])
		if err != nil || body.Len() > maxBody {
			break
		}
	}
	lines := strings.Split(strings.ReplaceAll(body.String(), "\r\n", "\n"), "\n")
	if len(lines) < 2 {
		return 0, nil, badRequest("Invalid CSV: no API keys found")
	}
	cols := strings.Split(strings.ToLower(lines[0]), ",")
	var ids []string
	var warnings []string
	for _, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		vals := strings.Split(line, ",")
		in := createAPIKeyInput{Enabled: false}
		for i, c := range cols {
			if i >= len(vals) {
				break
			}
			v := strings.TrimSpace(vals[i])
			switch strings.TrimSpace(c) {
			case "name":
				in.Name = v
			case "key", "value":
				in.Value = &v
			case "description":
				in.Description = v
			case "enabled":
				in.Enabled = strings.EqualFold(v, "true")
			case "customerid":
				in.CustomerID = v
			}
		}
		if in.Value == nil {
			return 0, nil, badRequest("Invalid CSV: the key column is required")
		}
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, "/apikeys", strings.NewReader(string(mustJSON(in))))
		_, out, err := h.createAPIKey(req)
		if err != nil {
			var ae *Error
			if errors.As(err, &ae) && ae.Status < 500 {
				warnings = append(warnings, ae.Message)
				continue
			}
			return 0, nil, err
		}
		key, ok := out.(apigw.APIKey)
		if !ok {
			return 0, nil, fmt.Errorf("import api keys: created %T, not an API key", out)
		}
		ids = append(ids, key.ID)
	}
	return http.StatusCreated, map[string]any{"ids": ids, "warnings": warnings}, nil
}

// apiKeysPost is CreateApiKey, or ImportApiKeys (POST /apikeys?mode=import).
func (h *Handler) apiKeysPost(r *http.Request) (int, any, error) {
	if r.URL.Query().Get("mode") == "import" {
		return h.importAPIKeys(r)
	}
	return h.createAPIKey(r)
}
