# HashiCorp terraform-provider-aws, internal/service/apigateway/rest_api_test.go (commit 00a49e1dae3c4b06f451211f6dde86ad0c47600a; its ImportState steps are not run)
# testAccRestAPIConfig_policyOrder (TestAccAPIGatewayRestAPI_Policy_order step 1), rName = "tf-acc-test-rest-api-policy-order"

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-rest-api-policy-order"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action = "execute-api:Invoke"
      Condition = {
        IpAddress = {
          "aws:SourceIp" = [
            "123.123.123.123/32",
            "122.122.122.122/32",
            "169.254.169.253/32",
          ]
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
    }]
  })
}
