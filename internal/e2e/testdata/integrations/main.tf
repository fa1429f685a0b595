# Every integration type, for the end-to-end test: HTTP with parameter
# mapping, templates and selection patterns; passthrough NEVER; a timeout;
# an unreachable backend; AWS_PROXY and AWS (Lambda) through --lambda-endpoint.

variable "backend_url" { type = string }
variable "dead_url" { type = string }

locals {
  fn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function"
}

resource "aws_api_gateway_rest_api" "t" {
  name = "integrations"
}

# ---------------------------------------------------------------- HTTP

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_rest_api.t.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_resource" "item" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_resource.items.id
  path_part   = "{id}"
}

resource "aws_api_gateway_method" "item" {
  rest_api_id   = aws_api_gateway_rest_api.t.id
  resource_id   = aws_api_gateway_resource.item.id
  http_method   = "POST"
  authorization = "NONE"
  request_parameters = {
    "method.request.path.id"         = true
    "method.request.querystring.q"   = false
    "method.request.header.X-Client" = false
  }
}

resource "aws_api_gateway_integration" "item" {
  rest_api_id             = aws_api_gateway_rest_api.t.id
  resource_id             = aws_api_gateway_resource.item.id
  http_method             = aws_api_gateway_method.item.http_method
  type                    = "HTTP"
  integration_http_method = "PUT"
  uri                     = "${var.backend_url}/$${stageVariables.version}/things/{thing}"
  passthrough_behavior    = "NEVER"
  request_parameters = {
    "integration.request.path.thing"         = "method.request.path.id"
    "integration.request.querystring.search" = "method.request.querystring.q"
    "integration.request.header.X-Fixed"     = "'fixed-value'"
    "integration.request.header.X-Client"    = "method.request.header.X-Client"
    "integration.request.header.X-Stage"     = "context.stage"
  }
  request_templates = {
    "application/json" = <<-EOT
      {"wrapped": $input.json('$'), "color": "$stageVariables.color"}
    EOT
  }
}

resource "aws_api_gateway_method_response" "item" {
  for_each    = toset(["200", "404"])
  rest_api_id = aws_api_gateway_rest_api.t.id
  resource_id = aws_api_gateway_resource.item.id
  http_method = aws_api_gateway_method.item.http_method
  status_code = each.key
  response_parameters = {
    "method.response.header.X-Backend-Name" = false
  }
}

resource "aws_api_gateway_integration_response" "item_200" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  resource_id = aws_api_gateway_resource.item.id
  http_method = aws_api_gateway_method.item.http_method
  status_code = aws_api_gateway_method_response.item["200"].status_code
  response_parameters = {
    "method.response.header.X-Backend-Name" = "integration.response.body.name"
  }
  depends_on = [aws_api_gateway_integration.item]
}

resource "aws_api_gateway_integration_response" "item_404" {
  rest_api_id       = aws_api_gateway_rest_api.t.id
  resource_id       = aws_api_gateway_resource.item.id
  http_method       = aws_api_gateway_method.item.http_method
  status_code       = aws_api_gateway_method_response.item["404"].status_code
  selection_pattern = "404"
  response_templates = {
    "application/json" = "{\"missing\": \"$input.path('$.path')\"}"
  }
  depends_on = [aws_api_gateway_integration.item]
}

# ------------------------------------------------- timeouts and dead backends

resource "aws_api_gateway_resource" "slow" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_rest_api.t.root_resource_id
  path_part   = "slow"
}

resource "aws_api_gateway_method" "slow" {
  rest_api_id   = aws_api_gateway_rest_api.t.id
  resource_id   = aws_api_gateway_resource.slow.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "slow" {
  rest_api_id             = aws_api_gateway_rest_api.t.id
  resource_id             = aws_api_gateway_resource.slow.id
  http_method             = aws_api_gateway_method.slow.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "${var.backend_url}/sleep"
  timeout_milliseconds    = 200
}

resource "aws_api_gateway_resource" "dead" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_rest_api.t.root_resource_id
  path_part   = "dead"
}

resource "aws_api_gateway_method" "dead" {
  rest_api_id   = aws_api_gateway_rest_api.t.id
  resource_id   = aws_api_gateway_resource.dead.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "dead" {
  rest_api_id             = aws_api_gateway_rest_api.t.id
  resource_id             = aws_api_gateway_resource.dead.id
  http_method             = aws_api_gateway_method.dead.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "${var.dead_url}/x"
}

# ---------------------------------------------------------------- Lambda

resource "aws_api_gateway_resource" "fn" {
  for_each    = toset(["hello", "malformed", "crash"])
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_rest_api.t.root_resource_id
  path_part   = each.key
}

resource "aws_api_gateway_method" "fn" {
  for_each      = aws_api_gateway_resource.fn
  rest_api_id   = aws_api_gateway_rest_api.t.id
  resource_id   = each.value.id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "fn" {
  for_each                = aws_api_gateway_resource.fn
  rest_api_id             = aws_api_gateway_rest_api.t.id
  resource_id             = each.value.id
  http_method             = "ANY"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "${local.fn}:${each.key}/invocations"
  depends_on              = [aws_api_gateway_method.fn]
}

resource "aws_api_gateway_resource" "legacy" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  parent_id   = aws_api_gateway_rest_api.t.root_resource_id
  path_part   = "legacy"
}

resource "aws_api_gateway_method" "legacy" {
  rest_api_id   = aws_api_gateway_rest_api.t.id
  resource_id   = aws_api_gateway_resource.legacy.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "legacy" {
  rest_api_id             = aws_api_gateway_rest_api.t.id
  resource_id             = aws_api_gateway_resource.legacy.id
  http_method             = aws_api_gateway_method.legacy.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "${local.fn}:crash/invocations"
}

resource "aws_api_gateway_method_response" "legacy" {
  for_each    = toset(["200", "400"])
  rest_api_id = aws_api_gateway_rest_api.t.id
  resource_id = aws_api_gateway_resource.legacy.id
  http_method = aws_api_gateway_method.legacy.http_method
  status_code = each.key
}

resource "aws_api_gateway_integration_response" "legacy_200" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  resource_id = aws_api_gateway_resource.legacy.id
  http_method = aws_api_gateway_method.legacy.http_method
  status_code = aws_api_gateway_method_response.legacy["200"].status_code
  depends_on  = [aws_api_gateway_integration.legacy]
}

resource "aws_api_gateway_integration_response" "legacy_400" {
  rest_api_id       = aws_api_gateway_rest_api.t.id
  resource_id       = aws_api_gateway_resource.legacy.id
  http_method       = aws_api_gateway_method.legacy.http_method
  status_code       = aws_api_gateway_method_response.legacy["400"].status_code
  selection_pattern = "Bad input.*"
  response_templates = {
    "application/json" = "{\"error\": \"$input.path('$.errorMessage')\"}"
  }
  depends_on = [aws_api_gateway_integration.legacy]
}

# ------------------------------------------------------------ deployment

resource "aws_api_gateway_deployment" "t" {
  rest_api_id = aws_api_gateway_rest_api.t.id
  depends_on = [
    aws_api_gateway_integration_response.item_200, aws_api_gateway_integration_response.item_404,
    aws_api_gateway_integration.slow, aws_api_gateway_integration.dead, aws_api_gateway_integration.fn,
    aws_api_gateway_integration_response.legacy_200, aws_api_gateway_integration_response.legacy_400,
  ]
}

resource "aws_api_gateway_stage" "t" {
  rest_api_id   = aws_api_gateway_rest_api.t.id
  deployment_id = aws_api_gateway_deployment.t.id
  stage_name    = "test"
  variables = {
    version = "v2"
    color   = "blue"
  }
}

output "invoke_url" {
  value = aws_api_gateway_stage.t.invoke_url
}

output "api_id" {
  value = aws_api_gateway_rest_api.t.id
}
