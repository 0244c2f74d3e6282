#!/usr/bin/env bash
# redis-server for the Redis event log's integration tests: Debian's package, started by the tests
# themselves on a free loopback port (never as a system service).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "redis-server"
if [ -n "${REDIS_SERVER_PATH:-}" ]; then
  [ -x "$REDIS_SERVER_PATH" ] || fail "REDIS_SERVER_PATH=\"$REDIS_SERVER_PATH\" is not an executable"
  info "using $REDIS_SERVER_PATH"
  exit 0
fi
if ! command -v redis-server >/dev/null 2>&1; then
  is_debian_root || fail "redis-server is missing: install it (Debian: apt-get install redis-server) or set REDIS_SERVER_PATH."
  apt_install redis-server
  # The package may start a system instance on 6379; the tests start their own.
  if command -v service >/dev/null 2>&1 && service redis-server status >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
fi
info "$(redis-server --version | head -1)"
