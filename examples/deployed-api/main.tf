# A deployed API that answers over HTTP: MOCK methods with mapping templates,
# a CORS preflight, a {petId} path parameter, and an HTTP_PROXY {proxy+}
# pass-through to a backend, deployed to the stage "dev".
#
# With `portico serve`, after `terraform apply`:
#   curl "$(terraform output -raw invoke_url)/pets"
#   curl "$(terraform output -raw invoke_url)/pets/2"
#   curl "$(terraform output -raw path_form_url)/pets/2"

variable "backend_url" {
  description = "Base URL the HTTP_PROXY integration forwards /api/{proxy+} to."
  type        = string
  default     = "http://127.0.0.1:8080"
}

resource "aws_api_gateway_rest_api" "pets" {
  name        = "pets"
  description = "A deployed API served by portico"
}

# ------------------------------------------------------------------ /pets

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_rest_api.pets.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "pets_get" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.querystring.type" = false
  }
}

resource "aws_api_gateway_integration" "pets_get" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "pets_get_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = true
  }
}

resource "aws_api_gateway_integration_response" "pets_get_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  status_code = aws_api_gateway_method_response.pets_get_200.status_code

  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }

  response_templates = {
    "application/json" = <<-EOT
      #set($pets = [{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 124.99}, {"id": 3, "type": "fish", "price": 0.99}])
      #set($type = $input.params('type'))
      #set($shown = [])
      #foreach($pet in $pets)#if($type == '' || $pet.type == $type)#set($ok = $shown.add($pet))#end#end
      [
      #foreach($pet in $shown)
        {"id": $pet.id, "type": "$pet.type", "price": $pet.price}#if($foreach.hasNext),#end

      #end
      ]
    EOT
  }

  depends_on = [aws_api_gateway_integration.pets_get]
}

# CORS preflight: OPTIONS /pets answered by a MOCK integration.
resource "aws_api_gateway_method" "pets_options" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "pets_options" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_options.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "pets_options_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_options.http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = true
    "method.response.header.Access-Control-Allow-Methods" = true
    "method.response.header.Access-Control-Allow-Origin"  = true
  }
}

resource "aws_api_gateway_integration_response" "pets_options_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_options.http_method
  status_code = aws_api_gateway_method_response.pets_options_200.status_code

  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'"
    "method.response.header.Access-Control-Allow-Methods" = "'GET,OPTIONS'"
    "method.response.header.Access-Control-Allow-Origin"  = "'*'"
  }

  depends_on = [aws_api_gateway_integration.pets_options]
}

# ------------------------------------------------------------ /pets/{petId}

resource "aws_api_gateway_resource" "pet" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_resource.pets.id
  path_part   = "{petId}"
}

resource "aws_api_gateway_method" "pet_get" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  resource_id   = aws_api_gateway_resource.pet.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.path.petId" = true
  }
}

# The request template picks the status: 200 for pets 1-3, 404 otherwise.
resource "aws_api_gateway_integration" "pet_get" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = <<-EOT
      #set($id = $input.params('petId'))
      {"statusCode": #if($id == '1' || $id == '2' || $id == '3')200#{else}404#end}
    EOT
  }
}

resource "aws_api_gateway_method_response" "pet_get_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.X-Pet-Source" = true
  }
}

resource "aws_api_gateway_method_response" "pet_get_404" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = "404"
}

resource "aws_api_gateway_integration_response" "pet_get_200" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = aws_api_gateway_method_response.pet_get_200.status_code

  response_parameters = {
    "method.response.header.X-Pet-Source" = "'mock'"
  }

  response_templates = {
    "application/json" = <<-EOT
      #set($types = {"1": "dog", "2": "cat", "3": "fish"})
      #set($id = $input.params('petId'))
      {"id": $id, "type": "$types.get($id)", "stage": "$context.stage", "requestId": "$context.requestId"}
    EOT
  }

  depends_on = [aws_api_gateway_integration.pet_get]
}

resource "aws_api_gateway_integration_response" "pet_get_404" {
  rest_api_id       = aws_api_gateway_rest_api.pets.id
  resource_id       = aws_api_gateway_resource.pet.id
  http_method       = aws_api_gateway_method.pet_get.http_method
  status_code       = aws_api_gateway_method_response.pet_get_404.status_code
  selection_pattern = "404"

  response_templates = {
    "application/json" = <<-EOT
      {"message": "No pet with id $util.escapeJavaScript($input.params('petId'))"}
    EOT
  }

  depends_on = [aws_api_gateway_integration.pet_get]
}

# -------------------------------------------------------- /api/{proxy+}

resource "aws_api_gateway_resource" "api" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_rest_api.pets.root_resource_id
  path_part   = "api"
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.pets.id
  parent_id   = aws_api_gateway_resource.api.id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "proxy_any" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  resource_id   = aws_api_gateway_resource.proxy.id
  http_method   = "ANY"
  authorization = "NONE"

  request_parameters = {
    "method.request.path.proxy" = true
  }
}

resource "aws_api_gateway_integration" "proxy_any" {
  rest_api_id             = aws_api_gateway_rest_api.pets.id
  resource_id             = aws_api_gateway_resource.proxy.id
  http_method             = aws_api_gateway_method.proxy_any.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "ANY"
  uri                     = "${var.backend_url}/{proxy}"
  timeout_milliseconds    = 5000

  request_parameters = {
    "integration.request.path.proxy" = "method.request.path.proxy"
  }
}

# ------------------------------------------------------------ deployment

resource "aws_api_gateway_deployment" "pets" {
  rest_api_id = aws_api_gateway_rest_api.pets.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_integration.pets_get,
      aws_api_gateway_integration_response.pets_get_200,
      aws_api_gateway_integration.pets_options,
      aws_api_gateway_integration_response.pets_options_200,
      aws_api_gateway_integration.pet_get,
      aws_api_gateway_integration_response.pet_get_200,
      aws_api_gateway_integration_response.pet_get_404,
      aws_api_gateway_integration.proxy_any,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_integration_response.pets_get_200,
    aws_api_gateway_integration_response.pets_options_200,
    aws_api_gateway_integration_response.pet_get_200,
    aws_api_gateway_integration_response.pet_get_404,
    aws_api_gateway_integration.proxy_any,
  ]
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.pets.id
  deployment_id = aws_api_gateway_deployment.pets.id
  stage_name    = "dev"

  variables = {
    greeting = "hello"
  }
}

output "api_id" {
  value = aws_api_gateway_rest_api.pets.id
}

output "invoke_url" {
  description = "The stage's invoke URL (http://{api-id}.execute-api.localhost:{port}/dev on portico)."
  value       = aws_api_gateway_stage.dev.invoke_url
}

output "path_form_url" {
  description = "The same stage in the path form: http://127.0.0.1:{port}/restapis/{api-id}/dev/_user_request_ (portico only)."
  value = replace(
    aws_api_gateway_stage.dev.invoke_url,
    "/^(https?://)[a-z0-9]+\\.execute-api\\.localhost(:[0-9]+)?/(.*)$/",
    "$${1}127.0.0.1$${2}/restapis/${aws_api_gateway_rest_api.pets.id}/$${3}/_user_request_"
  )
}
