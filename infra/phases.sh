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
# The end-to-end suite's time per project, and the examples' (a project per example and engine).
for durations in e2e/report/durations.json e2e/report/examples/durations.json; do
  [ -f "$durations" ] && [ "$durations" -nt "$since" ] || continue
  label=$([ "$durations" = e2e/report/durations.json ] && echo e2e || echo examples)
  node -e '
    const { projects } = require(process.argv[1]);
    for (const { project, tests, ms } of projects) console.log(`    ${process.argv[2]} ${project.padEnd(22)} ${String(tests).padStart(3)} tests ${(ms / 1000).toFixed(0).padStart(5)} s`);
  ' "./$durations" "$label"
done
exit $status
