package apigw

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
)

// An IAM policy document as API Gateway reads one: a REST API's resource
// policy and the policy a Lambda authorizer returns. Parsed once (at
// deployment compile time or on the authorizer's answer), evaluated per
// request.

// Policy is a parsed policy document.
type Policy struct {
	Statements []Statement
}

// Statement is one policy statement.
type Statement struct {
	Effect              string // Allow or Deny
	Actions, NotActions []string
	Resources, NotRes   []string
	Principals          []string // AWS principals; "*" = anyone; nil = no Principal element
	HasPrincipal        bool
	Conditions          []Condition
}

// Condition is one operator/key/values triple of a Condition block.
type Condition struct {
	Op       string // e.g. IpAddress, StringEquals, ArnLike (IfExists stripped)
	IfExists bool
	Key      string // lower case, e.g. aws:sourceip
	Values   []string
}

// strings1 reads a JSON string or list of strings.
type strings1 []string

func (s *strings1) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("expected a string or a list of strings")
	}
	*s = many
	return nil
}

type rawStatement struct {
	Sid         string                         `json:"Sid"`
	Effect      string                         `json:"Effect"`
	Action      strings1                       `json:"Action"`
	NotAction   strings1                       `json:"NotAction"`
	Resource    strings1                       `json:"Resource"`
	NotResource strings1                       `json:"NotResource"`
	Principal   json.RawMessage                `json:"Principal"`
	Condition   map[string]map[string]strings1 `json:"Condition"`
}

// ParsePolicy parses a policy document; the error says what is wrong.
func ParsePolicy(doc string) (*Policy, error) {
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, fmt.Errorf("policy is not a JSON object: %w", err)
	}
	if len(raw.Statement) == 0 {
		return nil, fmt.Errorf("policy has no Statement")
	}
	var stmts []rawStatement
	if raw.Statement[0] == '{' {
		var one rawStatement
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return nil, fmt.Errorf("Statement: %w", err)
		}
		stmts = []rawStatement{one}
	} else if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
		return nil, fmt.Errorf("Statement: %w", err)
	}
	p := &Policy{}
	for i, rs := range stmts {
		if rs.Effect != "Allow" && rs.Effect != "Deny" {
			return nil, fmt.Errorf("Statement %d: Effect must be Allow or Deny, not %q", i, rs.Effect)
		}
		if len(rs.Action) == 0 && len(rs.NotAction) == 0 {
			return nil, fmt.Errorf("Statement %d: no Action", i)
		}
		if len(rs.Resource) == 0 && len(rs.NotResource) == 0 {
			return nil, fmt.Errorf("Statement %d: no Resource", i)
		}
		st := Statement{Effect: rs.Effect, Actions: rs.Action, NotActions: rs.NotAction, Resources: rs.Resource, NotRes: rs.NotResource}
		if len(rs.Principal) > 0 && string(rs.Principal) != "null" {
			st.HasPrincipal = true
			var star string
			if err := json.Unmarshal(rs.Principal, &star); err == nil {
				if star != "*" {
					return nil, fmt.Errorf("Statement %d: Principal must be \"*\" or an object", i)
				}
				st.Principals = []string{"*"}
			} else {
				var m map[string]strings1
				if err := json.Unmarshal(rs.Principal, &m); err != nil {
					return nil, fmt.Errorf("Statement %d: Principal: %w", i, err)
				}
				for k, v := range m {
					if k == "AWS" {
						st.Principals = append(st.Principals, v...)
					}
				}
			}
		}
		for op, kv := range rs.Condition {
			base, ifExists := strings.CutSuffix(op, "IfExists")
			if !In(base, conditionOps) {
				return nil, fmt.Errorf("Statement %d: unsupported condition operator %s", i, op)
			}
			for k, vs := range kv {
				if base == "IpAddress" || base == "NotIpAddress" {
					for _, v := range vs {
						if _, err := parseCIDR(v); err != nil {
							return nil, fmt.Errorf("Statement %d: %s: invalid IP address or CIDR %q", i, op, v)
						}
					}
				}
				st.Conditions = append(st.Conditions, Condition{Op: base, IfExists: ifExists, Key: strings.ToLower(k), Values: vs})
			}
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

var conditionOps = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike",
	"IpAddress", "NotIpAddress", "Bool", "Null",
}

func parseCIDR(v string) (netip.Prefix, error) {
	if strings.Contains(v, "/") {
		return netip.ParsePrefix(v)
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Decision is a policy's verdict on a request.
type Decision int

// Decisions.
const (
	ImplicitDeny Decision = iota
	Allowed
	ExplicitDeny
)

// Request is what a policy is evaluated against.
type Request struct {
	Action    string            // execute-api:Invoke
	Resource  string            // the method ARN
	Principal string            // the caller's ARN; "" = anonymous
	Context   map[string]string // condition keys, lower case (aws:sourceip, aws:sourcevpce, ...)
}

// Evaluate applies the policy to req: any matching Deny wins, then any
// matching Allow, else an implicit deny.
func (p *Policy) Evaluate(req Request) Decision {
	d := ImplicitDeny
	for i := range p.Statements {
		st := &p.Statements[i]
		if !st.matches(req) {
			continue
		}
		if st.Effect == "Deny" {
			return ExplicitDeny
		}
		d = Allowed
	}
	return d
}

func (st *Statement) matches(req Request) bool {
	if len(st.Actions) > 0 && !anyGlob(st.Actions, req.Action, true) {
		return false
	}
	if len(st.NotActions) > 0 && anyGlob(st.NotActions, req.Action, true) {
		return false
	}
	if len(st.Resources) > 0 && !anyGlob(st.Resources, req.Resource, false) {
		return false
	}
	if len(st.NotRes) > 0 && anyGlob(st.NotRes, req.Resource, false) {
		return false
	}
	if st.HasPrincipal && !principalMatches(st.Principals, req.Principal) {
		return false
	}
	for _, c := range st.Conditions {
		if !c.holds(req.Context) {
			return false
		}
	}
	return true
}

func principalMatches(ps []string, caller string) bool {
	for _, p := range ps {
		if p == "*" {
			return true
		}
		if caller == "" {
			continue
		}
		if p == caller || Glob(p, caller, false) {
			return true
		}
		// an account id or its root ARN names every principal of the account
		acct := p
		if a, ok := strings.CutPrefix(p, "arn:aws:iam::"); ok {
			acct, _, _ = strings.Cut(a, ":")
			if !strings.HasSuffix(p, ":root") {
				continue
			}
		}
		if parts := strings.Split(caller, ":"); len(parts) > 4 && parts[4] == acct {
			return true
		}
	}
	return false
}

func (c Condition) holds(ctx map[string]string) bool {
	v, ok := ctx[c.Key]
	if c.Op == "Null" {
		want := len(c.Values) > 0 && strings.EqualFold(c.Values[0], "true")
		return want == !ok
	}
	if !ok {
		return c.IfExists || strings.HasPrefix(c.Op, "StringNot") || strings.HasPrefix(c.Op, "ArnNot") || c.Op == "NotIpAddress"
	}
	switch c.Op {
	case "StringEquals", "ArnEquals":
		return slicesContains(c.Values, v)
	case "StringNotEquals", "ArnNotEquals":
		return !slicesContains(c.Values, v)
	case "StringEqualsIgnoreCase":
		return anyFold(c.Values, v)
	case "StringNotEqualsIgnoreCase":
		return !anyFold(c.Values, v)
	case "StringLike", "ArnLike":
		return anyGlob(c.Values, v, false)
	case "StringNotLike", "ArnNotLike":
		return !anyGlob(c.Values, v, false)
	case "Bool":
		return anyFold(c.Values, v)
	case "IpAddress", "NotIpAddress":
		a, err := netip.ParseAddr(v)
		in := false
		if err == nil {
			for _, s := range c.Values {
				if pfx, err := parseCIDR(s); err == nil && pfx.Contains(a.Unmap()) {
					in = true
					break
				}
			}
		}
		return in == (c.Op == "IpAddress")
	}
	return false
}

func slicesContains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func anyFold(vs []string, v string) bool {
	for _, x := range vs {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func anyGlob(patterns []string, v string, fold bool) bool {
	for _, p := range patterns {
		if Glob(p, v, fold) {
			return true
		}
	}
	return false
}

// Glob matches s against an IAM pattern: * any run, ? one character.
func Glob(pattern, s string, fold bool) bool {
	// iterative wildcard match with backtracking on the last *; fold
	// compares ASCII letters case-insensitively (IAM action names)
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i] || (fold && lowerASCII(pattern[p]) == lowerASCII(s[i]))):
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

// ExpandExecuteAPIResource turns a resource policy's shorthand
// execute-api:/stage/VERB/path into the full ARN of api in region/account.
func ExpandExecuteAPIResource(res, region, account, apiID string) string {
	if rest, ok := strings.CutPrefix(res, "execute-api:"); ok {
		return "arn:aws:execute-api:" + region + ":" + account + ":" + apiID + rest
	}
	return res
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
