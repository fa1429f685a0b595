# HashiCorp terraform-provider-aws, internal/service/apigateway/method_test.go testAccMethodOperationNameConfig (TestAccAPIGatewayMethod_operationName)
# with rInt = 1, operationName = "describeTest"

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-apig-method-custom-op-name-1"
}

resource "aws_api_gateway_resource" "test" {
  rest_api_id = aws_api_gateway_rest_api.test.id
  parent_id   = aws_api_gateway_rest_api.test.root_resource_id
  path_part   = "test"
}

resource "aws_api_gateway_method" "test" {
  authorization  = "NONE"
  http_method    = "GET"
  operation_name = "describeTest"
  resource_id    = aws_api_gateway_resource.test.id
  rest_api_id    = aws_api_gateway_rest_api.test.id

  request_models = {
    "application/json" = "Error"
  }

  request_parameters = {
    "method.request.header.Content-Type" = false
    "method.request.querystring.page"    = true
  }
}
