package invoke

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/vtl"
)

// compiledAPI is a deployment (or, for TestInvokeMethod, the live
// configuration) prepared for serving: a routing tree, parsed templates and
// compiled selection patterns. It is immutable once built and shared by
// every request of its deployment.
type compiledAPI struct {
	api          apigw.RestApi
	root         *node
	resources    map[string]*compiledResource // by resource id
	binaryTypes  []string
	deploymentID string
	access       *accessControl    // resource policy and authorizers (access.go)
	validation   *validation       // request validators and models (validate.go)
	responses    *gatewayResponses // gateway responses put (respond.go); nil: none
}

// node is one path segment of the routing tree.
type node struct {
	literal    map[string]*node
	param      *node
	paramName  string
	greedy     *node
	greedyName string
	res        *compiledResource
}

type compiledResource struct {
	id      string
	path    string // resource path, e.g. /pets/{petId}
	methods map[string]*compiledMethod
}

type compiledMethod struct {
	res      *compiledResource
	verb     string // as configured (may be ANY)
	method   *apigw.Method
	integ    *apigw.Integration // nil when the method has none
	reqTmpl  templateSet
	byStatus []*compiledResponse // responses with a selection pattern, by status code
	def      *compiledResponse   // the default response (no pattern), or nil
}

type compiledResponse struct {
	ir   *apigw.IntegrationResponse
	re   *regexp.Regexp // nil for the default response
	reEr error          // an invalid pattern never matches; logged
	tmpl templateSet
}

// templateSet is a content-type -> template map, parsed once.
type templateSet struct {
	src    map[string]string
	parsed map[string]*vtl.Template
	info   map[string]*tmplInfo
	errs   map[string]error
}

// tmplInfo says what a template can reference, so a request only builds
// the variables a template can read (a name a template uses must appear in
// its source), and a template without any $ or # is its own output.
type tmplInfo struct {
	static                            bool
	usesContext, usesInput, usesStage bool
	// for a static template: its output, and the statusCode a MOCK
	// integration reads from it (mockOK false if it has none)
	body       []byte
	mockStatus int
	mockOK     bool
}

func analyze(src string) *tmplInfo {
	ti := &tmplInfo{
		static:      !strings.ContainsAny(src, "$#\\"),
		usesContext: strings.Contains(src, "context"),
		usesInput:   strings.Contains(src, "input"),
		usesStage:   strings.Contains(src, "stageVariables"),
	}
	if ti.static {
		ti.body = []byte(src)
		ti.mockStatus, ti.mockOK = mockStatus(ti.body)
	}
	return ti
}

func compileTemplates(src map[string]string) templateSet {
	ts := templateSet{src: src}
	if len(src) == 0 {
		return ts
	}
	ts.parsed = make(map[string]*vtl.Template, len(src))
	ts.info = make(map[string]*tmplInfo, len(src))
	for ct, s := range src {
		ts.info[strings.ToLower(ct)] = analyze(s)
		t, err := vtl.Parse(s)
		if err != nil {
			if ts.errs == nil {
				ts.errs = map[string]error{}
			}
			ts.errs[strings.ToLower(ct)] = err
			continue
		}
		ts.parsed[strings.ToLower(ct)] = t
	}
	return ts
}

// lookup returns the template for content type ct (lower-case media type
// without parameters). ok is true when a template exists for ct (t is nil
// and err set if it does not parse).
func (ts templateSet) lookup(ct string) (t *vtl.Template, err error, ok bool) {
	if t, ok := ts.parsed[ct]; ok {
		return t, nil, true
	}
	if err, ok := ts.errs[ct]; ok {
		return nil, err, true
	}
	return nil, nil, false
}

func (ts templateSet) empty() bool { return len(ts.src) == 0 }

// keys returns the configured content types, sorted.
func (ts templateSet) keys() []string {
	ks := make([]string, 0, len(ts.src))
	for k := range ts.src {
		ks = append(ks, strings.ToLower(k))
	}
	sort.Strings(ks)
	return ks
}

// compile prepares resources for serving.
func compile(api apigw.RestApi, resources map[string]*apigw.Resource, deploymentID string) (*compiledAPI, error) {
	c := &compiledAPI{
		api:          api,
		root:         &node{},
		resources:    make(map[string]*compiledResource, len(resources)),
		binaryTypes:  api.BinaryMediaTypes,
		deploymentID: deploymentID,
	}
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := resources[id]
		cr := &compiledResource{id: r.ID, path: r.Path, methods: map[string]*compiledMethod{}}
		for verb, m := range r.ResourceMethods {
			cr.methods[verb] = compileMethod(cr, verb, m)
		}
		c.resources[r.ID] = cr
		if err := c.insert(cr); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *compiledAPI) insert(cr *compiledResource) error {
	n := c.root
	for _, seg := range splitPath(cr.path) {
		switch {
		case apigw.IsGreedyPathPart(seg):
			if n.greedy == nil {
				n.greedy = &node{}
				n.greedyName = strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "+}")
			}
			n = n.greedy
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			if n.param == nil {
				n.param = &node{}
				n.paramName = seg[1 : len(seg)-1]
			}
			n = n.param
		default:
			if n.literal == nil {
				n.literal = map[string]*node{}
			}
			child, ok := n.literal[seg]
			if !ok {
				child = &node{}
				n.literal[seg] = child
			}
			n = child
		}
	}
	if n.res != nil && n.res.id != cr.id {
		return fmt.Errorf("resources %s and %s both have path %s", n.res.id, cr.id, cr.path)
	}
	n.res = cr
	return nil
}

func compileMethod(cr *compiledResource, verb string, m *apigw.Method) *compiledMethod {
	cm := &compiledMethod{res: cr, verb: verb, method: m, integ: m.MethodIntegration}
	if cm.integ == nil {
		return cm
	}
	cm.reqTmpl = compileTemplates(cm.integ.RequestTemplates)
	codes := make([]string, 0, len(cm.integ.IntegrationResponses))
	for code := range cm.integ.IntegrationResponses {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ir := cm.integ.IntegrationResponses[code]
		cr := &compiledResponse{ir: ir, tmpl: compileTemplates(ir.ResponseTemplates)}
		if ir.SelectionPattern == nil || *ir.SelectionPattern == "" {
			if cm.def == nil {
				cm.def = cr
			}
			continue
		}
		cr.re, cr.reEr = compilePattern(*ir.SelectionPattern)
		cm.byStatus = append(cm.byStatus, cr)
	}
	return cm
}

// compilePattern compiles a selection pattern with Java's String.matches
// semantics (the whole input must match).
func compilePattern(p string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, fmt.Errorf("selection pattern %q: %w", p, err)
	}
	return re, nil
}

// selectResponse picks the integration response for on (a status code for
// HTTP and MOCK, an error message for Lambda). For Lambda successes
// (on == "" and lambdaOK) the default response is used.
func (cm *compiledMethod) selectResponse(on string, lambdaOK bool) *compiledResponse {
	if !lambdaOK {
		for _, r := range cm.byStatus {
			if r.re != nil && r.re.MatchString(on) {
				return r
			}
		}
	}
	return cm.def
}

// splitPath splits a resource path or request path into segments ("/" has none).
func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// match is a routing result.
type match struct {
	res        *compiledResource
	params     map[string]string // decoded path parameters
	greedyName string
	greedyRaw  string // the raw (escaped) text the greedy parameter matched
}

// route finds the resource for the raw (escaped) request path segments:
// literal parts beat {param}, which beats {proxy+}; it backtracks when a
// more specific branch leads nowhere.
func (c *compiledAPI) route(rawSegs []string) (match, bool) {
	var m match
	if ok := c.walk(c.root, rawSegs, &m); !ok {
		return match{}, false
	}
	return m, true
}

func (c *compiledAPI) walk(n *node, segs []string, m *match) bool {
	if len(segs) == 0 {
		if n.res != nil {
			m.res = n.res
			return true
		}
		return false
	}
	seg := segs[0]
	dec := unescape(seg)
	if child, ok := n.literal[dec]; ok && c.walk(child, segs[1:], m) {
		return true
	}
	if n.param != nil && seg != "" {
		if c.walk(n.param, segs[1:], m) {
			if m.params == nil {
				m.params = map[string]string{}
			}
			m.params[n.paramName] = dec
			return true
		}
	}
	if n.greedy != nil && n.greedy.res != nil {
		raw := strings.Join(segs, "/")
		m.res = n.greedy.res
		if m.params == nil {
			m.params = map[string]string{}
		}
		m.params[n.greedyName] = unescape(raw)
		m.greedyName, m.greedyRaw = n.greedyName, raw
		return true
	}
	return false
}

// matchPath matches a request path against one resource path (for
// TestInvokeMethod, where the resource is given) and extracts parameters.
func matchPath(resourcePath, reqPath string) map[string]string {
	params := map[string]string{}
	rs := splitPath(resourcePath)
	qs := splitPath(reqPath)
	for i, seg := range rs {
		if apigw.IsGreedyPathPart(seg) {
			if i < len(qs) {
				params[strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "+}")] = unescape(strings.Join(qs[i:], "/"))
			}
			break
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && i < len(qs) {
			params[seg[1:len(seg)-1]] = unescape(qs[i])
		}
	}
	return params
}

// methodFor returns the resource's method for verb, falling back to ANY.
func (r *compiledResource) methodFor(verb string) *compiledMethod {
	if m, ok := r.methods[verb]; ok {
		return m
	}
	return r.methods["ANY"]
}
