# A REST API deployed to a stage: GET /hello answers {"message": ...} from a
# MOCK integration, through the stage "prod" with stage variables.
#
# No provider block: the endpoint comes from AWS_ENDPOINT_URL_API_GATEWAY
# (e.g. http://127.0.0.1:4567 for `portico serve`) or, without it, real AWS.
# `terraform output invoke_url` is the URL that answers:
#   curl "$(terraform output -raw invoke_url)/hello"

resource "aws_api_gateway_rest_api" "example" {
  name        = "stage-example"
  description = "A MOCK API deployed to a stage"
}

resource "aws_api_gateway_resource" "hello" {
  rest_api_id = aws_api_gateway_rest_api.example.id
  parent_id   = aws_api_gateway_rest_api.example.root_resource_id
  path_part   = "hello"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.example.id
  resource_id   = aws_api_gateway_resource.hello.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "mock" {
  rest_api_id = aws_api_gateway_rest_api.example.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "aws_api_gateway_method_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.example.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = "200"

  response_models = {
    "application/json" = "Empty"
  }
  response_parameters = {
    "method.response.header.X-Stage" = false
  }
}

resource "aws_api_gateway_integration_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.example.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = aws_api_gateway_method_response.ok.status_code

  response_parameters = {
    "method.response.header.X-Stage" = "context.stage"
  }
  response_templates = {
    "application/json" = <<EOT
{"message": "$stageVariables.greeting from $context.stage"}
EOT
  }

  depends_on = [aws_api_gateway_integration.mock]
}

resource "aws_api_gateway_deployment" "example" {
  rest_api_id = aws_api_gateway_rest_api.example.id

  # Redeploy whenever what the API serves changes.
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.hello.id,
      aws_api_gateway_method.get.id,
      aws_api_gateway_integration.mock.id,
      aws_api_gateway_method_response.ok.id,
      aws_api_gateway_integration_response.ok.id,
      aws_api_gateway_integration_response.ok.response_templates,
    ]))
  }

  # The stage moves to the new deployment before the old one goes:
  # API Gateway refuses to delete a deployment a stage still serves.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.example.id
  deployment_id = aws_api_gateway_deployment.example.id
  stage_name    = "prod"
  description   = "Production"

  variables = {
    greeting = "hello"
  }
}

output "invoke_url" {
  value = aws_api_gateway_stage.prod.invoke_url
}
