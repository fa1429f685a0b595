# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go (commit 00a49e1dae3c4b06f451211f6dde86ad0c47600a; its ImportState steps are not run)
# testAccRestAPIConfig_tags2 (TestAccAPIGatewayRestAPI_tags step 2), rName = "tf-acc-test-rest-api-tags", tagKey1 = "key1", tagValue1 = "value1updated", tagKey2 = "key2", tagValue2 = "value2"

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-rest-api-tags"

  tags = {
    "key1" = "value1updated"
    "key2" = "value2"
  }
}
