#!/usr/bin/env bash
# `make e2e`: the suite as two runs side by side, then one report. The platform rows (F15, tagged
# @platform) start a stack of their own per profile and mostly wait on a platform's timers, so they
# run beside the rest of the suite (E2E_STACKS=platform and suite), each a shard of one run; their
# blob reports are merged into e2e/report as a single run would write it. Arguments go to the
# suite's run (e.g. a spec file); the platform rows always run whole.
set -uo pipefail
cd "$(dirname "$0")/../e2e"
shards=report/shards
log=report/platform-run.log
rm -rf "$shards/suite" "$shards/platform"
mkdir -p report
# Made once here, before both runs ask for them: the lab's certificate, and the app's image that
# every stack runs (the platform rows start theirs without building; the suite's build is then cached).
bash ../infra/nginx/make-cert.sh || exit 1
echo "==> building the app's image"
docker compose -f ../compose.prod.yaml build --quiet app || exit 1

echo "==> the platform rows (@platform) beside the suite; their output goes to e2e/$log and is printed after"
E2E_STACKS=platform E2E_SHARD=platform E2E_REPORT_DIR=report/platform-run \
  npx playwright test --grep @platform >"$log" 2>&1 &
platform_pid=$!
E2E_STACKS=suite E2E_SHARD=suite npx playwright test --grep-invert @platform "$@"
suite_status=$?
[ -f report/provenance.json ] && cp report/provenance.json "$shards/suite/"
wait "$platform_pid"
platform_status=$?
echo "==> the platform rows (exit $platform_status)"
cat "$log"

# Only this run's two shards, whatever else report/shards holds.
both=$(mktemp -d)
trap 'rm -rf "$both"' EXIT
for shard in suite platform; do [ -d "$shards/$shard" ] && cp -r "$shards/$shard" "$both/"; done
LAB_REQUIRE_ALL_FINDINGS=1 npx tsx tools/merge-shards.ts "$both"
merge_status=$?
if [ $suite_status -ne 0 ] || [ $platform_status -ne 0 ] || [ $merge_status -ne 0 ]; then
  echo "e2e: suite exit $suite_status, platform rows exit $platform_status, merge exit $merge_status" >&2
  exit 1
fi
