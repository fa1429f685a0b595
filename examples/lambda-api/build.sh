#!/usr/bin/env bash
# Builds the two deployment packages of this example into build/ (or $1):
#   hello.zip  the Python function (hello/app.py)
#   pets.zip   the Go function: a linux `bootstrap` built with aws-lambda-go
# Needs go and python3 (for its zipfile module); no network once the Go
# module cache has aws-lambda-go.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/build}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$here/pets" && CGO_ENABLED=0 GOOS=linux GOARCH="$(go env GOARCH)" GOFLAGS=-mod=readonly \
	go build -tags lambda.norpc -trimpath -o "$tmp/bootstrap" .)
chmod 0755 "$tmp/bootstrap"
rm -f "$out/pets.zip" "$out/hello.zip"
(cd "$tmp" && python3 -m zipfile -c "$out/pets.zip" bootstrap)
(cd "$here/hello" && python3 -m zipfile -c "$out/hello.zip" app.py)
echo "built $out/hello.zip $out/pets.zip"
