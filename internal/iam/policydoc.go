package iam

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Policy document checks, in the order IAM applies them; IAM reports the
// first failing stage only, each with a fixed message (messages as recorded
// from AWS in LocalStack's IAM snapshots):
//
//  1. JSON and grammar: "Syntax errors in policy." (a trust policy that is
//     not JSON: "This policy contains invalid Json")
//  2. version (identity policies): "Policy document must be version
//     2012-10-17 or greater."
//  3. Effect spelled exactly Allow or Deny: "The policy failed legacy parsing"
//  4. unique Sids, then actions present
//  5. resource ARN forms, then action vendor prefixes
//  6. identity policies: resources present, no principal; trust policies:
//     no Resource, only STS AssumeRole actions, a principal.
//
// Documents are stored as sent and never evaluated.

type docKind int

const (
	identityPolicy docKind = iota // managed and inline policies
	trustPolicy                   // a role's assume-role policy
)

var (
	topLevelKeys  = map[string]bool{"Version": true, "Id": true, "Statement": true}
	statementKeys = map[string]bool{"Sid": true, "Effect": true, "Action": true, "NotAction": true,
		"Resource": true, "NotResource": true, "Principal": true, "NotPrincipal": true, "Condition": true}
	vendorRE = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)
)

const errSyntax = "Syntax errors in policy."

// validateDocument returns the MalformedPolicyDocument error IAM gives doc,
// or nil.
func validateDocument(doc string, kind docKind) *Error {
	var raw any
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		if kind == trustPolicy {
			return malformedPolicy("This policy contains invalid Json")
		}
		return malformedPolicy(errSyntax)
	}
	top, ok := raw.(map[string]any)
	if !ok {
		return malformedPolicy(errSyntax)
	}
	stmts, ok := grammar(top)
	if !ok {
		return malformedPolicy(errSyntax)
	}
	version, hasVersion := top["Version"].(string)
	if hasVersion && version != "2012-10-17" && version != "2008-10-17" {
		return malformedPolicy(errSyntax)
	}
	if kind == identityPolicy && version != "2012-10-17" {
		return malformedPolicy("Policy document must be version 2012-10-17 or greater.")
	}
	for _, s := range stmts {
		if e, ok := s["Effect"].(string); !ok || e != "Allow" && e != "Deny" {
			return malformedPolicy("The policy failed legacy parsing")
		}
	}
	sids := map[string]bool{}
	for _, s := range stmts {
		if sid, ok := s["Sid"].(string); ok && sid != "" {
			if sids[sid] {
				return malformedPolicy("Statement IDs (SID) in a single policy must be unique.")
			}
			sids[sid] = true
		}
	}
	for _, s := range stmts {
		if s["Action"] == nil && s["NotAction"] == nil {
			return malformedPolicy("Policy statement must contain actions.")
		}
	}
	if kind == identityPolicy {
		for _, s := range stmts {
			for _, r := range append(stringsOf(s["Resource"]), stringsOf(s["NotResource"])...) {
				if e := checkResource(r); e != nil {
					return e
				}
			}
		}
	}
	for _, s := range stmts {
		for _, a := range append(stringsOf(s["Action"]), stringsOf(s["NotAction"])...) {
			if e := checkAction(a); e != nil {
				return e
			}
		}
	}
	switch kind {
	case identityPolicy:
		for _, s := range stmts {
			if s["Resource"] == nil && s["NotResource"] == nil {
				return malformedPolicy("Policy statement must contain resources.")
			}
			if s["Principal"] != nil || s["NotPrincipal"] != nil {
				return malformedPolicy("Policy document should not specify a principal.")
			}
		}
	case trustPolicy:
		for _, s := range stmts {
			if s["Resource"] != nil {
				return malformedPolicy("Has prohibited field Resource")
			}
			for _, a := range stringsOf(s["Action"]) {
				if !isAssumeRoleAction(a) {
					return malformedPolicy("AssumeRole policy may only specify STS AssumeRole actions.")
				}
			}
			if s["Principal"] == nil && s["NotPrincipal"] == nil {
				return malformedPolicy("Missing required field Principal")
			}
		}
	}
	return nil
}

// grammar checks the document's shape and returns its statements.
func grammar(top map[string]any) ([]map[string]any, bool) {
	for k := range top {
		if !topLevelKeys[k] {
			return nil, false
		}
	}
	if v, ok := top["Version"]; ok {
		if _, ok := v.(string); !ok {
			return nil, false
		}
	}
	if v, ok := top["Id"]; ok {
		if _, ok := v.(string); !ok {
			return nil, false
		}
	}
	var list []any
	switch st := top["Statement"].(type) {
	case map[string]any:
		list = []any{st}
	case []any:
		list = st
	default:
		return nil, false
	}
	if len(list) == 0 {
		return nil, false
	}
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		s, ok := e.(map[string]any)
		if !ok || !statementShape(s) {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func statementShape(s map[string]any) bool {
	for k := range s {
		if !statementKeys[k] {
			return false
		}
	}
	if _, ok := s["Effect"].(string); !ok {
		return false
	}
	if sid, ok := s["Sid"]; ok {
		if _, ok := sid.(string); !ok {
			return false
		}
	}
	if (s["Action"] != nil && s["NotAction"] != nil) || (s["Resource"] != nil && s["NotResource"] != nil) ||
		(s["Principal"] != nil && s["NotPrincipal"] != nil) {
		return false
	}
	for _, k := range []string{"Action", "NotAction", "Resource", "NotResource"} {
		if v, ok := s[k]; ok && !isStringOrStrings(v) {
			return false
		}
	}
	for _, k := range []string{"Principal", "NotPrincipal"} {
		v, ok := s[k]
		if !ok {
			continue
		}
		switch p := v.(type) {
		case string:
			if p != "*" {
				return false
			}
		case map[string]any:
			for _, ids := range p {
				if !isStringOrStrings(ids) {
					return false
				}
			}
		default:
			return false
		}
	}
	if v, ok := s["Condition"]; ok {
		c, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, op := range c {
			if _, ok := op.(map[string]any); !ok {
				return false
			}
		}
	}
	return true
}

func isStringOrStrings(v any) bool {
	switch t := v.(type) {
	case string:
		return true
	case []any:
		for _, e := range t {
			if _, ok := e.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

func stringsOf(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func checkResource(r string) *Error {
	if r == "*" {
		return nil
	}
	f := strings.SplitN(r, ":", 6)
	if len(f) < 6 || f[0] != "arn" {
		return malformedPolicy(fmt.Sprintf("Resource %s must be in ARN format or \"*\".", r))
	}
	if !knownPartitions[f[1]] && f[1] != "*" {
		return malformedPolicy(fmt.Sprintf("Partition %q is not valid for resource %q.", f[1], r))
	}
	if f[2] == "" || strings.ContainsAny(f[2], "*?") {
		return malformedPolicy("Resource vendor must be fully qualified and cannot contain regexes.")
	}
	return nil
}

func checkAction(a string) *Error {
	if a == "*" {
		return nil
	}
	switch strings.Count(a, ":") {
	case 0:
		return malformedPolicy("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
	case 1:
	default:
		return malformedPolicy("Actions/Condition can contain only one colon.")
	}
	vendor := a[:strings.Index(a, ":")]
	if !vendorRE.MatchString(vendor) {
		return malformedPolicy(fmt.Sprintf("Vendor %s is not valid", vendor))
	}
	return nil
}

func isAssumeRoleAction(a string) bool {
	switch strings.ToLower(a) {
	case "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
		"sts:tagsession", "sts:setsourceidentity", "sts:setcontext", "sts:*":
		return true
	}
	return false
}
