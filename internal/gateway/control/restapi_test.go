package control_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

func TestRestAPILifecycle(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}`
	created := must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{
		Name:                      aws.String("pets"),
		Description:               aws.String("my pets"),
		Version:                   aws.String("v1"),
		BinaryMediaTypes:          []string{"image/png"},
		MinimumCompressionSize:    aws.Int32(1024),
		ApiKeySource:              types.ApiKeySourceTypeAuthorizer,
		EndpointConfiguration:     &types.EndpointConfiguration{Types: []types.EndpointType{types.EndpointTypeRegional}},
		Policy:                    aws.String(policy),
		Tags:                      map[string]string{"team": "a"},
		DisableExecuteApiEndpoint: true,
	}))(t)
	if len(*created.Id) != 10 || *created.RootResourceId == "" || created.CreatedDate == nil || created.CreatedDate.IsZero() {
		t.Fatalf("bad create output: %+v", created)
	}
	got := must(c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: created.Id}))(t)
	if *got.Name != "pets" || *got.Description != "my pets" || *got.Version != "v1" || got.ApiKeySource != types.ApiKeySourceTypeAuthorizer ||
		*got.MinimumCompressionSize != 1024 || !got.DisableExecuteApiEndpoint || got.Tags["team"] != "a" ||
		got.EndpointConfiguration.Types[0] != types.EndpointTypeRegional || got.BinaryMediaTypes[0] != "image/png" {
		t.Errorf("get = %+v", got)
	}
	// AWS returns the policy with its quotes backslash-escaped.
	var unq string
	if err := json.Unmarshal([]byte(`"`+*got.Policy+`"`), &unq); err != nil || unq != policy {
		t.Errorf("policy = %q (unquoted %q, %v)", *got.Policy, unq, err)
	}

	// Defaults.
	def := must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("defaults")}))(t)
	if def.ApiKeySource != types.ApiKeySourceTypeHeader || def.EndpointConfiguration == nil || def.EndpointConfiguration.Types[0] != types.EndpointTypeEdge || def.DisableExecuteApiEndpoint || def.Description != nil {
		t.Errorf("defaults = %+v", def)
	}
	// Root resource and default models.
	res := must(c.GetResource(ctx, &apigateway.GetResourceInput{RestApiId: def.Id, ResourceId: def.RootResourceId}))(t)
	if *res.Path != "/" || res.ParentId != nil {
		t.Errorf("root = %+v", res)
	}
	models := must(c.GetModels(ctx, &apigateway.GetModelsInput{RestApiId: def.Id}))(t)
	if len(models.Items) != 2 || *models.Items[0].Name != "Empty" || *models.Items[1].Name != "Error" {
		t.Errorf("models = %+v", models.Items)
	}

	// Update with patch operations.
	upd := must(c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: created.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("pets2")},
		{Op: types.OpReplace, Path: aws.String("/description"), Value: aws.String("")},
		{Op: types.OpAdd, Path: aws.String("/binaryMediaTypes/application~1octet-stream")},
		{Op: types.OpRemove, Path: aws.String("/binaryMediaTypes/image~1png")},
		{Op: types.OpReplace, Path: aws.String("/minimumCompressionSize"), Value: aws.String("")},
		{Op: types.OpReplace, Path: aws.String("/apiKeySource"), Value: aws.String("HEADER")},
		{Op: types.OpReplace, Path: aws.String("/disableExecuteApiEndpoint"), Value: aws.String("false")},
		{Op: types.OpReplace, Path: aws.String("/endpointConfiguration/types/REGIONAL"), Value: aws.String("EDGE")},
		{Op: types.OpReplace, Path: aws.String("/policy"), Value: aws.String("")},
	}}))(t)
	if *upd.Name != "pets2" || upd.Description != nil || len(upd.BinaryMediaTypes) != 1 || upd.BinaryMediaTypes[0] != "application/octet-stream" ||
		upd.MinimumCompressionSize != nil || upd.ApiKeySource != types.ApiKeySourceTypeHeader || upd.DisableExecuteApiEndpoint ||
		upd.EndpointConfiguration.Types[0] != types.EndpointTypeEdge || upd.Policy != nil {
		t.Errorf("update = %+v", upd)
	}

	// List with paging.
	for i := 0; i < 3; i++ {
		must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("more")}))(t)
	}
	var ids []string
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{Limit: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		page := must(p.NextPage(ctx))(t)
		pages++
		for _, a := range page.Items {
			ids = append(ids, *a.Id)
		}
	}
	if len(ids) != 5 || pages != 3 || ids[0] != *created.Id || ids[1] != *def.Id {
		t.Errorf("paged ids = %v in %d pages", ids, pages)
	}

	// Delete.
	must(c.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: created.Id}))(t)
	_, err := c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: created.Id})
	wantErr(t, err, http.StatusNotFound, "NotFoundException", "Invalid API identifier specified 000000000000:"+*created.Id)
	_, err = c.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: created.Id})
	wantErr(t, err, http.StatusNotFound, "NotFoundException", "")
}

func TestRestAPIErrors(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	api := must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("x")}))(t)
	cases := []struct {
		name    string
		call    func() error
		status  int
		code    string
		message string
	}{
		{"bad endpoint type", func() error {
			_, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("x"), EndpointConfiguration: &types.EndpointConfiguration{Types: []types.EndpointType{"CLOUD"}}})
			return err
		}, 400, "ValidationException", "1 validation error detected: Value '[CLOUD]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]"},
		{"bad api key source", func() error {
			_, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("x"), ApiKeySource: "BODY"})
			return err
		}, 400, "BadRequestException", ""},
		{"bad policy", func() error {
			_, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("x"), Policy: aws.String("{not json")})
			return err
		}, 400, "BadRequestException", ""},
		{"compression out of range", func() error {
			_, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("x"), MinimumCompressionSize: aws.Int32(-1)})
			return err
		}, 400, "BadRequestException", ""},
		{"unsupported patch path", func() error {
			_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: api.Id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/id"), Value: aws.String("x")}}})
			return err
		}, 400, "BadRequestException", "Invalid patch path /id"},
		{"unsupported op for path", func() error {
			_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: api.Id, PatchOperations: []types.PatchOperation{{Op: types.OpMove, Path: aws.String("/name"), From: aws.String("/description")}}})
			return err
		}, 400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]"},
		{"empty name via patch", func() error {
			_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: api.Id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("")}}})
			return err
		}, 400, "BadRequestException", ""},
		{"update unknown api", func() error {
			_, err := c.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: aws.String("nope"), PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("y")}}})
			return err
		}, 404, "NotFoundException", "Invalid API identifier specified 000000000000:nope"},
		{"bad limit", func() error {
			_, err := c.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(501)})
			return err
		}, 400, "BadRequestException", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.code, tc.message) })
	}
	// A failed update changes nothing.
	got := must(c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: api.Id}))(t)
	if *got.Name != "x" {
		t.Errorf("name = %q after failed updates", *got.Name)
	}
}
