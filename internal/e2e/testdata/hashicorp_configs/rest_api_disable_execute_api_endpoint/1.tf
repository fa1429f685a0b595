# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go testAccRestAPIConfig_disableExecuteEndpoint
# with rName = "tf-acc-test-rest-api-disable-execute", disableExecuteApiEndpoint = false (step order assumed: false, then true)

resource "aws_api_gateway_rest_api" "test" {
  disable_execute_api_endpoint = false
  name                         = "tf-acc-test-rest-api-disable-execute"
}
