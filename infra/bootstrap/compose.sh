#!/usr/bin/env bash
# Makes sure 'docker compose' (v2) works. On Debian bookworm, which only packages v1, the
# compose and buildx plugins are taken from Debian trixie's .debs (they need only libc >= 2.34).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

step "Docker Compose v2"
if docker compose version >/dev/null 2>&1; then
  info "$(docker compose version)"
  exit 0
fi
is_debian_root || fail "'docker compose' (v2) is missing. Install the Docker Compose plugin (https://docs.docker.com/compose/install/linux/), then retry."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trixie_download "$work" docker-compose docker-buildx
mkdir -p "$PLUGIN_DIR"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGIN_DIR/docker-buildx"
docker compose version >/dev/null 2>&1 || fail "docker compose still does not run after installing the trixie plugin"
info "$(docker compose version)"
