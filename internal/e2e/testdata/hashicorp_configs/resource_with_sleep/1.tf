# HashiCorp terraform-provider-aws, internal/service/apigateway/resource_test.go testAccResourceConfig_base (TestAccAPIGatewayResource_withSleep; HashiCorp sleeps 10 s here, Portico needs no wait)
# with rName = "tf-acc-test-resource-withsleep"

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-resource-withsleep"
}
