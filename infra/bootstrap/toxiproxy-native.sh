#!/usr/bin/env bash
# A Toxiproxy server binary for what runs outside Docker (unit and integration tests, the bench),
# recorded in infra/.toxiproxy.env. In order: TOXIPROXY_SERVER_PATH; the build from the release
# source (TOXIPROXY_SOURCE); the binary recorded by an earlier run; /toxiproxy copied out of the
# Toxiproxy image (present, or pulled). Idempotent: the file changes only when the binary does.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/infra/toxiproxy/release.env"
ENV_FILE="$ROOT/infra/.toxiproxy.env"

runs_release() { toxiproxy_runs_release "$1" "$TOXIPROXY_VERSION"; }

record() {
  local path=$1 origin=$2 content
  content=$(printf 'TOXIPROXY_SERVER_PATH=%s\nTOXIPROXY_ORIGIN=%s\n' "$path" "$origin")
  if [ "$(cat "$ENV_FILE" 2>/dev/null)" != "$content" ]; then
    printf '%s\n' "$content" >"$ENV_FILE"
    info "wrote infra/.toxiproxy.env"
  fi
  info "$path ($origin)"
  exit 0
}

# Copies /toxiproxy out of an image into the cache, keyed by the image's id.
from_image() {
  local image=$1 id dest container
  id=$(docker image inspect -f '{{.Id}}' "$image" | sed 's/^sha256://')
  dest=$(toxiproxy_cache_dir "$TOXIPROXY_VERSION" "image-$id")
  if ! runs_release "$dest/toxiproxy-server"; then
    mkdir -p "$dest"
    container=$(docker create "$image")
    docker cp "$container:/toxiproxy" "$dest/toxiproxy-server" >/dev/null && docker cp "$container:/toxiproxy-cli" "$dest/toxiproxy-cli" >/dev/null \
      || { docker rm "$container" >/dev/null; fail "could not copy /toxiproxy out of $image"; }
    docker rm "$container" >/dev/null
  fi
  runs_release "$dest/toxiproxy-server" || fail "/toxiproxy from $image is not Toxiproxy $TOXIPROXY_VERSION"
  record "$dest/toxiproxy-server" "copied from image $image"
}

step "Toxiproxy binary (tests outside Docker)"
if [ -n "${TOXIPROXY_SERVER_PATH:-}" ]; then
  runs_release "$TOXIPROXY_SERVER_PATH" || fail "TOXIPROXY_SERVER_PATH=\"$TOXIPROXY_SERVER_PATH\" is not a Toxiproxy $TOXIPROXY_VERSION server (\"$TOXIPROXY_SERVER_PATH -version\")"
  record "$TOXIPROXY_SERVER_PATH" "TOXIPROXY_SERVER_PATH"
fi
if [ -n "${TOXIPROXY_SOURCE:-}" ]; then
  dir=$(bash "$ROOT/infra/bootstrap/toxiproxy-build.sh")
  record "$dir/toxiproxy-server" "built from its release source, sha256 ${TOXIPROXY_SOURCE_SHA256:0:12}"
fi
if [ -f "$ENV_FILE" ]; then
  recorded=$(sed -n 's/^TOXIPROXY_SERVER_PATH=//p' "$ENV_FILE")
  origin=$(sed -n 's/^TOXIPROXY_ORIGIN=//p' "$ENV_FILE")
  if runs_release "$recorded"; then record "$recorded" "$origin"; fi
fi
if docker info >/dev/null 2>&1; then
  image=$(sed -n 's/^TOXIPROXY_IMAGE=//p' "$ROOT/infra/.images.env" 2>/dev/null || true)
  image=${image:-$TOXIPROXY_UPSTREAM_IMAGE}
  if docker image inspect "$image" >/dev/null 2>&1 || timeout 120 docker pull -q "$image" >/dev/null 2>&1; then from_image "$image"; fi
fi
fail "no Toxiproxy $TOXIPROXY_VERSION binary: set TOXIPROXY_SOURCE to its release source archive ($TOXIPROXY_SOURCE_URL) to build one, set TOXIPROXY_SERVER_PATH to one you have, or run \"make bootstrap\" where $TOXIPROXY_UPSTREAM_IMAGE can be pulled."
