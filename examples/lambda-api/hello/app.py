"""GET /hello behind an AWS_PROXY integration: the Lambda proxy event in,
a proxy response (statusCode, headers, body) out."""

import json
import os


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    name = params.get("name", "world")
    body = {
        "message": f"{os.environ.get('GREETING', 'Hello')}, {name}!",
        "method": event.get("httpMethod"),
        "path": event.get("path"),
        "resource": event.get("resource"),
        "stage": (event.get("requestContext") or {}).get("stage"),
        "function": context.function_name,
        "requestId": context.aws_request_id,
    }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Handler": "python"},
        "body": json.dumps(body),
    }
