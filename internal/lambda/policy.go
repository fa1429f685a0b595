package lambda

import (
	"encoding/json"
	"net/http"
	"strings"
)

type addPermissionInput struct {
	StatementID         string `json:"StatementId"`
	Action              string
	Principal           string
	SourceArn           string
	SourceAccount       string
	EventSourceToken    string
	PrincipalOrgID      string
	FunctionUrlAuthType string
	RevisionID          string `json:"RevisionId"`
}

// policyTarget resolves the qualifier a permission operation names to the
// key of its policy ("" for the function itself) and that target's
// revision. Caller holds s.mu.
func (s *Service) policyTarget(st *fnState, q string) (string, string, *Error) {
	switch {
	case q == "" || q == "$LATEST":
		return "", st.fn.Latest.RevisionID, nil
	case !qualifierPattern.MatchString(q):
		return "", "", validation(q, "qualifier", "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)")
	case isVersion(q):
		if v := st.versions[q]; v != nil {
			return q, v.RevisionID, nil
		}
		return "", "", notFound("Function not found: %s", s.qualifiedARN(st.fn.Name, q))
	case isAlias(q):
		if a := st.aliases[q]; a != nil {
			return q, a.RevisionID, nil
		}
		return "", "", notFound("Cannot find alias arn: %s", s.qualifiedARN(st.fn.Name, q))
	}
	return "", "", notFound("Function not found: %s", s.qualifiedARN(st.fn.Name, q))
}

// touchTarget gives the target of a policy change a new revision, as Lambda
// does, and returns the record to write.
func (s *Service) touchTarget(st *fnState, key string) (string, []byte, func()) {
	switch {
	case key == "":
		fn := st.fn
		fn.Latest.RevisionID = newRevision()
		return functionKey(fn.Name), mustJSON(fn), func() { st.fn = fn }
	case isVersion(key):
		v := st.versions[key].clone()
		v.RevisionID = newRevision()
		return versionKey(st.fn.Name, key), mustJSON(v), func() { st.versions[key] = &v }
	default:
		a := *st.aliases[key]
		a.RevisionID = newRevision()
		return aliasKey(st.fn.Name, key), mustJSON(&a), func() { st.aliases[key] = &a }
	}
}

func (s *Service) addPermission(r *http.Request) (int, any, *Error) {
	var in addPermissionInput
	if e := decode(r, &in, 1<<20, "AddPermission"); e != nil {
		return 0, nil, e
	}
	q := r.URL.Query().Get("Qualifier")
	if q == "$LATEST" {
		return 0, nil, invalidParam("We currently do not support adding policies for $LATEST.")
	}
	if !statementIDPattern.MatchString(in.StatementID) {
		return 0, nil, validation(in.StatementID, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)")
	}
	if !actionPattern.MatchString(in.Action) {
		return 0, nil, validation(in.Action, "action", `Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`)
	}
	var principal any
	switch p := in.Principal; {
	case p == "*":
		principal = "*"
	case strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazon.com"):
		principal = map[string]string{"Service": p}
	case accountPattern.MatchString(p):
		principal = map[string]string{"AWS": "arn:aws:iam::" + p + ":root"}
	case strings.HasPrefix(p, "arn:aws:iam:"):
		principal = map[string]string{"AWS": p}
	default:
		return 0, nil, invalidParam("The provided principal was invalid. Please check the principal and try again.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, q)
	if e != nil {
		return 0, nil, e
	}
	if rf.qualifier == "$LATEST" {
		return 0, nil, invalidParam("We currently do not support adding policies for $LATEST.")
	}
	key, rev, e := s.policyTarget(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	if in.RevisionID != "" && in.RevisionID != rev {
		return 0, nil, preconditionFailed()
	}
	cur := st.policies[key]
	if cur != nil {
		for _, raw := range cur.Statement {
			var stmt statement
			if json.Unmarshal(raw, &stmt) == nil && stmt.Sid == in.StatementID {
				return 0, nil, conflict("The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", in.StatementID)
			}
		}
	}
	cond := map[string]map[string]string{}
	add := func(op, k, v string) {
		if v == "" {
			return
		}
		if cond[op] == nil {
			cond[op] = map[string]string{}
		}
		cond[op][k] = v
	}
	add("StringEquals", "lambda:FunctionUrlAuthType", in.FunctionUrlAuthType)
	add("StringEquals", "aws:PrincipalOrgID", in.PrincipalOrgID)
	add("StringEquals", "AWS:SourceAccount", in.SourceAccount)
	add("StringEquals", "lambda:EventSourceToken", in.EventSourceToken)
	add("ArnLike", "AWS:SourceArn", in.SourceArn)
	stmt := map[string]any{
		"Sid": in.StatementID, "Effect": "Allow", "Principal": principal, "Action": in.Action,
		"Resource": s.arnFor(st.fn.Name, key),
	}
	if len(cond) > 0 {
		stmt["Condition"] = cond
	}
	raw := mustJSON(stmt)
	np := &policy{Version: "2012-10-17", ID: "default"}
	if cur != nil {
		np.Statement = append(np.Statement, cur.Statement...)
	}
	np.Statement = append(np.Statement, raw)
	tk, tv, commit := s.touchTarget(st, key)
	if e := s.persist(r.Context(), map[string][]byte{policyKey(st.fn.Name, key): mustJSON(np), tk: tv}, nil); e != nil {
		return 0, nil, e
	}
	st.policies[key] = np
	commit()
	return http.StatusCreated, map[string]string{"Statement": string(raw)}, nil
}

func (s *Service) removePermission(r *http.Request) (int, any, *Error) {
	q := r.URL.Query().Get("Qualifier")
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, q)
	if e != nil {
		if e.Type == "ResourceNotFoundException" && s.funcs[rf.name] == nil {
			return 0, nil, notFound("No policy found for: %s", s.functionARN(rf.name))
		}
		return 0, nil, e
	}
	key, rev, e := s.policyTarget(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	cur := st.policies[key]
	if cur == nil {
		return 0, nil, notFound("No policy is associated with the given resource.")
	}
	sid := r.PathValue("sid")
	var kept []json.RawMessage
	found := false
	for _, raw := range cur.Statement {
		var stmt statement
		if json.Unmarshal(raw, &stmt) == nil && stmt.Sid == sid {
			found = true
			continue
		}
		kept = append(kept, raw)
	}
	if !found {
		return 0, nil, notFound("Statement %s is not found in resource policy.", sid)
	}
	if rid := r.URL.Query().Get("RevisionId"); rid != "" && rid != rev {
		return 0, nil, preconditionFailed()
	}
	tk, tv, commit := s.touchTarget(st, key)
	puts := map[string][]byte{tk: tv}
	var dels []string
	np := &policy{Version: cur.Version, ID: cur.ID, Statement: kept}
	if len(kept) == 0 {
		dels = append(dels, policyKey(st.fn.Name, key))
	} else {
		puts[policyKey(st.fn.Name, key)] = mustJSON(np)
	}
	if e := s.persist(r.Context(), puts, dels); e != nil {
		return 0, nil, e
	}
	if len(kept) == 0 {
		delete(st.policies, key)
	} else {
		st.policies[key] = np
	}
	commit()
	return http.StatusNoContent, nil, nil
}

func (s *Service) getPolicy(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, rf, e := s.lookup(r, r.URL.Query().Get("Qualifier"))
	if e != nil {
		return 0, nil, e
	}
	key, rev, e := s.policyTarget(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	p := st.policies[key]
	if p == nil {
		return 0, nil, notFound("The resource you requested does not exist.")
	}
	return http.StatusOK, map[string]string{"Policy": string(mustJSON(p)), "RevisionId": rev}, nil
}

// Permitted reports whether the resource policy of a function (a name or
// ARN, with the qualifier of the version or alias invoked) lets principal
// (a service principal such as apigateway.amazonaws.com) invoke it on
// behalf of sourceARN: an Allow statement with an invoke action, a
// matching principal and conditions that hold (ArnLike AWS:SourceArn with
// IAM's wildcards, StringEquals AWS:SourceAccount). A function that does
// not exist is not permitted.
func (s *Service) Permitted(functionNameOrARN, principal, sourceARN string) bool {
	rf, e := parseRef(functionNameOrARN, "functionName")
	if e != nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.funcs[rf.name]
	if st == nil {
		return false
	}
	key, _, e := s.policyTarget(st, rf.qualifier)
	if e != nil {
		return false
	}
	p := st.policies[key]
	if p == nil {
		return false
	}
	for _, raw := range p.Statement {
		var stmt statement
		if json.Unmarshal(raw, &stmt) != nil || stmt.Effect != "Allow" {
			continue
		}
		if !matchAny(stmt.Action, func(a string) bool {
			return a == "*" || a == "lambda:*" || strings.EqualFold(a, "lambda:InvokeFunction")
		}) {
			continue
		}
		if !principalMatches(stmt.Principal, principal) {
			continue
		}
		if conditionsHold(stmt.Condition, sourceARN) {
			return true
		}
	}
	return false
}

// matchAny applies f to a policy element that is a string or a list of
// strings.
func matchAny(raw json.RawMessage, f func(string) bool) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return f(one)
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		for _, v := range many {
			if f(v) {
				return true
			}
		}
	}
	return false
}

func principalMatches(raw json.RawMessage, principal string) bool {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return star == "*"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	for k, v := range m {
		if k == "Service" && matchAny(v, func(s string) bool { return s == principal || s == "*" }) {
			return true
		}
		if k == "AWS" && matchAny(v, func(s string) bool { return s == "*" }) {
			return true
		}
	}
	return false
}

func conditionsHold(cond map[string]map[string]string, sourceARN string) bool {
	account := ""
	if parts := strings.SplitN(sourceARN, ":", 6); len(parts) == 6 {
		account = parts[4]
	}
	for op, kv := range cond {
		for k, v := range kv {
			switch {
			case op == "ArnLike" && strings.EqualFold(k, "AWS:SourceArn"):
				if sourceARN == "" || !arnLike(v, sourceARN) {
					return false
				}
			case op == "ArnEquals" && strings.EqualFold(k, "AWS:SourceArn"):
				if sourceARN != v {
					return false
				}
			case op == "StringEquals" && strings.EqualFold(k, "AWS:SourceAccount"):
				if account != v {
					return false
				}
			default:
				return false // a condition API Gateway's call cannot satisfy
			}
		}
	}
	return true
}
