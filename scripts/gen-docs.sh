#!/usr/bin/env bash
# Regenerates docs/index.md and docs/resources/*.md from the provider's
# schema, offline: build the provider, read its schema with the real
# terraform CLI under a dev_overrides CLI configuration (no registry), and
# render it with tfplugindocs (templates/ holds the custom pages).
#
# tfplugindocs is pinned as a tool in go.mod (`go tool tfplugindocs`), so
# it needs nothing beyond the Go module proxy.
#
# Usage: scripts/gen-docs.sh
# Env:   TERRAFORM (default: terraform on PATH).
set -euo pipefail

TERRAFORM="${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/bin/terraform-provider-aws" ./cmd/terraform-provider-aws
go build -o "$work/tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/aws" = "$work/bin"
  }
  direct {}
}
RC
mkdir -p "$work/ws"
printf 'provider "aws" {}\n' >"$work/ws/main.tf"
(
  cd "$work/ws"
  TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 \
    "$TERRAFORM" providers schema -json >"$work/schema.json" 2>"$work/schema.err" ||
    { cat "$work/schema.err" >&2; exit 1; }
)

# Render into a scratch copy so that tfplugindocs never touches the
# hand-written pages in docs/ (docs/gateway.md).
mkdir -p "$work/site"
cp -r templates "$work/site/templates"
mkdir -p "$work/site/examples/stage"
cp examples/stage/main.tf "$work/site/examples/stage/main.tf"
# Import ids (HashiCorp's forms, optionally with @REGION; "global" marks a
# resource of a global service, IAM, which has no region), shown in each
# resource page's Import section.
while read -r name id scope; do
  mkdir -p "$work/site/examples/resources/$name"
  {
    printf 'terraform import %s.example %s\n' "$name" "$id"
    if [ "$scope" != global ]; then
      printf '\n# A resource in another region than the provider'"'"'s: append @REGION.\n'
      printf 'terraform import %s.example %s@us-west-2\n' "$name" "$id"
    fi
  } >"$work/site/examples/resources/$name/import.sh"
done <<'IDS'
aws_api_gateway_rest_api 12345abcde
aws_api_gateway_resource 12345abcde/67890fghij
aws_api_gateway_method 12345abcde/67890fghij/GET
aws_api_gateway_integration 12345abcde/67890fghij/GET
aws_api_gateway_method_response 12345abcde/67890fghij/GET/200
aws_api_gateway_integration_response 12345abcde/67890fghij/GET/200
aws_api_gateway_model 12345abcde/MyModel
aws_api_gateway_deployment 12345abcde/abc123
aws_api_gateway_stage 12345abcde/prod
aws_api_gateway_authorizer 12345abcde/abc123
aws_api_gateway_rest_api_policy 12345abcde
aws_api_gateway_api_key 12345abcde
aws_api_gateway_usage_plan 12345abcde
aws_api_gateway_usage_plan_key 12345abcde/67890fghij
aws_api_gateway_request_validator 12345abcde/abc123
aws_api_gateway_gateway_response 12345abcde/UNAUTHORIZED
aws_lambda_function my-function
aws_lambda_permission my-function/AllowExecutionFromAPIGateway
aws_lambda_alias my-function/live
aws_iam_role my-role global
aws_iam_role_policy my-role:my-policy global
aws_iam_policy arn:aws:iam::123456789012:policy/my-policy global
aws_iam_role_policy_attachment my-role/arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole global
IDS
(
  cd "$work/site"
  "$work/tfplugindocs" generate \
    --provider-name aws \
    --providers-schema "$work/schema.json" \
    --rendered-website-dir docs \
    --rendered-provider-name "AWS (Portico)"
)

mkdir -p docs/resources
rm -f docs/resources/*.md
cp "$work/site/docs/index.md" docs/index.md
cp "$work/site/docs/resources/"*.md docs/resources/
mkdir -p docs/data-sources
rm -f docs/data-sources/*.md
if compgen -G "$work/site/docs/data-sources/*.md" >/dev/null; then
  cp "$work/site/docs/data-sources/"*.md docs/data-sources/
fi
echo "docs/index.md, $(ls docs/resources | wc -l) resource pages and $(ls docs/data-sources | wc -l) data source pages regenerated"
