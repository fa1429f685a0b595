package control

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

const msgBadStage = "Invalid Stage identifier specified"

type createStageInput struct {
	StageName            string                `json:"stageName"`
	DeploymentID         string                `json:"deploymentId"`
	Description          string                `json:"description"`
	CacheClusterEnabled  bool                  `json:"cacheClusterEnabled"`
	CacheClusterSize     string                `json:"cacheClusterSize"`
	Variables            map[string]string     `json:"variables"`
	DocumentationVersion string                `json:"documentationVersion"`
	CanarySettings       *apigw.CanarySettings `json:"canarySettings"`
	TracingEnabled       bool                  `json:"tracingEnabled"`
	Tags                 map[string]string     `json:"tags"`
}

func setCacheCluster(st *apigw.Stage, enabled bool) {
	st.CacheClusterEnabled = enabled
	if enabled {
		st.CacheClusterStatus = "AVAILABLE"
		if st.CacheClusterSize == "" {
			st.CacheClusterSize = "0.5"
		}
	} else {
		st.CacheClusterStatus = "NOT_AVAILABLE"
	}
}

func validateStage(d *store.APIDoc, st *apigw.Stage) error {
	if err := apigw.ValidateStageVariables(st.Variables); err != nil {
		return badRequest("%s", err.Error())
	}
	if st.CacheClusterSize != "" && !apigw.In(st.CacheClusterSize, apigw.CacheClusterSizes) {
		return badRequest("%s", apigw.EnumError("cacheClusterSize", st.CacheClusterSize, apigw.CacheClusterSizes))
	}
	if _, ok := d.Deployments[st.DeploymentID]; !ok {
		return notFound(msgBadDeployment)
	}
	if c := st.CanarySettings; c != nil {
		if c.PercentTraffic < 0 || c.PercentTraffic > 100 {
			return badRequest("Canary traffic percentage must be between 0.0 and 100.0")
		}
		if c.DeploymentID != "" {
			if _, ok := d.Deployments[c.DeploymentID]; !ok {
				return notFound(msgBadDeployment)
			}
		}
		if err := apigw.ValidateStageVariables(c.StageVariableOverrides); err != nil {
			return badRequest("%s", err.Error())
		}
	}
	for k, ms := range st.MethodSettings {
		if ms.LoggingLevel != "" && !apigw.In(ms.LoggingLevel, apigw.LoggingLevels) {
			return badRequest("Invalid method setting value specified for %s: loggingLevel must be one of %s", k, strings.Join(apigw.LoggingLevels, ", "))
		}
	}
	return validateTags(st.Tags)
}

func (h *Handler) createStage(r *http.Request) (int, any, error) {
	var in createStageInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if err := apigw.ValidateStageName(in.StageName); err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	now := apigw.Now()
	st := &apigw.Stage{
		StageName:            in.StageName,
		DeploymentID:         in.DeploymentID,
		Description:          in.Description,
		CacheClusterSize:     in.CacheClusterSize,
		Variables:            nilIfEmpty(in.Variables),
		DocumentationVersion: in.DocumentationVersion,
		CanarySettings:       in.CanarySettings,
		TracingEnabled:       in.TracingEnabled,
		Tags:                 nilIfEmpty(in.Tags),
		MethodSettings:       map[string]apigw.MethodSetting{},
		CreatedDate:          now,
		LastUpdatedDate:      now,
	}
	setCacheCluster(st, in.CacheClusterEnabled)
	err := h.update(r, func(d *store.APIDoc) error {
		if _, ok := d.Stages[in.StageName]; ok {
			return conflict("Stage already exists")
		}
		if err := validateStage(d, st); err != nil {
			return err
		}
		d.Stages[st.StageName] = st
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, st, nil
}

func getStage(d *store.APIDoc, r *http.Request) (*apigw.Stage, error) {
	st, ok := d.Stage(r.PathValue("stage_name"))
	if !ok {
		return nil, notFound(msgBadStage)
	}
	return st, nil
}

func stageOut(st apigw.Stage) apigw.Stage {
	if st.MethodSettings == nil {
		st.MethodSettings = map[string]apigw.MethodSetting{}
	}
	return st
}

func (h *Handler) getStage(r *http.Request) (int, any, error) {
	var out apigw.Stage
	err := h.view(r, func(d *store.APIDoc) error {
		st, err := getStage(d, r)
		if err != nil {
			return err
		}
		out = stageOut(*st)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getStages(r *http.Request) (int, any, error) {
	items := []apigw.Stage{}
	dep := r.URL.Query().Get("deploymentId")
	err := h.view(r, func(d *store.APIDoc) error {
		for _, st := range d.Stages {
			if dep == "" || st.DeploymentID == dep {
				items = append(items, stageOut(*st))
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(items, func(a, b apigw.Stage) int { return cmp.Compare(a.StageName, b.StageName) })
	return http.StatusOK, struct {
		Item []apigw.Stage `json:"item"`
	}{items}, nil
}

func canary(st *apigw.Stage) *apigw.CanarySettings {
	if st.CanarySettings == nil {
		st.CanarySettings = &apigw.CanarySettings{}
	}
	return st.CanarySettings
}

func stageRules(d *store.APIDoc) []rule[apigw.Stage] {
	str := func(dst func(*apigw.Stage) *string) func(*apigw.Stage, patchValue) error {
		return func(st *apigw.Stage, v patchValue) error { *dst(st) = v.str(); return nil }
	}
	return []rule[apigw.Stage]{
		{"/description", "replace", str(func(s *apigw.Stage) *string { return &s.Description })},
		{"/deploymentId", "replace", func(st *apigw.Stage, v patchValue) error {
			if _, ok := d.Deployments[v.str()]; !ok {
				return notFound(msgBadDeployment)
			}
			st.DeploymentID = v.str()
			return nil
		}},
		{"/clientCertificateId", "replace", str(func(s *apigw.Stage) *string { return &s.ClientCertificateID })},
		{"/documentationVersion", "replace", str(func(s *apigw.Stage) *string { return &s.DocumentationVersion })},
		{"/webAclArn", "replace", str(func(s *apigw.Stage) *string { return &s.WebACLArn })},
		{"/cacheClusterEnabled", "replace", func(st *apigw.Stage, v patchValue) error {
			b, err := v.boolean()
			if err != nil {
				return err
			}
			setCacheCluster(st, b)
			return nil
		}},
		{"/cacheClusterSize", "replace", str(func(s *apigw.Stage) *string { return &s.CacheClusterSize })},
		{"/tracingEnabled", "replace", func(st *apigw.Stage, v patchValue) error {
			b, err := v.boolean()
			st.TracingEnabled = b
			return err
		}},
		{"/variables/*", "add,remove,replace", func(st *apigw.Stage, v patchValue) error {
			patchStringMap(&st.Variables, v)
			return nil
		}},
		{"/accessLogSettings", "remove", func(st *apigw.Stage, v patchValue) error { st.AccessLogSettings = nil; return nil }},
		{"/accessLogSettings/destinationArn", "replace", func(st *apigw.Stage, v patchValue) error {
			if st.AccessLogSettings == nil {
				st.AccessLogSettings = &apigw.AccessLogSettings{}
			}
			st.AccessLogSettings.DestinationArn = v.str()
			return nil
		}},
		{"/accessLogSettings/format", "replace", func(st *apigw.Stage, v patchValue) error {
			if st.AccessLogSettings == nil {
				st.AccessLogSettings = &apigw.AccessLogSettings{}
			}
			st.AccessLogSettings.Format = v.str()
			return nil
		}},
		{"/canarySettings", "remove", func(st *apigw.Stage, v patchValue) error { st.CanarySettings = nil; return nil }},
		{"/canarySettings/percentTraffic", "replace", func(st *apigw.Stage, v patchValue) error {
			f, err := v.float()
			canary(st).PercentTraffic = f
			return err
		}},
		{"/canarySettings/deploymentId", "replace,copy", func(st *apigw.Stage, v patchValue) error {
			if v.op.Op == "copy" {
				return badRequest("Invalid patch path  '%s' specified for op 'copy'. Please choose supported operations", v.op.Path)
			}
			if _, ok := d.Deployments[v.str()]; !ok {
				return notFound(msgBadDeployment)
			}
			canary(st).DeploymentID = v.str()
			return nil
		}},
		{"/canarySettings/useStageCache", "replace", func(st *apigw.Stage, v patchValue) error {
			b, err := v.boolean()
			canary(st).UseStageCache = b
			return err
		}},
		{"/canarySettings/stageVariableOverrides/*", "add,remove,replace", func(st *apigw.Stage, v patchValue) error {
			patchStringMap(&canary(st).StageVariableOverrides, v)
			return nil
		}},
		// Promotion: copy /canarySettings/deploymentId to /deploymentId.
		{"/deploymentId", "copy", func(st *apigw.Stage, v patchValue) error {
			if v.op.From != "/canarySettings/deploymentId" || st.CanarySettings == nil || st.CanarySettings.DeploymentID == "" {
				return badRequest("Invalid copy operation: 'from' must be /canarySettings/deploymentId of a stage with a canary")
			}
			st.DeploymentID = st.CanarySettings.DeploymentID
			return nil
		}},
	}
}

// methodSettingFields maps the last two segments of a method-settings patch
// path to the setting they change.
var methodSettingFields = map[string]func(ms *apigw.MethodSetting, v patchValue) error{
	"metrics/enabled": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.MetricsEnabled, err = v.boolean()
		return
	},
	"logging/loglevel": func(ms *apigw.MethodSetting, v patchValue) error {
		if !apigw.In(v.str(), apigw.LoggingLevels) {
			return badRequest("%s", apigw.EnumError("loggingLevel", v.str(), apigw.LoggingLevels))
		}
		ms.LoggingLevel = v.str()
		return nil
	},
	"logging/dataTrace": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.DataTraceEnabled, err = v.boolean()
		return
	},
	"throttling/burstLimit": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.ThrottlingBurstLimit, err = v.int32()
		return
	},
	"throttling/rateLimit": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.ThrottlingRateLimit, err = v.float()
		return
	},
	"caching/enabled": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.CachingEnabled, err = v.boolean()
		return
	},
	"caching/ttlInSeconds": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.CacheTTLInSeconds, err = v.int32()
		return
	},
	"caching/dataEncrypted": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.CacheDataEncrypted, err = v.boolean()
		return
	},
	"caching/requireAuthorizationForCacheControl": func(ms *apigw.MethodSetting, v patchValue) (err error) {
		ms.RequireAuthorizationForCacheControl, err = v.boolean()
		return
	},
	"caching/unauthorizedCacheControlHeaderStrategy": func(ms *apigw.MethodSetting, v patchValue) error {
		if !apigw.In(v.str(), apigw.UnauthorizedCacheControlHeaderStrategies) {
			return badRequest("%s", apigw.EnumError("unauthorizedCacheControlHeaderStrategy", v.str(), apigw.UnauthorizedCacheControlHeaderStrategies))
		}
		ms.UnauthorizedCacheControlHeaderStrategy = v.str()
		return nil
	},
}

// methodSettingKey turns path segments naming a method ("*/*",
// "~1pets/GET", "pets/GET") into the methodSettings key ("pets/GET").
func methodSettingKey(segs []string) string {
	return strings.TrimPrefix(unescapePointer(strings.Join(segs, "/")), "/")
}

// patchMethodSettings handles "/{resource_path}/{http_method}/{area}/{setting}"
// and "remove /{resource_path}/{http_method}".
func patchMethodSettings(st *apigw.Stage, po apigw.PatchOperation) (bool, error) {
	segs := strings.Split(strings.TrimPrefix(po.Path, "/"), "/")
	if st.MethodSettings == nil {
		st.MethodSettings = map[string]apigw.MethodSetting{}
	}
	if po.Op == "remove" && len(segs) >= 2 {
		key := methodSettingKey(segs)
		if _, ok := st.MethodSettings[key]; ok {
			delete(st.MethodSettings, key)
			return true, nil
		}
	}
	if po.Op != "replace" || len(segs) < 4 {
		return false, nil
	}
	set, ok := methodSettingFields[strings.Join(segs[len(segs)-2:], "/")]
	if !ok {
		return false, nil
	}
	key := methodSettingKey(segs[:len(segs)-2])
	verb := key[strings.LastIndex(key, "/")+1:]
	if verb != "*" && !apigw.In(verb, apigw.HTTPMethods) {
		return false, nil
	}
	ms, ok := st.MethodSettings[key]
	if !ok {
		if all, ok := st.MethodSettings["*/*"]; ok {
			ms = all
		} else {
			ms = apigw.DefaultMethodSetting()
		}
	}
	if err := set(&ms, patchValue{op: po}); err != nil {
		return true, err
	}
	st.MethodSettings[key] = ms
	return true, nil
}

func (h *Handler) updateStage(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateStageInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Stage
	err = h.update(r, func(d *store.APIDoc) error {
		st, err := getStage(d, r)
		if err != nil {
			return err
		}
		if err := applyPatch(st, ops, stageRules(d), patchMethodSettings); err != nil {
			return err
		}
		if err := validateStage(d, st); err != nil {
			return err
		}
		st.LastUpdatedDate = apigw.Now()
		out = stageOut(*st)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteStage(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		st, err := getStage(d, r)
		if err != nil {
			return err
		}
		delete(d.Stages, st.StageName)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
