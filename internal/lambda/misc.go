package lambda

import (
	"maps"
	"net/http"
	"strings"
)

// Tags: only functions (unqualified ARNs) are taggable.

func (s *Service) tagTarget(r *http.Request) (*fnState, *Error) {
	arn := r.PathValue("arn")
	if !strings.HasPrefix(arn, "arn:") {
		return nil, validation(arn, "resource", `Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?`)
	}
	rf, e := parseRef(arn, "resource")
	if e != nil {
		return nil, e
	}
	if rf.qualifier != "" {
		return nil, invalidParam("Tagging operations are permitted on Lambda functions only. Tags on aliases and versions are not supported. Please specify either a function name or a function ARN.")
	}
	st := s.funcs[rf.name]
	if st == nil {
		return nil, notFound("Function not found: %s", s.functionARN(rf.name))
	}
	return st, nil
}

func (s *Service) tagResource(r *http.Request) (int, any, *Error) {
	var in struct{ Tags map[string]string }
	if e := decode(r, &in, 1<<20, "TagResource"); e != nil {
		return 0, nil, e
	}
	if len(in.Tags) == 0 {
		return 0, nil, invalidParam("An error occurred and the request cannot be processed.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.tagTarget(r)
	if e != nil {
		return 0, nil, e
	}
	fn := st.fn
	fn.Tags = maps.Clone(fn.Tags)
	if fn.Tags == nil {
		fn.Tags = map[string]string{}
	}
	maps.Copy(fn.Tags, in.Tags)
	if len(fn.Tags) > 50 {
		return 0, nil, invalidParam("Number of tags exceeds function tag limit.")
	}
	fn.Latest.RevisionID = newRevision()
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	return http.StatusNoContent, nil, nil
}

func (s *Service) untagResource(r *http.Request) (int, any, *Error) {
	keys := r.URL.Query()["tagKeys"]
	if len(keys) == 0 {
		return 0, nil, validation(nil, "tagKeys", "Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.tagTarget(r)
	if e != nil {
		return 0, nil, e
	}
	fn := st.fn
	fn.Tags = maps.Clone(fn.Tags)
	for _, k := range keys {
		delete(fn.Tags, k)
	}
	fn.Latest.RevisionID = newRevision()
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	return http.StatusNoContent, nil, nil
}

func (s *Service) listTags(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, e := s.tagTarget(r)
	if e != nil {
		return 0, nil, e
	}
	tags := st.fn.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	return http.StatusOK, map[string]any{"Tags": tags}, nil
}

// Reserved concurrency. The account has Lambda's default limits: 1000
// concurrent executions, of which 100 stay unreserved.
const (
	accountConcurrency = 1000
	minUnreserved      = 100
)

func (s *Service) unqualified(r *http.Request) (*fnState, *Error) {
	st, rf, e := s.lookup(r, "")
	if e != nil {
		if rf.qualifier != "" && e.Type == "ResourceNotFoundException" {
			return nil, invalidParam("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
		}
		return nil, e
	}
	if rf.qualifier != "" {
		return nil, invalidParam("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
	}
	return st, nil
}

func (s *Service) putConcurrency(r *http.Request) (int, any, *Error) {
	var in struct{ ReservedConcurrentExecutions *int }
	if e := decode(r, &in, 1<<20, "PutFunctionConcurrency"); e != nil {
		return 0, nil, e
	}
	if in.ReservedConcurrentExecutions == nil {
		return 0, nil, validation(nil, "reservedConcurrentExecutions", "Member must not be null")
	}
	n := *in.ReservedConcurrentExecutions
	if n < 0 {
		return 0, nil, validation(n, "reservedConcurrentExecutions", "Member must have value greater than or equal to 0")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.unqualified(r)
	if e != nil {
		return 0, nil, e
	}
	others := 0
	for name, o := range s.funcs {
		if name != st.fn.Name && o.fn.Reserved != nil {
			others += *o.fn.Reserved
		}
	}
	if accountConcurrency-others-n < minUnreserved {
		return 0, nil, invalidParam("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", minUnreserved)
	}
	fn := st.fn
	fn.Reserved = &n
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	return http.StatusOK, map[string]int{"ReservedConcurrentExecutions": n}, nil
}

func (s *Service) getConcurrency(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, e := s.unqualified(r)
	if e != nil {
		return 0, nil, e
	}
	if st.fn.Reserved == nil {
		return http.StatusOK, map[string]any{}, nil
	}
	return http.StatusOK, map[string]int{"ReservedConcurrentExecutions": *st.fn.Reserved}, nil
}

func (s *Service) deleteConcurrency(r *http.Request) (int, any, *Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.unqualified(r)
	if e != nil {
		return 0, nil, e
	}
	fn := st.fn
	fn.Reserved = nil
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	return http.StatusNoContent, nil, nil
}

// The operations HashiCorp's provider and the AWS CLI read around a
// function, answered as for a function that uses none of them.

func (s *Service) withFunction(f func(r *http.Request, st *fnState, q string) (int, any, *Error)) op {
	return func(r *http.Request) (int, any, *Error) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		st, rf, e := s.lookup(r, r.URL.Query().Get("Qualifier"))
		if e != nil {
			return 0, nil, e
		}
		return f(r, st, rf.qualifier)
	}
}

func (s *Service) getCodeSigningConfig(_ *http.Request, st *fnState, _ string) (int, any, *Error) {
	return http.StatusOK, map[string]any{}, nil
}

func (s *Service) putCodeSigningConfig(r *http.Request) (int, any, *Error) {
	var in struct{ CodeSigningConfigArn string }
	if e := decode(r, &in, 1<<20, "PutFunctionCodeSigningConfig"); e != nil {
		return 0, nil, e
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, _, e := s.lookup(r, ""); e != nil {
		return 0, nil, e
	}
	return 0, nil, errorf(http.StatusNotFound, "CodeSigningConfigNotFoundException",
		"The code signing configuration cannot be found. Check that the provided configuration is not deleted: %s.", in.CodeSigningConfigArn)
}

func (s *Service) getRuntimeManagement(_ *http.Request, st *fnState, q string) (int, any, *Error) {
	if _, _, e := s.resolve(st, q); e != nil {
		return 0, nil, e
	}
	mode := st.fn.RuntimeUpdate
	if mode == "" {
		mode = "Auto"
	}
	out := map[string]string{"UpdateRuntimeOn": mode, "FunctionArn": s.arnFor(st.fn.Name, q)}
	if mode == "Manual" {
		out["RuntimeVersionArn"] = st.fn.RuntimeVersion
	}
	return http.StatusOK, out, nil
}

func (s *Service) putRuntimeManagement(r *http.Request) (int, any, *Error) {
	var in struct {
		UpdateRuntimeOn   string
		RuntimeVersionArn string
	}
	if e := decode(r, &in, 1<<20, "PutRuntimeManagementConfig"); e != nil {
		return 0, nil, e
	}
	switch in.UpdateRuntimeOn {
	case "Auto", "Manual", "FunctionUpdate":
	default:
		return 0, nil, validation(in.UpdateRuntimeOn, "updateRuntimeOn", "Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.unqualified(r)
	if e != nil {
		return 0, nil, e
	}
	fn := st.fn
	fn.RuntimeUpdate = in.UpdateRuntimeOn
	if in.RuntimeVersionArn != "" {
		fn.RuntimeVersion = in.RuntimeVersionArn
	}
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	out := map[string]string{"UpdateRuntimeOn": fn.RuntimeUpdate, "FunctionArn": s.functionARN(fn.Name)}
	if fn.RuntimeUpdate == "Manual" {
		out["RuntimeVersionArn"] = fn.RuntimeVersion
	}
	return http.StatusOK, out, nil
}

func (s *Service) getRecursion(_ *http.Request, st *fnState, _ string) (int, any, *Error) {
	mode := st.fn.RecursiveLoop
	if mode == "" {
		mode = "Terminate"
	}
	return http.StatusOK, map[string]string{"RecursiveLoop": mode}, nil
}

func (s *Service) putRecursion(r *http.Request) (int, any, *Error) {
	var in struct{ RecursiveLoop string }
	if e := decode(r, &in, 1<<20, "PutFunctionRecursionConfig"); e != nil {
		return 0, nil, e
	}
	if in.RecursiveLoop != "Allow" && in.RecursiveLoop != "Terminate" {
		return 0, nil, validation(in.RecursiveLoop, "recursiveLoop", "Member must satisfy enum value set: [Allow, Terminate]")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, e := s.unqualified(r)
	if e != nil {
		return 0, nil, e
	}
	fn := st.fn
	fn.RecursiveLoop = in.RecursiveLoop
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	return http.StatusOK, map[string]string{"RecursiveLoop": fn.RecursiveLoop}, nil
}

func (s *Service) getURLConfig(_ *http.Request, _ *fnState, _ string) (int, any, *Error) {
	return 0, nil, notFound("The resource you requested does not exist.")
}

func (s *Service) getEventInvokeConfig(_ *http.Request, st *fnState, q string) (int, any, *Error) {
	if q == "" {
		q = "$LATEST"
	}
	return 0, nil, notFound("The function %s doesn't have an EventInvokeConfig", s.qualifiedARN(st.fn.Name, q))
}

func (s *Service) getProvisioned(_ *http.Request, st *fnState, q string) (int, any, *Error) {
	if q == "" || q == "$LATEST" {
		return 0, nil, invalidParam("The function resource provided must be an alias or a published version.")
	}
	if _, _, e := s.resolve(st, q); e != nil {
		return 0, nil, e
	}
	return 0, nil, errorf(http.StatusNotFound, "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
}

func emptyList(key string) func(*http.Request, *fnState, string) (int, any, *Error) {
	return func(*http.Request, *fnState, string) (int, any, *Error) {
		return http.StatusOK, map[string]any{key: []any{}}, nil
	}
}

func (s *Service) accountSettings(*http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var size int64
	reserved := 0
	for _, st := range s.funcs {
		size += st.fn.Latest.CodeSize
		for _, v := range st.versions {
			size += v.CodeSize
		}
		if st.fn.Reserved != nil {
			reserved += *st.fn.Reserved
		}
	}
	return http.StatusOK, map[string]any{
		"AccountLimit": map[string]int64{
			"TotalCodeSize": 80530636800, "CodeSizeUnzipped": maxUnzipped, "CodeSizeZipped": 52428800,
			"ConcurrentExecutions": accountConcurrency, "UnreservedConcurrentExecutions": int64(accountConcurrency - reserved),
		},
		"AccountUsage": map[string]int64{"TotalCodeSize": size, "FunctionCount": int64(len(s.funcs))},
	}, nil
}

func constant(key string) op {
	return func(*http.Request) (int, any, *Error) {
		return http.StatusOK, map[string]any{key: []any{}}, nil
	}
}
