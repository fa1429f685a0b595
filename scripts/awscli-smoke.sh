#!/usr/bin/env bash
# Drives `portico serve` with the AWS CLI (--endpoint-url): create-rest-api ->
# create-resource -> put-method -> put-integration (MOCK) -> get-integration ->
# delete-rest-api, with Debian's awscli (installed if absent) and any other AWS CLI on PATH. Exits
# non-zero on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
work=$(mktemp -d)
server_pid=""
cleanup() {
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "awscli-smoke: FAIL: $*" >&2
	if [[ -f "$work/server.log" ]]; then
		echo "--- server log ---" >&2
		tail -n 50 "$work/server.log" >&2
	fi
	exit 1
}

# The AWS CLIs to drive the gateway with: Debian's awscli (v2; installed if
# absent) always, and the `aws` on PATH too when it is another CLI that runs
# (e.g. a pip-installed v1: the two differ in what members they know). An
# `aws` on PATH may be a shim (pyenv) with nothing behind it; it is skipped.
if [[ ! -x /usr/bin/aws ]]; then
	echo "awscli-smoke: installing Debian awscli" >&2
	SUDO=""
	if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq awscli >/dev/null
fi
/usr/bin/aws --version >&2 || fail "Debian's AWS CLI (/usr/bin/aws) does not run"
clis=(/usr/bin/aws)
if path_aws=$(command -v aws) && [[ "$(readlink -f "$path_aws")" != "$(readlink -f /usr/bin/aws)" ]] && aws --version >/dev/null 2>&1; then
	aws --version >&2
	clis+=("$path_aws")
fi

go build -o "$work/portico" ./cmd/portico

"$work/portico" serve --addr 127.0.0.1:0 --data :memory: >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
endpoint=""
for _ in $(seq 1 100); do
	if line=$(head -n 1 "$work/server.out" 2>/dev/null) && [[ "$line" == "portico listening on "* ]]; then
		endpoint=${line#portico listening on }
		break
	fi
	kill -0 "$server_pid" 2>/dev/null || fail "portico exited early"
	sleep 0.1
done
[[ -n "$endpoint" ]] || fail "portico did not print its address"
echo "awscli-smoke: portico at $endpoint" >&2

# Isolate from the user's AWS configuration; dummy credentials.
export AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none"
export AWS_ACCESS_KEY_ID=AKIAPORTICOSMOKE AWS_SECRET_ACCESS_KEY=portico-smoke AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_API_GATEWAY || true

apigw() { "$aws_bin" apigateway --endpoint-url "$endpoint" --output text "$@"; }

expect() { # expect NAME GOT WANT
	[[ "$2" == "$3" ]] || fail "$1: got '$2', want '$3'"
	echo "awscli-smoke: ok  $1 = $2" >&2
}

smoke() {
	api_id=$(apigw create-rest-api --name smoke --description "awscli smoke" --query id) || fail "create-rest-api"
	# The root resource through get-resources: older CLIs (Debian's 2.9) predate
	# the rootResourceId member and would print "None" for it.
	root_id=$(apigw get-resources --rest-api-id "$api_id" --query "items[?path=='/'].id | [0]") || fail "get-resources"
	[[ -n "$root_id" && "$root_id" != None ]] || fail "get-resources: no root resource"
	expect "api name" "$(apigw get-rest-api --rest-api-id "$api_id" --query name)" "smoke"
	[[ ${#api_id} -eq 10 ]] || fail "api id '$api_id' is not 10 characters"

	res_id=$(apigw create-resource --rest-api-id "$api_id" --parent-id "$root_id" --path-part pets --query id) || fail "create-resource"
	expect "resource path" "$(apigw get-resource --rest-api-id "$api_id" --resource-id "$res_id" --query path)" "/pets"

	expect "put-method" "$(apigw put-method --rest-api-id "$api_id" --resource-id "$res_id" --http-method GET --authorization-type NONE --query httpMethod)" "GET"

	expect "put-integration" "$(apigw put-integration --rest-api-id "$api_id" --resource-id "$res_id" --http-method GET --type MOCK \
		--request-templates '{"application/json": "{\"statusCode\": 200}"}' --query type)" "MOCK"

	integ=$(apigw get-integration --rest-api-id "$api_id" --resource-id "$res_id" --http-method GET \
		--query '[type, passthroughBehavior, timeoutInMillis, cacheNamespace]') || fail "get-integration"
	read -r itype ipass itimeout ins <<<"$(echo "$integ" | tr '\t' ' ')"
	itemplate=$(apigw get-integration --rest-api-id "$api_id" --resource-id "$res_id" --http-method GET \
		--query 'requestTemplates."application/json"') || fail "get-integration"
	expect "integration type" "$itype" "MOCK"
	expect "integration passthroughBehavior" "$ipass" "WHEN_NO_MATCH"
	expect "integration timeoutInMillis" "$itimeout" "29000"
	expect "integration cacheNamespace" "$ins" "$res_id"
	expect "integration request template" "$itemplate" '{"statusCode": 200}'

	# An AWS error comes back as the CLI reports it.
	if err=$(apigw get-integration --rest-api-id "$api_id" --resource-id "$res_id" --http-method POST 2>&1); then
		fail "get-integration of a missing method succeeded: $err"
	fi
	[[ "$err" == *"NotFoundException"*"Invalid Method identifier specified"* ]] || fail "missing method error: $err"
	echo "awscli-smoke: ok  missing method -> NotFoundException" >&2

	apigw delete-rest-api --rest-api-id "$api_id" || fail "delete-rest-api"
	if err=$(apigw get-rest-api --rest-api-id "$api_id" 2>&1); then
		fail "get-rest-api after delete succeeded"
	fi
	[[ "$err" == *"NotFoundException"* ]] || fail "deleted api error: $err"
	echo "awscli-smoke: ok  delete-rest-api" >&2
	grep -q 'msg=request method=DELETE path=/restapis/'"$api_id"' status=202' "$work/server.log" || fail "request log line missing"
}

for aws_bin in "${clis[@]}"; do
	echo "awscli-smoke: with $("$aws_bin" --version 2>&1)" >&2
	smoke
done
echo "awscli-smoke: PASS (${#clis[@]} CLIs)" >&2
