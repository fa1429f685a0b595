package lambdaspec

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Permission is one AddPermission request: a statement of a function's
// resource-based policy, as the caller states it.
type Permission struct {
	StatementID         string
	Action              string
	Principal           string // a service ("apigateway.amazonaws.com"), an account id, an ARN or "*"
	SourceArn           string
	SourceAccount       string
	EventSourceToken    string
	PrincipalOrgID      string
	FunctionURLAuthType string
	// Resource is the function ARN the statement grants, qualified when the
	// permission is on a version or alias.
	Resource string
}

// Policy is a function's resource-based policy as GetPolicy returns it (a
// JSON string in the Policy field).
type Policy struct {
	Version   string      `json:"Version"`
	ID        string      `json:"Id"`
	Statement []Statement `json:"Statement"`
}

// NewPolicy is an empty policy with the version and id Lambda gives it.
func NewPolicy() Policy {
	return Policy{Version: "2012-10-17", ID: "default", Statement: []Statement{}}
}

// Statement is one policy statement in Lambda's JSON form.
type Statement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal Principal                    `json:"Principal"`
	Action    string                       `json:"Action"`
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Principal is a statement's principal: "*" or {"Service": ...} or
// {"AWS": ...}.
type Principal struct {
	Any     bool
	Service string
	AWS     string
}

// MarshalJSON writes "*" or the one-key object.
func (p Principal) MarshalJSON() ([]byte, error) {
	switch {
	case p.Any:
		return []byte(`"*"`), nil
	case p.Service != "":
		return json.Marshal(map[string]string{"Service": p.Service})
	default:
		return json.Marshal(map[string]string{"AWS": p.AWS})
	}
}

// UnmarshalJSON reads "*" or the object form.
func (p *Principal) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s == "*" {
			*p = Principal{Any: true}
		} else {
			*p = Principal{AWS: s}
		}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("policy principal: %w", err)
	}
	*p = Principal{Service: m["Service"], AWS: m["AWS"]}
	return nil
}

// Condition keys Lambda writes for AddPermission's optional parameters.
const (
	CondSourceArn           = "AWS:SourceArn"
	CondSourceAccount       = "AWS:SourceAccount"
	CondEventSourceToken    = "lambda:EventSourceToken"
	CondPrincipalOrgID      = "aws:PrincipalOrgID"
	CondFunctionURLAuthType = "lambda:FunctionUrlAuthType"
)

// PrincipalOf is how Lambda writes a principal: "*" stays "*", an account id
// becomes its root user's ARN, an ARN is an AWS principal and anything else
// a service principal.
func PrincipalOf(partition, principal string) Principal {
	switch {
	case principal == "*":
		return Principal{Any: true}
	case accountRE.MatchString(principal):
		return Principal{AWS: "arn:" + partition + ":iam::" + principal + ":root"}
	case strings.HasPrefix(principal, "arn:"):
		return Principal{AWS: principal}
	default:
		return Principal{Service: principal}
	}
}

// NewStatement is the statement AddPermission stores (and returns as its
// Statement) for p in partition.
func NewStatement(partition string, p Permission) Statement {
	s := Statement{
		Sid:       p.StatementID,
		Effect:    "Allow",
		Principal: PrincipalOf(partition, p.Principal),
		Action:    p.Action,
		Resource:  p.Resource,
	}
	add := func(op, key, v string) {
		if v == "" {
			return
		}
		if s.Condition == nil {
			s.Condition = map[string]map[string]string{}
		}
		if s.Condition[op] == nil {
			s.Condition[op] = map[string]string{}
		}
		s.Condition[op][key] = v
	}
	add("StringEquals", CondSourceAccount, p.SourceAccount)
	add("StringEquals", CondEventSourceToken, p.EventSourceToken)
	add("StringEquals", CondPrincipalOrgID, p.PrincipalOrgID)
	add("StringEquals", CondFunctionURLAuthType, p.FunctionURLAuthType)
	add("ArnLike", CondSourceArn, p.SourceArn)
	return s
}

// Permission reads a stored statement back into AddPermission's terms. The
// principal is returned as stored ("arn:aws:iam::123456789012:root" for an
// account); callers that kept an account id compare with PrincipalOf.
func (s Statement) Permission() Permission {
	p := Permission{StatementID: s.Sid, Action: s.Action, Resource: s.Resource}
	switch {
	case s.Principal.Any:
		p.Principal = "*"
	case s.Principal.Service != "":
		p.Principal = s.Principal.Service
	default:
		p.Principal = s.Principal.AWS
	}
	eq := s.Condition["StringEquals"]
	p.SourceAccount = eq[CondSourceAccount]
	p.EventSourceToken = eq[CondEventSourceToken]
	p.PrincipalOrgID = eq[CondPrincipalOrgID]
	p.FunctionURLAuthType = eq[CondFunctionURLAuthType]
	p.SourceArn = s.Condition["ArnLike"][CondSourceArn]
	return p
}

// Invocation describes a call to check against a policy: who calls, from
// which source, for which action.
type Invocation struct {
	Action        string // "lambda:InvokeFunction"
	Service       string // the calling service principal, e.g. "apigateway.amazonaws.com"
	SourceArn     string // e.g. arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets
	SourceAccount string
}

// Allows reports whether the statement grants inv: an Allow for the service
// principal (or "*"), an action matching inv's (lambda:*, *), and every
// condition this package writes satisfied. An ArnLike condition on the
// source ARN matches as IAM's ArnLike does.
func (s Statement) Allows(inv Invocation) bool {
	if s.Effect != "Allow" {
		return false
	}
	if !s.Principal.Any && s.Principal.Service != inv.Service {
		return false
	}
	if s.Action != "*" && s.Action != "lambda:*" && !strings.EqualFold(s.Action, inv.Action) {
		return false
	}
	for op, kv := range s.Condition {
		for k, v := range kv {
			var got string
			switch k {
			case CondSourceArn:
				got = inv.SourceArn
			case CondSourceAccount:
				got = inv.SourceAccount
			default:
				return false // a condition an API Gateway call cannot satisfy
			}
			switch op {
			case "ArnLike":
				if !ArnLike(v, got) {
					return false
				}
			case "StringEquals":
				if v != got {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// Allows reports whether any statement of the policy grants inv.
func (p Policy) Allows(inv Invocation) bool {
	for _, s := range p.Statement {
		if s.Allows(inv) {
			return true
		}
	}
	return false
}

// ArnLike is IAM's ArnLike: each of the six colon-separated parts of arn is
// matched against the pattern's part, where * matches any run of characters
// and ? any one character; the resource part (the sixth) takes the rest of
// the string, colons included.
func ArnLike(pattern, arn string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return pattern == arn
	}
	for i := range pp {
		if !globMatch(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// globMatch matches s against a pattern of literal characters, * and ?.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
