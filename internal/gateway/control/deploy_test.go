package control_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/portico/portico/internal/apigw"
)

func TestModels(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	m := must(c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String("Pet"), Description: aws.String("a pet"), ContentType: aws.String("application/json"), Schema: aws.String(`{"type":"object"}`)}))(t)
	if *m.Name != "Pet" || *m.Description != "a pet" || *m.Schema != `{"type":"object"}` || len(*m.Id) != 10 {
		t.Errorf("model = %+v", m)
	}
	_, err := c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String("Pet"), ContentType: aws.String("application/json")})
	wantErr(t, err, 409, "ConflictException", "Model name already exists for this REST API")
	_, err = c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String("bad-name"), ContentType: aws.String("application/json")})
	wantErr(t, err, 400, "BadRequestException", "")
	_, err = c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String("Bad"), ContentType: aws.String("application/json"), Schema: aws.String("{")})
	wantErr(t, err, 400, "BadRequestException", "")
	_, err = c.GetModel(ctx, &apigateway.GetModelInput{RestApiId: &f.api, ModelName: aws.String("Nope")})
	wantErr(t, err, 404, "NotFoundException", "Invalid model name specified: Nope")

	upd := must(c.UpdateModel(ctx, &apigateway.UpdateModelInput{RestApiId: &f.api, ModelName: aws.String("Pet"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/description"), Value: aws.String("pets")},
		{Op: types.OpReplace, Path: aws.String("/schema"), Value: aws.String(`{"type":"string"}`)},
	}}))(t)
	if *upd.Description != "pets" || *upd.Schema != `{"type":"string"}` {
		t.Errorf("update = %+v", upd)
	}
	_, err = c.UpdateModel(ctx, &apigateway.UpdateModelInput{RestApiId: &f.api, ModelName: aws.String("Pet"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/name"), Value: aws.String("Dog")}}})
	wantErr(t, err, 400, "BadRequestException", "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]")
	models := must(c.GetModels(ctx, &apigateway.GetModelsInput{RestApiId: &f.api}))(t)
	if len(models.Items) != 3 {
		t.Errorf("models = %d", len(models.Items))
	}

	// A model in use cannot be deleted.
	must(c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST"), AuthorizationType: aws.String("NONE"), RequestModels: map[string]string{"application/json": "Pet"}}))(t)
	_, err = c.DeleteModel(ctx, &apigateway.DeleteModelInput{RestApiId: &f.api, ModelName: aws.String("Pet")})
	wantErr(t, err, 409, "ConflictException", "Cannot delete model 'Pet', is referenced in method request: /pets/POST")
	must(c.DeleteMethod(ctx, &apigateway.DeleteMethodInput{RestApiId: &f.api, ResourceId: &f.res, HttpMethod: aws.String("POST")}))(t)
	must(c.DeleteModel(ctx, &apigateway.DeleteModelInput{RestApiId: &f.api, ModelName: aws.String("Pet")}))(t)
	_, err = c.GetModel(ctx, &apigateway.GetModelInput{RestApiId: &f.api, ModelName: aws.String("Pet")})
	wantErr(t, err, 404, "NotFoundException", "Invalid model name specified: Pet")
}

func TestDeploymentsAndStages(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	_, err := c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api, StageName: aws.String("dev")})
	wantErr(t, err, 400, "BadRequestException", "The REST API doesn't contain any methods")
	f.putMethod(t, f.res, "GET")
	_, err = c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api, StageName: aws.String("dev")})
	wantErr(t, err, 400, "BadRequestException", "No integration defined for method")
	f.putMock(t, f.res, "GET")

	d1 := must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api, Description: aws.String("first"),
		StageName: aws.String("dev"), StageDescription: aws.String("development"), Variables: map[string]string{"backend": "a.example"}}))(t)
	if *d1.Description != "first" || d1.CreatedDate == nil || len(*d1.Id) != 10 {
		t.Errorf("deployment = %+v", d1)
	}
	dev := must(c.GetStage(ctx, &apigateway.GetStageInput{RestApiId: &f.api, StageName: aws.String("dev")}))(t)
	if *dev.DeploymentId != *d1.Id || *dev.Description != "development" || dev.Variables["backend"] != "a.example" || dev.CreatedDate == nil || dev.MethodSettings == nil {
		t.Errorf("dev = %+v", dev)
	}
	withSummary := must(c.GetDeployment(ctx, &apigateway.GetDeploymentInput{RestApiId: &f.api, DeploymentId: d1.Id, Embed: []string{"apisummary"}}))(t)
	if withSummary.ApiSummary["/pets"]["GET"].AuthorizationType == nil || *withSummary.ApiSummary["/pets"]["GET"].AuthorizationType != "NONE" {
		t.Errorf("apiSummary = %+v", withSummary.ApiSummary)
	}
	plain := must(c.GetDeployment(ctx, &apigateway.GetDeploymentInput{RestApiId: &f.api, DeploymentId: d1.Id}))(t)
	if plain.ApiSummary != nil {
		t.Errorf("apiSummary without embed = %+v", plain.ApiSummary)
	}

	d2 := must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api}))(t)
	deps := must(c.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: &f.api}))(t)
	if len(deps.Items) != 2 {
		t.Errorf("deployments = %d", len(deps.Items))
	}
	updDep := must(c.UpdateDeployment(ctx, &apigateway.UpdateDeploymentInput{RestApiId: &f.api, DeploymentId: d2.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/description"), Value: aws.String("second")}}}))(t)
	if *updDep.Description != "second" {
		t.Errorf("updated deployment = %+v", updDep)
	}
	_, err = c.GetDeployment(ctx, &apigateway.GetDeploymentInput{RestApiId: &f.api, DeploymentId: aws.String("nope")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Deployment identifier specified")
	_, err = c.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: &f.api, DeploymentId: d1.Id})
	wantErr(t, err, 400, "BadRequestException", "Active stages pointing to this deployment must be moved or deleted")

	// Stages.
	prod := must(c.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), DeploymentId: d2.Id,
		Description: aws.String("production"), CacheClusterEnabled: true, CacheClusterSize: types.CacheClusterSizeSize1Point6Gb,
		Variables: map[string]string{"v": "1"}, TracingEnabled: true, Tags: map[string]string{"env": "prod"}}))(t)
	if *prod.DeploymentId != *d2.Id || !prod.CacheClusterEnabled || prod.CacheClusterSize != types.CacheClusterSizeSize1Point6Gb ||
		prod.CacheClusterStatus != types.CacheClusterStatusAvailable || !prod.TracingEnabled || prod.Tags["env"] != "prod" || prod.Variables["v"] != "1" {
		t.Errorf("prod = %+v", prod)
	}
	_, err = c.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), DeploymentId: d2.Id})
	wantErr(t, err, 409, "ConflictException", "Stage already exists")
	_, err = c.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: &f.api, StageName: aws.String("qa"), DeploymentId: aws.String("nope")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Deployment identifier specified")
	_, err = c.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: &f.api, StageName: aws.String("bad stage"), DeploymentId: d2.Id})
	wantErr(t, err, 400, "BadRequestException", "Stage name only allows a-zA-Z0-9_-")
	_, err = c.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: &f.api, StageName: aws.String("qa"), DeploymentId: d2.Id, Variables: map[string]string{"bad name": "x"}})
	wantErr(t, err, 400, "BadRequestException", "")
	_, err = c.GetStage(ctx, &apigateway.GetStageInput{RestApiId: &f.api, StageName: aws.String("nope")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Stage identifier specified")

	upd := must(c.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/deploymentId"), Value: d1.Id},
		{Op: types.OpReplace, Path: aws.String("/description"), Value: aws.String("prod2")},
		{Op: types.OpReplace, Path: aws.String("/variables/v"), Value: aws.String("2")},
		{Op: types.OpAdd, Path: aws.String("/variables/w"), Value: aws.String("3")},
		{Op: types.OpReplace, Path: aws.String("/cacheClusterEnabled"), Value: aws.String("false")},
		{Op: types.OpReplace, Path: aws.String("/tracingEnabled"), Value: aws.String("false")},
		{Op: types.OpReplace, Path: aws.String("/accessLogSettings/destinationArn"), Value: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:g")},
		{Op: types.OpReplace, Path: aws.String("/accessLogSettings/format"), Value: aws.String("$context.requestId")},
		{Op: types.OpReplace, Path: aws.String("/*/*/logging/loglevel"), Value: aws.String("INFO")},
		{Op: types.OpReplace, Path: aws.String("/*/*/metrics/enabled"), Value: aws.String("true")},
		{Op: types.OpReplace, Path: aws.String("/~1pets/GET/throttling/burstLimit"), Value: aws.String("10")},
		{Op: types.OpReplace, Path: aws.String("/~1pets/GET/throttling/rateLimit"), Value: aws.String("2.5")},
		{Op: types.OpReplace, Path: aws.String("/~1pets/GET/caching/ttlInSeconds"), Value: aws.String("60")},
	}}))(t)
	all := upd.MethodSettings["*/*"]
	pets := upd.MethodSettings["pets/GET"]
	if *upd.DeploymentId != *d1.Id || *upd.Description != "prod2" || upd.Variables["v"] != "2" || upd.Variables["w"] != "3" ||
		upd.CacheClusterEnabled || upd.CacheClusterStatus != types.CacheClusterStatusNotAvailable || upd.TracingEnabled ||
		*upd.AccessLogSettings.Format != "$context.requestId" || *all.LoggingLevel != "INFO" || !all.MetricsEnabled ||
		pets.ThrottlingBurstLimit != 10 || pets.ThrottlingRateLimit != 2.5 || pets.CacheTtlInSeconds != 60 || *pets.LoggingLevel != "INFO" {
		t.Errorf("updated stage = %+v, settings %+v", upd, upd.MethodSettings)
	}
	// Canary settings, then remove things.
	upd = must(c.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/canarySettings/percentTraffic"), Value: aws.String("10")},
		{Op: types.OpReplace, Path: aws.String("/canarySettings/deploymentId"), Value: d2.Id},
		{Op: types.OpAdd, Path: aws.String("/canarySettings/stageVariableOverrides/v"), Value: aws.String("canary")},
		{Op: types.OpRemove, Path: aws.String("/variables/w")},
		{Op: types.OpRemove, Path: aws.String("/accessLogSettings")},
		{Op: types.OpRemove, Path: aws.String("/~1pets/GET")},
	}}))(t)
	if upd.CanarySettings == nil || upd.CanarySettings.PercentTraffic != 10 || *upd.CanarySettings.DeploymentId != *d2.Id ||
		upd.CanarySettings.StageVariableOverrides["v"] != "canary" || len(upd.Variables) != 1 || upd.AccessLogSettings != nil || len(upd.MethodSettings) != 1 {
		t.Errorf("canary stage = %+v", upd)
	}
	_, err = c.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: &f.api, DeploymentId: d2.Id})
	wantErr(t, err, 400, "BadRequestException", "Active stages pointing to this deployment must be moved or deleted")
	// Promote the canary, then drop it.
	upd = must(c.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), PatchOperations: []types.PatchOperation{
		{Op: types.OpCopy, From: aws.String("/canarySettings/deploymentId"), Path: aws.String("/deploymentId")},
		{Op: types.OpRemove, Path: aws.String("/canarySettings")},
	}}))(t)
	if *upd.DeploymentId != *d2.Id || upd.CanarySettings != nil {
		t.Errorf("promoted stage = %+v", upd)
	}

	bad := []struct {
		op    types.PatchOperation
		code  int
		etype string
		msg   string
	}{
		{types.PatchOperation{Op: types.OpReplace, Path: aws.String("/stageName"), Value: aws.String("x")}, 400, "BadRequestException", ""},
		{types.PatchOperation{Op: types.OpReplace, Path: aws.String("/deploymentId"), Value: aws.String("nope")}, 404, "NotFoundException", "Invalid Deployment identifier specified"},
		{types.PatchOperation{Op: types.OpReplace, Path: aws.String("/*/*/logging/loglevel"), Value: aws.String("LOUD")}, 400, "BadRequestException", ""},
		{types.PatchOperation{Op: types.OpReplace, Path: aws.String("/cacheClusterSize"), Value: aws.String("2")}, 400, "BadRequestException", ""},
		{types.PatchOperation{Op: types.OpReplace, Path: aws.String("/*/*/bogus/setting"), Value: aws.String("1")}, 400, "BadRequestException", ""},
	}
	for _, b := range bad {
		_, err := c.UpdateStage(ctx, &apigateway.UpdateStageInput{RestApiId: &f.api, StageName: aws.String("prod"), PatchOperations: []types.PatchOperation{b.op}})
		wantErr(t, err, b.code, b.etype, b.msg)
	}

	stages := must(c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: &f.api}))(t)
	if len(stages.Item) != 2 || *stages.Item[0].StageName != "dev" || *stages.Item[1].StageName != "prod" {
		t.Errorf("stages = %+v", stages.Item)
	}
	byDep := must(c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: &f.api, DeploymentId: d1.Id}))(t)
	if len(byDep.Item) != 1 || *byDep.Item[0].StageName != "dev" {
		t.Errorf("stages of d1 = %+v", byDep.Item)
	}

	// Redeploying to an existing stage moves it and merges variables.
	d3 := must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api, StageName: aws.String("dev"), Variables: map[string]string{"extra": "x"}}))(t)
	dev = must(c.GetStage(ctx, &apigateway.GetStageInput{RestApiId: &f.api, StageName: aws.String("dev")}))(t)
	if *dev.DeploymentId != *d3.Id || dev.Variables["backend"] != "a.example" || dev.Variables["extra"] != "x" {
		t.Errorf("redeployed dev = %+v", dev)
	}
	must(c.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: &f.api, DeploymentId: d1.Id}))(t)
	must(c.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: &f.api, StageName: aws.String("prod")}))(t)
	_, err = c.DeleteStage(ctx, &apigateway.DeleteStageInput{RestApiId: &f.api, StageName: aws.String("prod")})
	wantErr(t, err, 404, "NotFoundException", "Invalid Stage identifier specified")
	must(c.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: &f.api, DeploymentId: d2.Id}))(t)
}

func TestTags(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	f.putMethod(t, f.res, "GET")
	f.putMock(t, f.res, "GET")
	must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api, StageName: aws.String("dev")}))(t)
	apiARN := apigw.RestAPIARN("aws", "us-east-1", f.api)
	stageARN := apigw.StageARN("aws", "us-east-1", f.api, "dev")
	for _, arn := range []string{apiARN, stageARN} {
		must(c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "1", "b": "2"}}))(t)
		must(c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"b": "3", "c": "4"}}))(t)
		must(c.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"a", "zzz"}}))(t)
		tags := must(c.GetTags(ctx, &apigateway.GetTagsInput{ResourceArn: aws.String(arn)}))(t)
		if len(tags.Tags) != 2 || tags.Tags["b"] != "3" || tags.Tags["c"] != "4" {
			t.Errorf("%s tags = %v", arn, tags.Tags)
		}
	}
	api := must(c.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: &f.api}))(t)
	stage := must(c.GetStage(ctx, &apigateway.GetStageInput{RestApiId: &f.api, StageName: aws.String("dev")}))(t)
	if api.Tags["c"] != "4" || stage.Tags["b"] != "3" {
		t.Errorf("tags in Get output: api %v, stage %v", api.Tags, stage.Tags)
	}
	_, err := c.GetTags(ctx, &apigateway.GetTagsInput{ResourceArn: aws.String("arn:aws:s3:::bucket")})
	wantErr(t, err, 400, "BadRequestException", "Invalid ARN specified in the request")
	_, err = c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(apigw.RestAPIARN("aws", "us-east-1", "nope")), Tags: map[string]string{"a": "1"}})
	wantErr(t, err, 404, "NotFoundException", "Invalid API identifier specified 000000000000:nope")
	_, err = c.GetTags(ctx, &apigateway.GetTagsInput{ResourceArn: aws.String(apigw.StageARN("aws", "us-east-1", f.api, "nope"))})
	wantErr(t, err, 404, "NotFoundException", "Invalid Stage identifier specified")
	_, err = c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(apiARN), Tags: map[string]string{"aws:x": "1"}})
	wantErr(t, err, 400, "BadRequestException", "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)")
	many := map[string]string{}
	for i := range apigw.MaxTags - 1 { // with "b" and "c": one too many
		many[fmt.Sprintf("k%02d", i)] = "v"
	}
	_, err = c.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(apiARN), Tags: many})
	wantErr(t, err, 400, "BadRequestException", apigw.ErrTooManyTags.Error())
	many["k98"], many["k99"] = "v", "v" // 51
	_, err = c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("tagged"), Tags: many})
	wantErr(t, err, 400, "BadRequestException", apigw.ErrTooManyTags.Error())
}
