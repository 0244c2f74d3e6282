import { firstErrorLine } from './error-text';
/**
 * Runs and failures per spec and engine, from Playwright's JSON report of a repeated run
 * (`make e2e-repeat`): the flake table of docs/e2e.md is made of these rows.
 */

/** The part of Playwright's JSON report (reporter `json`) read here. */
export interface JsonReport {
  suites?: JsonSuite[];
  errors?: { message?: string }[];
}
interface JsonSuite {
  title: string;
  file?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
interface JsonSpec {
  title: string;
  file: string;
  tests: { projectName: string; results: { status: string; error?: { message?: string } }[] }[];
}

export interface TallyRow {
  file: string;
  test: string;
  engine: string;
  runs: number;
  failures: number;
  /** The first line of each failure's error, once each. */
  causes: string[];
}

/** One row per spec × project; a skipped result is not a run, nor one a stopped run interrupted. */
export function tallyRuns(report: JsonReport): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  const visit = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const key = `${spec.file}\u0000${spec.title}\u0000${test.projectName}`;
        const row = rows.get(key) ?? {
          file: spec.file,
          test: spec.title,
          engine: test.projectName,
          runs: 0,
          failures: 0,
          causes: [],
        };
        rows.set(key, row);
        for (const result of test.results) {
          if (result.status === 'skipped' || result.status === 'interrupted') continue;
          row.runs++;
          if (result.status === 'passed') continue;
          row.failures++;
          const cause = `${result.status}: ${firstErrorLine(result.error?.message, 'no error message')}`;
          if (!row.causes.includes(cause)) row.causes.push(cause);
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return [...rows.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.test.localeCompare(b.test) || a.engine.localeCompare(b.engine),
  );
}

/** A Markdown table: spec, test, engine, runs, failures, causes. */
export function renderTally(rows: TallyRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = ['| spec | test | engine | runs | failures | cause |', '|---|---|---|---:|---:|---|'];
  for (const row of rows) {
    lines.push(
      `| ${cell(row.file)} | ${cell(row.test)} | ${row.engine} | ${row.runs} | ${row.failures} | ${cell(row.causes.join('; ') || '–')} |`,
    );
  }
  return lines.join('\n');
}
