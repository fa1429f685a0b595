# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go (commit 00a49e1dae3c4b06f451211f6dde86ad0c47600a; its ImportState steps are not run)
# testAccRestAPIConfig_binaryMediaTypes1 (TestAccAPIGatewayRestAPI_binaryMediaTypes step 2), rName = "tf-acc-test-rest-api-binary-media-types", binaryMediaTypes1 = "application/octet"

resource "aws_api_gateway_rest_api" "test" {
  binary_media_types = ["application/octet"]
  name               = "tf-acc-test-rest-api-binary-media-types"
}
