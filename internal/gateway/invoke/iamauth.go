package invoke

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/awswire"
)

// iamCaller is the verified caller of an AWS_IAM method.
type iamCaller struct {
	accessKey string
	arn       string
}

// checkIAMAuth verifies an AWS_IAM method's SigV4 signature (header or
// presigned query) against portico serve's --credentials with
// awswire.CheckSignature. Unsigned: 403 Missing Authentication Token;
// a bad, expired or unknown signature: 403 with AWS's signature message.
// The caller goes to $context.identity and the proxy event's identity.
func checkIAMAuth(c *call, ctx context.Context) *result {
	if c.method.method.AuthorizationType != apigw.AuthorizationAWSIAM || c.req == nil {
		return nil
	}
	if awswire.SigningService(c.req) == "" {
		return typedError(http.StatusForbidden, "MISSING_AUTHENTICATION_TOKEN", "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`)
	}
	r := c.req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(c.body))
	r.ContentLength = int64(len(c.body))
	if e := awswire.CheckSignature(r, c.h.opts.Credentials); e != nil {
		rt := "INVALID_SIGNATURE"
		switch {
		case strings.Contains(e.Message, "expired"):
			rt = "EXPIRED_TOKEN"
		case e.Type == "MissingAuthenticationTokenException":
			rt = "MISSING_AUTHENTICATION_TOKEN"
		case e.Type == "UnrecognizedClientException":
			rt = "UNAUTHORIZED"
		}
		body := `{"message":"` + strings.ReplaceAll(e.Message, `"`, `\"`) + `"}`
		status := e.Status
		if status == 0 {
			status = http.StatusForbidden
		}
		return typedError(status, rt, e.Type, body)
	}
	key := accessKeyOf(c.req)
	c.caller = &iamCaller{accessKey: key, arn: "arn:aws:iam::" + c.h.opts.AccountID + ":root"}
	if c.ctxMap != nil {
		c.ctxMap["identity"] = c.identityMap()
	}
	return nil
}

// accessKeyOf reads the access key id of a SigV4-signed request.
func accessKeyOf(r *http.Request) string {
	cred := ""
	if h := r.Header.Get("Authorization"); h != "" {
		if _, rest, ok := strings.Cut(h, "Credential="); ok {
			cred, _, _ = strings.Cut(rest, ",")
		}
	} else {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	key, _, _ := strings.Cut(strings.TrimSpace(cred), "/")
	return key
}

// identityMap is $context.identity.
func (c *call) identityMap() map[string]any {
	id := map[string]any{"sourceIp": c.sourceIP, "userAgent": c.userAgent}
	if c.caller != nil {
		id["accessKey"] = c.caller.accessKey
		id["accountId"] = c.h.opts.AccountID
		id["caller"] = c.caller.accessKey
		id["user"] = c.caller.accessKey
		id["userArn"] = c.caller.arn
	}
	if c.apiKey != nil {
		id["apiKey"], id["apiKeyId"] = c.apiKey.Value, c.apiKey.ID
	}
	return id
}

// proxyCaller fills the proxy event's identity with the verified caller.
func (c *call) proxyCaller(id *proxyIdentity) {
	if c.caller == nil {
		return
	}
	acct := c.h.opts.AccountID
	id.AccessKey, id.AccountID, id.Caller, id.User, id.UserArn = &c.caller.accessKey, &acct, &c.caller.accessKey, &c.caller.accessKey, &c.caller.arn
}
