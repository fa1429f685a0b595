#!/usr/bin/env bash
# Portico's main job: build both programs, start `portico serve` on a free
# loopback port, apply examples/seed with the real terraform CLI through a
# dev_overrides CLI configuration (no `terraform init`, no registry), show
# what was created, destroy it; then apply examples/deployed-api and call the
# deployed stage with curl in both invoke URL forms; apply examples/lambda-api
# (Lambda functions run locally) and curl its routes; when moto_server is
# installed, start it with a second `portico serve --upstream` in front and
# apply examples/aws-services (SQS and DynamoDB integrations), showing a
# message sent and an item stored and read back; stop the servers. Exits
# non-zero on failure.
#
#   scripts/demo.sh            (or: make demo)
#
# Environment: TERRAFORM (default: terraform on PATH, else /usr/local/bin/terraform),
# EXAMPLE (default: examples/seed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

terraform_bin="${TERRAFORM:-$(command -v terraform || echo /usr/local/bin/terraform)}"
example="${EXAMPLE:-examples/seed}"
if [[ ! -x "$terraform_bin" ]]; then
	echo "demo: terraform CLI not found (set TERRAFORM=/path/to/terraform)" >&2
	exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/portico-demo.XXXXXX")"
server_pid=""
backend_pid=""
services_pid=""
moto_pid=""
cleanup() {
	local rc=$?
	for pid in "$services_pid" "$moto_pid"; do
		if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
	if [[ -n "$backend_pid" ]] && kill -0 "$backend_pid" 2>/dev/null; then
		kill -TERM "$backend_pid" 2>/dev/null || true
		wait "$backend_pid" 2>/dev/null || true
	fi
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [[ $rc -ne 0 && -f "$work/portico.log" ]]; then
		echo "--- portico log (last 30 lines) ---" >&2
		tail -n 30 "$work/portico.log" >&2 || true
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT INT TERM

step() { printf '\n==> %s\n' "$*"; }

step "Building ./bin/portico and ./bin/terraform-provider-aws"
mkdir -p bin
go build -o bin/portico ./cmd/portico
go build -o bin/terraform-provider-aws ./cmd/terraform-provider-aws

step "Starting portico serve on a free loopback port"
mkdir -p "$work/data"
./bin/portico serve --addr 127.0.0.1:0 --data "$work/data" >"$work/portico.log" 2>&1 &
server_pid=$!
endpoint=""
for _ in $(seq 1 100); do
	if line="$(grep -m1 -o 'portico listening on http://127\.0\.0\.1:[0-9]*' "$work/portico.log" 2>/dev/null)"; then
		endpoint="${line#portico listening on }"
		break
	fi
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "demo: portico serve exited early" >&2
		exit 1
	fi
	sleep 0.1
done
if [[ -z "$endpoint" ]]; then
	echo "demo: portico serve did not print its address" >&2
	exit 1
fi
echo "gateway: $endpoint (data in $work/data)"

step "Pointing terraform at ./bin with dev_overrides (no terraform init)"
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "hashicorp/aws" = "$repo/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export AWS_ENDPOINT_URL_API_GATEWAY="$endpoint"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=demo
export AWS_SECRET_ACCESS_KEY=demo
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL

cp -R "$example" "$work/config"
tf() { "$terraform_bin" -chdir="$work/config" "$@"; }

step "terraform apply ($example, unchanged)"
tf apply -auto-approve -input=false -no-color

step "terraform state list"
tf state list -no-color

integration="$(tf state list -no-color | grep '^aws_api_gateway_integration\.' | head -n1 || true)"
if [[ -n "$integration" ]]; then
	api="$(tf state show -no-color "$integration" | sed -n 's/^ *rest_api_id *= *"\(.*\)"$/\1/p')"
	res="$(tf state show -no-color "$integration" | sed -n 's/^ *resource_id *= *"\(.*\)"$/\1/p')"
	method="$(tf state show -no-color "$integration" | sed -n 's/^ *http_method *= *"\(.*\)"$/\1/p')"
	step "The integration as the gateway returns it: GET /restapis/$api/resources/$res/methods/$method/integration"
	if command -v curl >/dev/null; then
		curl -sS --fail \
			-H "Authorization: AWS4-HMAC-SHA256 Credential=demo/20250101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0000" \
			"$endpoint/restapis/$api/resources/$res/methods/$method/integration"
		echo
	else
		tf state show -no-color "$integration"
	fi
fi

step "terraform plan again: nothing to change"
tf plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" || {
	rc=$?
	cat "$work/plan.txt"
	echo "demo: the second plan is not empty (exit $rc)" >&2
	exit 1
}
tail -n 3 "$work/plan.txt"

step "terraform destroy"
tf destroy -auto-approve -input=false -no-color

# The invoke API: deploy examples/deployed-api and call it with curl.
step "terraform apply examples/deployed-api (MOCK templates, CORS, {petId}, HTTP_PROXY, stage dev)"
mkdir -p "$work/backend/orders"
printf '{"order": 7, "from": "the HTTP_PROXY backend"}\n' >"$work/backend/orders/7"
backend_url="http://127.0.0.1:9"
if command -v python3 >/dev/null; then
	(cd "$work/backend" && exec python3 -u -m http.server 0 --bind 127.0.0.1) >"$work/backend.log" 2>&1 &
	backend_pid=$!
	for _ in $(seq 1 50); do
		if port="$(grep -m1 -o 'port [0-9]*' "$work/backend.log" 2>/dev/null)"; then
			backend_url="http://127.0.0.1:${port#port }"
			break
		fi
		sleep 0.1
	done
fi
cp -R examples/deployed-api "$work/deployed"
tfd() { "$terraform_bin" -chdir="$work/deployed" "$@"; }
tfd apply -auto-approve -input=false -no-color -var "backend_url=$backend_url" >"$work/deployed-apply.txt" || {
	cat "$work/deployed-apply.txt"
	exit 1
}
tail -n 6 "$work/deployed-apply.txt"
invoke_url="$(tfd output -raw invoke_url)"
path_url="$(tfd output -raw path_form_url)"
show() {
	printf '\n$ curl -si %s\n' "$*"
	# curl resolves *.localhost to the loopback address by itself
	curl -sS -i --max-time 10 "$@" | tr -d '\r' | grep -iv '^date:'
	echo
}
step "Calling the deployed stage (Host form: $invoke_url)"
show "$invoke_url/pets"
show "$invoke_url/pets/2"
show "$invoke_url/pets/42"
show -X OPTIONS "$invoke_url/pets"
if [[ -n "$backend_pid" ]]; then
	show "$invoke_url/api/orders/7"
fi
step "The same stage in the path form ($path_url)"
show "$path_url/pets/2"
show "$path_url/nothing-here"
code="$(curl -s -o /dev/null -w '%{http_code}' "$invoke_url/pets/1")"
if [[ "$code" != 200 ]]; then
	echo "demo: GET $invoke_url/pets/1 answered $code, want 200" >&2
	exit 1
fi
step "terraform destroy (examples/deployed-api)"
tfd destroy -auto-approve -input=false -no-color -var "backend_url=$backend_url" | tail -n 1

# A Lambda-backed API: functions run by portico as host processes.
step "terraform apply examples/lambda-api (Python behind AWS_PROXY, a Go bootstrap behind AWS with error mapping, a route without permission)"
cp -R examples/lambda-api "$work/lambda"
examples/lambda-api/build.sh "$work/lambda/build"
tfl() { AWS_ENDPOINT_URL="$endpoint" "$terraform_bin" -chdir="$work/lambda" "$@"; }
tfl apply -auto-approve -input=false -no-color >"$work/lambda-apply.txt" || {
	cat "$work/lambda-apply.txt"
	exit 1
}
tail -n 6 "$work/lambda-apply.txt"
lambda_url="$(tfl output -raw invoke_url)"
step "Calling the Lambda-backed stage ($lambda_url)"
show "$lambda_url/hello?name=Ada"
show "$lambda_url/pets/2"
show "$lambda_url/pets/42"
show "$lambda_url/pets/abc"
show "$lambda_url/locked"
for want in "/hello?name=Ada 200" "/pets/2 200" "/pets/42 404" "/locked 500"; do
	code="$(curl -s -o /dev/null -w '%{http_code}' "$lambda_url${want% *}")"
	if [[ "$code" != "${want#* }" ]]; then
		echo "demo: GET $lambda_url${want% *} answered $code, want ${want#* }" >&2
		exit 1
	fi
done
step "terraform destroy (examples/lambda-api)"
tfl destroy -auto-approve -input=false -no-color | tail -n 1

# AWS services behind the API (issue 14): moto_server as the upstream.
if command -v moto_server >/dev/null && command -v aws >/dev/null; then
	step "Starting moto_server, and portico serve --upstream in front of it"
	moto_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
	moto_url="http://127.0.0.1:$moto_port"
	moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
	moto_pid=$!
	for _ in $(seq 1 300); do
		curl -s -o /dev/null "$moto_url/moto-api/" && break
		if ! kill -0 "$moto_pid" 2>/dev/null; then
			cat "$work/moto.log" >&2
			echo "demo: moto_server exited early" >&2
			exit 1
		fi
		sleep 0.1
	done
	./bin/portico serve --addr 127.0.0.1:0 --data :memory: --upstream "$moto_url" >"$work/services.log" 2>&1 &
	services_pid=$!
	svc_endpoint=""
	for _ in $(seq 1 100); do
		if line="$(grep -m1 -o 'portico listening on http://127\.0\.0\.1:[0-9]*' "$work/services.log" 2>/dev/null)"; then
			svc_endpoint="${line#portico listening on }"
			break
		fi
		sleep 0.1
	done
	if [[ -z "$svc_endpoint" ]]; then
		cat "$work/services.log" >&2
		echo "demo: portico serve --upstream did not print its address" >&2
		exit 1
	fi
	grep -m1 'msg=serving' "$work/services.log" || true
	echo "gateway: $svc_endpoint, upstream: moto_server at $moto_url"
	via() { aws --endpoint-url "$svc_endpoint" --region us-east-1 --output json "$@"; }
	direct() { aws --endpoint-url "$moto_url" --region us-east-1 --output json "$@"; }

	step "Creating the queue and the table with the AWS CLI, through portico's pass-through"
	via sqs create-queue --queue-name orders
	via dynamodb create-table --table-name pets --billing-mode PAY_PER_REQUEST \
		--attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH \
		--query 'TableDescription.{TableName: TableName, TableStatus: TableStatus}'

	step "terraform apply examples/aws-services (SQS SendMessage and DynamoDB PutItem/GetItem integrations)"
	cp -R examples/aws-services "$work/services"
	tfs() { AWS_ENDPOINT_URL="$svc_endpoint" AWS_ENDPOINT_URL_API_GATEWAY="$svc_endpoint" "$terraform_bin" -chdir="$work/services" "$@"; }
	tfs apply -auto-approve -input=false -no-color >"$work/services-apply.txt" || {
		cat "$work/services-apply.txt"
		exit 1
	}
	tail -n 4 "$work/services-apply.txt"
	svc_url="$(tfs output -raw invoke_url)"
	account="$(via sts get-caller-identity --query Account --output text)"

	step "Sending a message through the API ($svc_url/orders)"
	show -X POST -H 'Content-Type: application/json' -d '{"order": 7, "item": "kibble"}' "$svc_url/orders"
	step "The message, read from moto_server directly"
	got="$(direct sqs receive-message --queue-url "$moto_url/$account/orders" --query 'Messages[0].Body' --output text)"
	echo "$got"
	if [[ "$got" != '{"order": 7, "item": "kibble"}' ]]; then
		echo "demo: the queue holds $got, want the body sent through the API" >&2
		exit 1
	fi

	step "Storing an item and reading it back through the API"
	show -X POST -H 'Content-Type: application/json' -d '{"id": "1", "name": "Rex"}' "$svc_url/pets"
	show "$svc_url/pets/1"
	show "$svc_url/pets/2"
	step "The item, read from moto_server directly"
	direct dynamodb get-item --table-name pets --key '{"id": {"S": "1"}}' --query Item
	for want in "/pets/1 200" "/pets/2 404"; do
		code="$(curl -s -o /dev/null -w '%{http_code}' "$svc_url${want% *}")"
		if [[ "$code" != "${want#* }" ]]; then
			echo "demo: GET $svc_url${want% *} answered $code, want ${want#* }" >&2
			exit 1
		fi
	done
	if [[ "$(curl -s "$svc_url/pets/1")" != '{"id": "1", "name": "Rex"}' ]]; then
		echo "demo: GET $svc_url/pets/1 did not read the item back" >&2
		exit 1
	fi
	step "terraform destroy (examples/aws-services)"
	tfs destroy -auto-approve -input=false -no-color | tail -n 1
	kill -TERM "$services_pid" "$moto_pid" 2>/dev/null || true
	wait "$services_pid" 2>/dev/null || true
	wait "$moto_pid" 2>/dev/null || true
	services_pid="" moto_pid=""
else
	step "AWS services (examples/aws-services): SKIPPED, moto_server or the AWS CLI is not installed (pip install 'moto[server]' awscli)"
fi

step "Stopping the gateway"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
echo "demo: OK"
