package invoke

import (
	"context"
	"net/http"

	"github.com/portico/portico/internal/apigw"
)

// checkResourcePolicy applies the REST API's resource policy (its
// `policy`) to the call: execute-api:Invoke on the method ARN
// arn:aws:execute-api:{region}:{account}:{api}/{stage}/{VERB}/{path}, with
// the condition keys aws:SourceIp, aws:SourceVpce (the x-amzn-vpce-id
// header), aws:SourceVpc (x-amzn-vpc-id) and, for AWS_IAM methods,
// aws:PrincipalArn. Deny wins; with a policy, no matching Allow is a deny.
func checkResourcePolicy(c *call, _ context.Context) *result {
	ac := c.api.access
	if ac == nil || (ac.policy == nil && ac.policyErr == nil) {
		return nil
	}
	arn := c.methodARN()
	principal := ""
	if c.caller != nil {
		principal = c.caller.arn
	}
	if ac.policyErr != nil {
		c.fail("Execution failed due to configuration error: the REST API's resource policy does not parse: %v", ac.policyErr)
		return policyDenied(c, arn, principal, false)
	}
	ctxKeys := map[string]string{"aws:sourceip": c.sourceIP}
	if v := c.headers.Get("X-Amzn-Vpce-Id"); v != "" {
		ctxKeys["aws:sourcevpce"] = v
	}
	if v := c.headers.Get("X-Amzn-Vpc-Id"); v != "" {
		ctxKeys["aws:sourcevpc"] = v
	}
	if principal != "" {
		ctxKeys["aws:principalarn"] = principal
		ctxKeys["aws:principalaccount"] = c.h.opts.AccountID
	}
	req := apigw.Request{Action: "execute-api:Invoke", Resource: arn, Principal: principal, Context: ctxKeys}
	ac.expandOnce.Do(func() { ac.policy = expandPolicy(ac.policy, c.h.opts.Region, c.h.opts.AccountID, c.api.api.ID) })
	switch ac.policy.Evaluate(req) {
	case apigw.Allowed:
		return nil
	case apigw.ExplicitDeny:
		return policyDenied(c, arn, principal, true)
	default:
		return policyDenied(c, arn, principal, false)
	}
}

// expandPolicy returns p with the execute-api:/ shorthands (which name
// this API) expanded to full ARNs.
func expandPolicy(p *apigw.Policy, region, account, apiID string) *apigw.Policy {
	out := &apigw.Policy{Statements: make([]apigw.Statement, len(p.Statements))}
	for i, st := range p.Statements {
		st.Resources = expandAll(st.Resources, region, account, apiID)
		st.NotRes = expandAll(st.NotRes, region, account, apiID)
		out.Statements[i] = st
	}
	return out
}

func expandAll(rs []string, region, account, apiID string) []string {
	if rs == nil {
		return nil
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = apigw.ExpandExecuteAPIResource(r, region, account, apiID)
	}
	return out
}

func policyDenied(c *call, arn, principal string, explicit bool) *result {
	user := "anonymous"
	if principal != "" {
		user = principal
	}
	masked := "arn:aws:execute-api:" + c.h.opts.Region + ":" + maskAccount(c.h.opts.AccountID) + ":" + arn[len("arn:aws:execute-api:"+c.h.opts.Region+":"+c.h.opts.AccountID+":"):]
	msg := "User: " + user + " is not authorized to perform: execute-api:Invoke on resource: " + masked
	if explicit {
		msg += " with an explicit deny"
	}
	if c.xlog != nil {
		c.xlog.printf("%s", msg)
	}
	return typedError(http.StatusForbidden, "ACCESS_DENIED", "AccessDeniedException", `{"Message":"`+msg+`"}`)
}

// methodARN is the ARN of the request as the policies see it: the verb
// and the path actually called.
func (c *call) methodARN() string {
	return apigw.ExecutionARN("aws", c.h.opts.Region, c.h.opts.AccountID, c.api.api.ID, c.stageName) + "/" + c.verb + c.resourcePathForLog()
}
