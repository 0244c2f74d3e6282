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
  local recommends=--no-install-recommends
  # The browsers are installed as measured: with what their packages recommend (fonts, media).
  [ "${APT_RECOMMENDS:-}" = 1 ] && recommends=
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $recommends "$@" >/dev/null || fail "apt-get install $* failed"
}

# Installs those of the packages that are not installed yet (nothing to do, nothing printed).
apt_ensure() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Downloads Debian trixie's .debs of the packages into DEST through a private apt configuration
# (its own sources list, lists and cache): the machine's sources and lists stay untouched.
trixie_download() {
  local dest=$1 mirror work
  shift
  mirror=$(debian_mirror) || exit 1
  work=$(mktemp -d)
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  echo "deb $mirror trixie main" >"$work/sources.list"
  local apt_private=(-o "APT::Sandbox::User=root" -o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Get::List-Cleanup=0")
  info "fetching $* from Debian trixie ($mirror)"
  apt-get "${apt_private[@]}" update -qq >/dev/null || { rm -rf "$work"; fail "could not read Debian trixie's package lists from $mirror"; }
  (cd "$dest" && apt-get "${apt_private[@]}" download "$@" >/dev/null) || { rm -rf "$work"; fail "could not download $* from Debian trixie"; }
  rm -rf "$work"
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

# Where the Toxiproxy binaries built from a release archive are kept, by version and checksum:
# outside the work tree, so that every clone on the machine shares one build.
toxiproxy_cache_dir() {
  echo "${SSE_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sse-lab}/toxiproxy-$1-${2:0:12}"
}

# toxiproxy_runs_release PATH VERSION: PATH is an executable Toxiproxy server of that version.
toxiproxy_runs_release() {
  [ -x "$1" ] && [ "$("$1" -version 2>/dev/null)" = "toxiproxy-server version $2" ]
}
