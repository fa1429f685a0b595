# Portico — build, run and test.
#
#   make demo   the main job: build, start the local gateway, apply examples/seed, show the result
#   make test   every test: unit, gateway, templates, provider acceptance, scripts
#
# Every target installs or checks what it needs itself; see .ci/run for CI.

SHELL := /bin/bash
GO ?= go
BIN := $(CURDIR)/bin
TERRAFORM ?= $(shell command -v terraform 2>/dev/null || echo /usr/local/bin/terraform)
export TF_ACC_TERRAFORM_PATH ?= $(TERRAFORM)

.PHONY: all build demo test check lint test-unit test-acc test-scripts docs docs-check bench clean

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/portico ./cmd/portico
	$(GO) build -o $(BIN)/terraform-provider-aws ./cmd/terraform-provider-aws

demo: build
	./scripts/demo.sh

test: check test-unit test-acc test-scripts docs-check

# Formatting, vet, a tidy go.mod and golangci-lint (with the depguard rules
# that encode DESIGN.md's import directions): the checks a reviewer runs.
check: lint
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result"; $(GO) mod tidy -diff | head -40; exit 1; }

# golangci-lint is pinned in tools/lint/go.mod (a module of its own, so its
# dependencies stay out of ours); built once into bin/.
GOLANGCI_LINT := $(BIN)/golangci-lint
$(GOLANGCI_LINT): tools/lint/go.mod tools/lint/go.sum
	@mkdir -p $(BIN)
	cd tools/lint && $(GO) build -o $(GOLANGCI_LINT) github.com/golangci/golangci-lint/v2/cmd/golangci-lint

lint: $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run ./...

# Unit and integration tests of the gateway, the rules and the template
# engine, under the race detector.
# Every package but the acceptance and end-to-end tests (test-acc) and the
# benchmark tools.
UNIT_PKGS = $(shell $(GO) list ./... | grep -v -e /internal/provider -e /internal/e2e -e /internal/benchtools)
# The upstream and AWS-integration tests (internal/upstream,
# internal/gateway/invoke) start a real moto_server: it must be installed.
test-unit:
	@test -n "$$MOTO_SERVER" || command -v moto_server >/dev/null || { echo "moto_server is MISSING: the upstream and AWS-integration tests run against it; install it with: pip install 'moto[server]' (or set MOTO_SERVER=/path/to/moto_server)"; exit 1; }
	$(GO) test -race -count=1 $(UNIT_PKGS)

# Provider acceptance tests and end-to-end tests: the real terraform CLI
# against a real gateway on loopback, then real HTTP calls to deployed stages.
test-acc:
	@test -x "$(TF_ACC_TERRAFORM_PATH)" || { echo "terraform not found at $(TF_ACC_TERRAFORM_PATH): install it or set TERRAFORM=/path/to/terraform"; exit 1; }
	TF_ACC=1 $(GO) test -count=1 -timeout 20m ./internal/provider/... ./internal/e2e/...

# End-to-end scripts: the AWS CLI against the gateway, the Velocity 1.7
# differential test, and short fuzzing runs.
test-scripts: build
	./scripts/awscli-smoke.sh
	./scripts/vtl-oracle.sh
	./scripts/fuzz-vtl.sh

# The provider docs are generated from the schema; regenerate them with
# `make docs`. docs-check fails when the committed docs are stale.
docs:
	./scripts/gen-docs.sh

docs-check: docs
	@git diff --exit-code --stat -- docs/index.md docs/resources docs/data-sources || { echo "docs/ is stale: run 'make docs' and commit the result"; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/vtl/... ./internal/gateway/...
	$(GO) test -run '^$$' -bench InvokeRatios -benchtime 1x ./internal/gateway/invoke/
	$(GO) test -run '^$$' -bench AWSIntegrationDynamoDB -benchtime 400x ./internal/gateway/invoke/
	$(GO) test -run '^$$' -bench ServeStartup -benchtime 100x ./cmd/portico/
	./scripts/bench-mgmt.sh

clean:
	rm -rf $(BIN)
