package invoke

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/portico/portico/internal/awswire"
	"github.com/portico/portico/internal/gateway/store"
)

// testInvokeInput is TestInvokeMethod's request body.
type testInvokeInput struct {
	PathWithQueryString string              `json:"pathWithQueryString"`
	Body                *string             `json:"body"`
	Headers             map[string]string   `json:"headers"`
	MultiValueHeaders   map[string][]string `json:"multiValueHeaders"`
	ClientCertificateID string              `json:"clientCertificateId"`
	StageVariables      map[string]string   `json:"stageVariables"`
}

// testInvokeOutput is TestInvokeMethod's answer.
type testInvokeOutput struct {
	Status            int                 `json:"status"`
	Body              string              `json:"body"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Log               string              `json:"log"`
	Latency           int64               `json:"latency"`
}

// testInvokeStage is the stage name TestInvokeMethod runs under, as on AWS.
const testInvokeStage = "test-invoke-stage"

// TestInvokeMethod serves POST /restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}:
// it runs the method on the live configuration (not a deployment) and
// answers with the response and an execution log.
func (h *Handler) TestInvokeMethod(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	apiID, resID, verb := r.PathValue("restapi_id"), r.PathValue("resource_id"), r.PathValue("http_method")
	var in testInvokeInput
	raw, err := io.ReadAll(io.LimitReader(r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", "Invalid request body")
		return
	}
	if len(strings.TrimSpace(string(raw))) > 0 {
		if err := json.Unmarshal(raw, &in); err != nil {
			writeControlError(w, http.StatusBadRequest, "BadRequestException", "Invalid request body: "+err.Error())
			return
		}
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
	api, err := compile(doc.API, doc.Resources, "")
	if err != nil {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", err.Error())
		return
	}
	res, ok := api.resources[resID]
	if !ok {
		writeControlError(w, http.StatusNotFound, "NotFoundException", "Invalid Resource identifier specified")
		return
	}
	cm, ok := res.methods[verb]
	if !ok {
		writeControlError(w, http.StatusNotFound, "NotFoundException", "Invalid Method identifier specified")
		return
	}
	if cm.integ == nil {
		writeControlError(w, http.StatusBadRequest, "BadRequestException", "No integration defined for method")
		return
	}
	pq := in.PathWithQueryString
	if pq == "" {
		pq = res.path
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
	var body []byte
	if in.Body != nil {
		body = []byte(*in.Body)
	}
	reqID := awswire.RequestID(r.Context())
	if reqID == "" {
		reqID = awswire.NewRequestID()
	}
	callVerb := verb
	if callVerb == "ANY" {
		callVerb = http.MethodGet
	}
	rawPath := u.EscapedPath()
	if !strings.HasPrefix(rawPath, "/") {
		rawPath = "/" + rawPath
	}
	c := &call{
		h: h, api: api, method: cm, stageName: testInvokeStage, stageVars: in.StageVariables,
		verb: callVerb, rawPath: rawPath, query: u.Query(), rawQuery: u.RawQuery,
		headers: headers, body: body, params: matchPath(res.path, rawPath),
		requestID: reqID, apigwID: newAPIGWID(), start: start,
		domain: "testPrefix.testDomainName", sourceIP: "test-invoke-source-ip", userAgent: headers.Get("User-Agent"),
		protocol: "HTTP/1.1", xlog: newExecLog(reqID),
	}
	for seg := range strings.SplitSeq(strings.Trim(res.path, "/"), "/") {
		if strings.HasSuffix(seg, "+}") {
			c.greedyName = strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "+}")
			n := strings.Count(strings.Trim(res.path, "/"), "/")
			parts := strings.SplitN(strings.Trim(rawPath, "/"), "/", n+1)
			if len(parts) == n+1 {
				c.greedyRaw = parts[n]
			}
		}
	}
	result := c.run(r.Context())
	out := testInvokeOutput{
		Status:            result.status,
		Body:              string(result.body),
		Headers:           map[string]string{},
		MultiValueHeaders: map[string][]string{},
		Log:               c.xlog.String(),
		Latency:           time.Since(start).Milliseconds(),
	}
	for k, vs := range result.headers {
		if len(vs) > 0 {
			out.Headers[k] = vs[len(vs)-1]
		}
		out.MultiValueHeaders[k] = vs
	}
	b, err := json.Marshal(out)
	if err != nil {
		writeControlError(w, http.StatusInternalServerError, "InternalFailure", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
