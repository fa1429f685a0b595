#!/usr/bin/env bash
# Management-API and terraform benchmarks (issue 11), side by side in one run:
#
#  1. `portico serve` on disk and moto_server (skipped, with a line saying so,
#     when moto_server is not on PATH) driven by the same aws-sdk-go-v2 load
#     (internal/benchtools/mgmtload: 8 clients, one fresh REST API of 100, 400
#     and 1600 resources): ops/s, p50/p99, RSS idle and after each size.
#  2. Durability of what was measured: portico is killed with SIGKILL,
#     restarted on the same data directory, and every acknowledged resource
#     (with its GET method and MOCK integration) must be there.
#  3. terraform apply + plan of 101 and 401 API Gateway resources with
#     bin/terraform-provider-aws against a fresh `portico serve`, next to the
#     terraform_data floor of the same shape (internal/benchtools/tfbench).
#
# Prints figures and ratios; asserts no timing. Exits non-zero when an
# operation, the durability check or a terraform run fails.
#
#   scripts/bench-mgmt.sh          (make bench runs it)
#
# Environment: TERRAFORM (default: terraform on PATH, else /usr/local/bin/terraform),
# BENCH_SIZES (default 100,400,1600), BENCH_TF_SIZES (default 101,401),
# BENCH_ROUNDS (management load rounds, default 1), BENCH_TF_ROUNDS (default 3), BENCH_PATCH (restapi or method, default restapi),
# BENCH_SKIP_BUILD=1 (use the bin/ already built).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

terraform_bin="${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}"
sizes="${BENCH_SIZES:-100,400,1600}"
tf_sizes="${BENCH_TF_SIZES:-101,401}"
rounds="${BENCH_ROUNDS:-1}"
tf_rounds="${BENCH_TF_ROUNDS:-3}"
patch="${BENCH_PATCH:-restapi}"

work="$(mktemp -d "${TMPDIR:-/tmp}/portico-bench-mgmt.XXXXXX")"
portico_pid=""
moto_pid=""
stop() { # stop PID: TERM, then wait for it
	if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
		kill -TERM "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
}
cleanup() {
	local rc=$?
	stop "$portico_pid"
	stop "$moto_pid"
	if [[ $rc -ne 0 ]]; then
		for log in "$work"/portico*.log "$work"/moto.log; do
			[[ -f "$log" ]] || continue
			echo "--- $(basename "$log") (last 8 lines) ---" >&2
			tail -n 8 "$log" >&2 || true
		done
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT INT TERM

step() { printf '\n==> %s\n' "$*"; }

# start_portico DATA_DIR LOG: sets portico_pid and portico_url.
start_portico() {
	./bin/portico serve --addr 127.0.0.1:0 --data "$1" >"$2" 2>&1 &
	portico_pid=$!
	portico_url=""
	for _ in $(seq 1 200); do
		if line="$(grep -m1 -o 'portico listening on http://127\.0\.0\.1:[0-9]*' "$2" 2>/dev/null)"; then
			portico_url="${line#portico listening on }"
			return 0
		fi
		kill -0 "$portico_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "bench-mgmt: portico serve did not start (log: $2)" >&2
	cat "$2" >&2 || true
	exit 1
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

step "Machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
if commit="$(git rev-parse --short HEAD 2>/dev/null)"; then
	git diff --quiet HEAD -- internal cmd || commit+=" + uncommitted changes in internal/ or cmd/"
	echo "commit: $commit"
else
	echo "commit: unknown (not a git checkout)"
fi
echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "go: $(go env GOVERSION), terraform: $("$terraform_bin" version 2>/dev/null | head -n1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
	step "Building bin/portico, bin/terraform-provider-aws and the load tools"
	make --no-print-directory build
fi
go build -o "$work/mgmtload" ./internal/benchtools/mgmtload
go build -o "$work/tfbench" ./internal/benchtools/tfbench

status=0

step "Starting portico serve (on disk) and moto_server on loopback"
mkdir -p "$work/data"
start_portico "$work/data" "$work/portico.log"
echo "portico: $portico_url (pid $portico_pid, data in $work/data)"
moto_args=()
if command -v moto_server >/dev/null; then
	port="$(free_port)"
	# The pyenv shim and moto_server exec, so $! ends up being the Python process.
	moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
	moto_pid=$!
	for _ in $(seq 1 600); do # importing moto takes seconds on a busy machine
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			break
		fi
		kill -0 "$moto_pid" 2>/dev/null || break
		sleep 0.05
	done
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "bench-mgmt: moto_server did not start" >&2
		exit 1
	fi
	echo "moto_server: http://127.0.0.1:$port (pid $moto_pid, moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '(version unknown)'))"
	moto_args=(-moto "http://127.0.0.1:$port" -moto-pid "$moto_pid")
else
	echo "moto_server: skipped (not on PATH; pip install 'moto[server]' to compare against it)"
fi

step "Management API under load (sizes $sizes, $rounds round(s))"
"$work/mgmtload" -portico "$portico_url" -portico-pid "$portico_pid" "${moto_args[@]}" \
	-sizes "$sizes" -rounds "$rounds" -patch "$patch" -manifest "$work/manifest.json" -fsync-dir "$work/data" || status=1
stop "$moto_pid"
moto_pid=""

step "Durability: kill -9 portico, restart on the same data directory, read back every acknowledged resource"
{ kill -KILL "$portico_pid" && wait "$portico_pid"; } 2>/dev/null || true # bash's "Killed" job notice is expected
start_portico "$work/data" "$work/portico-restart.log"
"$work/mgmtload" -portico "$portico_url" -verify "$work/manifest.json" || status=1
stop "$portico_pid"

step "terraform apply/plan vs the terraform_data floor (fresh portico serve, N=$tf_sizes, $tf_rounds rounds, best of each)"
mkdir -p "$work/data-tf"
start_portico "$work/data-tf" "$work/portico-tf.log"
echo "portico: $portico_url (pid $portico_pid)"
"$work/tfbench" -terraform "$terraform_bin" -provider-dir "$repo/bin" -endpoint "$portico_url" \
	-sizes "$tf_sizes" -rounds "$tf_rounds" -work "$work/tf" || status=1
stop "$portico_pid"
portico_pid=""

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $status -ne 0 ]]; then
	echo "bench-mgmt: FAILED (see above)" >&2
fi
exit "$status"
