# Shared helpers for the bootstrap scripts: step banners and failures that say what to do.
step() { printf '\033[36m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }

is_debian_root() { [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ]; }

# apt-get update at most once per bootstrap run.
apt_ready=""
apt_install() {
  if [ -z "$apt_ready" ]; then
    info "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || fail "apt-get update failed"
    apt_ready=1
  fi
  info "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed"
}
