#!/usr/bin/env bash
# The end-to-end suite's browsers, from Debian (Playwright cannot download its own here): Chromium,
# Firefox ESR (driven over WebDriver BiDi) and WebKitGTK's WebDriver with Xvfb. BROWSERS picks
# which (default: all three); CHROMIUM_PATH, FIREFOX_PATH, WEBKIT_WEBDRIVER point at other builds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

have() { [ -n "$1" ] && [ -x "$1" ]; }

# Installs the Debian packages when `binary` is missing, then prints what is there.
ensure() {
  local name=$1 override=$2 binary=$3 version=$4
  shift 4
  if [ -n "$override" ]; then
    have "$override" || fail "$name: \"$override\" is not an executable; unset it or point it at one"
    info "$name: $override"
    return
  fi
  if ! have "$binary"; then
    is_debian_root || fail "$name is missing: install it (Debian: apt-get install $*) or set the variable that points at it"
    APT_RECOMMENDS=1 apt_install "$@"
  fi
  info "$name: $(eval "$version" 2>/dev/null | head -1)"
}

step "Browsers (${BROWSERS:-chromium,firefox,webkit})"
IFS=',' read -r -a engines <<<"${BROWSERS:-chromium,firefox,webkit}"
for engine in "${engines[@]}"; do
  case "$(echo "$engine" | tr -d ' ' | tr '[:upper:]' '[:lower:]')" in
    chromium) ensure Chromium "${CHROMIUM_PATH:-}" /usr/bin/chromium "chromium --version" chromium ;;
    firefox)
      # Without Debian's, Playwright's own Firefox (npx playwright install firefox) will do.
      own=$(cd "$(dirname "$0")/../../e2e" && node -e "try { console.log(require('@playwright/test').firefox.executablePath()) } catch {}" 2>/dev/null || true)
      if [ -z "${FIREFOX_PATH:-}" ] && [ ! -x /usr/bin/firefox-esr ] && have "$own"; then info "Firefox: Playwright's own ($own)"; continue; fi
      ensure Firefox "${FIREFOX_PATH:-}" /usr/bin/firefox-esr "firefox-esr --version" firefox-esr
      ;;
    webkit)
      ensure "WebKitGTK WebDriver" "${WEBKIT_WEBDRIVER:-}" /usr/bin/WebKitWebDriver "dpkg-query -W -f '\${Version}' webkit2gtk-driver" webkit2gtk-driver xvfb
      have /usr/bin/Xvfb || { is_debian_root && APT_RECOMMENDS=1 apt_install xvfb; } || fail "Xvfb is missing: apt-get install xvfb"
      ;;
    '') ;;
    *) fail "BROWSERS=\"$BROWSERS\": unknown engine \"$engine\" (expected chromium, firefox, webkit)" ;;
  esac
done
