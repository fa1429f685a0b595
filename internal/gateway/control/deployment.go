package control

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/portico/portico/internal/apigw"
	"github.com/portico/portico/internal/gateway/store"
)

const msgBadDeployment = "Invalid Deployment identifier specified"

type createDeploymentInput struct {
	StageName           string                          `json:"stageName"`
	StageDescription    string                          `json:"stageDescription"`
	Description         string                          `json:"description"`
	CacheClusterEnabled *bool                           `json:"cacheClusterEnabled"`
	CacheClusterSize    string                          `json:"cacheClusterSize"`
	Variables           map[string]string               `json:"variables"`
	CanarySettings      *apigw.DeploymentCanarySettings `json:"canarySettings"`
	TracingEnabled      *bool                           `json:"tracingEnabled"`
}

func apiSummary(resources map[string]*apigw.Resource) map[string]map[string]apigw.MethodSnapshot {
	out := map[string]map[string]apigw.MethodSnapshot{}
	for _, res := range resources {
		for verb, m := range res.ResourceMethods {
			if out[res.Path] == nil {
				out[res.Path] = map[string]apigw.MethodSnapshot{}
			}
			out[res.Path][verb] = apigw.MethodSnapshot{AuthorizationType: m.AuthorizationType, APIKeyRequired: m.APIKeyRequired}
		}
	}
	return out
}

func (h *Handler) createDeployment(r *http.Request) (int, any, error) {
	var in createDeploymentInput
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if in.StageName != "" {
		if err := apigw.ValidateStageName(in.StageName); err != nil {
			return 0, nil, badRequest("%s", err.Error())
		}
	}
	if err := apigw.ValidateStageVariables(in.Variables); err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	if in.CacheClusterSize != "" && !apigw.In(in.CacheClusterSize, apigw.CacheClusterSizes) {
		return 0, nil, badRequest("%s", apigw.EnumError("createDeploymentInput.cacheClusterSize", in.CacheClusterSize, apigw.CacheClusterSizes))
	}
	var out apigw.Deployment
	err := h.update(r, func(d *store.APIDoc) error {
		methods := 0
		for _, res := range d.Resources {
			for _, m := range res.ResourceMethods {
				methods++
				if m.MethodIntegration == nil {
					return badRequest("No integration defined for method")
				}
			}
		}
		if methods == 0 {
			return badRequest("The REST API doesn't contain any methods")
		}
		if in.CanarySettings != nil {
			if st, ok := d.Stages[in.StageName]; !ok || in.StageName == "" || st == nil {
				return badRequest("Invalid deployment content specified.CanarySettings should be specified only if the stage already exists")
			}
		}
		now := apigw.Now()
		dep := &store.DeploymentDoc{
			Deployment: apigw.Deployment{ID: apigw.NewID(), Description: in.Description, CreatedDate: now},
			Snapshot: store.Snapshot{
				API:       store.DeepCopy(d.API),
				Resources: store.DeepCopy(d.Resources),
				Models:    store.DeepCopy(d.Models),

				Authorizers:       store.DeepCopy(d.Authorizers),
				RequestValidators: store.DeepCopy(d.RequestValidators),
				GatewayResponses:  store.DeepCopy(d.GatewayResponses),
			},
		}
		dep.Deployment.APISummary = apiSummary(dep.Snapshot.Resources)
		d.Deployments[dep.Deployment.ID] = dep
		if in.StageName != "" {
			st, ok := d.Stage(in.StageName)
			if !ok {
				st = &apigw.Stage{StageName: in.StageName, CreatedDate: now, MethodSettings: map[string]apigw.MethodSetting{}, Description: in.StageDescription}
				d.Stages[in.StageName] = st
			} else if in.StageDescription != "" {
				st.Description = in.StageDescription
			}
			if in.CanarySettings != nil {
				st.CanarySettings = &apigw.CanarySettings{
					DeploymentID:           dep.Deployment.ID,
					PercentTraffic:         in.CanarySettings.PercentTraffic,
					StageVariableOverrides: nilIfEmpty(in.CanarySettings.StageVariableOverrides),
					UseStageCache:          in.CanarySettings.UseStageCache,
				}
			} else {
				st.DeploymentID = dep.Deployment.ID
			}
			if len(in.Variables) > 0 {
				if st.Variables == nil {
					st.Variables = map[string]string{}
				}
				for k, v := range in.Variables {
					st.Variables[k] = v
				}
			}
			if in.CacheClusterEnabled != nil {
				setCacheCluster(st, *in.CacheClusterEnabled)
			}
			if in.CacheClusterSize != "" {
				st.CacheClusterSize = in.CacheClusterSize
			}
			if in.TracingEnabled != nil {
				st.TracingEnabled = *in.TracingEnabled
			}
			st.LastUpdatedDate = now
		}
		out = dep.Deployment
		out.APISummary = nil
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

func getDeployment(d *store.APIDoc, r *http.Request) (*store.DeploymentDoc, error) {
	dep, ok := d.Deployment(r.PathValue("deployment_id"))
	if !ok {
		return nil, notFound(msgBadDeployment)
	}
	return dep, nil
}

func deploymentOut(r *http.Request, dep apigw.Deployment) apigw.Deployment {
	if !embeds(r, "apisummary") {
		dep.APISummary = nil
	}
	return dep
}

func (h *Handler) getDeployment(r *http.Request) (int, any, error) {
	var out apigw.Deployment
	err := h.view(r, func(d *store.APIDoc) error {
		dep, err := getDeployment(d, r)
		if err != nil {
			return err
		}
		out = deploymentOut(r, dep.Deployment)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getDeployments(r *http.Request) (int, any, error) {
	var items []apigw.Deployment
	err := h.view(r, func(d *store.APIDoc) error {
		for _, dep := range d.Deployments {
			items = append(items, deploymentOut(r, dep.Deployment))
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	key := func(dep apigw.Deployment) string { return seqKey(dep.CreatedDate) + "\x00" + dep.ID }
	slices.SortFunc(items, func(a, b apigw.Deployment) int { return cmp.Compare(key(a), key(b)) })
	out, err := page(r, items, key)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

var deploymentRules = []rule[apigw.Deployment]{
	{"/description", "replace", func(dep *apigw.Deployment, v patchValue) error { dep.Description = v.str(); return nil }},
}

func (h *Handler) updateDeployment(r *http.Request) (int, any, error) {
	ops, err := decodePatch(r, "updateDeploymentInput")
	if err != nil {
		return 0, nil, err
	}
	var out apigw.Deployment
	err = h.update(r, func(d *store.APIDoc) error {
		dep, err := getDeployment(d, r)
		if err != nil {
			return err
		}
		if err := applyPatch(&dep.Deployment, ops, deploymentRules, nil); err != nil {
			return err
		}
		out = deploymentOut(r, dep.Deployment)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func (h *Handler) deleteDeployment(r *http.Request) (int, any, error) {
	err := h.update(r, func(d *store.APIDoc) error {
		dep, err := getDeployment(d, r)
		if err != nil {
			return err
		}
		for _, st := range d.Stages {
			if st.DeploymentID == dep.Deployment.ID || (st.CanarySettings != nil && st.CanarySettings.DeploymentID == dep.Deployment.ID) {
				return badRequest("Active stages pointing to this deployment must be moved or deleted")
			}
		}
		delete(d.Deployments, dep.Deployment.ID)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, nil, nil
}
