#!/usr/bin/env bash
# A self-signed certificate for the HTTP/2 edge (NGINX_CONF=h2), made on this machine and never
# committed. Kept while it is valid for another day; otherwise made anew.
set -euo pipefail
dir="${1:-$(dirname "$0")/certs}"
mkdir -p "$dir"
if [ -s "$dir/lab.crt" ] && openssl x509 -checkend 86400 -noout -in "$dir/lab.crt" >/dev/null 2>&1; then
  exit 0
fi
command -v openssl >/dev/null || { echo "make-cert: openssl is needed (apt-get install openssl)" >&2; exit 1; }
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/lab.key" -out "$dir/lab.crt" >/dev/null 2>&1
chmod 600 "$dir/lab.key"
echo "    self-signed certificate for the HTTP/2 edge: $dir/lab.crt"
