# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go (commit 00a49e1dae3c4b06f451211f6dde86ad0c47600a; its ImportState steps are not run)
# testAccRestAPIConfig_minimumCompressionSize (TestAccAPIGatewayRestAPI_minimumCompressionSize step 1), rName = "tf-acc-test-rest-api-min-compression", minimumCompressionSize = "1"

resource "aws_api_gateway_rest_api" "test" {
  name                     = "tf-acc-test-rest-api-min-compression"
  minimum_compression_size = "1"
}
