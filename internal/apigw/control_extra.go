package apigw

// Enumerations in the order AWS's management API prints them in its error
// messages (recorded from real AWS in LocalStack's snapshot tests,
// tests/aws/services/apigateway/test_apigateway_api.snapshot.json). The
// members are the same as the canonical lists above; only the order differs.
var (
	// HTTPMethodsWireOrder: "Invalid HttpMethod specified. Valid options are ...".
	HTTPMethodsWireOrder = []string{"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"}
	// IntegrationTypesWireOrder: the putIntegrationInput.type validation error.
	IntegrationTypesWireOrder = []string{IntegrationTypeHTTP, IntegrationTypeMock, IntegrationTypeAWSProxy, IntegrationTypeHTTPProxy, IntegrationTypeAWS}
	// EndpointTypesWireOrder: the createRestApiInput.endpointConfiguration.types validation error.
	EndpointTypesWireOrder = []string{EndpointTypePrivate, EndpointTypeEdge, EndpointTypeRegional}
	// EndpointTypesPatchOrder: "Invalid EndpointTypes specified. Valid options are ...".
	EndpointTypesPatchOrder = []string{EndpointTypeRegional, EndpointTypeEdge, EndpointTypePrivate}
	// PatchOpsWireOrder: the patchOperations.N.member.op validation error.
	PatchOpsWireOrder = []string{"add", "remove", "move", "test", "replace", "copy"}
)
