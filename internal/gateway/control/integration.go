package control

import (
	"errors"
	"net/http"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

type putIntegrationInput struct {
	Type                 string            `json:"type"`
	HTTPMethod           string            `json:"httpMethod"`
	URI                  string            `json:"uri"`
	ConnectionType       string            `json:"connectionType"`
	ConnectionID         string            `json:"connectionId"`
	Credentials          string            `json:"credentials"`
	RequestParameters    map[string]string `json:"requestParameters"`
	RequestTemplates     map[string]string `json:"requestTemplates"`
	PassthroughBehavior  string            `json:"passthroughBehavior"`
	CacheNamespace       string            `json:"cacheNamespace"`
	CacheKeyParameters   []string          `json:"cacheKeyParameters"`
	ContentHandling      string            `json:"contentHandling"`
	TimeoutInMillis      *int32            `json:"timeoutInMillis"`
	TLSConfig            *apigw.TlsConfig  `json:"tlsConfig"`
	ResponseTransferMode string            `json:"responseTransferMode"`
	IntegrationTarget    string            `json:"integrationTarget"`
}

// validateIntegration applies the shared rules of internal/apigw (those the
// gateway enforces, i.e. not PlanOnly) and answers AWS's message.
func validateIntegration(in *apigw.Integration, timeoutSet bool) error {
	spec := apigw.IntegrationSpec{
		Type:                  in.Type,
		IntegrationHTTPMethod: in.HTTPMethod,
		URI:                   in.URI,
		Credentials:           in.Credentials,
		ConnectionType:        in.ConnectionType,
		ConnectionID:          in.ConnectionID,
		PassthroughBehavior:   in.PassthroughBehavior,
		ContentHandling:       in.ContentHandling,
		ResponseTransferMode:  in.ResponseTransferMode,
		RequestParameters:     in.RequestParameters,
	}
	if timeoutSet {
		spec.TimeoutInMillis = in.TimeoutInMillis
		if spec.TimeoutInMillis == 0 {
			spec.TimeoutInMillis = -1 // 0 is out of range, not "unset"
		}
	}
	for _, v := range apigw.ValidateIntegration(spec) {
		if v.PlanOnly {
			continue
		}
		msg := v.AWSMessage
		if msg == "" {
			msg = v.Message
		}
		return badRequest("%s", msg)
	}
	return nil
}

// integrationDefaults fills in what AWS reports on read-back.
func integrationDefaults(in *apigw.Integration, resourceID string) {
	if in.PassthroughBehavior == "" {
		in.PassthroughBehavior = apigw.PassthroughWhenNoMatch
	}
	if in.TimeoutInMillis == 0 {
		in.TimeoutInMillis = apigw.IntegrationTimeoutDefault
	}
	if in.CacheNamespace == "" {
		in.CacheNamespace = resourceID
	}
	if in.CacheKeyParameters == nil {
		in.CacheKeyParameters = []string{}
	}
	if in.ConnectionType == "" && apigw.IsHTTPType(in.Type) {
		in.ConnectionType = apigw.ConnectionTypeInternet
	}
	if in.Type == apigw.IntegrationTypeMock {
		// AWS drops the backend fields of a MOCK integration.
		in.HTTPMethod = ""
		in.URI = ""
	}
	in.RequestParameters = nilIfEmpty(in.RequestParameters)
	in.RequestTemplates = nilIfEmpty(in.RequestTemplates)
}

func (h *Handler) putIntegration(r *http.Request) (int, any, error) {
	var in putIntegrationInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if !apigw.In(in.Type, apigw.IntegrationTypes) {
		return 0, nil, validation("%s", apigw.EnumError("putIntegrationInput.type", in.Type, apigw.IntegrationTypesWireOrder))
	}
	integ := &apigw.Integration{
		Type:                 in.Type,
		HTTPMethod:           in.HTTPMethod,
		URI:                  in.URI,
		ConnectionType:       in.ConnectionType,
		ConnectionID:         in.ConnectionID,
		Credentials:          in.Credentials,
		RequestParameters:    in.RequestParameters,
		RequestTemplates:     in.RequestTemplates,
		PassthroughBehavior:  in.PassthroughBehavior,
		CacheNamespace:       in.CacheNamespace,
		CacheKeyParameters:   in.CacheKeyParameters,
		ContentHandling:      in.ContentHandling,
		TLSConfig:            in.TLSConfig,
		ResponseTransferMode: in.ResponseTransferMode,
		IntegrationTarget:    in.IntegrationTarget,
	}
	if in.TimeoutInMillis != nil {
		integ.TimeoutInMillis = *in.TimeoutInMillis
	}
	if err := validateIntegration(integ, in.TimeoutInMillis != nil); err != nil {
		return 0, nil, err
	}
	var out apigw.Integration
	err := h.update(r, func(d *store.APIDoc) error {
		res, m, err := getMethod(d, r)
		if err != nil {
			return err
		}
		integrationDefaults(integ, res.ID)
		m.MethodIntegration = integ
		out = *integ
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

func (h *Handler) getIntegration(r *http.Request) (int, any, error) {
	var out apigw.Integration
	err := h.view(r, func(d *store.APIDoc) error {
		_, integ, err := getIntegration(d, r)
		if err != nil {
			return err
		}
		out = *integ
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func enumSetter(dst func(*apigw.Integration) *string, field string, allowed []string, allowEmpty bool) func(*apigw.Integration, patchValue) error {
	return func(in *apigw.Integration, v patchValue) error {
		if v.str() == "" && allowEmpty {
			*dst(in) = ""
			return nil
		}
		if !apigw.In(v.str(), allowed) {
			return badRequest("%s", apigw.EnumError(field, v.str(), allowed))
		}
		*dst(in) = v.str()
		return nil
	}
}

func stringSetter(dst func(*apigw.Integration) *string) func(*apigw.Integration, patchValue) error {
	return func(in *apigw.Integration, v patchValue) error {
		if v.op.Op == "remove" {
			*dst(in) = ""
		} else {
			*dst(in) = v.str()
		}
		return nil
	}
}

var integrationRules = []rule[apigw.Integration]{
	{apigw.IntegrationPatchType.Path, apigw.IntegrationPatchType.Ops, func(in *apigw.Integration, v patchValue) error { in.Type = v.str(); return nil }},
	{apigw.IntegrationPatchHTTPMethod.Path, apigw.IntegrationPatchHTTPMethod.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.HTTPMethod })},
	{apigw.IntegrationPatchURI.Path, apigw.IntegrationPatchURI.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.URI })},
	{apigw.IntegrationPatchCredentials.Path, apigw.IntegrationPatchCredentials.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.Credentials })},
	{apigw.IntegrationPatchConnectionType.Path, apigw.IntegrationPatchConnectionType.Ops, enumSetter(func(in *apigw.Integration) *string { return &in.ConnectionType }, "connectionType", apigw.ConnectionTypes, false)},
	{apigw.IntegrationPatchConnectionID.Path, apigw.IntegrationPatchConnectionID.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.ConnectionID })},
	{apigw.IntegrationPatchPassthroughBehavior.Path, apigw.IntegrationPatchPassthroughBehavior.Ops, enumSetter(func(in *apigw.Integration) *string { return &in.PassthroughBehavior }, "passthroughBehavior", apigw.PassthroughBehaviors, false)},
	{apigw.IntegrationPatchContentHandling.Path, apigw.IntegrationPatchContentHandling.Ops, enumSetter(func(in *apigw.Integration) *string { return &in.ContentHandling }, "contentHandling", apigw.ContentHandlingStrategies, true)},
	{apigw.IntegrationPatchResponseTransferMode.Path, apigw.IntegrationPatchResponseTransferMode.Ops, enumSetter(func(in *apigw.Integration) *string { return &in.ResponseTransferMode }, "responseTransferMode", apigw.ResponseTransferModes, false)},
	{apigw.IntegrationPatchCacheNamespace.Path, apigw.IntegrationPatchCacheNamespace.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.CacheNamespace })},
	{apigw.IntegrationPatchIntegrationTarget.Path, apigw.IntegrationPatchIntegrationTarget.Ops, stringSetter(func(in *apigw.Integration) *string { return &in.IntegrationTarget })},
	{apigw.IntegrationPatchTimeout.Path, apigw.IntegrationPatchTimeout.Ops, func(in *apigw.Integration, v patchValue) error {
		n, err := v.int32()
		if err != nil {
			return err
		}
		if n < apigw.IntegrationTimeoutMin || n > apigw.IntegrationTimeoutMax {
			return badRequest("Timeout should be between %d ms and %d ms", apigw.IntegrationTimeoutMin, apigw.IntegrationTimeoutMax)
		}
		in.TimeoutInMillis = n
		return nil
	}},
	{apigw.IntegrationPatchInsecureSkipVerification.Path, apigw.IntegrationPatchInsecureSkipVerification.Ops, func(in *apigw.Integration, v patchValue) error {
		b, err := v.boolean()
		if err != nil {
			return err
		}
		in.TLSConfig = &apigw.TlsConfig{InsecureSkipVerification: b}
		return nil
	}},
	{apigw.IntegrationPatchRequestParameters.Path, apigw.IntegrationPatchRequestParameters.Ops, func(in *apigw.Integration, v patchValue) error {
		patchStringMap(&in.RequestParameters, v)
		return nil
	}},
	{apigw.IntegrationPatchRequestTemplates.Path, apigw.IntegrationPatchRequestTemplates.Ops, func(in *apigw.Integration, v patchValue) error {
		patchStringMap(&in.RequestTemplates, v)
		return nil
	}},
	{apigw.IntegrationPatchCacheKeyParameters.Path, apigw.IntegrationPatchCacheKeyParameters.Ops, func(in *apigw.Integration, v patchValue) error {
		patchStringList(&in.CacheKeyParameters, v, v.key)
		if in.CacheKeyParameters == nil {
			in.CacheKeyParameters = []string{}
		}
		return nil
	}},
}

func (h *Handler) updateIntegration(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateIntegrationInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Integration
	err = h.update(r, func(d *store.APIDoc) error {
		_, integ, err := getIntegration(d, r)
		if err != nil {
			return err
		}
		if err := applyPatch(integ, ops, integrationRules, nil); err != nil {
			return err
		}
		if err := validateIntegration(integ, false); err != nil {
			return err
		}
		integrationDefaults(integ, r.PathValue("resource_id"))
		out = *integ
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteIntegration(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		m, _, err := getIntegration(d, r)
		if err != nil {
			return err
		}
		m.MethodIntegration = nil
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

// --- integration responses ---

type putIntegrationResponseInput struct {
	SelectionPattern   *string           `json:"selectionPattern"`
	ResponseParameters map[string]string `json:"responseParameters"`
	ResponseTemplates  map[string]string `json:"responseTemplates"`
	ContentHandling    string            `json:"contentHandling"`
}

func validateIntegrationResponse(ir *apigw.IntegrationResponse) error {
	if ir.ContentHandling != "" && !apigw.In(ir.ContentHandling, apigw.ContentHandlingStrategies) {
		return badRequest("%s", apigw.EnumError("putIntegrationResponseInput.contentHandling", ir.ContentHandling, apigw.ContentHandlingStrategies))
	}
	for k, v := range ir.ResponseParameters {
		if err := apigw.ValidateIntegrationResponseParameter(k, v); err != nil {
			return badRequest("%s", err.Error())
		}
	}
	return nil
}

func (h *Handler) putIntegrationResponse(r *http.Request) (int, any, error) {
	code, err := validStatus(r)
	if err != nil {
		return 0, nil, err
	}
	var in putIntegrationResponseInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	ir := &apigw.IntegrationResponse{
		StatusCode:         code,
		SelectionPattern:   in.SelectionPattern,
		ResponseParameters: nilIfEmpty(in.ResponseParameters),
		ResponseTemplates:  nilIfEmpty(in.ResponseTemplates),
		ContentHandling:    in.ContentHandling,
	}
	if err := validateIntegrationResponse(ir); err != nil {
		return 0, nil, err
	}
	err = h.update(r, func(d *store.APIDoc) error {
		m, integ, err := getIntegration(d, r)
		if err != nil {
			return err
		}
		if _, ok := m.MethodResponses[code]; !ok {
			return notFound(msgBadResponseStatus)
		}
		if integ.IntegrationResponses == nil {
			integ.IntegrationResponses = map[string]*apigw.IntegrationResponse{}
		}
		integ.IntegrationResponses[code] = ir
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, ir, nil
}

func getIntegrationResponse(d *store.APIDoc, r *http.Request) (*apigw.Integration, *apigw.IntegrationResponse, error) {
	_, integ, err := getIntegration(d, r)
	if err != nil {
		return nil, nil, err
	}
	ir, ok := integ.IntegrationResponses[r.PathValue("status_code")]
	if !ok {
		return integ, nil, notFound(msgBadResponseStatus)
	}
	return integ, ir, nil
}

func (h *Handler) getIntegrationResponse(r *http.Request) (int, any, error) {
	var out apigw.IntegrationResponse
	err := h.view(r, func(d *store.APIDoc) error {
		_, ir, err := getIntegrationResponse(d, r)
		if err != nil {
			return err
		}
		out = *ir
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var integrationResponseRules = []rule[apigw.IntegrationResponse]{
	{apigw.IntegrationResponsePatchSelectionPattern.Path, apigw.IntegrationResponsePatchSelectionPattern.Ops, func(ir *apigw.IntegrationResponse, v patchValue) error {
		if v.op.Op == "remove" {
			ir.SelectionPattern = nil
		} else {
			s := v.str()
			ir.SelectionPattern = &s
		}
		return nil
	}},
	{apigw.IntegrationResponsePatchContentHandling.Path, apigw.IntegrationResponsePatchContentHandling.Ops, func(ir *apigw.IntegrationResponse, v patchValue) error {
		if v.op.Op == "remove" {
			ir.ContentHandling = ""
		} else {
			ir.ContentHandling = v.str()
		}
		return nil
	}},
	{apigw.IntegrationResponsePatchResponseParameters.Path, apigw.IntegrationResponsePatchResponseParameters.Ops, func(ir *apigw.IntegrationResponse, v patchValue) error {
		patchStringMap(&ir.ResponseParameters, v)
		return nil
	}},
	{apigw.IntegrationResponsePatchResponseTemplates.Path, apigw.IntegrationResponsePatchResponseTemplates.Ops, func(ir *apigw.IntegrationResponse, v patchValue) error {
		patchStringMap(&ir.ResponseTemplates, v)
		return nil
	}},
}

func (h *Handler) updateIntegrationResponse(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateIntegrationResponseInput", statusMessages(r)...)
	if err != nil {
		return 0, nil, err
	}
	var out apigw.IntegrationResponse
	err = h.update(r, func(d *store.APIDoc) error {
		_, ir, err := getIntegrationResponse(d, r)
		if err != nil {
			return err
		}
		if err := applyPatch(ir, ops, integrationResponseRules, nil); err != nil {
			return err
		}
		if err := validateIntegrationResponse(ir); err != nil {
			return err
		}
		out = *ir
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteIntegrationResponse(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		integ, _, err := getIntegrationResponse(d, r)
		var ae *Error
		if errors.As(err, &ae) && ae.Message == msgBadMethod {
			// Recorded: DeleteIntegrationResponse names the integration
			// when the method is missing.
			return notFound(msgBadIntegration)
		}
		if err != nil {
			return err
		}
		delete(integ.IntegrationResponses, r.PathValue("status_code"))
		if len(integ.IntegrationResponses) == 0 {
			integ.IntegrationResponses = nil
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}
