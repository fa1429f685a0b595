# HashiCorp terraform-provider-aws, internal/service/apigateway/resource_test.go testAccResourceConfig_basic (TestAccAPIGatewayResource_update)
# with rName = "tf-acc-test-resource-update"

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-resource-update"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "test"
}
