#!/usr/bin/env bash
# Runs each VTL fuzz target for a bounded time (FUZZTIME, default 20s).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-20s}"
for target in FuzzParse FuzzRender FuzzRenderMapping; do
	echo "fuzz-vtl: $target for $FUZZTIME" >&2
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" ./internal/vtl/
done
