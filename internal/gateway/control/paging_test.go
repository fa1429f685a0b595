package control_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
)

// Paging must not lose or repeat an item that exists throughout, when other
// items are created or deleted between two pages: the position names where
// the previous page ended, not an index into a list that has since moved.
func TestPagingStableUnderChanges(t *testing.T) {
	t.Run("GetRestApis: delete before the cursor", func(t *testing.T) {
		c := newClient(t)
		ctx := t.Context()
		var ids []string
		for _, n := range []string{"a", "b", "c", "d"} {
			ids = append(ids, *must(c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String(n)}))(t).Id)
		}
		p1 := must(c.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(2)}))(t)
		if len(p1.Items) != 2 || p1.Position == nil {
			t.Fatalf("page 1 = %d items, position %v", len(p1.Items), p1.Position)
		}
		must(c.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: p1.Items[0].Id}))(t)
		p2 := must(c.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(2), Position: p1.Position}))(t)
		var got []string
		for _, it := range append(p1.Items, p2.Items...) {
			got = append(got, *it.Id)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("pages = %v, want %v", got, ids)
		}
	})

	t.Run("GetResources: create before the cursor", func(t *testing.T) {
		f := newFixture(t) // "/" and "/pets"
		c, ctx := f.c, f.ctx
		for _, p := range []string{"x", "y"} {
			must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &f.api, ParentId: &f.root, PathPart: aws.String(p)}))(t)
		}
		p1 := must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api, Limit: aws.Int32(2)}))(t)
		if len(p1.Items) != 2 || p1.Position == nil {
			t.Fatalf("page 1 = %d items, position %v", len(p1.Items), p1.Position)
		}
		// "/a" sorts between "/" and "/pets": before the end of page 1.
		must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &f.api, ParentId: &f.root, PathPart: aws.String("a")}))(t)
		p2 := must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api, Limit: aws.Int32(2), Position: p1.Position}))(t)
		var got []string
		for _, it := range append(p1.Items, p2.Items...) {
			got = append(got, *it.Path)
		}
		want := []string{"/", "/pets", "/x", "/y"}
		if !slices.Equal(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
	})

	t.Run("GetModels: delete before the cursor", func(t *testing.T) {
		f := newFixture(t) // models Empty, Error
		c, ctx := f.c, f.ctx
		for _, n := range []string{"M1", "M2"} {
			must(c.CreateModel(ctx, &apigateway.CreateModelInput{RestApiId: &f.api, Name: aws.String(n), ContentType: aws.String("application/json"), Schema: aws.String(`{"type":"object"}`)}))(t)
		}
		p1 := must(c.GetModels(ctx, &apigateway.GetModelsInput{RestApiId: &f.api, Limit: aws.Int32(2)}))(t)
		if len(p1.Items) != 2 || p1.Position == nil {
			t.Fatalf("page 1 = %d items, position %v", len(p1.Items), p1.Position)
		}
		must(c.DeleteModel(ctx, &apigateway.DeleteModelInput{RestApiId: &f.api, ModelName: p1.Items[0].Name}))(t)
		p2 := must(c.GetModels(ctx, &apigateway.GetModelsInput{RestApiId: &f.api, Limit: aws.Int32(2), Position: p1.Position}))(t)
		var got []string
		for _, it := range append(p1.Items, p2.Items...) {
			got = append(got, *it.Name)
		}
		want := []string{"Empty", "Error", "M1", "M2"}
		if !slices.Equal(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
	})

	t.Run("GetDeployments: delete before the cursor", func(t *testing.T) {
		f := newFixture(t)
		c, ctx := f.c, f.ctx
		f.putMethod(t, f.res, "GET")
		f.putMock(t, f.res, "GET")
		for range 4 {
			must(c.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: &f.api}))(t)
		}
		all := must(c.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: &f.api}))(t)
		p1 := must(c.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: &f.api, Limit: aws.Int32(2)}))(t)
		if len(p1.Items) != 2 || p1.Position == nil {
			t.Fatalf("page 1 = %d items, position %v", len(p1.Items), p1.Position)
		}
		must(c.DeleteDeployment(ctx, &apigateway.DeleteDeploymentInput{RestApiId: &f.api, DeploymentId: p1.Items[0].Id}))(t)
		p2 := must(c.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: &f.api, Limit: aws.Int32(2), Position: p1.Position}))(t)
		var got, want []string
		for _, it := range append(p1.Items, p2.Items...) {
			got = append(got, *it.Id)
		}
		for _, it := range all.Items {
			want = append(want, *it.Id)
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
	})
}

// A position that no page handed out is AWS's 400, not an empty page.
func TestPagingBadPosition(t *testing.T) {
	c := newClient(t)
	for _, pos := range []string{"zz!", "-1", "%%%"} {
		_, err := c.GetRestApis(t.Context(), &apigateway.GetRestApisInput{Position: aws.String(pos)})
		wantErr(t, err, 400, "BadRequestException", "")
	}
}
