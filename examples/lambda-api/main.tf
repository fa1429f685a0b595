# A Lambda-backed REST API:
#
#   GET /hello?name=Ada   AWS_PROXY to a Python function (hello/app.py)
#   GET /pets/{id}        AWS (non-proxy) to a Go bootstrap (pets/main.go): a
#                         request template builds the event, and the
#                         integration responses map the function's error
#                         message to 404 ("NotFound: ...") and 400
#                         ("BadRequest: ...")
#   GET /locked           AWS_PROXY to a function that has no
#                         aws_lambda_permission for API Gateway: 500, as on AWS
#
# deployed to the stage "v1". Build the packages first (Go and python3):
#
#   ./build.sh            # writes build/hello.zip and build/pets.zip
#
# With `portico serve` (export AWS_ENDPOINT_URL=http://127.0.0.1:4567), then
# `terraform apply`:
#   curl "$(terraform output -raw invoke_url)/hello?name=Ada"
#   curl "$(terraform output -raw invoke_url)/pets/2"
#   curl "$(terraform output -raw invoke_url)/pets/42"    # 404
#   curl "$(terraform output -raw invoke_url)/locked"     # 500

variable "greeting" {
  description = "GREETING of the Python function."
  type        = string
  default     = "Hello"
}

locals {
  hello_zip = "${path.module}/build/hello.zip"
  pets_zip  = "${path.module}/build/pets.zip"
}

# ------------------------------------------------------------- functions

resource "aws_iam_role" "lambda_exec" {
  name = "lambda-api-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "hello" {
  function_name    = "lambda-api-hello"
  description      = "GET /hello (AWS_PROXY)"
  filename         = local.hello_zip
  source_code_hash = filebase64sha256(local.hello_zip)
  handler          = "app.handler"
  runtime          = "python3.12"
  role             = aws_iam_role.lambda_exec.arn
  timeout          = 5

  environment {
    variables = { GREETING = var.greeting }
  }
}

resource "aws_lambda_function" "pets" {
  function_name    = "lambda-api-pets"
  description      = "GET /pets/{id} (AWS, non-proxy)"
  filename         = local.pets_zip
  source_code_hash = filebase64sha256(local.pets_zip)
  handler          = "bootstrap"
  runtime          = "provided.al2023"
  role             = aws_iam_role.lambda_exec.arn
}

# The same code as hello, but nothing allows API Gateway to invoke it.
resource "aws_lambda_function" "locked" {
  function_name    = "lambda-api-locked"
  description      = "GET /locked: deliberately without aws_lambda_permission"
  filename         = local.hello_zip
  source_code_hash = filebase64sha256(local.hello_zip)
  handler          = "app.handler"
  runtime          = "python3.12"
  role             = aws_iam_role.lambda_exec.arn
}

resource "aws_lambda_permission" "hello" {
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hello.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/GET/hello"
}

resource "aws_lambda_permission" "pets" {
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.pets.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/GET/pets/*"
}

# ------------------------------------------------------------------- API

resource "aws_api_gateway_rest_api" "api" {
  name        = "lambda-api"
  description = "A REST API backed by Lambda functions"
}

# GET /hello: AWS_PROXY to the Python function.

resource "aws_api_gateway_resource" "hello" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "hello"
}

resource "aws_api_gateway_method" "hello_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.hello.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "hello_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.hello.id
  http_method             = aws_api_gateway_method.hello_get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.hello.invoke_arn
}

# GET /pets/{id}: AWS (non-proxy) to the Go function, errors mapped by
# selection patterns on the function's error message.

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_resource" "pet" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.pets.id
  path_part   = "{id}"
}

resource "aws_api_gateway_method" "pet_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.pet.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.path.id" = true
  }
}

resource "aws_api_gateway_integration" "pet_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.pet.id
  http_method             = aws_api_gateway_method.pet_get.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.pets.invoke_arn
  passthrough_behavior    = "WHEN_NO_TEMPLATES"

  request_templates = {
    "application/json" = jsonencode({ id = "$input.params('id')" })
  }
}

resource "aws_api_gateway_method_response" "pet_get" {
  for_each    = toset(["200", "400", "404"])
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = each.value
}

resource "aws_api_gateway_integration_response" "pet_get_200" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = aws_api_gateway_method_response.pet_get["200"].status_code

  depends_on = [aws_api_gateway_integration.pet_get]
}

resource "aws_api_gateway_integration_response" "pet_get_errors" {
  for_each = {
    "404" = "NotFound:.*"
    "400" = "BadRequest:.*"
  }
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = aws_api_gateway_resource.pet.id
  http_method       = aws_api_gateway_method.pet_get.http_method
  status_code       = aws_api_gateway_method_response.pet_get[each.key].status_code
  selection_pattern = each.value

  response_templates = {
    "application/json" = <<-EOT
      {"message": $input.json('$.errorMessage')}
    EOT
  }

  depends_on = [aws_api_gateway_integration.pet_get]
}

# GET /locked: the function exists, the permission does not.

resource "aws_api_gateway_resource" "locked" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "locked"
}

resource "aws_api_gateway_method" "locked_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.locked.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "locked_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.locked.id
  http_method             = aws_api_gateway_method.locked_get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.locked.invoke_arn
}

# ------------------------------------------------------------ deployment

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_integration.hello_get,
      aws_api_gateway_integration.pet_get,
      aws_api_gateway_integration_response.pet_get_200,
      aws_api_gateway_integration_response.pet_get_errors,
      aws_api_gateway_integration.locked_get,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "v1"
}

output "api_id" {
  value = aws_api_gateway_rest_api.api.id
}

output "invoke_url" {
  description = "The stage's invoke URL (http://{api-id}.execute-api.localhost:{port}/v1 on portico)."
  value       = aws_api_gateway_stage.v1.invoke_url
}

output "path_form_url" {
  description = "The same stage in the path form: http://127.0.0.1:{port}/restapis/{api-id}/v1/_user_request_ (portico only)."
  value = replace(
    aws_api_gateway_stage.v1.invoke_url,
    "/^(https?://)[a-z0-9]+\\.execute-api\\.localhost(:[0-9]+)?/(.*)$/",
    "$${1}127.0.0.1$${2}/restapis/${aws_api_gateway_rest_api.api.id}/$${3}/_user_request_"
  )
}

output "hello_function_arn" {
  value = aws_lambda_function.hello.arn
}
