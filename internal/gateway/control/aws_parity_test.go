package control_test

// Parity with answers recorded from real AWS.
//
// Every case names the snapshot it checks: LocalStack's test suite records
// real API Gateway responses in *.snapshot.json next to its tests (repository
// localstack/localstack):
//
//	API  = tests/aws/services/apigateway/test_apigateway_api.snapshot.json
//	INT  = tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json
//
// and the test name inside it (e.g. TestApiGatewayApiMethod::test_put_method_validation
// "wrong-method"). The requests are those of the matching test_*.py. Ids,
// dates and names are placeholders in the snapshots; the account id there is
// 111111111111, Portico's is 000000000000.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// parity is one gateway shared by the cases; each case makes its own API.
type parity struct {
	t        *testing.T
	c        *apigateway.Client
	endpoint string
	ctx      context.Context
}

func newParity(t *testing.T) *parity {
	endpoint := gatewaytest.Start(t)
	return &parity{t: t, c: gatewaytest.NewClient(endpoint), endpoint: endpoint, ctx: context.Background()}
}

// api creates a REST API and returns its id and root resource id.
func (p *parity) api(t *testing.T) (string, string) {
	t.Helper()
	out := must(p.c.CreateRestApi(p.ctx, &apigateway.CreateRestApiInput{Name: aws.String("parity")}))(t)
	return *out.Id, *out.RootResourceId
}

func (p *parity) resource(t *testing.T, api, parent, part string) string {
	t.Helper()
	out := must(p.c.CreateResource(p.ctx, &apigateway.CreateResourceInput{RestApiId: &api, ParentId: &parent, PathPart: &part}))(t)
	return *out.Id
}

func (p *parity) method(t *testing.T, api, res, verb string) {
	t.Helper()
	must(p.c.PutMethod(p.ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &res, HttpMethod: &verb, AuthorizationType: aws.String("NONE")}))(t)
}

func (p *parity) mock(t *testing.T, api, res, verb string) {
	t.Helper()
	must(p.c.PutIntegration(p.ctx, &apigateway.PutIntegrationInput{RestApiId: &api, ResourceId: &res, HttpMethod: &verb, Type: types.IntegrationTypeMock,
		RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`}}))(t)
}

// raw sends a signed request with a JSON body (nil for none) and returns the
// status and the decoded JSON answer (nil if empty).
func (p *parity) raw(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if s, ok := body.(string); ok {
			b = []byte(s)
		} else if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequestWithContext(p.ctx, method, p.endpoint+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(b)
	signer := v4.NewSigner()
	creds := aws.Credentials{AccessKeyID: gatewaytest.AccessKeyID, SecretAccessKey: gatewaytest.SecretAccessKey}
	if err := signer.SignHTTP(p.ctx, creds, req, hex.EncodeToString(sum[:]), "apigateway", gatewaytest.Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(bytes.TrimSpace(rb)) == 0 {
		return resp.StatusCode, nil
	}
	var out map[string]any
	if err := json.Unmarshal(rb, &out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %s", method, path, rb)
	}
	if et := resp.Header.Get("X-Amzn-ErrorType"); et != "" {
		out["__type"] = et
	}
	return resp.StatusCode, out
}

// keys asserts obj has exactly the given members (AWS's field set).
func keys(t *testing.T, what string, obj map[string]any, want ...string) {
	t.Helper()
	got := make([]string, 0, len(obj))
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s members = %v, want %v (AWS)", what, got, want)
	}
}

// eq asserts obj[key] JSON-encodes as want.
func eq(t *testing.T, what string, obj map[string]any, key, want string) {
	t.Helper()
	b, _ := json.Marshal(obj[key])
	if string(b) != want {
		t.Errorf("%s.%s = %s, want %s (AWS)", what, key, b, want)
	}
}

type parityErr struct {
	name   string // snapshot test :: recorded key
	call   func(t *testing.T, p *parity) error
	status int
	code   string
	msg    string // "" = any
}

func TestAWSParityErrors(t *testing.T) {
	p := newParity(t)
	ctx := p.ctx
	c := p.c
	str := aws.String
	op := func(o, path, value string) types.PatchOperation {
		po := types.PatchOperation{Op: types.Op(o), Path: str(path)}
		if value != "" {
			po.Value = str(value)
		}
		return po
	}
	updAPI := func(t *testing.T, ops ...types.PatchOperation) error {
		api, _ := p.api(t)
		_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: &api, PatchOperations: ops})
		return err
	}
	createAPI := func(in apigateway.CreateRestApiInput) error {
		if in.Name == nil {
			in.Name = str("parity")
		}
		_, err := c.CreateRestApi(ctx, &in)
		return err
	}
	ec := func(ip string, ts ...string) *types.EndpointConfiguration {
		e := &types.EndpointConfiguration{IpAddressType: types.IpAddressType(ip)}
		if ts != nil {
			e.Types = []types.EndpointType{}
			for _, x := range ts {
				e.Types = append(e.Types, types.EndpointType(x))
			}
		}
		return e
	}
	updMethod := func(t *testing.T, ops ...types.PatchOperation) error {
		api, root := p.api(t)
		p.method(t, api, root, "ANY")
		_, err := c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), PatchOperations: ops})
		return err
	}
	updMethodResponse := func(t *testing.T, status string, ops ...types.PatchOperation) error {
		api, root := p.api(t)
		p.method(t, api, root, "GET")
		must(c.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("200"),
			ResponseParameters: map[string]bool{"method.response.header.my-header": true}, ResponseModels: map[string]string{"application/json": "Empty"}}))(t)
		_, err := c.UpdateMethodResponse(ctx, &apigateway.UpdateMethodResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: &status, PatchOperations: ops})
		return err
	}
	const wrongOp = "1 validation error detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
	const badStatus = "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"
	const noAuthorizer = "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."

	cases := []parityErr{
		// --- RestApi (API) ---
		{"TestApiGatewayApiRestApi::test_get_api_case_insensitive get-api-upper-case", func(t *testing.T, p *parity) error {
			_, err := c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: str("NOSUCHAPI")})
			return err
		}, 404, "NotFoundException", "Invalid API identifier specified 000000000000:NOSUCHAPI"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_invalid_api_id not-found-update-rest-api", func(t *testing.T, p *parity) error {
			_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: str("api_id"), PatchOperations: []types.PatchOperation{op("replace", "/description", "x")}})
			return err
		}, 404, "NotFoundException", "Invalid API identifier specified 000000000000:api_id"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_optional_params create-empty-desc", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{Description: str("")})
		}, 400, "BadRequestException", "Description cannot be an empty string"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_compression set-negative-compression", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/minimumCompressionSize", "-1"))
		}, 400, "BadRequestException", "Invalid minimum compression size, must be between 0 and 10485760"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_compression set-string-compression", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/minimumCompressionSize", "fail"))
		}, 400, "BadRequestException", "Invalid minimum compression size, must be between 0 and 10485760"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_compression unsupported-operation", func(t *testing.T, p *parity) error {
			return updAPI(t, op("add", "/minimumCompressionSize", "10"))
		}, 400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_behaviour update-rest-api-replace-base-path", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/binaryMediaTypes", "image/png"))
		}, 400, "BadRequestException", "Invalid patch path /binaryMediaTypes"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-empty-types", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("", []string{}...)})
		}, 400, "BadRequestException", "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED."},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-invalid-ip-address-type", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("wrong", "EDGE")})
		}, 400, "ValidationException", "1 validation error detected: Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-invalid-types", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("", "wrong")})
		}, 400, "ValidationException", "1 validation error detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-invalid-ip-address-type-and-types", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("wrong", "wrong")})
		}, 400, "ValidationException", "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-multiple-errors-2", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{Description: str(""), EndpointConfiguration: ec("ipv4", "EDGE", "REGIONAL")})
		}, 400, "BadRequestException", "Description cannot be an empty string"},
		{"TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration create-with-two-types", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("", "EDGE", "REGIONAL")})
		}, 400, "BadRequestException", "Cannot create an api with multiple Endpoint Types."},
		{"TestApiGatewayApiRestApi::test_create_rest_api_private_type create-with-private-type-and-ipv4-ip-address-type", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{EndpointConfiguration: ec("ipv4", "PRIVATE")})
		}, 400, "BadRequestException", "Only dualstack ipAddressType is supported for Private APIs."},
		{"TestApiGatewayApiRestApi::test_create_rest_api_private_type ...-and-empty-description", func(t *testing.T, p *parity) error {
			return createAPI(apigateway.CreateRestApiInput{Description: str(""), EndpointConfiguration: ec("ipv4", "PRIVATE")})
		}, 400, "BadRequestException", "Description cannot be an empty string"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type update-rest-api-wrong-ipAddressType", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/endpointConfiguration/ipAddressType", "wrong"))
		}, 400, "BadRequestException", "ipAddressType must be either ipv4 or dualstack."},
		{"TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type update-rest-api-wrong-type", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/endpointConfiguration/types/EDGE", "wrong"))
		}, 400, "BadRequestException", "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type update-rest-api-replace-to-ipv4-within-private-type", func(t *testing.T, p *parity) error {
			return updAPI(t, op("replace", "/endpointConfiguration/types/EDGE", "PRIVATE"), op("replace", "/endpointConfiguration/ipAddressType", "ipv4"))
		}, 400, "BadRequestException", "Only dualstack ipAddressType is supported for Private APIs."},
		{"TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type update-rest-api-invalid-operation-on-ipAddressType", func(t *testing.T, p *parity) error {
			return updAPI(t, op("add", "/endpointConfiguration/ipAddressType", "ipv4"))
		}, 400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]"},
		{"TestApiGatewayApiRestApi::test_update_rest_api_concatenation_of_errors update-rest-api-wrong-operations-on-ipAddressType", func(t *testing.T, p *parity) error {
			return updAPI(t, op("wrong", "/endpointConfiguration/ipAddressType", "ipv4"), op("wrong", "/endpointConfiguration/ipAddressType", "dualstack"))
		}, 400, "ValidationException", "2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"},

		// --- Resource (API) ---
		{"TestApiGatewayApiResource::test_update_resource_behaviour nonexistent-resource", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: str("nonexistent"), PatchOperations: []types.PatchOperation{op("replace", "/pathPart", "x")}})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiResource::test_update_resource_behaviour invalid-path-part", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			res := p.resource(t, api, root, "pets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &res, PatchOperations: []types.PatchOperation{op("replace", "/invalid", "x")}})
			return err
		}, 400, "BadRequestException", "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]"},
		{"TestApiGatewayApiResource::test_update_resource_behaviour invalid-parent-id", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			res := p.resource(t, api, root, "pets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &res, PatchOperations: []types.PatchOperation{op("replace", "/parentId", "wrong-id")}})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiResource::test_update_resource_behaviour update-parent-id-to-subresource-id", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			pets := p.resource(t, api, root, "pets")
			sub := p.resource(t, api, pets, "subpets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &pets, PatchOperations: []types.PatchOperation{op("replace", "/parentId", sub)}})
			return err
		}, 400, "BadRequestException", "Resources cannot be cyclical."},
		{"TestApiGatewayApiResource::test_update_resource_behaviour existing-future-sibling-path", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			pets := p.resource(t, api, root, "pets")
			sub := p.resource(t, api, pets, "subpets")
			p.resource(t, api, sub, "pets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &sub, PatchOperations: []types.PatchOperation{op("replace", "/parentId", root)}})
			if err != nil {
				return err
			}
			// /subpets now sits beside /pets; its child pets cannot move to root.
			child := ""
			items := must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &api}))(t)
			for _, r := range items.Items {
				if aws.ToString(r.Path) == "/subpets/pets" {
					child = *r.Id
				}
			}
			_, err = c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &child, PatchOperations: []types.PatchOperation{op("replace", "/parentId", root)}})
			return err
		}, 409, "ConflictException", "Another resource with the same parent already has this name: pets"},
		{"TestApiGatewayApiResource::test_update_resource_behaviour remove-unsupported", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			res := p.resource(t, api, root, "pets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &res, PatchOperations: []types.PatchOperation{op("remove", "/pathPart", "")}})
			return err
		}, 400, "BadRequestException", "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations"},
		{"TestApiGatewayApiResource::test_update_resource_on_root update-root-path-part", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &root, PatchOperations: []types.PatchOperation{op("replace", "/pathPart", "x")}})
			return err
		}, 400, "BadRequestException", "Root resource cannot update its pathPart."},
		{"TestApiGatewayApiResource::test_update_resource_on_root update-root-parent", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			res := p.resource(t, api, root, "pets")
			_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &api, ResourceId: &root, PatchOperations: []types.PatchOperation{op("replace", "/parentId", res)}})
			return err
		}, 400, "BadRequestException", "Root resource cannot update its parentId."},
		{"TestApiGatewayApiResource::test_create_resource_parent_invalid wrong-resource-parent-id", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &api, ParentId: str("wrong"), PathPart: str("pets")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiResource::test_create_proxy_resource_validation create-proxy-dynamic-sibling-resource", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.resource(t, api, root, "{proxy+}")
			_, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &api, ParentId: &root, PathPart: str("{dynamic}")})
			return err
		}, 400, "BadRequestException", "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed"},
		{"TestApiGatewayApiResource::test_create_proxy_resource_validation create-proxy-static-child-resource", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			proxy := p.resource(t, api, root, "{proxy+}")
			_, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &api, ParentId: &proxy, PathPart: str("static")})
			return err
		}, 400, "BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}"},

		// --- Method (API) ---
		{"TestApiGatewayApiMethod::test_put_method_validation wrong-api", func(t *testing.T, p *parity) error {
			_, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: str("wrong-api"), ResourceId: &root, HttpMethod: str("WRONG"), AuthorizationType: str("NONE")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiMethod::test_put_method_validation wrong-resource", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: str("fake-resource-id"), HttpMethod: str("WRONG"), AuthorizationType: str("NONE")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiMethod::test_put_method_validation wrong-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("WRONG"), AuthorizationType: str("NONE")})
			return err
		}, 400, "BadRequestException", "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"},
		{"TestApiGatewayApiMethod::test_put_method_validation missing-authorizer-id", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), AuthorizationType: str("CUSTOM")})
			return err
		}, 400, "BadRequestException", noAuthorizer},
		{"TestApiGatewayApiMethod::test_put_method_validation invalid-request-validator", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), AuthorizationType: str("NONE"), RequestValidatorId: str("fake-validator")})
			return err
		}, 400, "BadRequestException", "Invalid Request Validator identifier specified"},
		{"TestApiGatewayApiMethod::test_put_method_validation invalid-model-name", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), AuthorizationType: str("NONE"), RequestModels: map[string]string{"application/json": "petModel"}})
			return err
		}, 400, "BadRequestException", "Invalid model identifier specified: petModel"},
		{"TestApiGatewayApiMethod::test_method_request_parameters req-params-same-name", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), AuthorizationType: str("NONE"),
				RequestParameters: map[string]bool{"method.request.querystring.optional": false, "method.request.header.optional": false}})
			return err
		}, 400, "BadRequestException", "Parameter names must be unique across querystring, header and path"},
		{"TestApiGatewayApiMethod::test_method_lifecycle get-deleted-method-response", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "ANY")
			must(c.DeleteMethod(ctx, &apigateway.DeleteMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY")}))(t)
			_, err := c.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY")})
			return err
		}, 404, "NotFoundException", "Invalid Method identifier specified"},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-rest-api", func(t *testing.T, p *parity) error {
			_, root := p.api(t)
			_, err := c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: str("fake-api"), ResourceId: &root, HttpMethod: str("ANY")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApiGatewayApiMethod::test_update_method_validation method-does-not-exist", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.UpdateMethod(ctx, &apigateway.UpdateMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), PatchOperations: []types.PatchOperation{op("replace", "/operationName", "methodDoesNotExist")}})
			return err
		}, 404, "NotFoundException", "Invalid Method identifier specified"},
		{"TestApiGatewayApiMethod::test_update_method_validation unsupported-operation", func(t *testing.T, p *parity) error {
			return updMethod(t, op("add", "/operationName", "operationName"))
		}, 400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]"},
		{"TestApiGatewayApiMethod::test_update_method_validation unsupported-operation-2", func(t *testing.T, p *parity) error {
			return updMethod(t, op("add", "/requestValidatorId", "wrong-id"))
		}, 400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]"},
		{"TestApiGatewayApiMethod::test_update_method_validation unsupported-path", func(t *testing.T, p *parity) error {
			return updMethod(t, op("add", "/httpMethod", "PUT"))
		}, 400, "BadRequestException", "Invalid patch path /httpMethod"},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-path-request-parameters", func(t *testing.T, p *parity) error {
			return updMethod(t, op("replace", "/requestParameters", "method.request.querystring.optional=false"))
		}, 400, "BadRequestException", "Invalid patch path /requestParameters"},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-path-request-models", func(t *testing.T, p *parity) error {
			return updMethod(t, op("add", "/requestModels/application/json", "Empty"))
		}, 400, "BadRequestException", "Invalid patch path /requestModels/application/json"},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-auth-type", func(t *testing.T, p *parity) error {
			return updMethod(t, op("replace", "/authorizationType", "CUSTOM"))
		}, 400, "BadRequestException", noAuthorizer},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-auth-id", func(t *testing.T, p *parity) error {
			return updMethod(t, op("replace", "/authorizationType", "CUSTOM"), op("replace", "/authorizerId", "abc123"))
		}, 400, "BadRequestException", noAuthorizer},
		{"TestApiGatewayApiMethod::test_update_method_validation wrong-req-validator-id", func(t *testing.T, p *parity) error {
			return updMethod(t, op("replace", "/requestValidatorId", "fake-id"))
		}, 400, "BadRequestException", "Invalid Request Validator identifier specified"},

		// --- Model (API) ---
		{"TestApiGatewayApiMethod::test_put_method_model delete-model-used", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			must(c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &api, Name: str("PetModel"), ContentType: str("application/json"), Schema: str(`{"title":"PetModel","type":"object"}`)}))(t)
			must(c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("ANY"), AuthorizationType: str("NONE"), RequestModels: map[string]string{"application/json": "PetModel"}}))(t)
			_, err := c.DeleteModel(ctx, &apigateway.DeleteModelInput{RestApiId: &api, ModelName: str("PetModel")})
			return err
		}, 409, "ConflictException", "Cannot delete model 'PetModel', is referenced in method request: //ANY"},
		{"TestApiGatewayApiMethod::test_put_method_model delete-model-used-by-2-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			res := p.resource(t, api, root, "test")
			must(c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &api, Name: str("PetModelTwo"), ContentType: str("application/json"), Schema: str(`{"title":"PetModelTwo","type":"object"}`)}))(t)
			must(c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &res, HttpMethod: str("ANY"), AuthorizationType: str("NONE"), RequestModels: map[string]string{"application/json": "PetModelTwo"}}))(t)
			_, err := c.DeleteModel(ctx, &apigateway.DeleteModelInput{RestApiId: &api, ModelName: str("PetModelTwo")})
			return err
		}, 409, "ConflictException", "Cannot delete model 'PetModelTwo', is referenced in method request: /test/ANY"},
		{"TestApiGatewayApiModels::test_model_validation create-model-wrong-id", func(t *testing.T, p *parity) error {
			_, err := c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: str("abcde0"), Name: str("MySchema"), ContentType: str("application/json"), Schema: str(`{"title":"MySchema","type":"object"}`)})
			return err
		}, 404, "NotFoundException", "Invalid API identifier specified 000000000000:abcde0"},
		{"TestApiGatewayApiModels::test_model_validation get-model-wrong-id", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.GetModel(ctx, &apigateway.GetModelInput{RestApiId: &api, ModelName: str("MySchema")})
			return err
		}, 404, "NotFoundException", "Invalid model name specified: MySchema"},
		{"TestApiGatewayApiModels::test_model_validation create-model-already-exists", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			in := &apigateway.CreateModelInput{RestApiId: &api, Name: str("MySchema"), ContentType: str("application/json"), Description: str(""), Schema: str(`{"title":"MySchema","type":"object"}`)}
			must(c.CreateModel(ctx, in))(t)
			_, err := c.CreateModel(ctx, in)
			return err
		}, 409, "ConflictException", "Model name already exists for this REST API"},
		{"TestApiGatewayApiModels::test_model_validation create-model-empty-name", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &api, Name: str(""), ContentType: str("application/json"), Schema: str(`{"title":"MySchema","type":"object"}`)})
			return err
		}, 400, "BadRequestException", "Model name must be non-empty"},
		{"TestApiGatewayApiModels::test_model_validation create-model-empty-schema", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &api, Name: str("MyEmptySchema"), ContentType: str("application/json"), Schema: str("")})
			return err
		}, 400, "BadRequestException", "Model schema must have at least 1 property or array items defined"},
		{"TestApiGatewayApiModels::test_model_validation create-model-no-schema-xml", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &api, Name: str("MyEmptySchemaXml"), ContentType: str("application/xml")})
			return err
		}, 400, "BadRequestException", "Model schema must have at least 1 property or array items defined"},
		{"TestApiGatewayApiModels::test_update_model update-model-invalid-path", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.UpdateModel(ctx, &apigateway.UpdateModelInput{RestApiId: &api, ModelName: str("Empty"), PatchOperations: []types.PatchOperation{op("replace", "/name", "invalid")}})
			return err
		}, 400, "BadRequestException", "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]"},
		{"TestApiGatewayApiModels::test_update_model update-model-invalid-op", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.UpdateModel(ctx, &apigateway.UpdateModelInput{RestApiId: &api, ModelName: str("Empty"), PatchOperations: []types.PatchOperation{op("add", "/wrong-path", "not supported op")}})
			return err
		}, 400, "BadRequestException", "Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations"},

		// --- Integration (API) ---
		{"TestApigatewayIntegration::test_put_integration_wrong_type put-integration-wrong-type", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			_, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), Type: "HTTPS_PROXY"})
			return err
		}, 400, "ValidationException", "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"},
		{"TestApigatewayIntegration::test_put_integration_response_validation put-integration-wrong-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "POST")
			_, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), IntegrationHttpMethod: str("GET"), Type: types.IntegrationTypeMock})
			return err
		}, 404, "NotFoundException", "Invalid Method identifier specified"},
		{"TestApigatewayIntegration::test_put_integration_response_validation put-integration-wrong-resource", func(t *testing.T, p *parity) error {
			api, _ := p.api(t)
			_, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: &api, ResourceId: str("badresource"), HttpMethod: str("GET"), IntegrationHttpMethod: str("GET"), Type: types.IntegrationTypeMock})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApigatewayIntegration::test_put_integration_response_validation put-integration-response-wrong-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "POST")
			p.mock(t, api, root, "POST")
			_, err := c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("200"), SelectionPattern: str("")})
			return err
		}, 404, "NotFoundException", "Invalid Method identifier specified"},
		{"TestApigatewayIntegration::test_put_integration_request_parameter_bool_type put-integration-request-param-bool-value", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			status, body := p.raw(t, "PUT", "/restapis/"+api+"/resources/"+root+"/methods/GET/integration",
				`{"type":"MOCK","requestParameters":{"integration.request.path.testPath":true}}`)
			return fmt.Errorf("%d %v %v", status, body["__type"], body["message"])
		}, 0, "", "400 SerializationException class java.lang.Boolean can not be converted to an String"},
		{"TestApigatewayIntegration::test_get_integration_non_existent get-integration-no-api", func(t *testing.T, p *parity) error {
			_, root := p.api(t)
			_, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: str("nosuchapi"), ResourceId: &root, HttpMethod: str("GET")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApigatewayIntegration::test_get_integration_non_existent get-integration-no-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET")})
			return err
		}, 404, "NotFoundException", "Invalid Method identifier specified"},
		{"TestApigatewayIntegration::test_get_integration_non_existent get-integration-no-integration", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			_, err := c.GetIntegration(ctx, &apigateway.GetIntegrationInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET")})
			return err
		}, 404, "NotFoundException", "Invalid Integration identifier specified"},

		// --- Integration response (API) ---
		{"TestApigatewayIntegrationResponse::test_integration_response_wrong_api put-integration-response-wrong-api", func(t *testing.T, p *parity) error {
			_, root := p.api(t)
			_, err := c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: str("nosuchapi"), ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("200")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},
		{"TestApigatewayIntegrationResponse::test_integration_response_invalid_statuscode get-integration-response-invalid-statusCode", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("wrong")})
			return err
		}, 400, "ValidationException", badStatus},
		{"TestApigatewayIntegrationResponse::test_integration_response_invalid_statuscode put-integration-response-invalid-statusCode", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("wrong")})
			return err
		}, 400, "ValidationException", badStatus},
		{"TestApigatewayIntegrationResponse::test_integration_response_invalid_integration get-integration-response-without-integration", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			_, err := c.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("200")})
			return err
		}, 404, "NotFoundException", "Invalid Integration identifier specified"},
		{"TestApigatewayIntegrationResponse::test_integration_response_wrong_status_code get-integration-response-wrong-status-code", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			p.mock(t, api, root, "GET")
			_, err := c.GetIntegrationResponse(ctx, &apigateway.GetIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("201")})
			return err
		}, 404, "NotFoundException", "Invalid Response status code specified"},
		{"TestApigatewayIntegrationResponse::test_delete_integration_response_errors non-existent-method", func(t *testing.T, p *parity) error {
			api, root := p.api(t)
			_, err := c.DeleteIntegrationResponse(ctx, &apigateway.DeleteIntegrationResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: str("POST"), StatusCode: str("200")})
			return err
		}, 404, "NotFoundException", "Invalid Integration identifier specified"},
		{"TestApigatewayIntegrationResponse::test_delete_integration_response_errors non-existent-api-id", func(t *testing.T, p *parity) error {
			_, root := p.api(t)
			_, err := c.DeleteIntegrationResponse(ctx, &apigateway.DeleteIntegrationResponseInput{RestApiId: str("nosuchapi"), ResourceId: &root, HttpMethod: str("GET"), StatusCode: str("200")})
			return err
		}, 404, "NotFoundException", "Invalid Resource identifier specified"},

		// --- Method response (API) ---
		{"TestApigatewayMethodResponse::test_update_method_response_wrong_operations update-method-response-wrong-operation-1", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "200", op("wrong_op", "/responseModels/application~1json", "Empty"))
		}, 400, "ValidationException", wrongOp},
		{"TestApigatewayMethodResponse::test_update_method_response_negative_tests update-method-response-wrong-statuscode", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "201", op("add", "/responseModels/application~1json", "Empty"))
		}, 404, "NotFoundException", "Invalid Response status code specified"},
		{"TestApigatewayMethodResponse::test_update_method_response_negative_tests update-method-response-invalid-statuscode-and-wrong-op", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "wrong", op("wrong_op", "/responseModels/application~1json", "Empty"))
		}, 400, "ValidationException", "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"},
		{"TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models update-method-response-operation-without-response-parameters", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "200", op("remove", "/responseParameters/method.response.header.other", ""))
		}, 404, "NotFoundException", "Invalid parameter name specified"},
		{"TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models update-method-response-operation-without-response-models", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "200", op("remove", "/responseModels/application~1xml", ""))
		}, 404, "NotFoundException", "Content-Type specified was not found"},
		{"TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models update-method-response-operation-with-wrong-path", func(t *testing.T, p *parity) error {
			return updMethodResponse(t, "200", op("add", "/wrong/method.response.header.my-header", "true"))
		}, 400, "BadRequestException", "Invalid patch path /wrong/method.response.header.my-header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t, p)
			if tc.status == 0 { // raw case: the error text is "status type message"
				if err == nil || err.Error() != tc.msg {
					t.Errorf("answer = %v, want %s (AWS)", err, tc.msg)
				}
				return
			}
			wantErr(t, err, tc.status, tc.code, tc.msg)
		})
	}
}

// TestAWSParityReadBack checks the members and defaults of success answers
// against the recorded JSON, through raw HTTP so that absent and empty
// members are told apart.
func TestAWSParityReadBack(t *testing.T) {
	p := newParity(t)
	cases := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"API TestApiGatewayApiRestApi::test_create_rest_api_verify_defaults create-with-edge-default", func(t *testing.T) {
			st, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity"})
			if st != 201 {
				t.Fatalf("status %d", st)
			}
			keys(t, "CreateRestApi", api, "apiKeySource", "createdDate", "disableExecuteApiEndpoint", "endpointConfiguration", "id", "name", "rootResourceId")
			eq(t, "CreateRestApi", api, "apiKeySource", `"HEADER"`)
			eq(t, "CreateRestApi", api, "disableExecuteApiEndpoint", `false`)
			eq(t, "CreateRestApi", api, "endpointConfiguration", `{"ipAddressType":"ipv4","types":["EDGE"]}`)
		}},
		{"API TestApiGatewayApiRestApi::test_create_rest_api_verify_defaults create-with-private-default / create-with-regional-default", func(t *testing.T) {
			_, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity", "endpointConfiguration": map[string]any{"types": []string{"PRIVATE"}}})
			eq(t, "CreateRestApi PRIVATE", api, "endpointConfiguration", `{"ipAddressType":"dualstack","types":["PRIVATE"]}`)
			_, api = p.raw(t, "POST", "/restapis", map[string]any{"name": "parity", "endpointConfiguration": map[string]any{"types": []string{"REGIONAL"}}})
			eq(t, "CreateRestApi REGIONAL", api, "endpointConfiguration", `{"ipAddressType":"ipv4","types":["REGIONAL"]}`)
		}},
		{"INT test_create_execute_api_vpc_endpoint api-details; API test_update_rest_api_operation_add_remove: tags {} on Get and Update", func(t *testing.T) {
			_, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity"})
			id := api["id"].(string)
			st, got := p.raw(t, "GET", "/restapis/"+id, nil)
			if st != 200 {
				t.Fatalf("status %d", st)
			}
			eq(t, "GetRestApi", got, "tags", `{}`)
			_, upd := p.raw(t, "PATCH", "/restapis/"+id, map[string]any{"patchOperations": []map[string]string{{"op": "add", "path": "/binaryMediaTypes/image~1png"}}})
			eq(t, "UpdateRestApi", upd, "tags", `{}`)
			eq(t, "UpdateRestApi", upd, "binaryMediaTypes", `["image/png"]`)
			_, list := p.raw(t, "GET", "/restapis", nil)
			for _, it := range list["item"].([]any) {
				if _, ok := it.(map[string]any)["tags"]; ok {
					t.Errorf("GetRestApis item has tags; AWS leaves them out when empty")
				}
			}
		}},
		{"API TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type update-rest-api-replace-type", func(t *testing.T) {
			_, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity"})
			_, upd := p.raw(t, "PATCH", "/restapis/"+api["id"].(string), map[string]any{"patchOperations": []map[string]string{{"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "PRIVATE"}}})
			eq(t, "UpdateRestApi", upd, "endpointConfiguration", `{"ipAddressType":"dualstack","types":["PRIVATE"]}`)
		}},
		{"API TestApiGatewayApiRestApi::test_create_rest_api_with_optional_params create-with-version / string-compression-size", func(t *testing.T) {
			_, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity", "version": "v1"})
			eq(t, "CreateRestApi", api, "version", `"v1"`)
			st, e := p.raw(t, "POST", "/restapis", `{"name":"parity","minimumCompressionSize":"xyz"}`)
			if st != 400 || e["message"] != "Invalid minimum compression size, must be between 0 and 10485760" {
				t.Errorf("string compression size: %d %v", st, e)
			}
		}},
		{"API TestApiGatewayApiResource::test_resource_lifecycle rest-api-root-resource / create-resource / del-resource", func(t *testing.T) {
			api, root := p.api(t)
			_, list := p.raw(t, "GET", "/restapis/"+api+"/resources", nil)
			items := list["item"].([]any)
			keys(t, "root resource", items[0].(map[string]any), "id", "path")
			st, res := p.raw(t, "POST", "/restapis/"+api+"/resources/"+root, map[string]any{"pathPart": "pets"})
			if st != 201 {
				t.Fatalf("status %d", st)
			}
			keys(t, "CreateResource", res, "id", "parentId", "path", "pathPart")
			eq(t, "CreateResource", res, "path", `"/pets"`)
			if st, _ := p.raw(t, "DELETE", "/restapis/"+api+"/resources/"+res["id"].(string), nil); st != 202 {
				t.Errorf("DeleteResource status %d, want 202", st)
			}
		}},
		{"API TestApiGatewayApiMethod::test_method_lifecycle put-base-method-response / del-base-method-response", func(t *testing.T) {
			api, root := p.api(t)
			st, m := p.raw(t, "PUT", "/restapis/"+api+"/resources/"+root+"/methods/ANY", map[string]any{"authorizationType": "NONE"})
			if st != 201 {
				t.Fatalf("status %d", st)
			}
			keys(t, "PutMethod", m, "apiKeyRequired", "authorizationType", "httpMethod")
			eq(t, "PutMethod", m, "apiKeyRequired", `false`)
			if st, _ := p.raw(t, "DELETE", "/restapis/"+api+"/resources/"+root+"/methods/ANY", nil); st != 204 {
				t.Errorf("DeleteMethod status %d, want 204", st)
			}
		}},
		{"API TestApiGatewayApiMethod::test_update_method_validation wrong-value-type / skip-auth-id-with-wrong-type", func(t *testing.T) {
			api, root := p.api(t)
			must(p.c.PutMethod(p.ctx, &apigateway.PutMethodInput{RestApiId: &api, ResourceId: &root, HttpMethod: aws.String("ANY"), AuthorizationType: aws.String("NONE"), ApiKeyRequired: true}))(t)
			path := "/restapis/" + api + "/resources/" + root + "/methods/ANY"
			st, m := p.raw(t, "PATCH", path, map[string]any{"patchOperations": []map[string]string{{"op": "replace", "path": "/apiKeyRequired", "value": "whatever"}}})
			if st != 200 {
				t.Fatalf("status %d %v", st, m)
			}
			keys(t, "UpdateMethod", m, "apiKeyRequired", "authorizationType", "httpMethod")
			eq(t, "UpdateMethod", m, "apiKeyRequired", `false`)
			_, m = p.raw(t, "PATCH", path, map[string]any{"patchOperations": []map[string]string{{"op": "replace", "path": "/authorizerId", "value": "abc123"}}})
			keys(t, "UpdateMethod authorizerId on NONE", m, "apiKeyRequired", "authorizationType", "httpMethod")
		}},
		{"INT test_put_integration_responses put-integration-get (HTTP defaults)", func(t *testing.T) {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			st, in := p.raw(t, "PUT", "/restapis/"+api+"/resources/"+root+"/methods/GET/integration",
				map[string]any{"type": "HTTP", "httpMethod": "POST", "uri": "http://example.com/pets"})
			if st != 201 {
				t.Fatalf("status %d %v", st, in)
			}
			keys(t, "PutIntegration HTTP", in, "cacheKeyParameters", "cacheNamespace", "connectionType", "httpMethod", "passthroughBehavior", "timeoutInMillis", "type", "uri")
			eq(t, "PutIntegration HTTP", in, "cacheKeyParameters", `[]`)
			eq(t, "PutIntegration HTTP", in, "connectionType", `"INTERNET"`)
			eq(t, "PutIntegration HTTP", in, "passthroughBehavior", `"WHEN_NO_MATCH"`)
			eq(t, "PutIntegration HTTP", in, "timeoutInMillis", `29000`)
		}},
		{"API TestApigatewayIntegrationResponse::test_lifecycle_integration_response get-method (MOCK defaults, nested responses)", func(t *testing.T) {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			must(p.c.PutIntegration(p.ctx, &apigateway.PutIntegrationInput{RestApiId: &api, ResourceId: &root, HttpMethod: aws.String("GET"), Type: types.IntegrationTypeMock,
				IntegrationHttpMethod: aws.String("GET"), RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`}}))(t)
			must(p.c.PutMethodResponse(p.ctx, &apigateway.PutMethodResponseInput{RestApiId: &api, ResourceId: &root, HttpMethod: aws.String("GET"), StatusCode: aws.String("200")}))(t)
			base := "/restapis/" + api + "/resources/" + root + "/methods/GET"
			st, ir := p.raw(t, "PUT", base+"/integration/responses/200", map[string]any{"selectionPattern": "", "responseTemplates": map[string]string{"application/json": `"created"`}})
			if st != 201 {
				t.Fatalf("status %d %v", st, ir)
			}
			keys(t, "PutIntegrationResponse", ir, "responseTemplates", "selectionPattern", "statusCode")
			eq(t, "PutIntegrationResponse", ir, "selectionPattern", `""`)
			// overwrite-integration-response: a second put replaces it (201).
			st, _ = p.raw(t, "PUT", base+"/integration/responses/200", map[string]any{"selectionPattern": "overwrite-pattern", "responseTemplates": map[string]string{"application/json": "overwrite"}})
			if st != 201 {
				t.Errorf("second PutIntegrationResponse status %d, want 201", st)
			}
			_, m := p.raw(t, "GET", base, nil)
			mi, _ := m["methodIntegration"].(map[string]any)
			keys(t, "methodIntegration (MOCK)", mi, "cacheKeyParameters", "cacheNamespace", "integrationResponses", "passthroughBehavior", "requestTemplates", "timeoutInMillis", "type")
			eq(t, "methodIntegration", mi, "integrationResponses", `{"200":{"responseTemplates":{"application/json":"overwrite"},"selectionPattern":"overwrite-pattern","statusCode":"200"}}`)
			if st, _ := p.raw(t, "DELETE", base+"/integration/responses/200", nil); st != 204 {
				t.Errorf("DeleteIntegrationResponse status %d, want 204", st)
			}
		}},
		{"API TestApigatewayIntegration::test_create_integration_with_vpc_link put-integration-vpc-link", func(t *testing.T) {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			st, in := p.raw(t, "PUT", "/restapis/"+api+"/resources/"+root+"/methods/GET/integration", map[string]any{"type": "HTTP_PROXY", "httpMethod": "GET",
				"uri": "http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com", "connectionType": "VPC_LINK", "connectionId": "${stageVariables.vpcLinkId}"})
			if st != 201 {
				t.Fatalf("status %d %v", st, in)
			}
			keys(t, "PutIntegration VPC_LINK", in, "cacheKeyParameters", "cacheNamespace", "connectionId", "connectionType", "httpMethod", "passthroughBehavior", "timeoutInMillis", "type", "uri")
			eq(t, "PutIntegration VPC_LINK", in, "connectionType", `"VPC_LINK"`)
		}},
		{"INT test_put_integration_responses put-method-response-get / API test_lifecycle_method_response update-method-responses (put replaces)", func(t *testing.T) {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			base := "/restapis/" + api + "/resources/" + root + "/methods/GET/responses/200"
			st, mr := p.raw(t, "PUT", base, nil)
			if st != 201 {
				t.Fatalf("status %d %v", st, mr)
			}
			keys(t, "PutMethodResponse", mr, "statusCode")
			st, mr = p.raw(t, "PUT", base, map[string]any{"responseParameters": map[string]bool{"method.response.header.my-header": true}, "responseModels": map[string]string{"application/json": "Empty"}})
			if st != 201 {
				t.Fatalf("second put status %d %v", st, mr)
			}
			eq(t, "PutMethodResponse", mr, "responseModels", `{"application/json":"Empty"}`)
			if st, _ := p.raw(t, "DELETE", base, nil); st != 204 {
				t.Errorf("DeleteMethodResponse status %d, want 204", st)
			}
		}},
		{"INT test_put_integration_responses deploy; API TestApiGatewayStage::test_get_stages_filters_by_deployment_id", func(t *testing.T) {
			api, root := p.api(t)
			p.method(t, api, root, "GET")
			p.mock(t, api, root, "GET")
			st, dep := p.raw(t, "POST", "/restapis/"+api+"/deployments", map[string]any{})
			if st != 201 {
				t.Fatalf("status %d %v", st, dep)
			}
			keys(t, "CreateDeployment", dep, "createdDate", "id")
			_, dep2 := p.raw(t, "POST", "/restapis/"+api+"/deployments", map[string]any{})
			for _, s := range []struct{ name, dep string }{{"stage1", dep["id"].(string)}, {"stage2", dep2["id"].(string)}} {
				if st, out := p.raw(t, "POST", "/restapis/"+api+"/stages", map[string]any{"stageName": s.name, "deploymentId": s.dep}); st != 201 {
					t.Fatalf("CreateStage %d %v", st, out)
				}
			}
			_, all := p.raw(t, "GET", "/restapis/"+api+"/stages", nil)
			items, _ := all["item"].([]any)
			if len(items) != 2 {
				t.Fatalf("GetStages item = %v, want 2 stages under \"item\"", all)
			}
			st1 := items[0].(map[string]any)
			keys(t, "GetStages item", st1, "cacheClusterEnabled", "cacheClusterStatus", "createdDate", "deploymentId", "lastUpdatedDate", "methodSettings", "stageName", "tracingEnabled")
			eq(t, "stage", st1, "cacheClusterEnabled", `false`)
			eq(t, "stage", st1, "cacheClusterStatus", `"NOT_AVAILABLE"`)
			eq(t, "stage", st1, "methodSettings", `{}`)
			eq(t, "stage", st1, "tracingEnabled", `false`)
			_, one := p.raw(t, "GET", "/restapis/"+api+"/stages?deploymentId="+dep2["id"].(string), nil)
			if items, _ := one["item"].([]any); len(items) != 1 || items[0].(map[string]any)["stageName"] != "stage2" {
				t.Errorf("GetStages?deploymentId = %v, want stage2 only", one)
			}
		}},
		{"API TestApiGatewayApiModels::test_model_lifecycle get-models / test_update_model create-model (empty description left out)", func(t *testing.T) {
			api, _ := p.api(t)
			st, m := p.raw(t, "POST", "/restapis/"+api+"/models", map[string]any{"name": "MySchema", "contentType": "application/json", "description": "", "schema": `{"title":"MySchema","type":"object"}`})
			if st != 201 {
				t.Fatalf("status %d %v", st, m)
			}
			keys(t, "CreateModel", m, "contentType", "id", "name", "schema")
			_, list := p.raw(t, "GET", "/restapis/"+api+"/models", nil)
			want := map[string]string{"Empty": "This is a default empty schema model", "Error": "This is a default error schema model"}
			for _, it := range list["item"].([]any) {
				mm := it.(map[string]any)
				if d, ok := want[mm["name"].(string)]; ok {
					keys(t, "default model", mm, "contentType", "description", "id", "name", "schema")
					eq(t, "default model", mm, "description", fmt.Sprintf("%q", d))
					delete(want, mm["name"].(string))
				}
			}
			if len(want) > 0 {
				t.Errorf("default models missing: %v", want)
			}
			if st, _ := p.raw(t, "DELETE", "/restapis/"+api+"/models/MySchema", nil); st != 202 {
				t.Errorf("DeleteModel status %d, want 202", st)
			}
		}},
		{"API TestApiGatewayApiRestApi::test_list_and_delete_apis delete-rest-api", func(t *testing.T) {
			api, _ := p.api(t)
			if st, _ := p.raw(t, "DELETE", "/restapis/"+api, nil); st != 202 {
				t.Errorf("DeleteRestApi status %d, want 202", st)
			}
		}},
		{"API TestApiGatewayApiRestApi::test_create_rest_api_with_tags create-rest-api-w-tags", func(t *testing.T) {
			st, api := p.raw(t, "POST", "/restapis", map[string]any{"name": "parity", "description": "this is my api", "tags": map[string]string{"MY_TAG1": "MY_VALUE1"}})
			if st != 201 {
				t.Fatalf("status %d", st)
			}
			eq(t, "CreateRestApi", api, "tags", `{"MY_TAG1":"MY_VALUE1"}`)
			keys(t, "CreateRestApi", api, "apiKeySource", "createdDate", "description", "disableExecuteApiEndpoint", "endpointConfiguration", "id", "name", "rootResourceId", "tags")
		}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, "/", "|"), tc.run)
	}
}
