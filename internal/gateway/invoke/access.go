package invoke

import (
	"net/http"
	"net/textproto"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

// accessControl is a deployment's frozen access-control state: the REST
// API's resource policy (parsed once), its authorizers, and the
// authorizers' result cache (per deployment, as authorizers are frozen in
// it).
type accessControl struct {
	policy      *apigw.Policy // nil: no resource policy
	policyErr   error         // the stored policy does not parse
	expandOnce  sync.Once     // expands the policy's execute-api:/ shorthands on first use
	authorizers map[string]*compiledAuthorizer

	mu    sync.Mutex
	cache map[authzCacheKey]*authzResult
}

type compiledAuthorizer struct {
	a       *apigw.Authorizer
	sources []apigw.IdentitySource
	valid   interface{ MatchString(string) bool } // identity validation expression; nil = none
	ttl     time.Duration
	// headerKey is the canonical name of a single header identity source.
	headerKey string
}

type authzCacheKey struct {
	authorizerID string
	identity     string // the identity source values, joined
}

// newAccessControl builds the access-control state of a stage snapshot.
func newAccessControl(snap *store.StageSnapshot) *accessControl {
	ac := &accessControl{authorizers: map[string]*compiledAuthorizer{}, cache: map[authzCacheKey]*authzResult{}}
	if snap.API.Policy != "" {
		ac.policy, ac.policyErr = apigw.ParsePolicy(snap.API.Policy)
	}
	for id, a := range snap.Authorizers {
		srcs, _ := apigw.ParseIdentitySources(a.Type, a.IdentitySource)
		ca := &compiledAuthorizer{a: a, sources: srcs, ttl: time.Duration(a.TTL()) * time.Second}
		if len(srcs) == 1 {
			ca.headerKey = textproto.CanonicalMIMEHeaderKey(srcs[0].Name)
		}
		if re := apigw.IdentityValidationRegexp(a); re != nil {
			ca.valid = re
		}
		ac.authorizers[id] = ca
	}
	return ac
}

func (ac *accessControl) cached(k authzCacheKey, now time.Time) *authzResult {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	r := ac.cache[k]
	if r == nil {
		return nil
	}
	if now.After(r.expires) {
		delete(ac.cache, k)
		return nil
	}
	return r
}

func (ac *accessControl) store(k authzCacheKey, r *authzResult) {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	if len(ac.cache) >= 10000 { // bounded: an expired or dropped entry only costs a call
		clear(ac.cache)
	}
	ac.cache[k] = r
}

// --- the gateway's access-control answers (AWS's bodies and error types) ---

func typedError(status int, respType, errType, body string) *result {
	hd := http.Header{"Content-Type": {"application/json"}}
	if errType != "" {
		hd["x-amzn-ErrorType"] = []string{errType}
	}
	return &result{status: status, headers: hd, body: []byte(body), responseType: respType}
}

func unauthorized() *result {
	return typedError(http.StatusUnauthorized, "UNAUTHORIZED", "UnauthorizedException", `{"message":"Unauthorized"}`)
}

func authorizerDenied(explicit bool) *result {
	msg := "User is not authorized to access this resource"
	if explicit {
		msg += " with an explicit deny"
	}
	return typedError(http.StatusForbidden, "ACCESS_DENIED", "AccessDeniedException", `{"Message":"`+msg+`"}`)
}

func authorizerConfigError() *result {
	return typedError(http.StatusInternalServerError, "AUTHORIZER_CONFIGURATION_ERROR", "AuthorizerConfigurationException", `{"message": null}`)
}

func authorizerFailure() *result {
	return typedError(http.StatusInternalServerError, "AUTHORIZER_FAILURE", "AuthorizerFailureException", `{"message": null}`)
}

// maskAccount writes an account id as AWS does in access-denied messages:
// all but the last four digits starred.
func maskAccount(acct string) string {
	if len(acct) <= 4 {
		return acct
	}
	return strings.Repeat("*", len(acct)-4) + acct[len(acct)-4:]
}
