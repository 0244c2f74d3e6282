import { errorLines } from './error-text';

/** A test that ended neither passed nor skipped. */
export interface TestFailure {
  project: string;
  /** `file:line` of the test. */
  location: string;
  title: string;
  status: string;
  ms: number;
  message?: string;
}

/**
 * The lines a run prints last: CI shows only the end of its output, so each failure is named there
 * with the head of its error, and the rest is in the report and the list reporter's output above.
 */
export function formatFailures(failures: TestFailure[], linesPerError = 4): string {
  if (failures.length === 0) return '';
  return [
    `failed tests: ${failures.length}`,
    ...failures.flatMap(({ project, location, title, status, ms, message }) => [
      `  ✘ [${project}] ${location} › ${title} (${status} after ${(ms / 1000).toFixed(1)} s)`,
      ...errorLines(message)
        .slice(0, linesPerError)
        .map((line) => `      ${line.trim()}`),
    ]),
  ].join('\n');
}
