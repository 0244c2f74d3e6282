import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatDurations, summariseDurations, type TestDuration } from './durations';
import { formatFailures, type TestFailure } from './failures';

/**
 * Prints at the end of a run where its time went, per project and for the slowest tests, then the tests that failed
 * with the head of their errors; writes report/durations.json.
 */
export default class DurationsReporter implements Reporter {
  private readonly durations: TestDuration[] = [];
  private readonly failures: TestFailure[] = [];
  private readonly outputDir: string;

  constructor({ outputDir = 'report' }: { outputDir?: string } = {}) {
    this.outputDir = resolve(outputDir);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped') return;
    this.durations.push({
      project: test.parent.project()?.name ?? '',
      file: basename(test.location.file),
      title: test.title,
      ms: result.duration,
    });
    if (result.status === 'passed') return;
    this.failures.push({
      project: test.parent.project()?.name ?? '',
      location: `${basename(test.location.file)}:${test.location.line}`,
      title: test.title,
      status: result.status,
      ms: result.duration,
      message: result.error?.message,
    });
  }

  onEnd(): void {
    if (this.durations.length === 0) return;
    // CI shows only the end of the output: fewer slow tests leave room for the failures.
    const summary = summariseDurations(this.durations, this.failures.length > 0 ? 5 : 10);
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(
      join(this.outputDir, 'durations.json'),
      JSON.stringify({ ...summary, tests: this.durations }, null, 2),
    );
    console.log(`\n${formatDurations(summary)}`);
    if (this.failures.length > 0) console.log(formatFailures(this.failures));
  }

  printsToStdio(): boolean {
    return false;
  }
}
