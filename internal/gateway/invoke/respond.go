package invoke

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
)

// Gateway responses (the "respond" step): an error the gateway itself
// produced (a result with a responseType) goes through the API's deployed
// gateway responses: the one put for its type, else DEFAULT_4XX or
// DEFAULT_5XX by its status class. With none put the answer is the
// built-in one, byte for byte.

// gatewayResponses are a deployment's gateway responses, templates parsed.
type gatewayResponses struct {
	byType map[string]*compiledGatewayResponse
}

type compiledGatewayResponse struct {
	gr   *apigw.GatewayResponse
	tmpl templateSet
}

func newGatewayResponses(put map[string]*apigw.GatewayResponse) *gatewayResponses {
	if len(put) == 0 {
		return nil
	}
	g := &gatewayResponses{byType: make(map[string]*compiledGatewayResponse, len(put))}
	for t, gr := range put {
		g.byType[t] = &compiledGatewayResponse{gr: gr, tmpl: compileTemplates(gr.ResponseTemplates)}
	}
	return g
}

// lookup returns the gateway response for an error of type t and status.
func (g *gatewayResponses) lookup(t string, status int) *compiledGatewayResponse {
	if g == nil || t == "" {
		return nil
	}
	if cg := g.byType[t]; cg != nil {
		return cg
	}
	if status >= 500 {
		return g.byType["DEFAULT_5XX"]
	}
	if status >= 400 {
		return g.byType["DEFAULT_4XX"]
	}
	return nil
}

// respond applies the API's gateway responses to res. api is nil when no
// deployment was found; c is nil when the request never reached a method.
func respond(ctx context.Context, api *compiledAPI, c *call, r *http.Request, vars map[string]string, requestID string, res *result) *result {
	if api == nil || api.responses == nil || res.responseType == "" {
		return res
	}
	cg := api.responses.lookup(res.responseType, res.status)
	if cg == nil {
		return res
	}
	var msg struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(res.body, &msg)

	var ctxMap map[string]any
	if c != nil {
		ctxMap = c.context()
	} else {
		ctxMap = map[string]any{"requestId": requestID, "apiId": api.api.ID, "httpMethod": r.Method}
	}
	quoted, _ := json.Marshal(msg.Message)
	errMap := map[string]any{
		"message":               msg.Message,
		"messageString":         string(quoted),
		"responseType":          res.responseType,
		"validationErrorString": res.validationError,
	}
	withErr := make(map[string]any, len(ctxMap)+1)
	for k, v := range ctxMap {
		withErr[k] = v
	}
	withErr["error"] = errMap

	out := &result{status: res.status, headers: res.headers.Clone(), body: res.body, responseType: res.responseType,
		validationError: res.validationError}
	if n, err := strconv.Atoi(cg.gr.StatusCode); err == nil {
		out.status = n
	}
	for k, expr := range cg.gr.ResponseParameters {
		name, ok := strings.CutPrefix(k, "gatewayresponse.header.")
		if !ok {
			continue
		}
		if v, ok := gatewayParam(expr, r, c, vars, withErr); ok {
			out.headers[http.CanonicalHeaderKey(name)] = []string{v}
		}
	}
	tmpl, ct := pickTemplate(cg.tmpl)
	if tmpl == nil {
		var err error
		tmpl, err = vtl.Parse(apigw.DefaultGatewayResponseTemplate)
		if err != nil {
			return res
		}
		ct = "application/json"
	}
	in := vtl.MappingInput{StageVariables: vars, Context: withErr}
	if c != nil {
		in.Body, in.PathParams, in.QueryParams, in.Headers = c.body, c.params, c.query, c.headers
	} else if r != nil {
		in.QueryParams, in.Headers = r.URL.Query(), r.Header
	}
	rendered, err := vtl.RenderMapping(ctx, tmpl, in)
	if err != nil {
		if c != nil {
			c.fail("Execution failed due to configuration error: gateway response template for %s: %v", res.responseType, err)
		}
		return res
	}
	out.body = []byte(rendered.Body)
	out.headers["Content-Type"] = []string{ct}
	return out
}

// pickTemplate takes application/json's template, else the first by name.
func pickTemplate(ts templateSet) (*vtl.Template, string) {
	if len(ts.src) == 0 {
		return nil, ""
	}
	ct := "application/json"
	if _, _, ok := ts.lookup(ct); !ok {
		ct = ts.keys()[0]
	}
	t, err, ok := ts.lookup(ct)
	if err != nil || !ok {
		return nil, ""
	}
	return t, ct
}

// gatewayParam evaluates a gateway response parameter's expression.
func gatewayParam(expr string, r *http.Request, c *call, vars map[string]string, ctxMap map[string]any) (string, bool) {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return expr[1 : len(expr)-1], true
	}
	switch {
	case strings.HasPrefix(expr, "method.request.header."):
		if r == nil {
			return "", false
		}
		v := r.Header.Get(strings.TrimPrefix(expr, "method.request.header."))
		return v, v != ""
	case strings.HasPrefix(expr, "method.request.querystring."):
		if r == nil {
			return "", false
		}
		q := r.URL.Query()
		name := strings.TrimPrefix(expr, "method.request.querystring.")
		return q.Get(name), q.Has(name)
	case strings.HasPrefix(expr, "method.request.path."):
		if c == nil {
			return "", false
		}
		v, ok := c.params[strings.TrimPrefix(expr, "method.request.path.")]
		return v, ok
	case strings.HasPrefix(expr, "stageVariables."):
		v, ok := vars[strings.TrimPrefix(expr, "stageVariables.")]
		return v, ok
	case strings.HasPrefix(expr, "context."):
		var cur any = ctxMap
		for _, part := range strings.Split(strings.TrimPrefix(expr, "context."), ".") {
			m, ok := cur.(map[string]any)
			if !ok {
				return "", false
			}
			cur, ok = m[part]
			if !ok {
				return "", false
			}
		}
		switch v := cur.(type) {
		case string:
			return v, true
		case nil:
			return "", false
		default:
			b, _ := json.Marshal(v)
			return string(b), true
		}
	}
	return "", false
}
