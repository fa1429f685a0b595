package iam

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// roleForm selects which of a role's fields an answer carries, as AWS's
// answers differ: CreateRole and UpdateRoleDescription leave out
// MaxSessionDuration and RoleLastUsed; ListRoles leaves out RoleLastUsed,
// Tags and PermissionsBoundary.
type roleForm int

const (
	roleCreated roleForm = iota
	roleGot
	roleListed
)

func writeRole(w *xw, r *roleRecord, form roleForm) {
	w.elem("Path", r.Path)
	w.elem("RoleName", r.Name)
	w.elem("RoleId", r.ID)
	w.elem("Arn", r.ARN)
	w.time("CreateDate", r.Created)
	w.elem("AssumeRolePolicyDocument", encodeDocument(r.AssumeRolePolicy))
	w.opt("Description", r.Description)
	if form != roleCreated {
		w.int("MaxSessionDuration", r.MaxSessionDuration)
	}
	if form != roleListed {
		if r.Boundary != "" {
			w.open("PermissionsBoundary")
			w.elem("PermissionsBoundaryType", "Policy")
			w.elem("PermissionsBoundaryArn", r.Boundary)
			w.close("PermissionsBoundary")
		}
		if len(r.Tags) > 0 {
			w.tags(r.Tags)
		}
	}
	if form == roleGot {
		w.b.WriteString("<RoleLastUsed/>")
	}
}

func (s *Service) roleARN(path, name string) string {
	return "arn:" + s.partition + ":iam::" + s.account + ":role" + path + name
}

// checkBoundary checks a permissions boundary ARN as IAM does.
func (s *Service) checkBoundary(arn string) *Error {
	if _, ok := parsePolicyARN(arn); !ok {
		return invalidInput("ARN %s is not valid.", arn)
	}
	if _, ok, e := s.resolvePolicy(arn); e != nil {
		return e
	} else if !ok {
		return noSuchEntity("Scope ARN: %s does not exist or is not attachable.", arn)
	}
	return nil
}

func (s *Service) createRole(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	path := p.str("Path", false, 1, 512, pathRule)
	doc := p.str("AssumeRolePolicyDocument", true, 1, maxAssumeRoleLength, documentRule)
	desc := p.str("Description", false, 0, 1000, descriptionRule)
	msd := p.integer("MaxSessionDuration", 3600, 43200, 3600)
	boundary := p.str("PermissionsBoundary", false, 20, 2048, nil)
	if e := p.err(); e != nil {
		return nil, e
	}
	tags, e := readTags(p, true)
	if e != nil {
		return nil, e
	}
	if path == "" {
		path = "/"
	}
	if e := validateDocument(doc, trustPolicy); e != nil {
		return nil, e
	}
	if boundary != "" {
		if e := s.checkBoundary(boundary); e != nil {
			return nil, e
		}
	}
	if _, ok := s.rec.Get(roleKey(name)); ok {
		return nil, alreadyExists("Role with name %s already exists.", name)
	}
	sortTags(tags)
	r := &roleRecord{
		Name: name, Path: path, ID: uniqueID("AROA"), ARN: s.roleARN(path, name),
		AssumeRolePolicy: doc, Description: desc, MaxSessionDuration: msd, Boundary: boundary,
		Tags: tags, Created: s.nowSecond(),
	}
	if e := s.apply(ctx, map[string]any{roleKey(name): r}); e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("Role")
		writeRole(w, r, roleCreated)
		w.close("Role")
	}, nil
}

func (s *Service) getRole(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("Role")
		writeRole(w, r, roleGot)
		w.close("Role")
	}, nil
}

// modifyRole loads a role, lets change edit it and stores it.
func (s *Service) modifyRole(ctx context.Context, name string, change func(r *roleRecord) *Error) (*roleRecord, *Error) {
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	if e := change(r); e != nil {
		return nil, e
	}
	if e := s.apply(ctx, map[string]any{roleKey(r.Name): r}); e != nil {
		return nil, e
	}
	return r, nil
}

func (s *Service) updateRole(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	desc := p.str("Description", false, 0, 1000, descriptionRule)
	msd := p.integer("MaxSessionDuration", 3600, 43200, 0)
	if e := p.err(); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		if p.has("Description") {
			r.Description = desc
		}
		if msd != 0 {
			r.MaxSessionDuration = msd
		}
		return nil
	})
	if e != nil {
		return nil, e
	}
	return func(*xw) {}, nil
}

func (s *Service) updateRoleDescription(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	desc := p.str("Description", true, 0, 1000, descriptionRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		r.Description = desc
		return nil
	})
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("Role")
		writeRole(w, r, roleCreated)
		w.close("Role")
	}, nil
}

func (s *Service) updateAssumeRolePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	doc := p.str("PolicyDocument", true, 1, maxAssumeRoleLength, documentRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	if _, e := s.findRole(name); e != nil {
		return nil, e
	}
	if e := validateDocument(doc, trustPolicy); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		r.AssumeRolePolicy = doc
		return nil
	})
	return nil, e
}

func (s *Service) putRolePermissionsBoundary(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	boundary := p.str("PermissionsBoundary", true, 20, 2048, nil)
	if e := p.err(); e != nil {
		return nil, e
	}
	if e := s.checkBoundary(boundary); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		r.Boundary = boundary
		return nil
	})
	return nil, e
}

func (s *Service) deleteRolePermissionsBoundary(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		r.Boundary = ""
		return nil
	})
	return nil, e
}

func (s *Service) deleteRole(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	if len(r.Attached) > 0 {
		return nil, deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	if len(r.Inline) > 0 {
		return nil, deleteConflict("Cannot delete entity, must delete policies first.")
	}
	return nil, s.apply(ctx, nil, roleKey(r.Name))
}

// allRoles returns every role, sorted by (lower-case) name.
func (s *Service) allRoles() ([]*roleRecord, *Error) {
	var out []*roleRecord
	var bad error
	s.rec.Scan(roleKeyPrefix, func(k string, v []byte) bool {
		var r roleRecord
		if err := json.Unmarshal(v, &r); err != nil {
			bad = fmt.Errorf("decoding %s: %w", k, err)
			return false
		}
		out = append(out, &r)
		return true
	})
	if bad != nil {
		return nil, serviceFailure(bad)
	}
	return out, nil
}

func (s *Service) listRoles(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	prefix := p.str("PathPrefix", false, 1, 512, pathPrefixRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	roles, e := s.allRoles()
	if e != nil {
		return nil, e
	}
	var match []*roleRecord
	for _, r := range roles {
		if strings.HasPrefix(r.Path, prefix) {
			match = append(match, r)
		}
	}
	items, next, e := paginate(p, match, func(r *roleRecord) string { return strings.ToLower(r.Name) })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("Roles", len(items), func(i int) { writeRole(w, items[i], roleListed) })
		w.page(next)
	}, nil
}

func (s *Service) tagRole(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if !p.has("Tags.member.1.Key") {
		p.fail(nil, "tags", "Member must not be null")
	}
	if e := p.err(); e != nil {
		return nil, e
	}
	tags, e := readTags(p, true)
	if e != nil {
		return nil, e
	}
	_, e = s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		merged := mergeTags(r.Tags, tags, true)
		if len(merged) > maxTagsPerResource {
			return limitExceeded("The number of tags has reached the maximum limit.")
		}
		r.Tags = merged
		return nil
	})
	return nil, e
}

func (s *Service) untagRole(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	keys, e := readTagKeys(p)
	if e != nil {
		return nil, e
	}
	_, e = s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		r.Tags = removeTags(r.Tags, keys, true)
		return nil
	})
	return nil, e
}

func (s *Service) listRoleTags(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	items, next, e := paginate(p, r.Tags, func(t tag) string { return t.Key })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.tags(items)
		w.page(next)
	}, nil
}

// --- inline policies ---

func compactSize(doc string) int {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(doc)); err != nil {
		return len(doc)
	}
	return b.Len()
}

func (s *Service) putRolePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	policyName := p.str("PolicyName", true, 1, 128, nameRule)
	doc := p.str("PolicyDocument", true, 1, maxPolicyDocLength, documentRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	if e := validateDocument(doc, identityPolicy); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		if r.Inline == nil {
			r.Inline = map[string]string{}
		}
		r.Inline[policyName] = doc
		total := 0
		for _, d := range r.Inline {
			total += compactSize(d)
		}
		if total > maxInlineRoleBytes {
			return limitExceeded("Maximum policy size of %d bytes exceeded for role %s", maxInlineRoleBytes, r.Name)
		}
		return nil
	})
	return nil, e
}

func (s *Service) getRolePolicy(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	policyName := p.str("PolicyName", true, 1, 128, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	doc, ok := r.Inline[policyName]
	if !ok {
		return nil, noSuchEntity("The role policy with name %s cannot be found.", policyName)
	}
	return func(w *xw) {
		w.elem("RoleName", r.Name)
		w.elem("PolicyName", policyName)
		w.elem("PolicyDocument", encodeDocument(doc))
	}, nil
}

func (s *Service) deleteRolePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	policyName := p.str("PolicyName", true, 1, 128, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	_, e := s.modifyRole(ctx, name, func(r *roleRecord) *Error {
		if _, ok := r.Inline[policyName]; !ok {
			return noSuchEntity("The role policy with name %s cannot be found.", policyName)
		}
		delete(r.Inline, policyName)
		return nil
	})
	return nil, e
}

func (s *Service) listRolePolicies(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	names := make([]string, 0, len(r.Inline))
	for n := range r.Inline {
		names = append(names, n)
	}
	sort.Strings(names)
	items, next, e := paginate(p, names, func(n string) string { return n })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.strings("PolicyNames", items)
		w.page(next)
	}, nil
}

// --- attached managed policies ---

// resolvePolicy finds the managed policy arn names: a customer managed
// policy of this account, a built-in AWS managed policy, or (ok, with a
// nil record) any other well-formed AWS managed policy ARN.
func (s *Service) resolvePolicy(arn string) (*policyRecord, bool, *Error) {
	pa, ok := parsePolicyARN(arn)
	if !ok {
		return nil, false, nil
	}
	if pa.account == "aws" {
		if pa.partition != s.partition {
			return nil, false, nil
		}
		if rec, ok := awsManaged(s.partition, arn); ok {
			return rec, true, nil
		}
		return nil, true, nil
	}
	if pa.account != s.account || pa.partition != s.partition {
		return nil, false, nil
	}
	var rec policyRecord
	found, e := s.load(policyKey(arn), &rec)
	if e != nil || !found {
		return nil, false, e
	}
	return &rec, true, nil
}

// policyARNParam reads PolicyArn: AWS's length constraints, then its form
// ("ARN x is not valid.").
func policyARNParam(p *params) (string, *Error) {
	arn := p.str("PolicyArn", true, 20, 2048, nil)
	if e := p.err(); e != nil {
		return "", e
	}
	if _, ok := parsePolicyARN(arn); !ok {
		return "", validationError("ARN %s is not valid.", arn)
	}
	return arn, nil
}

func (s *Service) attachRolePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	if _, ok, e := s.resolvePolicy(arn); e != nil {
		return nil, e
	} else if !ok {
		return nil, noSuchEntity("Policy %s does not exist or is not attachable.", arn)
	}
	for _, a := range r.Attached {
		if a == arn {
			return nil, nil
		}
	}
	if len(r.Attached) >= maxAttachedPerRole {
		return nil, limitExceeded("Cannot exceed quota for PoliciesPerRole: %d", maxAttachedPerRole)
	}
	r.Attached = append(r.Attached, arn)
	return nil, s.apply(ctx, map[string]any{roleKey(r.Name): r, attachKey(arn, r.Name): r.Name})
}

func (s *Service) detachRolePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	i := -1
	for j, a := range r.Attached {
		if a == arn {
			i = j
		}
	}
	if i < 0 {
		return nil, noSuchEntity("Policy %s was not found.", arn)
	}
	r.Attached = append(r.Attached[:i], r.Attached[i+1:]...)
	return nil, s.apply(ctx, map[string]any{roleKey(r.Name): r}, attachKey(arn, r.Name))
}

type attachedPolicy struct{ name, arn, path string }

func (s *Service) listAttachedRolePolicies(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	prefix := p.str("PathPrefix", false, 1, 512, pathPrefixRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	r, e := s.findRole(name)
	if e != nil {
		return nil, e
	}
	var items []attachedPolicy
	for _, arn := range r.Attached {
		pa, _ := parsePolicyARN(arn)
		if strings.HasPrefix(pa.path, prefix) {
			items = append(items, attachedPolicy{name: pa.name, arn: arn, path: pa.path})
		}
	}
	idx := map[string]int{}
	for i, a := range items {
		idx[a.arn] = i
	}
	page, next, e := paginate(p, items, func(a attachedPolicy) string { return fmt.Sprintf("%05d", idx[a.arn]) })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("AttachedPolicies", len(page), func(i int) {
			w.elem("PolicyName", page[i].name)
			w.elem("PolicyArn", page[i].arn)
		})
		w.page(next)
	}, nil
}

func (s *Service) listInstanceProfilesForRole(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("RoleName", true, 1, 64, nameRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	if _, e := s.findRole(name); e != nil {
		return nil, e
	}
	if _, _, e := paginate(p, []string(nil), func(s string) string { return s }); e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("InstanceProfiles", 0, nil)
		w.page("")
	}, nil
}
