import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rowsOf } from '../support/findings';
import { agreementTable, DEMO_TARGETS, demoAgreement } from '../target/demo-agreement';
import { runTool } from './run-tool';

function readRows(file: string, writtenBy: string) {
  if (!existsSync(file)) throw new Error(`${file}: no such file; ${writtenBy} writes one`);
  return rowsOf(readFileSync(file, 'utf8'));
}

/**
 * `make demo-agreement`: the black-box verdicts on the demo (the examples' run) held to the suite's
 * own rows (the end-to-end run). Writes demo-agreement.md beside the examples' report; fails naming each
 * contradiction.
 */
function main(): void {
  const report = join(__dirname, '..', 'report');
  const suiteFile = resolve(process.argv[2] ?? join(report, 'findings.json'));
  const examplesFile = resolve(process.argv[3] ?? join(report, 'examples', 'findings.json'));
  const suiteRows = readRows(suiteFile, 'make e2e');
  const targetRows = readRows(examplesFile, 'make examples');
  if (!targetRows.some((row) => row.target === DEMO_TARGETS.lab || row.target === DEMO_TARGETS.native))
    throw new Error(
      `${examplesFile}: no verdict on ${DEMO_TARGETS.lab} or ${DEMO_TARGETS.native}; make examples gives them`,
    );
  const agreements = demoAgreement(suiteRows, targetRows);
  const table = agreementTable(agreements);
  const out = join(dirname(examplesFile), 'demo-agreement.md');
  writeFileSync(out, `# The demo: black-box verdicts against the suite's own rows\n\n${table}\n`);
  console.log(table);
  const contradictions = agreements.filter((a) => a.contradiction);
  const compared = agreements.filter((a) => !a.notCompared).length;
  if (contradictions.length) {
    console.error(
      `demo-agreement: ${contradictions.length} of ${compared} compared findings contradict the suite (${out})`,
    );
    process.exit(1);
  }
  if (compared === 0) throw new Error(`no finding was judged by both ${suiteFile} and ${examplesFile}`);
  console.log(`    the two paths agree on ${compared} findings × engines (${out})`);
}

if (require.main === module) runTool('demo-agreement', main);
