package upstream

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Credentials of AWS integrations: API Gateway assumes the integration's
// role (its `credentials`) and signs the service request with the
// temporary credentials. Portico asks the upstream's STS (AssumeRole, with
// the upstream credentials); an upstream that has no STS (it answers
// AssumeRole with anything but a result or an access denial) gets requests
// signed with the static upstream credentials instead. Credentials are kept
// per role until 5 minutes before they expire.

// SessionName is the RoleSessionName of the roles assumed for
// integrations (the name API Gateway's backplane uses, as LocalStack
// records it).
const SessionName = "BackplaneAssumeRoleSession"

// AssumeRoleError is the upstream's STS refusing the integration's role:
// AWS's "API Gateway does not have permission to assume the provided role".
type AssumeRoleError struct {
	RoleARN       string
	Code, Message string
}

func (e *AssumeRoleError) Error() string {
	return fmt.Sprintf("API Gateway does not have permission to assume the provided role %s (STS: %s: %s)", e.RoleARN, e.Code, e.Message)
}

type roleEntry struct {
	creds   aws.Credentials
	expires time.Time
}

type roleCache struct {
	s   *Service
	mu  sync.Mutex
	m   map[string]roleEntry
	now func() time.Time
}

func newRoleCache(s *Service) *roleCache {
	return &roleCache{s: s, m: map[string]roleEntry{}, now: time.Now}
}

// static are the upstream credentials.
func (s *Service) static() aws.Credentials {
	return aws.Credentials{AccessKeyID: s.opts.AccessKeyID, SecretAccessKey: s.opts.SecretAccessKey, Source: "portico upstream"}
}

// credentials returns the credentials for an integration whose
// `credentials` is roleARN: an IAM role is assumed; "" and the caller
// pass-through form arn:aws:iam::*:user/* sign with the static ones.
func (c *roleCache) credentials(ctx context.Context, roleARN, region string) (aws.Credentials, error) {
	if roleARN == "" || !strings.Contains(roleARN, ":role/") {
		return c.s.static(), nil
	}
	now := c.now()
	c.mu.Lock()
	e, ok := c.m[roleARN]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.creds, nil
	}
	creds, expires, err := c.assume(ctx, roleARN, region)
	if err != nil {
		return aws.Credentials{}, err
	}
	c.mu.Lock()
	if len(c.m) > 1024 {
		clear(c.m)
	}
	c.m[roleARN] = roleEntry{creds: creds, expires: expires}
	c.mu.Unlock()
	return creds, nil
}

type assumeRoleResponse struct {
	Credentials struct {
		AccessKeyID     string `xml:"AccessKeyId"`
		SecretAccessKey string `xml:"SecretAccessKey"`
		SessionToken    string `xml:"SessionToken"`
		Expiration      string `xml:"Expiration"`
	} `xml:"AssumeRoleResult>Credentials"`
}

type stsError struct {
	Code    string `xml:"Error>Code"`
	Message string `xml:"Error>Message"`
}

// assume calls AssumeRole at the upstream's STS.
func (c *roleCache) assume(ctx context.Context, roleARN, region string) (aws.Credentials, time.Time, error) {
	form := url.Values{
		"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {roleARN}, "RoleSessionName": {SessionName},
	}
	res, err := c.s.Send(ctx, &Request{
		Service: "sts", Region: region, Method: http.MethodPost, Path: "/",
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:   []byte(form.Encode()), NoCompat: true, static: true,
	})
	if err != nil {
		return aws.Credentials{}, time.Time{}, err
	}
	now := c.now()
	if res.StatusCode == http.StatusOK {
		var out assumeRoleResponse
		if xml.Unmarshal(res.Body, &out) == nil && out.Credentials.AccessKeyID != "" {
			cr := out.Credentials
			expires := now.Add(55 * time.Minute)
			if t, err := time.Parse(time.RFC3339, strings.TrimSpace(cr.Expiration)); err == nil {
				expires = t.Add(-5 * time.Minute)
			}
			return aws.Credentials{AccessKeyID: cr.AccessKeyID, SecretAccessKey: cr.SecretAccessKey, SessionToken: cr.SessionToken,
				CanExpire: true, Expires: expires, Source: "upstream STS AssumeRole"}, expires, nil
		}
	}
	var se stsError
	_ = xml.Unmarshal(res.Body, &se)
	if res.StatusCode == http.StatusForbidden || se.Code == "AccessDenied" {
		return aws.Credentials{}, time.Time{}, &AssumeRoleError{RoleARN: roleARN, Code: se.Code, Message: se.Message}
	}
	// no STS there: the static credentials, asked again in a minute
	c.s.log.Info("upstream: no STS AssumeRole answer; AWS integrations sign with the static upstream credentials",
		"upstream", c.s.URL(), "role", roleARN, "status", res.StatusCode)
	return c.s.static(), now.Add(time.Minute), nil
}
