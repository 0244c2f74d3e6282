#!/usr/bin/env bash
# Runs the phases of `make test` one after the other ("label=command" each) and prints at the end
# how long each took, and the end-to-end suite's time per project, so that a regression in time
# shows in every CI log. A failed phase stops the run; the table still prints, naming it.
set -uo pipefail
cd "$(dirname "$0")/.."
rows=()
status=0
# Only a durations file this run wrote is printed.
since=$(mktemp)
trap 'rm -f "$since"' EXIT
for phase in "$@"; do
  label=${phase%%=*}
  command=${phase#*=}
  started=$(date +%s)
  bash -c "$command"
  status=$?
  rows+=("$(printf '  %-6s %5d s%s' "$label" $(($(date +%s) - started)) "$([ $status -eq 0 ] || echo "  (failed, exit $status)")")")
  [ $status -eq 0 ] || break
done
echo "==> time per phase"
printf '%s\n' "${rows[@]}"
if [ -f e2e/report/durations.json ] && [ e2e/report/durations.json -nt "$since" ]; then
  node -e '
    const { projects } = require("./e2e/report/durations.json");
    for (const { project, tests, ms } of projects) console.log(`    e2e ${project.padEnd(18)} ${String(tests).padStart(3)} tests ${(ms / 1000).toFixed(0).padStart(5)} s`);
  '
fi
exit $status
