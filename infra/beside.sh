#!/usr/bin/env bash
# Runs one command in the background while another runs in the foreground, then waits for both:
# the background's output goes to a log, shown when both are done; a failure of either fails the
# whole, naming which. Usage: beside.sh <label> <background command> -- <foreground command…>
set -uo pipefail
label=$1
background=$2
shift 2
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: beside.sh <label> <background command> -- <foreground command…>" >&2; exit 2; }
mkdir -p .lab
log=.lab/beside-$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-' | tr -s '-').log
echo "==> $label, in the background (its output: $log, shown when the rest is done)"
started=$(date +%s)
bash -c "$background" >"$log" 2>&1 &
pid=$!
"$@"
foreground=$?
wait "$pid"
status=$?
echo "==> $label: exit $status, $(($(date +%s) - started)) s from its start"
sed 's/^/    | /' "$log"
[ $status -eq 0 ] || { echo "$label failed (exit $status): its output is above" >&2; exit $status; }
exit $foreground
