#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io and starts dockerd when needed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "Docker engine"
if docker info >/dev/null 2>&1; then
  info "engine running ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
  exit 0
fi
is_debian_root || fail "no Docker engine answers 'docker info'. Install Docker Engine (https://docs.docker.com/engine/install/) and start it, then retry."

if ! command -v dockerd >/dev/null 2>&1; then
  apt_install docker.io
fi
if pgrep -x dockerd >/dev/null 2>&1; then
  info "dockerd already running, waiting for it to answer"
else
  info "starting dockerd (log: /var/log/sse-lab-dockerd.log)"
  nohup dockerd >/var/log/sse-lab-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    info "engine running ($(docker info --format '{{.ServerVersion}}'))"
    exit 0
  fi
  sleep 0.5
done
tail -20 /var/log/sse-lab-dockerd.log >&2 || true
fail "dockerd did not answer within 30 s (see /var/log/sse-lab-dockerd.log)"
