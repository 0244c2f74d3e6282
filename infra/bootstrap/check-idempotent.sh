#!/usr/bin/env bash
# Runs the bootstrap once more and fails if that changed anything: images, plugins, env file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

state() {
  docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' | LC_ALL=C sort
  sha256sum /usr/local/lib/docker/cli-plugins/* 2>/dev/null || true
  cat "$ROOT/infra/.images.env" 2>/dev/null || true
  pgrep -c -x dockerd || true
}

step "Bootstrap idempotence"
before=$(state)
started=$(date +%s)
bash "$ROOT/infra/bootstrap/bootstrap.sh" >/dev/null
elapsed=$(( $(date +%s) - started ))
after=$(state)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  fail "the second bootstrap run changed the machine (diff above)"
fi
info "second run changed nothing (${elapsed} s)"
