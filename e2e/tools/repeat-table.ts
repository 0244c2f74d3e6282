import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderTally, tallyRuns, type JsonReport } from '../support/repeat-tally';

/**
 * Prints the runs and failures per spec and engine of a repeated run (`make e2e-repeat` writes
 * report/repeat.json), and exits 1 when any run failed.
 * Usage: `npx tsx tools/repeat-table.ts [report/repeat.json ...]` (several reports add up).
 */
function main(): number {
  const files = process.argv.slice(2);
  const reports = (files.length ? files : ['report/repeat.json']).map((file) => resolve(file));
  const missing = reports.filter((file) => !existsSync(file));
  if (missing.length) {
    console.error(`repeat-table: ${missing.join(', ')} does not exist; run "make e2e-repeat SPEC=…" first.`);
    return 2;
  }
  const merged: JsonReport = {
    suites: reports.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as JsonReport).suites ?? []),
  };
  const rows = tallyRuns(merged);
  console.log(renderTally(rows));
  const runs = rows.reduce((sum, row) => sum + row.runs, 0);
  const failures = rows.reduce((sum, row) => sum + row.failures, 0);
  console.log(`\n${runs - failures} passed, ${failures} failed (${rows.length} tests × engines)`);
  return failures === 0 && runs > 0 ? 0 : 1;
}

process.exitCode = main();
