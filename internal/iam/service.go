// Package iam is the minimal IAM and STS of `portico serve`: roles with
// their trust policies, inline policies, attached managed policies and
// tags; customer managed policies with versions and tags; a built-in list
// of AWS managed policies; STS GetCallerIdentity and AssumeRole. It speaks
// AWS's query protocol (form-encoded POST, XML answers) with AWS's ARNs, ids
// and error codes and messages.
//
// Everything is stored, nothing is enforced: policies are validated the way
// IAM validates them and kept verbatim, but no request anywhere is ever
// allowed or denied by them, and AssumeRole's temporary credentials are not
// checked by the other services. See docs/iam.md.
//
// The service is independent of the rest of portico: the composition root
// mounts it (or forwards IAM and STS to an upstream emulator instead).
package iam

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/kv"
)

// Options configures a Service.
type Options struct {
	// Records is the service's durable key/value space.
	Records kv.Records
	// AccountID is the account of every ARN; default 000000000000.
	AccountID string
	// Region selects the ARN partition (aws, aws-cn, aws-us-gov, ...);
	// default us-east-1.
	Region string
	Logger *slog.Logger
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Service serves IAM and STS.
type Service struct {
	rec       kv.Records
	account   string
	partition string
	log       *slog.Logger
	now       func() time.Time

	// mu serializes operations: each reads records, decides and applies
	// its change atomically.
	mu sync.Mutex
}

// New returns a Service.
func New(opts Options) *Service {
	if opts.AccountID == "" {
		opts.AccountID = "000000000000"
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{
		rec: opts.Records, account: opts.AccountID, partition: partitionOf(opts.Region),
		log: opts.Logger, now: opts.Now,
	}
}

// SigningNames are the SigV4 credential-scope service names the Service
// answers: the router sends requests signed for them here.
var SigningNames = []string{"iam", "sts"}

// maxBody bounds a request body (the largest legal request, a 131072-char
// policy document, is well under 1 MiB when form-encoded).
const maxBody = 2 << 20

// op is one action: it reads p and returns the result writer or an error.
type op func(s *Service, ctx context.Context, p *params, caller string) (func(*xw), *Error)

var (
	iamOps = map[string]op{}
	stsOps = map[string]op{}
)

func init() {
	for name, fn := range map[string]op{
		"CreateRole": (*Service).createRole, "GetRole": (*Service).getRole, "UpdateRole": (*Service).updateRole,
		"UpdateRoleDescription": (*Service).updateRoleDescription, "UpdateAssumeRolePolicy": (*Service).updateAssumeRolePolicy,
		"DeleteRole": (*Service).deleteRole, "ListRoles": (*Service).listRoles,
		"TagRole": (*Service).tagRole, "UntagRole": (*Service).untagRole, "ListRoleTags": (*Service).listRoleTags,
		"PutRolePermissionsBoundary": (*Service).putRolePermissionsBoundary, "DeleteRolePermissionsBoundary": (*Service).deleteRolePermissionsBoundary,
		"PutRolePolicy": (*Service).putRolePolicy, "GetRolePolicy": (*Service).getRolePolicy,
		"DeleteRolePolicy": (*Service).deleteRolePolicy, "ListRolePolicies": (*Service).listRolePolicies,
		"AttachRolePolicy": (*Service).attachRolePolicy, "DetachRolePolicy": (*Service).detachRolePolicy,
		"ListAttachedRolePolicies": (*Service).listAttachedRolePolicies, "ListInstanceProfilesForRole": (*Service).listInstanceProfilesForRole,
		"CreatePolicy": (*Service).createPolicy, "GetPolicy": (*Service).getPolicy, "DeletePolicy": (*Service).deletePolicy,
		"ListPolicies": (*Service).listPolicies, "GetPolicyVersion": (*Service).getPolicyVersion,
		"CreatePolicyVersion": (*Service).createPolicyVersion, "DeletePolicyVersion": (*Service).deletePolicyVersion,
		"ListPolicyVersions": (*Service).listPolicyVersions, "SetDefaultPolicyVersion": (*Service).setDefaultPolicyVersion,
		"TagPolicy": (*Service).tagPolicy, "UntagPolicy": (*Service).untagPolicy, "ListPolicyTags": (*Service).listPolicyTags,
		"ListEntitiesForPolicy": (*Service).listEntitiesForPolicy,
	} {
		iamOps[name] = fn
	}
	stsOps["GetCallerIdentity"] = (*Service).getCallerIdentity
	stsOps["AssumeRole"] = (*Service).assumeRole
}

// IsIAMAction reports whether action is an IAM action this service serves.
func IsIAMAction(action string) bool { _, ok := iamOps[action]; return ok }

// IsSTSAction reports whether action is an STS action this service serves.
func IsSTSAction(action string) bool { _, ok := stsOps[action]; return ok }

// ClaimsUnsigned reports whether r is an unsigned query-protocol request
// for this service: no SigV4 signature, and an Action (form body of a POST,
// or the query string) that IsIAMAction or IsSTSAction knows, with a
// matching Version when one is given. The body is read (at most maxBody
// bytes) and put back, so r can still be served. Signed requests are
// routed by their credential scope instead (SigningNames).
func ClaimsUnsigned(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" || r.URL.Query().Has("X-Amz-Credential") {
		return false
	}
	q := r.URL.Query()
	if q.Has("Action") {
		return ownsAction(q.Get("Action"), q.Get("Version"))
	}
	if r.Method != http.MethodPost || r.Body == nil {
		return false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return false
	}
	return ownsAction(form.Get("Action"), form.Get("Version"))
}

func ownsAction(action, version string) bool {
	switch {
	case IsIAMAction(action):
		return version == "" || version == iamVersion
	case IsSTSAction(action):
		return version == "" || version == stsVersion
	}
	return false
}

// ServeHTTP serves one IAM or STS request.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reqID := awswire.RequestID(ctx)
	if reqID == "" {
		reqID = awswire.NewRequestID()
		w.Header()["x-amzn-RequestId"] = []string{reqID}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		writeError(w, iamNamespace, reqID, errorf(http.StatusBadRequest, "MalformedQueryString", "%s", err.Error()))
		return
	}
	action, version := r.Form.Get("Action"), r.Form.Get("Version")
	sts := isSTSRequest(r, action, version)
	ns, ops, wantVersion := iamNamespace, iamOps, iamVersion
	if sts {
		ns, ops, wantVersion = stsNamespace, stsOps, stsVersion
	}
	fn, ok := ops[action]
	switch {
	case action == "":
		writeError(w, ns, reqID, errorf(http.StatusBadRequest, "MissingAction", "Missing Action"))
		return
	case !ok || (version != "" && version != wantVersion):
		writeError(w, ns, reqID, errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version %s", action, orDefault(version, "NO_VERSION_SPECIFIED")))
		return
	}
	p := &params{v: r.Form}
	s.mu.Lock()
	result, e := fn(s, ctx, p, callerAccessKey(r))
	s.mu.Unlock()
	if e != nil {
		level := slog.LevelDebug
		if e.Receiver {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(ctx, level, "iam error", slog.String("action", action), slog.String("code", e.Code),
			slog.String("message", e.Message), slog.String("request_id", reqID))
		writeError(w, ns, reqID, e)
		return
	}
	writeResponse(w, ns, action, reqID, result)
}

func isSTSRequest(r *http.Request, action, version string) bool {
	switch awswire.SigningService(r) {
	case "sts":
		return true
	case "iam":
		return false
	}
	switch version {
	case stsVersion:
		return true
	case iamVersion:
		return false
	}
	return IsSTSAction(action)
}

// callerAccessKey is the access key id of r's SigV4 credential ("" when
// unsigned).
func callerAccessKey(r *http.Request) string {
	cred := r.URL.Query().Get("X-Amz-Credential")
	if h := r.Header.Get("Authorization"); h != "" {
		i := strings.Index(h, "Credential=")
		if i < 0 {
			return ""
		}
		cred = h[i+len("Credential="):]
	}
	if i := strings.IndexByte(cred, '/'); i > 0 {
		return cred[:i]
	}
	return ""
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// --- storage helpers ---

func (s *Service) load(key string, v any) (bool, *Error) {
	b, ok := s.rec.Get(key)
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, serviceFailure(fmt.Errorf("decoding %s: %w", key, err))
	}
	return true, nil
}

// apply writes puts (values JSON-encoded; []byte and string verbatim) and
// deletes atomically and durably.
func (s *Service) apply(ctx context.Context, puts map[string]any, deletes ...string) *Error {
	enc := make(map[string][]byte, len(puts))
	for k, v := range puts {
		switch t := v.(type) {
		case string:
			enc[k] = []byte(t)
		case []byte:
			enc[k] = t
		default:
			enc[k] = mustJSON(v)
		}
	}
	if err := s.rec.Apply(ctx, enc, deletes); err != nil {
		return serviceFailure(fmt.Errorf("storing: %w", err))
	}
	return nil
}

func (s *Service) findRole(name string) (*roleRecord, *Error) {
	var r roleRecord
	ok, e := s.load(roleKey(name), &r)
	if e != nil {
		return nil, e
	}
	if !ok {
		return nil, roleNotFound(name)
	}
	return &r, nil
}

// nowSecond is the clock truncated to seconds, as IAM's timestamps.
func (s *Service) nowSecond() time.Time { return s.now().UTC().Truncate(time.Second) }

// --- pagination ---

// paginate applies Marker and MaxItems to items (sorted by key); it
// returns the page and the next marker ("" on the last page).
func paginate[T any](p *params, items []T, key func(T) string) ([]T, string, *Error) {
	maxItems := p.integer("MaxItems", 1, 1000, defaultMaxItems)
	marker := p.str("Marker", false, 1, 320, nil)
	if e := p.err(); e != nil {
		return nil, "", e
	}
	start := 0
	if marker != "" {
		k, err := base64.RawURLEncoding.DecodeString(marker)
		if err != nil {
			return nil, "", validationError("Invalid Marker.")
		}
		for start < len(items) && key(items[start]) < string(k) {
			start++
		}
	}
	end := min(start+maxItems, len(items))
	next := ""
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte(key(items[end])))
	}
	return items[start:end], next, nil
}
