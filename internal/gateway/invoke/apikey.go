package invoke

import (
	"context"

	"github.com/portico/portico/internal/apigw"
)

// checkAPIKey runs for methods with apiKeyRequired: the key (header
// x-api-key, or the authorizer's usageIdentifierKey when the API's
// apiKeySource is AUTHORIZER) must exist, be enabled and be in a usage plan
// that covers this stage; otherwise 403 {"message":"Forbidden"}
// (INVALID_API_KEY). The key goes to $context.identity.apiKey/apiKeyId and
// its plan to the throttle step.
func checkAPIKey(c *call, _ context.Context) *result {
	if !c.method.method.APIKeyRequired {
		return nil
	}
	var value string
	if c.api.api.APIKeySource == apigw.APIKeySourceAuthorizer {
		if v, ok := c.authorizer["usageIdentifierKey"].(string); ok {
			value = v
		}
	} else {
		value = c.headers.Get("X-Api-Key")
	}
	var l *Limits
	if l = c.h.opts.Limits; l == nil || l.usage == nil || value == "" {
		c.fail("API Key not present in the request")
		return forbiddenKey()
	}
	key, plans, ok := l.usage.LookupAPIKey(value)
	if !ok {
		c.fail("API Key **********%s not authorized because it does not exist", tail(value))
		return forbiddenKey()
	}
	if !key.Enabled {
		c.fail("API Key %s not authorized because it is disabled", key.ID)
		return forbiddenKey()
	}
	for _, p := range plans {
		if as, ok := p.Covers(c.api.api.ID, c.stageName); ok {
			c.apiKey, c.plan, c.planStage = &key, p, as
			if c.ctxMap != nil {
				c.ctxMap["identity"] = c.identityMap()
			}
			if c.xlog != nil {
				c.xlog.printf("API Key %s authorized because method '%s %s' requires API Key and API Key is attached to a Usage Plan %s", key.ID, c.verb, c.method.res.path, p.ID)
			}
			return nil
		}
	}
	c.fail("API Key %s not authorized because method '%s %s' requires API Key and API Key is not associated with a Usage Plan for API Stage %s/%s", key.ID, c.verb, c.method.res.path, c.api.api.ID, c.stageName)
	return forbiddenKey()
}

func tail(s string) string {
	if len(s) <= 4 {
		return s
	}
	return s[len(s)-4:]
}

func forbiddenKey() *result {
	return typedError(403, "INVALID_API_KEY", "ForbiddenException", `{"message":"Forbidden"}`)
}
