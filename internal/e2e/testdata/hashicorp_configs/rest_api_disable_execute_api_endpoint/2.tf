# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go (commit 00a49e1dae3c4b06f451211f6dde86ad0c47600a; its ImportState steps are not run)
# testAccRestAPIConfig_disableExecuteEndpoint (TestAccAPIGatewayRestAPI_disableExecuteAPIEndpoint step 2), rName = "tf-acc-test-rest-api-disable-execute", disableExecuteApiEndpoint = true

resource "aws_api_gateway_rest_api" "test" {
  disable_execute_api_endpoint = true
  name                         = "tf-acc-test-rest-api-disable-execute"
}
