package invoke

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
)

// Usage is what the invoke API needs of the account-level objects (API
// keys, usage plans, usage, account settings); the management API
// satisfies it and internal/app passes it in.
type Usage interface {
	// LookupAPIKey returns the key with value and the usage plans it is in.
	LookupAPIKey(value string) (apigw.APIKey, []*apigw.UsagePlan, bool)
	// AccountSettings returns the account's throttle.
	AccountSettings() apigw.Account
	// UsedSince counts key's calls in plan on the UTC days from..now.
	UsedSince(planID, keyID string, from, now time.Time) int64
	// AddUsage counts one call.
	AddUsage(planID, keyID string, now time.Time)
}

// Limits hold the token buckets (account, stage/method settings, usage
// plan per key and method) and the clock they run on.
type Limits struct {
	usage Usage
	now   func() time.Time

	mu      sync.Mutex
	buckets map[bucketKey]*bucket
}

type bucketKey struct{ scope, a, b, c string }

// NewLimits returns the limits over usage; now is the clock (nil:
// time.Now); tests inject one so buckets refill without sleeping.
func NewLimits(usage Usage, now func() time.Time) *Limits {
	if now == nil {
		now = time.Now
	}
	return &Limits{usage: usage, now: now, buckets: map[bucketKey]*bucket{}}
}

// bucket is a token bucket: up to burst tokens, refilled at rate per second.
type bucket struct {
	rate   float64
	burst  int32
	tokens float64
	last   time.Time
}

// take takes one token from the bucket for key with settings t; a bucket
// whose settings changed starts again full.
func (l *Limits) take(key bucketKey, t apigw.ThrottleSettings, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil || b.rate != t.RateLimit || b.burst != t.BurstLimit {
		if len(l.buckets) >= 1<<16 {
			clear(l.buckets)
		}
		b = &bucket{rate: t.RateLimit, burst: t.BurstLimit, tokens: float64(t.BurstLimit), last: now}
		l.buckets[key] = b
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = min(float64(b.burst), b.tokens+dt*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func throttled() *result {
	return typedError(429, "THROTTLED", "TooManyRequestsException", `{"message":"Too Many Requests"}`)
}

func quotaExceeded() *result {
	return typedError(429, "QUOTA_EXCEEDED", "LimitExceededException", `{"message":"Limit Exceeded"}`)
}

// methodSettingKey is the stage's methodSettings key of the method
// ("pets/GET", "/GET" for the root resource).
func methodSettingKey(resPath, verb string) string {
	return strings.TrimPrefix(resPath, "/") + "/" + verb
}

// checkThrottle applies, in AWS's order, the usage plan's throttle of the
// caller's key (the plan's per-method override, else the plan's), the
// stage's method settings (the method's entry, else "*/*"; a bucket per
// method) and the account's throttle; then the plan's quota, counting the
// call for GetUsage.
func checkThrottle(c *call, ctx context.Context) *result {
	l := c.h.opts.Limits
	if l == nil {
		return nil
	}
	now := l.now()
	apiID := c.api.api.ID
	msKey := methodSettingKey(c.method.res.path, c.method.verb)
	if c.plan != nil {
		t, ok := c.planStage.Throttle["/"+msKey]
		if !ok {
			t, ok = c.planStage.Throttle["/*/*"]
		}
		scope := msKey
		if !ok && c.plan.Throttle != nil {
			t, ok, scope = *c.plan.Throttle, true, ""
		}
		if ok && !l.take(bucketKey{"plan", c.plan.ID, c.apiKey.ID, scope}, t, now) {
			c.fail("API Key %s exceeded the usage plan's throttle", c.apiKey.ID)
			return throttled()
		}
	}
	if d, err := c.h.opts.Store.Get(ctx, apiID); err == nil {
		if st := d.Stages[c.stageName]; st != nil {
			ms, ok := st.MethodSettings[msKey]
			if !ok {
				ms, ok = st.MethodSettings["*/*"]
			}
			if ok && ms.ThrottlingBurstLimit >= 0 && ms.ThrottlingRateLimit >= 0 {
				t := apigw.ThrottleSettings{BurstLimit: ms.ThrottlingBurstLimit, RateLimit: ms.ThrottlingRateLimit}
				if !l.take(bucketKey{"stage", apiID, c.stageName, msKey}, t, now) {
					c.fail("Method %s exceeded the stage's throttle", msKey)
					return throttled()
				}
			}
		}
	}
	if l.usage != nil {
		if a := l.usage.AccountSettings(); a.ThrottleSettings != nil && !l.take(bucketKey{scope: "account"}, *a.ThrottleSettings, now) {
			c.fail("The account's throttle is exceeded")
			return throttled()
		}
	}
	if c.plan == nil {
		return nil
	}
	l.mu.Lock() // one quota decision at a time
	defer l.mu.Unlock()
	if q := c.plan.Quota; q != nil {
		if l.usage.UsedSince(c.plan.ID, c.apiKey.ID, apigw.QuotaPeriodStart(*q, now), now) >= int64(q.Limit) {
			c.fail("API Key %s exceeded the usage plan's quota", c.apiKey.ID)
			return quotaExceeded()
		}
	}
	l.usage.AddUsage(c.plan.ID, c.apiKey.ID, now)
	return nil
}
