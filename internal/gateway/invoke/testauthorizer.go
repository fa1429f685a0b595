package invoke

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/gateway/store"
)

// testAuthorizerInput is TestInvokeAuthorizer's request body.
type testAuthorizerInput struct {
	Headers             map[string]string   `json:"headers"`
	MultiValueHeaders   map[string][]string `json:"multiValueHeaders"`
	PathWithQueryString string              `json:"pathWithQueryString"`
	Body                string              `json:"body"`
	StageVariables      map[string]string   `json:"stageVariables"`
	AdditionalContext   map[string]string   `json:"additionalContext"`
}

// testAuthorizerOutput is TestInvokeAuthorizer's answer.
type testAuthorizerOutput struct {
	ClientStatus  int                 `json:"clientStatus"`
	Log           string              `json:"log"`
	Latency       int64               `json:"latency"`
	PrincipalID   string              `json:"principalId,omitempty"`
	Policy        string              `json:"policy,omitempty"`
	Authorization map[string][]string `json:"authorization,omitempty"`
}

// TestInvokeAuthorizer serves POST /restapis/{restapi_id}/authorizers/{authorizer_id}:
// it runs a Lambda authorizer of the live configuration on the given
// request (no cache) and answers with the client status it would cause,
// the principal and a log.
func (h *Handler) TestInvokeAuthorizer(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	apiID, authID := r.PathValue("restapi_id"), r.PathValue("authorizer_id")
	var in testAuthorizerInput
	raw, err := io.ReadAll(io.LimitReader(r.Body, h.opts.MaxBodyBytes))
	if err != nil || (len(strings.TrimSpace(string(raw))) > 0 && json.Unmarshal(raw, &in) != nil) {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", "Invalid request body")
		return
	}
	doc, err := h.opts.Store.Get(r.Context(), apiID)
	if errors.Is(err, store.ErrNotFound) {
		writeControlError(w, http.StatusNotFound, "NotFoundException", "Invalid API identifier specified "+h.opts.AccountID+":"+apiID)
		return
	}
	if err != nil {
		writeControlError(w, http.StatusInternalServerError, "InternalFailure", err.Error())
		return
	}
	a, ok := doc.Authorizers[authID]
	if !ok {
		writeControlError(w, http.StatusNotFound, "NotFoundException", "Invalid Authorizer identifier specified")
		return
	}
	if a.Type == apigw.AuthorizerTypeCognito {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", "TestInvokeAuthorizer of COGNITO_USER_POOLS authorizers is not supported by portico")
		return
	}
	pq := in.PathWithQueryString
	if pq == "" {
		pq = "/"
	}
	u, err := url.Parse(pq)
	if err != nil {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", "Invalid pathWithQueryString: "+err.Error())
		return
	}
	headers := http.Header{}
	for k, v := range in.Headers {
		headers[http.CanonicalHeaderKey(k)] = []string{v}
	}
	for k, vs := range in.MultiValueHeaders {
		headers[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	reqID := awswire.RequestID(r.Context())
	if reqID == "" {
		reqID = awswire.NewRequestID()
	}
	rawPath := u.EscapedPath()
	if !strings.HasPrefix(rawPath, "/") {
		rawPath = "/" + rawPath
	}
	res := &compiledResource{path: rawPath}
	cm := &compiledMethod{res: res, verb: http.MethodGet, method: &apigw.Method{HTTPMethod: http.MethodGet, AuthorizationType: apigw.AuthorizationCustom, AuthorizerID: authID}}
	api := &compiledAPI{api: doc.API, access: newAccessControl(&store.StageSnapshot{Authorizers: map[string]*apigw.Authorizer{authID: a}})}
	api.access.authorizers[authID].ttl = 0 // a test never uses or fills the cache
	c := &call{
		h: h, api: api, method: cm, stageName: testInvokeStage, stageVars: in.StageVariables,
		verb: http.MethodGet, rawPath: rawPath, query: u.Query(), rawQuery: u.RawQuery,
		headers: headers, body: []byte(in.Body), requestID: reqID, apigwID: newAPIGWID(), start: start,
		domain: "testPrefix.testDomainName", sourceIP: "test-invoke-source-ip", userAgent: headers.Get("User-Agent"),
		protocol: "HTTP/1.1", xlog: newExecLog(reqID),
	}
	c.xlog.printf("Starting authorizer test: %s for request: %s", authID, reqID)
	out := testAuthorizerOutput{ClientStatus: http.StatusOK}
	if res := checkAuthorizer(c, r.Context()); res != nil {
		out.ClientStatus = res.status
	}
	if c.authorizer != nil {
		out.PrincipalID, _ = c.authorizer["principalId"].(string)
	}
	out.Log = c.xlog.String()
	out.Latency = time.Since(start).Milliseconds()
	b, err := json.Marshal(out)
	if err != nil {
		writeControlError(w, http.StatusInternalServerError, "InternalFailure", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
