# HashiCorp terraform-provider-aws, internal/service/apigateway/model_test.go testAccModelConfig_basic (TestAccAPIGatewayModel_basic)
# with rName = "tf-acc-test-model", modelName = "tfacctestmodelab" (RandString(16))

resource "aws_api_gateway_rest_api" "test" {
  name = "tf-acc-test-model"
}

resource "aws_api_gateway_model" "test" {
  rest_api_id  = aws_api_gateway_rest_api.test.id
  name         = "tfacctestmodelab"
  description  = "a test schema"
  content_type = "application/json"
  schema       = <<EOF
{
  "type": "object"
}
EOF
}
