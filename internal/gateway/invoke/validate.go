package invoke

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Request validation (the "validate" step): a method's request validator
// checks required parameters (method.request.{querystring,header,path}.X
// = true) and the body against the request model for its content type,
// as a JSON Schema draft 4 whose $refs resolve to the API's models by URL
// (https://apigateway.amazonaws.com/restapis/{api}/models/{name}).

// validation is a deployment's frozen validators and models; schemas are
// compiled on first use and kept.
type validation struct {
	validators map[string]*apigw.RequestValidator
	models     map[string]*apigw.Model
	apiID      string

	mu      sync.Mutex
	schemas map[string]*compiledSchema // by model name
}

type compiledSchema struct {
	sch *jsonschema.Schema
	err error
}

func newValidation(snap *store.StageSnapshot) *validation {
	return &validation{validators: snap.RequestValidators, models: snap.Models, apiID: snap.API.ID,
		schemas: map[string]*compiledSchema{}}
}

// ModelURL is the URL a model's schema is known by in $ref.
func modelURL(apiID, name string) string {
	return "https://apigateway.amazonaws.com/restapis/" + apiID + "/models/" + name
}

// schema compiles (once) the schema of model name.
func (v *validation) schema(name string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if cs, ok := v.schemas[name]; ok {
		return cs.sch, cs.err
	}
	cs := &compiledSchema{}
	cs.sch, cs.err = v.compile(name)
	v.schemas[name] = cs
	return cs.sch, cs.err
}

func (v *validation) compile(name string) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	for n, m := range v.models {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(m.Schema))
		if err != nil {
			if n == name {
				return nil, err
			}
			continue
		}
		if err := c.AddResource(modelURL(v.apiID, n), doc); err != nil && n == name {
			return nil, err
		}
	}
	return c.Compile(modelURL(v.apiID, name))
}

func badRequestParameters(missing []string) *result {
	msg := "Missing required request parameters: [" + strings.Join(missing, ", ") + "]"
	r := typedError(http.StatusBadRequest, "BAD_REQUEST_PARAMETERS", "BadRequestException", `{"message": "`+msg+`"}`)
	r.validationError = msg
	return r
}

func badRequestBody(detail string) *result {
	r := typedError(http.StatusBadRequest, "BAD_REQUEST_BODY", "BadRequestException", `{"message": "Invalid request body"}`)
	r.validationError = detail
	return r
}

// checkValidate runs the method's request validator, if any.
func checkValidate(c *call, _ context.Context) *result {
	m := c.method.method
	if m.RequestValidatorID == "" || c.api.validation == nil {
		return nil
	}
	rv := c.api.validation.validators[m.RequestValidatorID]
	if rv == nil {
		return nil
	}
	if rv.ValidateRequestParameters {
		if missing := c.missingParameters(); len(missing) > 0 {
			if c.xlog != nil {
				c.xlog.printf("Request validation failed for: Missing required request parameters: [%s]", strings.Join(missing, ", "))
			}
			return badRequestParameters(missing)
		}
	}
	if rv.ValidateRequestBody {
		if res := c.validateBody(); res != nil {
			if c.xlog != nil {
				c.xlog.printf("Request body does not match model schema for content type %s: %s", mediaType(c.headers.Get("Content-Type")), res.validationError)
			}
			return res
		}
	}
	return nil
}

// missingParameters lists the required parameters the request lacks, in
// name order.
func (c *call) missingParameters() []string {
	var missing []string
	for k, required := range c.method.method.RequestParameters {
		if !required {
			continue
		}
		loc, name, ok := strings.Cut(strings.TrimPrefix(k, "method.request."), ".")
		if !ok {
			continue
		}
		present := true
		switch loc {
		case "querystring", "multivaluequerystring":
			_, present = c.query[name]
		case "header", "multivalueheader":
			present = len(c.headers.Values(name)) > 0
		case "path":
			present = c.params[name] != ""
		}
		if !present {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	return missing
}

// validateBody checks the body against the request model for its content
// type; no model (or Empty) checks nothing.
func (c *call) validateBody() *result {
	models := c.method.method.RequestModels
	if len(models) == 0 {
		return nil
	}
	name, ok := models[mediaType(c.headers.Get("Content-Type"))]
	if !ok || name == "Empty" {
		return nil
	}
	sch, err := c.api.validation.schema(name)
	if err != nil {
		c.fail("Execution failed due to configuration error: request model %s: %v", name, err)
		return nil // AWS refuses such a model at CreateModel; never block on it here
	}
	body := c.body
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}") // AWS validates an empty body as an empty object
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return badRequestBody("[Invalid JSON: " + err.Error() + "]")
	}
	if err := sch.Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return badRequestBody(validationString(ve))
		}
		return badRequestBody("[" + err.Error() + "]")
	}
	return nil
}

var printer = message.NewPrinter(language.English)

// validationString lists the leaf errors, as [msg, msg].
func validationString(ve *jsonschema.ValidationError) string {
	var msgs []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			loc := "/" + strings.Join(e.InstanceLocation, "/")
			msgs = append(msgs, "at '"+loc+"': "+e.ErrorKind.LocalizedString(printer))
			return
		}
		for _, k := range e.Causes {
			walk(k)
		}
	}
	walk(ve)
	return "[" + strings.Join(msgs, ", ") + "]"
}
