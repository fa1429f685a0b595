# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go testAccRestAPIConfig_endpointConfiguration
# with rName = "tf-acc-test-rest-api-endpoint", endpointType = "EDGE" (step order assumed: EDGE, then REGIONAL, updated in place)

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-rest-api-endpoint"

  endpoint_configuration {
    types = ["EDGE"]
  }
}
