package apigw

// AWS API Gateway (REST v1) wire structures, shared by the gateway (which
// stores and serves them) and anything that needs the exact JSON shapes.
// Field names are AWS's JSON names; optional fields are omitted when unset,
// as AWS does.

import (
	"encoding/json"
	"strconv"
	"time"
)

// EpochSeconds is a timestamp AWS's REST-JSON protocol writes as a number of
// seconds since the Unix epoch.
type EpochSeconds int64

// Now returns the current time as EpochSeconds.
func Now() EpochSeconds { return EpochSeconds(time.Now().Unix()) }

// Time converts to time.Time (UTC).
func (e EpochSeconds) Time() time.Time { return time.Unix(int64(e), 0).UTC() }

// MarshalJSON writes the number of seconds.
func (e EpochSeconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(e), 10), nil
}

// UnmarshalJSON accepts an integer or fractional number of seconds.
func (e *EpochSeconds) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*e = EpochSeconds(int64(f))
	return nil
}

// EndpointConfiguration of a RestApi.
type EndpointConfiguration struct {
	Types          []string `json:"types,omitempty"`
	IPAddressType  string   `json:"ipAddressType,omitempty"`
	VpcEndpointIds []string `json:"vpcEndpointIds,omitempty"`
}

// RestApi is a REST API (GetRestApi output).
type RestApi struct {
	ID                        string                 `json:"id"`
	Name                      string                 `json:"name"`
	Description               string                 `json:"description,omitempty"`
	CreatedDate               EpochSeconds           `json:"createdDate"`
	Version                   string                 `json:"version,omitempty"`
	Warnings                  []string               `json:"warnings,omitempty"`
	BinaryMediaTypes          []string               `json:"binaryMediaTypes,omitempty"`
	MinimumCompressionSize    *int32                 `json:"minimumCompressionSize,omitempty"`
	APIKeySource              string                 `json:"apiKeySource,omitempty"`
	EndpointConfiguration     *EndpointConfiguration `json:"endpointConfiguration,omitempty"`
	Policy                    string                 `json:"policy,omitempty"`
	Tags                      map[string]string      `json:"tags,omitempty"`
	DisableExecuteAPIEndpoint bool                   `json:"disableExecuteApiEndpoint"`
	RootResourceID            string                 `json:"rootResourceId,omitempty"`
}

// Resource is an API resource (a path). ResourceMethods is only filled in
// outputs when methods are embedded.
type Resource struct {
	ID              string             `json:"id"`
	ParentID        string             `json:"parentId,omitempty"`
	PathPart        string             `json:"pathPart,omitempty"`
	Path            string             `json:"path"`
	ResourceMethods map[string]*Method `json:"resourceMethods,omitempty"`
}

// Method is a resource's method.
type Method struct {
	HTTPMethod          string                     `json:"httpMethod"`
	AuthorizationType   string                     `json:"authorizationType,omitempty"`
	AuthorizerID        string                     `json:"authorizerId,omitempty"`
	APIKeyRequired      bool                       `json:"apiKeyRequired"`
	RequestValidatorID  string                     `json:"requestValidatorId,omitempty"`
	OperationName       string                     `json:"operationName,omitempty"`
	RequestParameters   map[string]bool            `json:"requestParameters,omitempty"`
	RequestModels       map[string]string          `json:"requestModels,omitempty"`
	AuthorizationScopes []string                   `json:"authorizationScopes,omitempty"`
	MethodResponses     map[string]*MethodResponse `json:"methodResponses,omitempty"`
	MethodIntegration   *Integration               `json:"methodIntegration,omitempty"`
}

// MethodResponse is a method response for one status code.
type MethodResponse struct {
	StatusCode         string            `json:"statusCode"`
	ResponseParameters map[string]bool   `json:"responseParameters,omitempty"`
	ResponseModels     map[string]string `json:"responseModels,omitempty"`
}

// TlsConfig of an HTTP integration.
type TlsConfig struct {
	InsecureSkipVerification bool `json:"insecureSkipVerification"`
}

// Integration is a method's integration. CacheKeyParameters is always
// written (AWS returns [] when empty).
type Integration struct {
	Type                 string                          `json:"type"`
	HTTPMethod           string                          `json:"httpMethod,omitempty"`
	URI                  string                          `json:"uri,omitempty"`
	ConnectionType       string                          `json:"connectionType,omitempty"`
	ConnectionID         string                          `json:"connectionId,omitempty"`
	Credentials          string                          `json:"credentials,omitempty"`
	RequestParameters    map[string]string               `json:"requestParameters,omitempty"`
	RequestTemplates     map[string]string               `json:"requestTemplates,omitempty"`
	PassthroughBehavior  string                          `json:"passthroughBehavior,omitempty"`
	ContentHandling      string                          `json:"contentHandling,omitempty"`
	TimeoutInMillis      int32                           `json:"timeoutInMillis"`
	CacheNamespace       string                          `json:"cacheNamespace,omitempty"`
	CacheKeyParameters   []string                        `json:"cacheKeyParameters"`
	IntegrationResponses map[string]*IntegrationResponse `json:"integrationResponses,omitempty"`
	TLSConfig            *TlsConfig                      `json:"tlsConfig,omitempty"`
	ResponseTransferMode string                          `json:"responseTransferMode,omitempty"`
	IntegrationTarget    string                          `json:"integrationTarget,omitempty"`
}

// IntegrationResponse maps a backend response to a method response.
type IntegrationResponse struct {
	StatusCode         string            `json:"statusCode"`
	SelectionPattern   *string           `json:"selectionPattern,omitempty"`
	ResponseParameters map[string]string `json:"responseParameters,omitempty"`
	ResponseTemplates  map[string]string `json:"responseTemplates,omitempty"`
	ContentHandling    string            `json:"contentHandling,omitempty"`
}

// Model is a data schema of a REST API.
type Model struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Schema      string `json:"schema,omitempty"`
	ContentType string `json:"contentType,omitempty"`
}

// MethodSnapshot is a method's summary inside a deployment's apiSummary.
type MethodSnapshot struct {
	AuthorizationType string `json:"authorizationType,omitempty"`
	APIKeyRequired    bool   `json:"apiKeyRequired"`
}

// Deployment is a frozen deployment of a REST API.
type Deployment struct {
	ID          string                               `json:"id"`
	Description string                               `json:"description,omitempty"`
	CreatedDate EpochSeconds                         `json:"createdDate"`
	APISummary  map[string]map[string]MethodSnapshot `json:"apiSummary,omitempty"`
}

// AccessLogSettings of a stage.
type AccessLogSettings struct {
	Format         string `json:"format,omitempty"`
	DestinationArn string `json:"destinationArn,omitempty"`
}

// CanarySettings of a stage.
type CanarySettings struct {
	PercentTraffic         float64           `json:"percentTraffic"`
	DeploymentID           string            `json:"deploymentId,omitempty"`
	StageVariableOverrides map[string]string `json:"stageVariableOverrides,omitempty"`
	UseStageCache          bool              `json:"useStageCache"`
}

// DeploymentCanarySettings is the canary input of CreateDeployment.
type DeploymentCanarySettings struct {
	PercentTraffic         float64           `json:"percentTraffic"`
	StageVariableOverrides map[string]string `json:"stageVariableOverrides,omitempty"`
	UseStageCache          bool              `json:"useStageCache"`
}

// MethodSetting is one entry of a stage's methodSettings, keyed by
// "{resource_path}/{http_method}" (e.g. "*/*").
type MethodSetting struct {
	MetricsEnabled                         bool    `json:"metricsEnabled"`
	LoggingLevel                           string  `json:"loggingLevel,omitempty"`
	DataTraceEnabled                       bool    `json:"dataTraceEnabled"`
	ThrottlingBurstLimit                   int32   `json:"throttlingBurstLimit"`
	ThrottlingRateLimit                    float64 `json:"throttlingRateLimit"`
	CachingEnabled                         bool    `json:"cachingEnabled"`
	CacheTTLInSeconds                      int32   `json:"cacheTtlInSeconds"`
	CacheDataEncrypted                     bool    `json:"cacheDataEncrypted"`
	RequireAuthorizationForCacheControl    bool    `json:"requireAuthorizationForCacheControl"`
	UnauthorizedCacheControlHeaderStrategy string  `json:"unauthorizedCacheControlHeaderStrategy,omitempty"`
}

// DefaultMethodSetting is what AWS reports for a methodSettings entry
// created by a patch that sets only one of its fields.
func DefaultMethodSetting() MethodSetting {
	return MethodSetting{
		LoggingLevel:                           "OFF",
		ThrottlingBurstLimit:                   5000,
		ThrottlingRateLimit:                    10000,
		CacheTTLInSeconds:                      300,
		CacheDataEncrypted:                     false,
		RequireAuthorizationForCacheControl:    true,
		UnauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
	}
}

// Stage is a named reference to a deployment.
type Stage struct {
	DeploymentID         string                   `json:"deploymentId,omitempty"`
	ClientCertificateID  string                   `json:"clientCertificateId,omitempty"`
	StageName            string                   `json:"stageName"`
	Description          string                   `json:"description,omitempty"`
	CacheClusterEnabled  bool                     `json:"cacheClusterEnabled"`
	CacheClusterSize     string                   `json:"cacheClusterSize,omitempty"`
	CacheClusterStatus   string                   `json:"cacheClusterStatus,omitempty"`
	MethodSettings       map[string]MethodSetting `json:"methodSettings"`
	Variables            map[string]string        `json:"variables,omitempty"`
	DocumentationVersion string                   `json:"documentationVersion,omitempty"`
	AccessLogSettings    *AccessLogSettings       `json:"accessLogSettings,omitempty"`
	CanarySettings       *CanarySettings          `json:"canarySettings,omitempty"`
	TracingEnabled       bool                     `json:"tracingEnabled"`
	WebACLArn            string                   `json:"webAclArn,omitempty"`
	Tags                 map[string]string        `json:"tags,omitempty"`
	CreatedDate          EpochSeconds             `json:"createdDate"`
	LastUpdatedDate      EpochSeconds             `json:"lastUpdatedDate"`
}

// PatchOperation is one entry of an Update* request's patchOperations.
type PatchOperation struct {
	Op    string  `json:"op"`
	Path  string  `json:"path"`
	Value *string `json:"value,omitempty"`
	From  string  `json:"from,omitempty"`
}

// List is AWS's paged collection shape: {"item": [...], "position": "..."}.
type List[T any] struct {
	Item     []T    `json:"item"`
	Position string `json:"position,omitempty"`
}
