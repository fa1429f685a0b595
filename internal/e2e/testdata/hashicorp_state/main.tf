# The configuration behind testdata/hashicorp_state.tfstate.tmpl:
# all nine API Gateway resources with a realistic set of arguments, written
# for HashiCorp's AWS provider v6. The test applies it once with Portico's
# provider to create the objects, replaces the state with the one HashiCorp's
# provider writes for it, and expects `terraform plan` to find nothing to do.

variable "stage_description" {
  type    = string
  default = "development"
}

resource "aws_api_gateway_rest_api" "api" {
  name        = "hashicorp-state"
  description = "state written by HashiCorp's provider"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "*"
    }]
  })

  tags = {
    team = "portico"
  }
}

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_resource" "pet" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.pets.id
  path_part   = "{petId}"
}

resource "aws_api_gateway_model" "pet" {
  rest_api_id  = aws_api_gateway_rest_api.api.id
  name         = "Pet"
  description  = "a pet"
  content_type = "application/json"

  schema = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    title     = "Pet"
    type      = "object"
    properties = {
      id   = { type = "integer" }
      type = { type = "string" }
    }
  })
}

# GET /pets: MOCK with a request template and a query-string parameter.
resource "aws_api_gateway_method" "pets_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.querystring.type" = false
  }
}

resource "aws_api_gateway_integration" "pets_get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "aws_api_gateway_method_response" "pets_get_200" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  status_code = "200"

  response_models = {
    "application/json" = aws_api_gateway_model.pet.name
  }

  response_parameters = {
    "method.response.header.X-Pet-Source" = true
  }
}

resource "aws_api_gateway_integration_response" "pets_get_200" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_get.http_method
  status_code = aws_api_gateway_method_response.pets_get_200.status_code

  response_parameters = {
    "method.response.header.X-Pet-Source" = "'mock'"
  }

  response_templates = {
    "application/json" = "[{\"id\": 1, \"type\": \"dog\"}]"
  }

  depends_on = [aws_api_gateway_integration.pets_get]
}

# POST /pets: a request model, no integration-level options.
resource "aws_api_gateway_method" "pets_post" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "POST"
  authorization = "NONE"

  request_models = {
    "application/json" = aws_api_gateway_model.pet.name
  }
}

resource "aws_api_gateway_integration" "pets_post" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.pets_post.http_method
  type        = "MOCK"
}

# GET /pets/{petId}: HTTP with parameters, templates and a selection pattern.
resource "aws_api_gateway_method" "pet_get" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_resource.pet.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = false

  request_parameters = {
    "method.request.path.petId" = true
  }
}

resource "aws_api_gateway_integration" "pet_get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.pet.id
  http_method             = aws_api_gateway_method.pet_get.http_method
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "http://127.0.0.1:9/pets/{id}"
  passthrough_behavior    = "WHEN_NO_TEMPLATES"
  timeout_milliseconds    = 5000
  cache_key_parameters    = ["method.request.path.petId"]

  request_parameters = {
    "integration.request.path.id"        = "method.request.path.petId"
    "integration.request.header.X-Trace" = "'portico'"
  }

  request_templates = {
    "application/json" = "{\"id\": \"$input.params('petId')\"}"
  }
}

resource "aws_api_gateway_method_response" "pet_get_404" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pet.id
  http_method = aws_api_gateway_method.pet_get.http_method
  status_code = "404"
}

resource "aws_api_gateway_integration_response" "pet_get_404" {
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = aws_api_gateway_resource.pet.id
  http_method       = aws_api_gateway_method.pet_get.http_method
  status_code       = aws_api_gateway_method_response.pet_get_404.status_code
  selection_pattern = "4\\d{2}"

  response_templates = {
    "application/json" = "{\"message\": \"no such pet\"}"
  }

  depends_on = [aws_api_gateway_integration.pet_get]
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  description = "first"

  triggers = {
    redeployment = "1"
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_integration.pets_get,
    aws_api_gateway_integration.pets_post,
    aws_api_gateway_integration.pet_get,
  ]
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "dev"
  description   = var.stage_description

  variables = {
    backend = "127.0.0.1:9"
  }

  tags = {
    env = "dev"
  }
}
