package invoke

import "context"

// A request's way through a deployed stage is one straight line of steps,
// in AWS's order (docs/invoke.md):
//
//	route -> resource policy -> authorize -> API key / throttle / quota
//	      -> validate -> integrate -> respond (gateway responses)
//
// Routing happens in ServeHTTP (it needs no call). Each check below gets
// the call and returns nil to go on, or the answer that ends the request
// (a gateway error carries its response type, so the respond step can apply
// the API's gateway responses to it). A check lives in a file of its own
// and is one entry here.
type step struct {
	name string
	run  func(c *call, ctx context.Context) *result
}

// checks are the steps between routing and the integration, in order.
var checks = []step{
	{"iam", checkIAMAuth},           // iamauth.go: SigV4 of AWS_IAM methods (the policy needs the caller)
	{"policy", checkResourcePolicy}, // policy.go
	{"authorize", checkAuthorizer},  // authorizer.go
	{"apikey", checkAPIKey},         // apikey.go: apiKeyRequired needs an enabled key in a plan covering the stage
	{"throttle", checkThrottle},     // throttle.go: plan, stage/method and account buckets; the plan's quota
	{"validate", checkValidate},     // validate.go: the method's request validator (parameters, then body)
}

// run takes the call through the checks and the integration.
func (c *call) run(ctx context.Context) *result {
	c.logStart()
	for _, s := range checks {
		if res := s.run(c, ctx); res != nil {
			c.logEnd(res)
			return res
		}
	}
	res := c.integrate(ctx)
	c.logEnd(res)
	return res
}
