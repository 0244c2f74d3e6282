#!/usr/bin/env bash
# A self-signed certificate for the HTTP/2 edge (NGINX_CONF=h2), made on this machine and never
# committed. Kept while it is valid for another day; otherwise made anew.
set -euo pipefail
dir="${1:-$(dirname "$0")/certs}"
mkdir -p "$dir"
if [ -s "$dir/lab.crt" ] && openssl x509 -checkend 86400 -noout -in "$dir/lab.crt" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v openssl >/dev/null; then
  . "$(dirname "$0")/../bootstrap/lib.sh"
  is_debian_root || fail "make-cert: openssl is needed to make the HTTP/2 edge's certificate; install it, then retry"
  apt_install openssl
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/lab.key" -out "$dir/lab.crt" >/dev/null 2>&1
chmod 600 "$dir/lab.key"
echo "    self-signed certificate for the HTTP/2 edge: $dir/lab.crt"
