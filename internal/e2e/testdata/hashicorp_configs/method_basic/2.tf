# HashiCorp terraform-provider-aws, internal/service/apigateway/method_test.go testAccMethodUpdateConfig (TestAccAPIGatewayMethod_basic)
# with rInt = 1

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-apig-method-1"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "test"
}

resource "aws_api_gateway_method" "test" {
  rest_api_id   = aws_api_gateway_rest_api.test.id
  resource_id   = aws_api_gateway_resource.test.id
  http_method   = "GET"
  authorization = "NONE"

  request_models = {
    "application/json" = "Error"
  }

  request_parameters = {
    "method.request.querystring.page" = false
  }
}
