package lambda

import (
	"net/http"
	"slices"
	"strings"

	"github.com/portico/portico/internal/lambdaspec"
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
	case q == "" || q == lambdaspec.LatestVersion:
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
	if q == lambdaspec.LatestVersion {
		return 0, nil, invalidParam("We currently do not support adding policies for $LATEST.")
	}
	if lambdaspec.ValidateStatementID(in.StatementID) != nil {
		return 0, nil, validation(in.StatementID, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)")
	}
	if lambdaspec.ValidateAction(in.Action) != nil {
		return 0, nil, validation(in.Action, "action", `Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`)
	}
	switch p := in.Principal; {
	case p == "*", strings.Contains(p, "."), lambdaspec.ValidateAccountID(p) == nil, strings.HasPrefix(p, "arn:aws:iam:"):
	default:
		return 0, nil, invalidParam("The provided principal was invalid. Please check the principal and try again.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, q)
	if e != nil {
		return 0, nil, e
	}
	if rf.qualifier == lambdaspec.LatestVersion {
		return 0, nil, invalidParam("We currently do not support adding policies for $LATEST.")
	}
	key, rev, e := s.policyTarget(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	if in.RevisionID != "" && in.RevisionID != rev {
		return 0, nil, preconditionFailed()
	}
	np := lambdaspec.NewPolicy()
	if cur := st.policies[key]; cur != nil {
		if slices.ContainsFunc(cur.Statement, func(x lambdaspec.Statement) bool { return x.Sid == in.StatementID }) {
			return 0, nil, conflict("The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", in.StatementID)
		}
		np = *cur
		np.Statement = slices.Clone(cur.Statement)
	}
	stmt := lambdaspec.NewStatement("aws", lambdaspec.Permission{
		StatementID: in.StatementID, Action: in.Action, Principal: in.Principal, SourceArn: in.SourceArn,
		SourceAccount: in.SourceAccount, EventSourceToken: in.EventSourceToken, PrincipalOrgID: in.PrincipalOrgID,
		FunctionURLAuthType: in.FunctionUrlAuthType, Resource: s.arnFor(st.fn.Name, key),
	})
	np.Statement = append(np.Statement, stmt)
	tk, tv, commit := s.touchTarget(st, key)
	if e := s.persist(r.Context(), map[string][]byte{policyKey(st.fn.Name, key): mustJSON(np), tk: tv}, nil); e != nil {
		return 0, nil, e
	}
	st.policies[key] = &np
	commit()
	return http.StatusCreated, map[string]string{"Statement": string(mustJSON(stmt))}, nil
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
	i := slices.IndexFunc(cur.Statement, func(x lambdaspec.Statement) bool { return x.Sid == sid })
	if i < 0 {
		return 0, nil, notFound("Statement %s is not found in resource policy.", sid)
	}
	if rid := r.URL.Query().Get("RevisionId"); rid != "" && rid != rev {
		return 0, nil, preconditionFailed()
	}
	np := *cur
	np.Statement = slices.Delete(slices.Clone(cur.Statement), i, i+1)
	tk, tv, commit := s.touchTarget(st, key)
	puts := map[string][]byte{tk: tv}
	var dels []string
	if len(np.Statement) == 0 {
		dels = append(dels, policyKey(st.fn.Name, key))
	} else {
		puts[policyKey(st.fn.Name, key)] = mustJSON(np)
	}
	if e := s.persist(r.Context(), puts, dels); e != nil {
		return 0, nil, e
	}
	if len(np.Statement) == 0 {
		delete(st.policies, key)
	} else {
		st.policies[key] = &np
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
// behalf of sourceARN, as lambdaspec.Policy.Allows evaluates it (ArnLike
// AWS:SourceArn with IAM's wildcards, StringEquals AWS:SourceAccount against
// the source ARN's account). A function that does not exist is not
// permitted.
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
	account := ""
	if parts := strings.SplitN(sourceARN, ":", 6); len(parts) == 6 {
		account = parts[4]
	}
	return p.Allows(lambdaspec.Invocation{Action: "lambda:InvokeFunction", Service: principal, SourceArn: sourceARN, SourceAccount: account})
}
