package control_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

func TestResources(t *testing.T) {
	f := newFixture(t)
	c, ctx := f.c, f.ctx
	create := func(parent, part string) (*apigateway.CreateResourceOutput, error) {
		return c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &f.api, ParentId: &parent, PathPart: &part})
	}
	pet := must(create(f.res, "{petId}"))(t)
	if *pet.Path != "/pets/{petId}" || *pet.ParentId != f.res || *pet.PathPart != "{petId}" {
		t.Errorf("pet = %+v", pet)
	}
	toys := must(create(*pet.Id, "toys"))(t)
	proxy := must(create(f.root, "{proxy+}"))(t)
	if *toys.Path != "/pets/{petId}/toys" || *proxy.Path != "/{proxy+}" {
		t.Errorf("paths %q %q", *toys.Path, *proxy.Path)
	}

	t.Run("errors", func(t *testing.T) {
		_, err := create(f.root, "pets")
		wantErr(t, err, 409, "ConflictException", "Another resource with the same parent already has this name: pets")
		_, err = create(f.res, "{other}")
		wantErr(t, err, 400, "BadRequestException", "A sibling ({petId}) of this resource already has a variable path part -- only one is allowed")
		_, err = create(f.root, "bad path")
		wantErr(t, err, 400, "BadRequestException", "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.")
		_, err = create(*proxy.Id, "child")
		wantErr(t, err, 400, "BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}")
		_, err = create("nope", "x")
		wantErr(t, err, 404, "NotFoundException", "Invalid Resource identifier specified")
		_, err = c.GetResource(ctx, &apigateway.GetResourceInput{RestApiId: &f.api, ResourceId: aws.String("nope")})
		wantErr(t, err, 404, "NotFoundException", "Invalid Resource identifier specified")
		_, err = c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: pet.Id, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/path"), Value: aws.String("/x")}}})
		wantErr(t, err, 400, "BadRequestException", "Invalid patch path  '/path' specified for op 'replace'. Must be one of: [/parentId, /pathPart]")
		_, err = c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: &f.res, PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/parentId"), Value: toys.Id}}})
		wantErr(t, err, 400, "BadRequestException", "")
		_, err = c.DeleteResource(ctx, &apigateway.DeleteResourceInput{RestApiId: &f.api, ResourceId: &f.root})
		wantErr(t, err, 400, "BadRequestException", "")
	})

	// GetResources, with and without embedded methods.
	f.putMethod(t, *pet.Id, "GET")
	f.putMock(t, *pet.Id, "GET")
	list := must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api}))(t)
	if len(list.Items) != 5 {
		t.Fatalf("resources = %d, want 5", len(list.Items))
	}
	for _, r := range list.Items {
		if *r.Id == *pet.Id {
			m, ok := r.ResourceMethods["GET"]
			if !ok || m.HttpMethod != nil {
				t.Errorf("non-embedded GET = %+v (present %v)", m, ok)
			}
		}
	}
	list = must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api, Embed: []string{"methods"}}))(t)
	for _, r := range list.Items {
		if *r.Id == *pet.Id {
			m := r.ResourceMethods["GET"]
			if m.HttpMethod == nil || *m.HttpMethod != "GET" || m.MethodIntegration == nil || m.MethodIntegration.Type != types.IntegrationTypeMock {
				t.Errorf("embedded GET = %+v", m)
			}
		}
	}
	paged := must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api, Limit: aws.Int32(2)}))(t)
	if len(paged.Items) != 2 || paged.Position == nil {
		t.Errorf("paged = %d items, position %v", len(paged.Items), paged.Position)
	}

	// Update: rename and move; descendants' paths follow.
	upd := must(c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: &f.res, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/pathPart"), Value: aws.String("animals")},
	}}))(t)
	if *upd.Path != "/animals" {
		t.Errorf("renamed path = %q", *upd.Path)
	}
	got := must(c.GetResource(ctx, &apigateway.GetResourceInput{RestApiId: &f.api, ResourceId: toys.Id}))(t)
	if *got.Path != "/animals/{petId}/toys" {
		t.Errorf("descendant path = %q", *got.Path)
	}
	moved := must(c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: toys.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/parentId"), Value: &f.root},
	}}))(t)
	if *moved.Path != "/toys" || *moved.ParentId != f.root {
		t.Errorf("moved = %+v", moved)
	}
	_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: toys.Id, PatchOperations: []types.PatchOperation{
		{Op: types.OpReplace, Path: aws.String("/pathPart"), Value: aws.String("animals")},
	}})
	wantErr(t, err, 409, "ConflictException", "Another resource with the same parent already has this name: animals")

	// Delete removes the subtree.
	must(c.DeleteResource(ctx, &apigateway.DeleteResourceInput{RestApiId: &f.api, ResourceId: &f.res}))(t)
	for _, id := range []string{f.res, *pet.Id} {
		_, err := c.GetResource(ctx, &apigateway.GetResourceInput{RestApiId: &f.api, ResourceId: &id})
		wantErr(t, err, 404, "NotFoundException", "Invalid Resource identifier specified")
	}
	list = must(c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &f.api}))(t)
	if len(list.Items) != 3 {
		t.Errorf("after delete: %d resources, want 3 (/, /toys, /{proxy+})", len(list.Items))
	}
}
