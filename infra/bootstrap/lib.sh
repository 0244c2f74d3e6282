# Shared helpers for the bootstrap scripts: step banners and failures that say what to do.
step() { printf '\033[36m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }

is_debian_root() { [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ]; }

# apt-get update at most once an hour, across the bootstrap's scripts.
APT_STAMP=/var/lib/apt/periodic/sse-lab-update-stamp
apt_install() {
  if [ -z "$(find "$APT_STAMP" -mmin -60 2>/dev/null)" ]; then
    info "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || fail "apt-get update failed"
    mkdir -p "$(dirname "$APT_STAMP")" && touch "$APT_STAMP"
  fi
  info "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed"
}

# The Debian mirror apt already uses (deb822 or one-line sources), for trixie look-ups and debootstrap.
# Read from the machine only: the lab names no mirror of its own. APT_SOURCES overrides the files read.
debian_mirror() {
  local mirror sources
  sources=${APT_SOURCES:-"/etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list"}
  # shellcheck disable=SC2086 # the list is globbed on purpose
  mirror=$(grep -hoE '^URIs: *https?://[^ ]*debian/?$|^deb +(\[[^]]*\] +)?https?://[^ ]*debian/? ' $sources 2>/dev/null \
    | head -1 | sed -E 's/^(URIs: *|deb +(\[[^]]*\] +)?)//; s/ *$//' || true)
  if [ -z "$mirror" ]; then
    printf '\033[31mbootstrap: no Debian mirror in the apt sources (%s); add one (a "deb http://…/debian bookworm main" line), then retry.\033[0m\n' "$sources" >&2
    return 1
  fi
  echo "$mirror"
}
