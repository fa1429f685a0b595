package apigw

import (
	"crypto/rand"
	"strings"
	"time"
)

// Account-level objects of API Gateway: API keys, usage plans and their
// keys, and the account's settings. The gateway keeps them in its records
// and enforces them at invoke; the provider checks their values at plan time.

// APIKey is an API key (GetApiKey's shape; value only with includeValue).
type APIKey struct {
	ID              string            `json:"id"`
	Value           string            `json:"value,omitempty"`
	Name            string            `json:"name,omitempty"`
	CustomerID      string            `json:"customerId,omitempty"`
	Description     string            `json:"description,omitempty"`
	Enabled         bool              `json:"enabled"`
	CreatedDate     EpochSeconds      `json:"createdDate"`
	LastUpdatedDate EpochSeconds      `json:"lastUpdatedDate"`
	StageKeys       []string          `json:"stageKeys"`
	Tags            map[string]string `json:"tags,omitempty"`
}

// ThrottleSettings are a token bucket: rateLimit requests per second
// refilling a bucket of burstLimit.
type ThrottleSettings struct {
	BurstLimit int32   `json:"burstLimit"`
	RateLimit  float64 `json:"rateLimit"`
}

// QuotaSettings limit a key's requests per period.
type QuotaSettings struct {
	Limit  int32  `json:"limit"`
	Offset int32  `json:"offset"`
	Period string `json:"period"`
}

// Quota periods.
const (
	QuotaDay   = "DAY"
	QuotaWeek  = "WEEK"
	QuotaMonth = "MONTH"
)

// QuotaPeriods in AWS's order.
var QuotaPeriods = []string{QuotaDay, QuotaWeek, QuotaMonth}

// APIStage is a stage a usage plan covers, with per-method throttles keyed
// "/{resourcePath}/{httpMethod}" (e.g. "/pets/GET", "/*/*").
type APIStage struct {
	APIID    string                      `json:"apiId"`
	Stage    string                      `json:"stage"`
	Throttle map[string]ThrottleSettings `json:"throttle,omitempty"`
}

// UsagePlan is a usage plan.
type UsagePlan struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	APIStages   []APIStage        `json:"apiStages"`
	Throttle    *ThrottleSettings `json:"throttle,omitempty"`
	Quota       *QuotaSettings    `json:"quota,omitempty"`
	ProductCode string            `json:"productCode,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// Covers reports whether the plan covers the API's stage, and returns the
// stage entry.
func (p *UsagePlan) Covers(apiID, stage string) (*APIStage, bool) {
	for i := range p.APIStages {
		if p.APIStages[i].APIID == apiID && p.APIStages[i].Stage == stage {
			return &p.APIStages[i], true
		}
	}
	return nil, false
}

// UsagePlanKey is an API key in a usage plan.
type UsagePlanKey struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Value string `json:"value,omitempty"`
	Name  string `json:"name,omitempty"`
}

// Account is GetAccount's answer.
type Account struct {
	CloudwatchRoleArn string            `json:"cloudwatchRoleArn,omitempty"`
	ThrottleSettings  *ThrottleSettings `json:"throttleSettings,omitempty"`
	Features          []string          `json:"features"`
	APIKeyVersion     string            `json:"apiKeyVersion"`
}

// DefaultAccountThrottle is an account's default throttle (AWS's quota of
// 10,000 requests per second, burst 5,000, per region).
var DefaultAccountThrottle = ThrottleSettings{BurstLimit: 5000, RateLimit: 10000}

// DefaultAccount is the account before any UpdateAccount.
func DefaultAccount() Account {
	t := DefaultAccountThrottle
	return Account{ThrottleSettings: &t, Features: []string{"UsagePlans"}, APIKeyVersion: "4"}
}

// Key value limits (AWS: "API Key value should be at least 20 characters",
// at most 128).
const (
	MinAPIKeyValue = 20
	MaxAPIKeyValue = 128
)

// CheckAPIKeyValue is AWS's rule for a given key value; "" when valid.
func CheckAPIKeyValue(v string) string {
	if len(v) < MinAPIKeyValue || len(v) > MaxAPIKeyValue {
		return "API Key value should be at least 20 characters"
	}
	return ""
}

const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// NewAPIKeyValue returns a generated key value (40 characters, as AWS's).
func NewAPIKeyValue() string {
	out := make([]byte, 0, 40)
	buf := make([]byte, 80)
	for len(out) < 40 {
		_, _ = rand.Read(buf)
		for _, c := range buf {
			if c < 248 && len(out) < 40 { // 248 = 4*62
				out = append(out, keyAlphabet[int(c)%len(keyAlphabet)])
			}
		}
	}
	return string(out)
}

// CheckQuota is AWS's rule for a quota; "" when valid.
func CheckQuota(q QuotaSettings) string {
	switch {
	case !In(q.Period, QuotaPeriods):
		return EnumError("quota.period", q.Period, QuotaPeriods)
	case q.Limit < 0:
		return "Quota limit should be a non-negative integer value"
	case q.Period == QuotaDay && q.Offset != 0:
		return "Quota offset must be zero in the DAY period"
	case q.Period == QuotaWeek && (q.Offset < 0 || q.Offset > 6):
		return "Quota offset must be between 0 and 6 inclusive in the WEEK period"
	case q.Period == QuotaMonth && (q.Offset < 0 || q.Offset > 27):
		return "Quota offset must be between 0 and 27 inclusive in the MONTH period"
	}
	return ""
}

// CheckThrottle is AWS's rule for throttle values; "" when valid.
func CheckThrottle(t ThrottleSettings) string {
	if t.BurstLimit < 0 || t.RateLimit < 0 {
		return "Throttle settings must be non-negative"
	}
	return ""
}

// QuotaPeriodStart is the start (UTC) of the quota period holding now: a
// DAY starts at midnight UTC, a WEEK on Sunday plus offset days, a MONTH on
// its first day plus offset days.
func QuotaPeriodStart(q QuotaSettings, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch q.Period {
	case QuotaWeek:
		back := (int(day.Weekday()) - int(q.Offset) + 7) % 7
		return day.AddDate(0, 0, -back)
	case QuotaMonth:
		start := time.Date(now.Year(), now.Month(), 1+int(q.Offset), 0, 0, 0, 0, time.UTC)
		if start.After(day) {
			start = start.AddDate(0, -1, 0)
		}
		return start
	}
	return day
}

// StageKey names a stage in CreateApiKey's stageKeys.
type StageKey struct {
	RestAPIID string `json:"restApiId"`
	StageName string `json:"stageName"`
}

// CheckMethodThrottlePath is the rule for a usage plan's per-method
// throttle key, "/{resourcePath}/{httpMethod}" or "/*/*"; "" when valid.
func CheckMethodThrottlePath(p string) string {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	verb := segs[len(segs)-1]
	if !strings.HasPrefix(p, "/") || len(segs) < 2 || (verb != "*" && !In(verb, HTTPMethods)) {
		return "Invalid method setting path: " + p + ". Must be one of: [/{resourcePath}/{httpMethod}, /*/*]"
	}
	return ""
}
