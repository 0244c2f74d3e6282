#!/usr/bin/env bash
# Chromium for the end-to-end suite: Debian's package (Playwright cannot download browsers here).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "Chromium"
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || fail "CHROMIUM_PATH=\"$CHROMIUM_PATH\" is not an executable"
  info "using $CHROMIUM_PATH"
  exit 0
fi
if command -v chromium >/dev/null 2>&1; then
  info "$(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
is_debian_root || fail "Chromium is missing: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH."
apt_install chromium
info "$(chromium --version 2>/dev/null | head -1)"
