#!/usr/bin/env bash
# Builds the real Toxiproxy (server and CLI) from its release source archive, TOXIPROXY_SOURCE,
# with Debian's Go toolchain and Debian's packaged Go libraries (no module proxy). The binaries
# are cached by the archive's checksum and rebuilt only when it changes. Prints the cache folder
# on stdout (progress goes to stderr), holding toxiproxy-server, toxiproxy-cli and LICENSE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/infra/toxiproxy/release.env"

# Bookworm's packages, except zerolog: Toxiproxy needs >= 1.28, bookworm has 1.26, so trixie's
# architecture-independent source package is unpacked into a GOPATH folder of its own.
GO_PACKAGES=(golang-go golang-github-gorilla-mux-dev golang-github-prometheus-client-golang-dev golang-github-urfave-cli-v2-dev
  golang-gopkg-tomb.v1-dev golang-golang-x-term-dev golang-github-mattn-go-colorable-dev golang-github-rs-xid-dev)
TRIXIE_GO_PACKAGES=(golang-github-rs-zerolog-dev)
MODULE=github.com/Shopify/toxiproxy/v2

{
  step "Toxiproxy $TOXIPROXY_VERSION from its release source"
  source=${TOXIPROXY_SOURCE:-}
  [ -n "$source" ] || fail "TOXIPROXY_SOURCE is not set: point it at Toxiproxy's v$TOXIPROXY_VERSION source archive ($TOXIPROXY_SOURCE_URL)."
  [ -f "$source" ] && [ -r "$source" ] || fail "TOXIPROXY_SOURCE=\"$source\" is not a readable file (expected Toxiproxy's v$TOXIPROXY_VERSION source archive, $TOXIPROXY_SOURCE_URL)."
  actual=$(sha256sum "$source" | cut -d' ' -f1)
  [ "$actual" = "$TOXIPROXY_SOURCE_SHA256" ] || fail "TOXIPROXY_SOURCE=\"$source\" has sha256 $actual; Toxiproxy v$TOXIPROXY_VERSION's source archive has $TOXIPROXY_SOURCE_SHA256 (infra/toxiproxy/release.env)."
} >&2

cache=$(toxiproxy_cache_dir "$TOXIPROXY_VERSION" "$TOXIPROXY_SOURCE_SHA256")
if toxiproxy_runs_release "$cache/toxiproxy-server" "$TOXIPROXY_VERSION" && [ -x "$cache/toxiproxy-cli" ]; then
  info "built earlier: $cache (checksum verified)" >&2
  echo "$cache"
  exit 0
fi

{
  is_debian_root || fail "building Toxiproxy needs Debian's Go packages (${GO_PACKAGES[*]}, and trixie's ${TRIXIE_GO_PACKAGES[*]}): run as root on Debian, or use a machine that can pull $TOXIPROXY_UPSTREAM_IMAGE."
  apt_ensure "${GO_PACKAGES[@]}"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs" "$work/trixie" "$work/gopath/src/$(dirname "$MODULE")"
  trixie_download "$work/debs" "${TRIXIE_GO_PACKAGES[@]}"
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/trixie"; done
  tar -xzf "$source" -C "$work"
  mv "$work/toxiproxy-$TOXIPROXY_VERSION" "$work/gopath/src/$MODULE"
  info "go build ./cmd/server ./cmd/cli ($(go version | cut -d' ' -f3), GOPATH mode, static)"
  (
    cd "$work/gopath/src/$MODULE"
    export GO111MODULE=off CGO_ENABLED=0 GOFLAGS= GOCACHE="$work/gocache"
    export GOPATH="$work/gopath:$work/trixie/usr/share/gocode:/usr/share/gocode"
    ldflags="-X $MODULE.Version=$TOXIPROXY_VERSION"
    go build -o "$work/out/toxiproxy-server" -ldflags "$ldflags" ./cmd/server
    go build -o "$work/out/toxiproxy-cli" -ldflags "$ldflags" ./cmd/cli
  ) >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building Toxiproxy $TOXIPROXY_VERSION failed (output above)"; }
  toxiproxy_runs_release "$work/out/toxiproxy-server" "$TOXIPROXY_VERSION" || fail "the built server reports \"$("$work/out/toxiproxy-server" -version)\", not $TOXIPROXY_VERSION"
  cp "$work/gopath/src/$MODULE/LICENSE" "$work/out/LICENSE"
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache" && mv "$work/out" "$cache"
  info "built: $cache"
} >&2
echo "$cache"
