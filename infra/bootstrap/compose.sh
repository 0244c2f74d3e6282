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

mirror=$(debian_mirror) || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb $mirror trixie main" >"$work/sources.list"
# A private apt configuration: the machine's own sources and lists stay untouched.
apt_private=(-o "APT::Sandbox::User=root" -o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::lists=$work/lists"
  -o "Dir::Cache=$work/cache" -o "APT::Get::List-Cleanup=0")
info "fetching docker-compose and docker-buildx from Debian trixie ($mirror)"
apt-get "${apt_private[@]}" update -qq >/dev/null || fail "could not read Debian trixie's package lists from $mirror"
(cd "$work" && apt-get "${apt_private[@]}" download docker-compose docker-buildx >/dev/null) || fail "could not download docker-compose/docker-buildx from trixie"
mkdir -p "$PLUGIN_DIR"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGIN_DIR/docker-buildx"
docker compose version >/dev/null 2>&1 || fail "docker compose still does not run after installing the trixie plugin"
info "$(docker compose version)"
