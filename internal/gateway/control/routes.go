package control

func (h *Handler) routes() {
	const api = "/restapis/{restapi_id}"
	const res = api + "/resources/{resource_id}"
	const meth = res + "/methods/{http_method}"

	h.handle("POST /restapis", h.createRestAPI)
	h.handle("GET /restapis", h.getRestAPIs)
	h.handle("GET "+api, h.getRestAPI)
	h.handle("PATCH "+api, h.updateRestAPI)
	h.handle("DELETE "+api, h.deleteRestAPI)

	h.handle("GET "+api+"/resources", h.getResources)
	h.handle("POST "+res, h.createResource) // resource_id is the parent
	h.handle("GET "+res, h.getResource)
	h.handle("PATCH "+res, h.updateResource)
	h.handle("DELETE "+res, h.deleteResource)

	h.handle("PUT "+meth, resourceScoped(h.putMethod))
	h.handle("GET "+meth, resourceScoped(h.getMethod))
	h.handle("PATCH "+meth, resourceScoped(h.updateMethod))
	h.handle("DELETE "+meth, resourceScoped(h.deleteMethod))

	h.handle("PUT "+meth+"/responses/{status_code}", resourceScoped(h.putMethodResponse))
	h.handle("GET "+meth+"/responses/{status_code}", resourceScoped(statusScoped(h.getMethodResponse)))
	h.handle("PATCH "+meth+"/responses/{status_code}", resourceScoped(h.updateMethodResponse))
	h.handle("DELETE "+meth+"/responses/{status_code}", resourceScoped(statusScoped(h.deleteMethodResponse)))

	h.handle("PUT "+meth+"/integration", resourceScoped(h.putIntegration))
	h.handle("GET "+meth+"/integration", resourceScoped(h.getIntegration))
	h.handle("PATCH "+meth+"/integration", resourceScoped(h.updateIntegration))
	h.handle("DELETE "+meth+"/integration", resourceScoped(h.deleteIntegration))

	h.handle("PUT "+meth+"/integration/responses/{status_code}", resourceScoped(h.putIntegrationResponse))
	h.handle("GET "+meth+"/integration/responses/{status_code}", resourceScoped(statusScoped(h.getIntegrationResponse)))
	h.handle("PATCH "+meth+"/integration/responses/{status_code}", resourceScoped(h.updateIntegrationResponse))
	h.handle("DELETE "+meth+"/integration/responses/{status_code}", resourceScoped(statusScoped(h.deleteIntegrationResponse)))

	h.handle("POST "+api+"/models", h.createModel)
	h.handle("GET "+api+"/models", h.getModels)
	h.handle("GET "+api+"/models/{model_name}", h.getModel)
	h.handle("PATCH "+api+"/models/{model_name}", h.updateModel)
	h.handle("DELETE "+api+"/models/{model_name}", h.deleteModel)

	h.handle("POST "+api+"/deployments", h.createDeployment)
	h.handle("GET "+api+"/deployments", h.getDeployments)
	h.handle("GET "+api+"/deployments/{deployment_id}", h.getDeployment)
	h.handle("PATCH "+api+"/deployments/{deployment_id}", h.updateDeployment)
	h.handle("DELETE "+api+"/deployments/{deployment_id}", h.deleteDeployment)

	h.handle("POST "+api+"/stages", h.createStage)
	h.handle("GET "+api+"/stages", h.getStages)
	h.handle("GET "+api+"/stages/{stage_name}", h.getStage)
	h.handle("PATCH "+api+"/stages/{stage_name}", h.updateStage)
	h.handle("DELETE "+api+"/stages/{stage_name}", h.deleteStage)

	h.handle("POST "+api+"/authorizers", h.createAuthorizer)
	h.handle("GET "+api+"/authorizers", h.getAuthorizers)
	h.handle("GET "+api+"/authorizers/{authorizer_id}", h.getAuthorizer)
	h.handle("PATCH "+api+"/authorizers/{authorizer_id}", h.updateAuthorizer)
	h.handle("DELETE "+api+"/authorizers/{authorizer_id}", h.deleteAuthorizer)

	h.handle("POST "+api+"/requestvalidators", h.createRequestValidator)
	h.handle("GET "+api+"/requestvalidators", h.getRequestValidators)
	h.handle("GET "+api+"/requestvalidators/{validator_id}", h.getRequestValidator)
	h.handle("PATCH "+api+"/requestvalidators/{validator_id}", h.updateRequestValidator)
	h.handle("DELETE "+api+"/requestvalidators/{validator_id}", h.deleteRequestValidator)
	h.handle("GET "+api+"/gatewayresponses", h.getGatewayResponses)
	h.handle("PUT "+api+"/gatewayresponses/{response_type}", h.putGatewayResponse)
	h.handle("GET "+api+"/gatewayresponses/{response_type}", h.getGatewayResponse)
	h.handle("PATCH "+api+"/gatewayresponses/{response_type}", h.updateGatewayResponse)
	h.handle("DELETE "+api+"/gatewayresponses/{response_type}", h.deleteGatewayResponse)

	h.handle("POST /apikeys", h.apiKeysPost) // CreateApiKey, or ImportApiKeys with ?mode=import
	h.handle("GET /apikeys", h.getAPIKeys)
	h.handle("GET /apikeys/{api_key}", h.getAPIKey)
	h.handle("PATCH /apikeys/{api_key}", h.updateAPIKey)
	h.handle("DELETE /apikeys/{api_key}", h.deleteAPIKey)
	h.handle("POST /usageplans", h.createUsagePlan)
	h.handle("GET /usageplans", h.getUsagePlans)
	h.handle("GET /usageplans/{usageplan_id}", h.getUsagePlan)
	h.handle("PATCH /usageplans/{usageplan_id}", h.updateUsagePlan)
	h.handle("DELETE /usageplans/{usageplan_id}", h.deleteUsagePlan)
	h.handle("POST /usageplans/{usageplan_id}/keys", h.createUsagePlanKey)
	h.handle("GET /usageplans/{usageplan_id}/keys", h.getUsagePlanKeys)
	h.handle("GET /usageplans/{usageplan_id}/keys/{key_id}", h.getUsagePlanKey)
	h.handle("DELETE /usageplans/{usageplan_id}/keys/{key_id}", h.deleteUsagePlanKey)
	h.handle("GET /usageplans/{usageplan_id}/usage", h.getUsage)
	h.handle("PATCH /usageplans/{usageplan_id}/keys/{key_id}/usage", h.updateUsage)
	h.handle("GET /account", h.getAccount)
	h.handle("PATCH /account", h.updateAccount)

	h.handle("GET /tags/{resource_arn...}", h.getTags)
	h.handle("PUT /tags/{resource_arn...}", h.tagResource)
	h.handle("DELETE /tags/{resource_arn...}", h.untagResource)
}
