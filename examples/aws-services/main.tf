# A REST API that talks to AWS services directly (integrations of type AWS,
# no Lambda function in between):
#
#   POST /orders       SQS SendMessage: the request body becomes the message
#                      (path form, a form body built by the template)
#   POST /pets         DynamoDB PutItem from the JSON body
#   GET  /pets/{id}    DynamoDB GetItem, the item mapped to plain JSON; 404
#                      when there is none
#
# deployed to the stage "v1". API Gateway signs each service request with
# the credentials of an IAM role it assumes (aws_iam_role.apigateway).
#
# The queue and the table are not managed here (portico's provider holds API
# Gateway, Lambda and IAM); create them first, e.g. with the AWS CLI. With
# `portico serve --upstream http://127.0.0.1:5000` in front of moto_server
# (and export AWS_ENDPOINT_URL=http://127.0.0.1:4567), portico forwards them:
#
#   aws sqs create-queue --queue-name orders
#   aws dynamodb create-table --table-name pets --billing-mode PAY_PER_REQUEST \
#     --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH
#   terraform apply
#   curl -X POST -H 'Content-Type: application/json' -d '{"order": 7}' "$(terraform output -raw invoke_url)/orders"
#   curl -X POST -H 'Content-Type: application/json' -d '{"id": "1", "name": "Rex"}' "$(terraform output -raw invoke_url)/pets"
#   curl "$(terraform output -raw invoke_url)/pets/1"

variable "queue_name" {
  description = "The SQS queue POST /orders sends to."
  type        = string
  default     = "orders"
}

variable "table_name" {
  description = "The DynamoDB table (hash key id, a string) of /pets."
  type        = string
  default     = "pets"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.region
}

# ------------------------------------------------------------- the role

resource "aws_iam_role" "apigateway" {
  name = "aws-services-apigateway"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "apigateway" {
  name = "queue-and-table"
  role = aws_iam_role.apigateway.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:${local.region}:${local.account}:${var.queue_name}" },
      { Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:GetItem"], Resource = "arn:aws:dynamodb:${local.region}:${local.account}:table/${var.table_name}" },
    ]
  })
}

# ------------------------------------------------------------- the API

resource "aws_api_gateway_rest_api" "api" {
  name        = "aws-services"
  description = "SQS and DynamoDB behind API Gateway, without Lambda"
}

# POST /orders -> SQS SendMessage

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders_post" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "orders_post" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.orders_post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:${local.region}:sqs:path/${local.account}/${var.queue_name}"
  credentials             = aws_iam_role.apigateway.arn
  passthrough_behavior    = "NEVER"

  request_parameters = {
    "integration.request.header.Content-Type" = "'application/x-www-form-urlencoded'"
  }
  request_templates = {
    "application/json" = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
  }
}

resource "aws_api_gateway_method_response" "orders_post" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.orders_post.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "orders_post" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.orders.id
  http_method = aws_api_gateway_method.orders_post.http_method
  status_code = aws_api_gateway_method_response.orders_post.status_code

  response_templates = {
    "application/json" = <<-EOT
      {"messageId": "$input.path('$.SendMessageResponse.SendMessageResult.MessageId')"}
    EOT
  }

  depends_on = [aws_api_gateway_integration.orders_post]
}

# POST /pets -> DynamoDB PutItem

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "pets_post" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "pets_post" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.pets.id
  http_method             = aws_api_gateway_method.pets_post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:${local.region}:dynamodb:action/PutItem"
  credentials             = aws_iam_role.apigateway.arn

  request_templates = {
    "application/json" = <<-EOT
      {
        "TableName": "${var.table_name}",
        "Item": {
          "id": {"S": "$input.path('$.id')"},
          "name": {"S": "$util.escapeJavaScript($input.path('$.name'))"}
        }
      }
    EOT
  }
}

resource "aws_api_gateway_method_response" "pets_post" {
  for_each    = toset(["200", "400"])
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_post.http_method
  status_code = each.value
}

resource "aws_api_gateway_integration_response" "pets_post" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_post.http_method
  status_code = aws_api_gateway_method_response.pets_post["200"].status_code

  response_templates = {
    "application/json" = <<-EOT
      {"stored": true}
    EOT
  }

  depends_on = [aws_api_gateway_integration.pets_post]
}

# DynamoDB's own 400 (e.g. a body without an id), its message kept
resource "aws_api_gateway_integration_response" "pets_post_400" {
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = aws_api_gateway_resource.pets.id
  http_method       = aws_api_gateway_method.pets_post.http_method
  status_code       = aws_api_gateway_method_response.pets_post["400"].status_code
  selection_pattern = "4\\d{2}"

  response_templates = {
    "application/json" = <<-EOT
      {"message": $input.json('$.message')}
    EOT
  }

  depends_on = [aws_api_gateway_integration.pets_post]
}

# GET /pets/{id} -> DynamoDB GetItem

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
  uri                     = "arn:aws:apigateway:${local.region}:dynamodb:action/GetItem"
  credentials             = aws_iam_role.apigateway.arn

  request_templates = {
    "application/json" = <<-EOT
      {"TableName": "${var.table_name}", "Key": {"id": {"S": "$input.params('id')"}}}
    EOT
  }
}

resource "aws_api_gateway_method_response" "pet_get" {
  for_each    = toset(["200", "404"])
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = each.value
}

resource "aws_api_gateway_integration_response" "pet_get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = aws_api_gateway_method_response.pet_get["200"].status_code

  # GetItem answers {} for a missing item: the template turns it into a 404
  response_templates = {
    "application/json" = <<-EOT
      #set($item = $input.path('$.Item'))
      #if("$!item" == "")
      #set($context.responseOverride.status = 404)
      {"message": "no pet $util.escapeJavaScript($input.params('id'))"}
      #else
      {"id": "$item.id.S", "name": "$util.escapeJavaScript($item.name.S)"}
      #end
    EOT
  }

  depends_on = [aws_api_gateway_integration.pet_get]
}

# ------------------------------------------------------------- stage

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_integration.orders_post,
      aws_api_gateway_integration_response.orders_post,
      aws_api_gateway_integration.pets_post,
      aws_api_gateway_integration_response.pets_post,
      aws_api_gateway_integration_response.pets_post_400,
      aws_api_gateway_integration.pet_get,
      aws_api_gateway_integration_response.pet_get,
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

output "invoke_url" {
  description = "The stage's invoke URL (http://{api-id}.execute-api.localhost:{port}/v1 on portico)."
  value       = aws_api_gateway_stage.v1.invoke_url
}

output "queue_url" {
  description = "The queue POST /orders sends to, as the upstream names it."
  value       = "https://sqs.${local.region}.amazonaws.com/${local.account}/${var.queue_name}"
}
