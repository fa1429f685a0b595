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
# Import ids (HashiCorp's forms, optionally with @REGION), shown in each resource page's Import section.
while read -r name id; do
  mkdir -p "$work/site/examples/resources/$name"
  {
    printf 'terraform import %s.example %s\n' "$name" "$id"
    printf '\n# A resource in another region than the provider'"'"'s: append @REGION.\n'
    printf 'terraform import %s.example %s@us-west-2\n' "$name" "$id"
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
echo "docs/index.md and $(ls docs/resources | wc -l) resource pages regenerated"
