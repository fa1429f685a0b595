#!/usr/bin/env bash
# Runs each VTL fuzz target for a bounded number of executions.
#
# The budget is a count (-fuzztime Nx), not a duration: with a duration, Go
# 1.26's fuzz coordinator can fail a target with a bare "context deadline
# exceeded" when the time runs out while a worker is mid-call (no crasher is
# written; golang/go#75804, fixed in Go 1.27). A count has no deadline to race.
# A real finding still fails the run and writes its input to
# internal/vtl/testdata/fuzz/<target>/.
#
# FUZZ_SCALE multiplies every budget (default 1: 10-20 s per target here).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${FUZZ_SCALE:-1}"
# target:executions, sized from measured throughput on the 2-core machines
# (Parse ~45k/s, Render ~25k/s, RenderMapping ~45k/s).
for spec in FuzzParse:1000000 FuzzRender:500000 FuzzRenderMapping:900000; do
	target=${spec%%:*}
	execs=$(( ${spec##*:} * scale ))
	echo "fuzz-vtl: $target for ${execs} executions" >&2
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" ./internal/vtl/
done
