#!/usr/bin/env bash
# Installs the sample's npm packages exactly as package-lock.json lists them (npm ci), unless
# node_modules already holds them: pusher-js, whose browser build the Pusher demo page loads,
# and the clients the tests drive on Node. Without npm, or when npm ci fails, it warns and
# the build goes on without them; on CI (CI=true) it fails the build instead.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

give_up() {
	if [[ ${CI:-} == true ]]; then
		echo "[ERROR] $1" >&2
		exit 1
	fi
	echo "[WARNING] $1: the Pusher demo page and the tests with Pusher's clients go without them"
	exit 0
}

if ! command -v npm >/dev/null 2>&1; then
	give_up "npm is not installed (Node.js 20 or later is needed)"
fi
# npm ci writes node_modules/.package-lock.json after a complete install.
if [[ node_modules/.package-lock.json -nt package-lock.json ]]; then
	echo "npm packages are up to date"
	exit 0
fi
npm ci --no-audit --no-fund --prefer-offline || give_up "npm ci failed"
