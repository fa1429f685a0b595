#!/usr/bin/env bash
# Differential test of the VTL engine against Apache Velocity 1.7 (Debian's
# velocity jar). Installs the jar if it is missing; a missing Java toolchain
# or jar makes the test FAIL (VTL_ORACLE_REQUIRED=1), never skip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/share/java/velocity.jar ] || [ ! -f /usr/share/java/commons-lang.jar ] || [ ! -f /usr/share/java/commons-collections3.jar ]; then
	echo "vtl-oracle: installing Debian's velocity package" >&2
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq velocity >/dev/null
fi
if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
	echo "vtl-oracle: installing a JDK" >&2
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jdk-headless >/dev/null
fi
java -version 2>&1 | head -1 >&2

VTL_ORACLE_REQUIRED=1 go test -count=1 -v -run '^TestDifferential$' ./internal/vtl/
