package iam

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// policyForm selects a policy answer's fields: CreatePolicy leaves out
// Description (and Tags when there are none), GetPolicy always has Tags,
// ListPolicies has neither.
type policyForm int

const (
	policyCreated policyForm = iota
	policyGot
	policyListed
)

func writePolicy(w *xw, p *policyRecord, attachments, boundaryUses int, form policyForm) {
	w.elem("PolicyName", p.Name)
	w.elem("PolicyId", p.ID)
	w.elem("Arn", p.ARN)
	w.elem("Path", p.Path)
	w.elem("DefaultVersionId", p.DefaultVersion)
	w.int("AttachmentCount", attachments)
	w.int("PermissionsBoundaryUsageCount", boundaryUses)
	w.bool("IsAttachable", true)
	w.time("CreateDate", p.Created)
	w.time("UpdateDate", p.Updated)
	switch form {
	case policyCreated:
		if len(p.Tags) > 0 {
			w.tags(p.Tags)
		}
	case policyGot:
		w.opt("Description", p.Description)
		w.tags(p.Tags)
	}
}

func (s *Service) policyARN(path, name string) string {
	return "arn:" + s.partition + ":iam::" + s.account + ":policy" + path + name
}

func (s *Service) attachmentCount(arn string) int {
	n := 0
	s.rec.Scan(attachKeyPrefix+arn+"|", func(string, []byte) bool { n++; return true })
	return n
}

// boundaryUses counts the roles whose permissions boundary is each policy.
func (s *Service) boundaryUses() (map[string]int, *Error) {
	roles, e := s.allRoles()
	if e != nil {
		return nil, e
	}
	out := map[string]int{}
	for _, r := range roles {
		if r.Boundary != "" {
			out[r.Boundary]++
		}
	}
	return out, nil
}

func policyNotFound(arn string) *Error { return noSuchEntity("Policy %s was not found.", arn) }

func versionNotFound(arn, version string) *Error {
	return noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, version)
}

// findPolicy returns a customer managed or built-in AWS managed policy.
func (s *Service) findPolicy(arn string) (*policyRecord, *Error) {
	rec, ok, e := s.resolvePolicy(arn)
	if e != nil {
		return nil, e
	}
	if !ok || rec == nil {
		return nil, policyNotFound(arn)
	}
	return rec, nil
}

// findCustomerPolicy returns a customer managed policy (the only ones that
// can be changed).
func (s *Service) findCustomerPolicy(arn string) (*policyRecord, *Error) {
	rec, e := s.findPolicy(arn)
	if e != nil {
		return nil, e
	}
	if rec.AWSManaged {
		return nil, errorf(403, "AccessDenied", "AWS managed policy %s cannot be modified.", arn)
	}
	return rec, nil
}

func (s *Service) createPolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	name := p.str("PolicyName", true, 1, 128, nameRule)
	path := p.str("Path", false, 1, 512, pathRule)
	doc := p.str("PolicyDocument", true, 1, maxPolicyDocLength, documentRule)
	desc := p.str("Description", false, 0, 1000, descriptionRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	tags, e := readTags(p, false)
	if e != nil {
		return nil, e
	}
	if path == "" {
		path = "/"
	}
	if e := validateDocument(doc, identityPolicy); e != nil {
		return nil, e
	}
	if _, ok := s.rec.Get(policyNameKey(name)); ok {
		return nil, alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", name)
	}
	now := s.nowSecond()
	sortTags(tags)
	rec := &policyRecord{
		Name: name, Path: path, ID: uniqueID("ANPA"), ARN: s.policyARN(path, name), Description: desc,
		Tags: tags, Created: now, Updated: now, DefaultVersion: "v1",
		Versions: []policyVersion{{ID: "v1", Document: doc, Created: now}}, NextVersion: 2,
	}
	if e := s.apply(ctx, map[string]any{policyKey(rec.ARN): rec, policyNameKey(name): rec.ARN}); e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("Policy")
		writePolicy(w, rec, 0, 0, policyCreated)
		w.close("Policy")
	}, nil
}

func (s *Service) getPolicy(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	rec, e := s.findPolicy(arn)
	if e != nil {
		return nil, e
	}
	uses, e := s.boundaryUses()
	if e != nil {
		return nil, e
	}
	n := s.attachmentCount(arn)
	return func(w *xw) {
		w.open("Policy")
		writePolicy(w, rec, n, uses[arn], policyGot)
		w.close("Policy")
	}, nil
}

func (s *Service) deletePolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	rec, e := s.findCustomerPolicy(arn)
	if e != nil {
		return nil, e
	}
	if s.attachmentCount(arn) > 0 {
		return nil, deleteConflict("Cannot delete a policy attached to entities.")
	}
	if len(rec.Versions) > 1 {
		return nil, deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	}
	return nil, s.apply(ctx, nil, policyKey(arn), policyNameKey(rec.Name))
}

func (s *Service) customerPolicies() ([]*policyRecord, *Error) {
	var out []*policyRecord
	var bad error
	s.rec.Scan(policyKeyPrefix, func(k string, v []byte) bool {
		var p policyRecord
		if err := json.Unmarshal(v, &p); err != nil {
			bad = fmt.Errorf("decoding %s: %w", k, err)
			return false
		}
		out = append(out, &p)
		return true
	})
	if bad != nil {
		return nil, serviceFailure(bad)
	}
	return out, nil
}

func (s *Service) listPolicies(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	scope := orDefault(p.get("Scope"), "All")
	if scope != "All" && scope != "AWS" && scope != "Local" {
		v := scope
		p.fail(&v, "scope", "Member must satisfy enum value set: [All, AWS, Local]")
	}
	onlyAttached := strings.EqualFold(p.get("OnlyAttached"), "true")
	prefix := p.str("PathPrefix", false, 1, 512, pathPrefixRule)
	usage := p.get("PolicyUsageFilter")
	if usage != "" && usage != "PermissionsPolicy" && usage != "PermissionsBoundary" {
		v := usage
		p.fail(&v, "policyUsageFilter", "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]")
	}
	if e := p.err(); e != nil {
		return nil, e
	}
	var all []*policyRecord
	if scope != "AWS" {
		local, e := s.customerPolicies()
		if e != nil {
			return nil, e
		}
		all = append(all, local...)
	}
	if scope != "Local" {
		all = append(all, allManaged(s.partition)...)
	}
	uses, e := s.boundaryUses()
	if e != nil {
		return nil, e
	}
	type entry struct {
		rec         *policyRecord
		attachments int
	}
	var match []entry
	for _, rec := range all {
		n := s.attachmentCount(rec.ARN)
		switch {
		case !strings.HasPrefix(rec.Path, prefix):
			continue
		case onlyAttached && n == 0 && uses[rec.ARN] == 0:
			continue
		case usage == "PermissionsPolicy" && onlyAttached && n == 0:
			continue
		case usage == "PermissionsBoundary" && onlyAttached && uses[rec.ARN] == 0:
			continue
		}
		match = append(match, entry{rec, n})
	}
	key := func(e entry) string { return strings.ToLower(e.rec.Name) + "|" + e.rec.ARN }
	sort.Slice(match, func(i, j int) bool { return key(match[i]) < key(match[j]) })
	items, next, e := paginate(p, match, key)
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("Policies", len(items), func(i int) {
			writePolicy(w, items[i].rec, items[i].attachments, uses[items[i].rec.ARN], policyListed)
		})
		w.page(next)
	}, nil
}

func writeVersion(w *xw, v policyVersion, isDefault, withDocument bool) {
	if withDocument {
		w.elem("Document", encodeDocument(v.Document))
	}
	w.elem("VersionId", v.ID)
	w.bool("IsDefaultVersion", isDefault)
	w.time("CreateDate", v.Created)
}

func versionIDParam(p *params) string {
	return p.str("VersionId", true, 1, 128, versionIDRule)
}

func (s *Service) getPolicyVersion(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	arn := p.str("PolicyArn", true, 20, 2048, nil)
	version := versionIDParam(p)
	if e := p.err(); e != nil {
		return nil, e
	}
	rec, _, e := s.resolvePolicy(arn)
	if e != nil {
		return nil, e
	}
	if rec == nil {
		return nil, versionNotFound(arn, version)
	}
	v, ok := rec.version(version)
	if !ok {
		return nil, versionNotFound(arn, version)
	}
	return func(w *xw) {
		w.open("PolicyVersion")
		writeVersion(w, v, v.ID == rec.DefaultVersion, true)
		w.close("PolicyVersion")
	}, nil
}

func (s *Service) createPolicyVersion(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	doc := p.str("PolicyDocument", true, 1, maxPolicyDocLength, documentRule)
	if e := p.err(); e != nil {
		return nil, e
	}
	setDefault := strings.EqualFold(p.get("SetAsDefault"), "true")
	rec, e := s.findCustomerPolicy(arn)
	if e != nil {
		return nil, e
	}
	if e := validateDocument(doc, identityPolicy); e != nil {
		return nil, e
	}
	if len(rec.Versions) >= maxPolicyVersions {
		return nil, limitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
	}
	now := s.nowSecond()
	v := policyVersion{ID: "v" + strconv.Itoa(rec.NextVersion), Document: doc, Created: now}
	rec.NextVersion++
	rec.Versions = append(rec.Versions, v)
	if setDefault {
		rec.DefaultVersion = v.ID
		rec.Updated = now
	}
	if e := s.apply(ctx, map[string]any{policyKey(arn): rec}); e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("PolicyVersion")
		writeVersion(w, v, setDefault, false)
		w.close("PolicyVersion")
	}, nil
}

func (s *Service) deletePolicyVersion(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn := p.str("PolicyArn", true, 20, 2048, nil)
	version := versionIDParam(p)
	if e := p.err(); e != nil {
		return nil, e
	}
	rec, ok, e := s.resolvePolicy(arn)
	if e != nil {
		return nil, e
	}
	if !ok || rec == nil {
		return nil, versionNotFound(arn, version)
	}
	if rec.AWSManaged {
		return nil, errorf(403, "AccessDenied", "AWS managed policy %s cannot be modified.", arn)
	}
	if _, ok := rec.version(version); !ok {
		return nil, versionNotFound(arn, version)
	}
	if version == rec.DefaultVersion {
		return nil, deleteConflict("Cannot delete the default version of a policy.")
	}
	kept := rec.Versions[:0]
	for _, v := range rec.Versions {
		if v.ID != version {
			kept = append(kept, v)
		}
	}
	rec.Versions = kept
	return nil, s.apply(ctx, map[string]any{policyKey(arn): rec})
}

func (s *Service) setDefaultPolicyVersion(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn := p.str("PolicyArn", true, 20, 2048, nil)
	version := versionIDParam(p)
	if e := p.err(); e != nil {
		return nil, e
	}
	rec, ok, e := s.resolvePolicy(arn)
	if e != nil {
		return nil, e
	}
	if !ok || rec == nil {
		return nil, versionNotFound(arn, version)
	}
	if rec.AWSManaged {
		return nil, errorf(403, "AccessDenied", "AWS managed policy %s cannot be modified.", arn)
	}
	if _, ok := rec.version(version); !ok {
		return nil, versionNotFound(arn, version)
	}
	rec.DefaultVersion = version
	rec.Updated = s.nowSecond()
	return nil, s.apply(ctx, map[string]any{policyKey(arn): rec})
}

func (s *Service) listPolicyVersions(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	rec, e := s.findPolicy(arn)
	if e != nil {
		return nil, e
	}
	versions := make([]policyVersion, len(rec.Versions))
	for i, v := range rec.Versions {
		versions[len(versions)-1-i] = v // newest first
	}
	key := func(v policyVersion) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(v.ID, "v"))
		return fmt.Sprintf("%010d", 1<<30-n)
	}
	items, next, e := paginate(p, versions, key)
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("Versions", len(items), func(i int) {
			writeVersion(w, items[i], items[i].ID == rec.DefaultVersion, false)
		})
		w.page(next)
	}, nil
}

func (s *Service) tagPolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	tags, e := readTags(p, false)
	if e != nil {
		return nil, e
	}
	rec, e := s.findCustomerPolicy(arn)
	if e != nil {
		return nil, e
	}
	merged := mergeTags(rec.Tags, tags, false)
	if len(merged) > maxTagsPerResource {
		return nil, limitExceeded("The number of tags has reached the maximum limit.")
	}
	rec.Tags = merged
	return nil, s.apply(ctx, map[string]any{policyKey(arn): rec})
}

func (s *Service) untagPolicy(ctx context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	keys, e := readTagKeys(p)
	if e != nil {
		return nil, e
	}
	rec, e := s.findCustomerPolicy(arn)
	if e != nil {
		return nil, e
	}
	rec.Tags = removeTags(rec.Tags, keys, false)
	return nil, s.apply(ctx, map[string]any{policyKey(arn): rec})
}

func (s *Service) listPolicyTags(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	rec, e := s.findPolicy(arn)
	if e != nil {
		return nil, e
	}
	items, next, e := paginate(p, rec.Tags, func(t tag) string { return t.Key })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.tags(items)
		w.page(next)
	}, nil
}

func (s *Service) listEntitiesForPolicy(_ context.Context, p *params, _ string) (func(*xw), *Error) {
	arn, e := policyARNParam(p)
	if e != nil {
		return nil, e
	}
	filter := p.get("EntityFilter")
	switch filter {
	case "", "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy":
	default:
		v := filter
		p.fail(&v, "entityFilter", "Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]")
	}
	prefix := p.str("PathPrefix", false, 1, 512, pathPrefixRule)
	usage := p.get("PolicyUsageFilter")
	if e := p.err(); e != nil {
		return nil, e
	}
	if _, ok, e := s.resolvePolicy(arn); e != nil {
		return nil, e
	} else if !ok {
		return nil, policyNotFound(arn)
	}
	var roles []*roleRecord
	if filter == "" || filter == "Role" || filter == "LocalManagedPolicy" || filter == "AWSManagedPolicy" {
		all, e := s.allRoles()
		if e != nil {
			return nil, e
		}
		for _, r := range all {
			if !strings.HasPrefix(r.Path, prefix) {
				continue
			}
			attached := false
			for _, a := range r.Attached {
				attached = attached || a == arn
			}
			boundary := r.Boundary == arn
			if (usage != "PermissionsBoundary" && attached) || (usage != "PermissionsPolicy" && boundary) {
				roles = append(roles, r)
			}
		}
	}
	items, next, e := paginate(p, roles, func(r *roleRecord) string { return strings.ToLower(r.Name) })
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.members("PolicyGroups", 0, nil)
		w.members("PolicyUsers", 0, nil)
		w.members("PolicyRoles", len(items), func(i int) {
			w.elem("RoleName", items[i].Name)
			w.elem("RoleId", items[i].ID)
		})
		w.page(next)
	}, nil
}
