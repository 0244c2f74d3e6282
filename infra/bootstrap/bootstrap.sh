#!/usr/bin/env bash
# Idempotent set-up of everything the Docker stack needs: engine, compose v2, base images.
# First run on a bare Debian machine: a few minutes. Later runs: seconds, and nothing changes.
set -euo pipefail
here=$(dirname "$0")
bash "$here/engine.sh"
bash "$here/compose.sh"
bash "$here/images.sh"
