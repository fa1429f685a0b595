package control_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// A greedy resource has no children however it comes to be greedy:
// renaming a resource that has children to {proxy+} is refused like
// creating a child under {proxy+}, and leaves the tree unchanged.
func TestUpdateResourceGreedyWithChildren(t *testing.T) {
	f := newFixture(t) // /pets
	c, ctx := f.c, f.ctx
	must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &f.api, ParentId: &f.res, PathPart: aws.String("toys")}))(t)
	_, err := c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: &f.res,
		PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/pathPart"), Value: aws.String("{proxy+}")}}})
	wantErr(t, err, 400, "BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}")
	got := must(c.GetResource(ctx, &apigateway.GetResourceInput{RestApiId: &f.api, ResourceId: &f.res}))(t)
	if *got.Path != "/pets" {
		t.Errorf("path after refused update = %q, want /pets", *got.Path)
	}
	// Without children the rename is fine.
	leaf := must(c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: &f.api, ParentId: &f.root, PathPart: aws.String("leaf")}))(t)
	must(c.UpdateResource(ctx, &apigateway.UpdateResourceInput{RestApiId: &f.api, ResourceId: leaf.Id,
		PatchOperations: []types.PatchOperation{{Op: types.OpReplace, Path: aws.String("/pathPart"), Value: aws.String("{proxy+}")}}}))(t)
}
