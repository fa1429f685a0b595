# An HTTP integration with a request mapping
resource "aws_api_gateway_rest_api" "example" {
  name        = "http-example"
  description = "An HTTP integration with a request mapping"
}

resource "aws_api_gateway_resource" "example" {
  rest_api_id = aws_api_gateway_rest_api.example.id
  parent_id   = aws_api_gateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "example" {
  rest_api_id   = aws_api_gateway_rest_api.example.id
  resource_id   = aws_api_gateway_resource.example.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "example" {
  rest_api_id             = aws_api_gateway_rest_api.example.id
  resource_id             = aws_api_gateway_resource.example.id
  http_method             = aws_api_gateway_method.example.http_method
  type                    = "HTTP"
  integration_http_method = "POST"
  uri                     = "http://127.0.0.1:8080/pets"
  timeout_milliseconds    = 5000

  request_parameters = {
    "integration.request.header.X-Source" = "'portico'"
  }
  request_templates = {
    "application/json" = "{\"name\": $input.json('$.name')}"
  }
  passthrough_behavior = "NEVER"
}
