package iam

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// STS: GetCallerIdentity and AssumeRole. Credentials AssumeRole issues are
// remembered (by access key id) so that GetCallerIdentity signed with them
// names the assumed role; nothing checks them.

func (s *Service) rootARN() string { return "arn:" + s.partition + ":iam::" + s.account + ":root" }

func (s *Service) getCallerIdentity(_ context.Context, _ *params, accessKey string) (func(*xw), *Error) {
	arn, userID, e := s.callerARN(accessKey)
	if e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.elem("Arn", arn)
		w.elem("UserId", userID)
		w.elem("Account", s.account)
	}, nil
}

func (s *Service) assumeRole(ctx context.Context, p *params, accessKey string) (func(*xw), *Error) {
	roleARN := p.str("RoleArn", true, 20, 2048, nil)
	session := p.str("RoleSessionName", true, 2, 64, sessionNameRule)
	duration := p.integer("DurationSeconds", 900, 43200, 3600)
	p.str("Policy", false, 1, 2048, nil)
	p.str("ExternalId", false, 2, 1224, nil)
	if e := p.err(); e != nil {
		return nil, e
	}
	denied := func() *Error {
		caller, _, _ := s.callerARN(accessKey)
		return errorf(http.StatusForbidden, "AccessDenied",
			"User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller, roleARN)
	}
	f := strings.SplitN(roleARN, ":", 6)
	if len(f) != 6 || f[0] != "arn" || f[2] != "iam" || !strings.HasPrefix(f[5], "role/") {
		return nil, validationError("%s is invalid", roleARN)
	}
	roleName := f[5][strings.LastIndex(f[5], "/")+1:]
	roleID := ""
	if f[4] == s.account && f[1] == s.partition {
		r, e := s.findRole(roleName)
		if e != nil {
			if e.Code == "NoSuchEntity" {
				return nil, denied()
			}
			return nil, e
		}
		if r.ARN != roleARN {
			return nil, denied()
		}
		if duration > r.MaxSessionDuration {
			return nil, validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
		}
		roleID = r.ID
	} else {
		// A role of another account: not known here; the session is
		// issued all the same (nothing is enforced).
		roleID = uniqueID("AROA")
	}
	now := s.nowSecond()
	key := uniqueID("ASIA")[:20]
	sess := sessionRecord{
		ARN:        "arn:" + f[1] + ":sts::" + f[4] + ":assumed-role/" + roleName + "/" + session,
		UserID:     roleID + ":" + session,
		Expiration: now.Add(time.Duration(duration) * time.Second),
	}
	secret := randomBase64(30)
	token := "IQoJb3JpZ2luX2VjE" + randomBase64(240)
	if e := s.apply(ctx, map[string]any{sessionKeyPrefix + key: sess}); e != nil {
		return nil, e
	}
	return func(w *xw) {
		w.open("Credentials")
		w.elem("AccessKeyId", key)
		w.elem("SecretAccessKey", secret)
		w.elem("SessionToken", token)
		w.time("Expiration", sess.Expiration)
		w.close("Credentials")
		w.open("AssumedRoleUser")
		w.elem("AssumedRoleId", sess.UserID)
		w.elem("Arn", sess.ARN)
		w.close("AssumedRoleUser")
	}, nil
}

// callerARN is the ARN GetCallerIdentity reports for accessKey.
func (s *Service) callerARN(accessKey string) (string, string, *Error) {
	if accessKey != "" {
		var sess sessionRecord
		ok, e := s.load(sessionKeyPrefix+accessKey, &sess)
		if e != nil {
			return "", "", e
		}
		if ok {
			return sess.ARN, sess.UserID, nil
		}
	}
	return s.rootARN(), s.account, nil
}
