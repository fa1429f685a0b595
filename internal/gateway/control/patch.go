package control

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portico/portico/internal/apigw"
)

// AWS's patch operations (RFC 6902 subset) as used by every Update* call.

type patchRequest struct {
	PatchOperations []apigw.PatchOperation `json:"patchOperations"`
}

// decodePatch reads an Update* request's patch operations. input names the
// request shape in AWS's validation messages ("updateRestApiInput"); an
// unknown op is a ValidationException naming each bad operation by its
// 1-based index, followed by any extra validation messages (e.g. a bad
// status code in the path), all in one answer, as AWS does.
func decodePatch(r *http.Request, input string, extra ...string) ([]apigw.PatchOperation, error) {
	var in patchRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var msgs []string
	for i, po := range in.PatchOperations {
		if !slices.Contains(apigw.PatchOpsWireOrder, po.Op) {
			msgs = append(msgs, apigw.EnumError(fmt.Sprintf("%s.patchOperations.%d.member.op", input, i+1), po.Op, apigw.PatchOpsWireOrder))
		}
	}
	msgs = append(msgs, extra...)
	if err := validations(msgs); err != nil {
		return nil, err
	}
	for _, po := range in.PatchOperations {
		if !strings.HasPrefix(po.Path, "/") {
			return nil, badRequest("Invalid patch path '%s'", po.Path)
		}
	}
	return in.PatchOperations, nil
}

// unescapePointer decodes a JSON-pointer segment: ~1 is '/', ~0 is '~'.
func unescapePointer(s string) string { return apigw.UnescapePatchKey(s) }

// patchValue is an operation's value with AWS's conversions.
type patchValue struct {
	op  apigw.PatchOperation
	key string // the map key or list element for wildcard rules
}

func (v patchValue) str() string {
	if v.op.Value == nil {
		return ""
	}
	return *v.op.Value
}

func (v patchValue) boolean() (bool, error) {
	switch strings.ToLower(v.str()) {
	case "true":
		return true, nil
	case "false", "":
		return false, nil
	}
	return false, badRequest("Invalid boolean value '%s' for patch path '%s'", v.str(), v.op.Path)
}

func (v patchValue) int32() (int32, error) {
	n, err := strconv.ParseInt(v.str(), 10, 32)
	if err != nil {
		return 0, badRequest("Invalid integer value '%s' for patch path '%s'", v.str(), v.op.Path)
	}
	return int32(n), nil
}

func (v patchValue) float() (float64, error) {
	n, err := strconv.ParseFloat(v.str(), 64)
	if err != nil {
		return 0, badRequest("Invalid number value '%s' for patch path '%s'", v.str(), v.op.Path)
	}
	return n, nil
}

// rule is one patchable path of a resource. A path ending in "/*" matches any
// one further segment (a map key, ~1-escaped); the key is passed in v.key.
type rule[T any] struct {
	path  string
	ops   string // comma-separated
	apply func(t *T, v patchValue) error
}

func (r rule[T]) allows(op string) bool { return slices.Contains(strings.Split(r.ops, ","), op) }

func (r rule[T]) match(path string) (key string, ok bool) {
	if prefix, wild := strings.CutSuffix(r.path, "/*"); wild {
		rest, ok := strings.CutPrefix(path, prefix+"/")
		if !ok || rest == "" || strings.Contains(rest, "/") {
			return "", false
		}
		return unescapePointer(rest), true
	}
	return "", path == r.path
}

func (r rule[T]) display() string {
	if prefix, wild := strings.CutSuffix(r.path, "/*"); wild {
		return prefix + "/{key}"
	}
	return r.path
}

// patchStyle is how a resource's update answers a patch it cannot apply;
// AWS words it differently per resource (recorded in LocalStack's
// test_apigateway_api.snapshot.json).
type patchStyle int

const (
	// patchVerbose (resources, models): "Invalid patch path  '/x' specified
	// for op 'replace'. Must be one of: [...]" / "... Please choose
	// supported operations".
	patchVerbose patchStyle = iota
	// patchShort (REST APIs, methods, method responses): "Invalid patch path
	// /x" for an unknown path, "Invalid patch operation specified. Must be
	// one of: [replace]" for a known path with an op it does not take.
	patchShort
)

// applyPatch applies ops to t. fallback, if not nil, gets the operations no
// rule matches and reports whether it handled them.
func applyPatch[T any](t *T, ops []apigw.PatchOperation, rules []rule[T], fallback func(t *T, po apigw.PatchOperation) (bool, error)) error {
	return applyPatchStyled(t, ops, rules, fallback, patchVerbose)
}

func applyPatchStyled[T any](t *T, ops []apigw.PatchOperation, rules []rule[T], fallback func(t *T, po apigw.PatchOperation) (bool, error), style patchStyle) error {
	for _, po := range ops {
		handled := false
		for _, ru := range rules {
			key, ok := ru.match(po.Path)
			if !ok || !ru.allows(po.Op) {
				continue
			}
			if err := ru.apply(t, patchValue{op: po, key: key}); err != nil {
				return err
			}
			handled = true
			break
		}
		if handled {
			continue
		}
		if fallback != nil {
			ok, err := fallback(t, po)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
		}
		if style == patchShort {
			return shortPatchError(po, rules)
		}
		return invalidPatchPath(po, rules)
	}
	return nil
}

func shortPatchError[T any](po apigw.PatchOperation, rules []rule[T]) error {
	var ops []string
	for _, ru := range rules {
		if _, ok := ru.match(po.Path); ok {
			for _, o := range strings.Split(ru.ops, ",") {
				if !slices.Contains(ops, o) {
					ops = append(ops, o)
				}
			}
		}
	}
	if len(ops) == 0 {
		return badRequest("Invalid patch path %s", po.Path)
	}
	return badRequest("Invalid patch operation specified. Must be one of: [%s]", strings.Join(ops, ", "))
}

func invalidPatchPath[T any](po apigw.PatchOperation, rules []rule[T]) error {
	var allowed []string
	for _, ru := range rules {
		if ru.allows(po.Op) && !slices.Contains(allowed, ru.display()) {
			allowed = append(allowed, ru.display())
		}
	}
	if len(allowed) == 0 {
		return badRequest("Invalid patch path  '%s' specified for op '%s'. Please choose supported operations", po.Path, po.Op)
	}
	return badRequest("Invalid patch path  '%s' specified for op '%s'. Must be one of: [%s]", po.Path, po.Op, strings.Join(allowed, ", "))
}

// Map helpers for "/prefix/*" rules: add and replace set the key, remove
// deletes it.
func patchStringMap(m *map[string]string, v patchValue) {
	if v.op.Op == "remove" {
		delete(*m, v.key)
		if len(*m) == 0 {
			*m = nil
		}
		return
	}
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[v.key] = v.str()
}

func patchBoolMap(m *map[string]bool, v patchValue) error {
	if v.op.Op == "remove" {
		delete(*m, v.key)
		if len(*m) == 0 {
			*m = nil
		}
		return nil
	}
	b, err := v.boolean()
	if err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[v.key] = b
	return nil
}

func patchStringList(l *[]string, v patchValue, elem string) {
	switch v.op.Op {
	case "remove":
		*l = slices.DeleteFunc(*l, func(s string) bool { return s == elem })
		if len(*l) == 0 {
			*l = nil
		}
	default:
		if !slices.Contains(*l, elem) {
			*l = append(*l, elem)
		}
	}
}
