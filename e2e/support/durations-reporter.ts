import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatDurations, summariseDurations, type TestDuration } from './durations';

/** Prints at the end of a run where its time went, per project and for the slowest tests, and writes report/durations.json. */
export default class DurationsReporter implements Reporter {
  private readonly durations: TestDuration[] = [];
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
  }

  onEnd(): void {
    if (this.durations.length === 0) return;
    const summary = summariseDurations(this.durations);
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(
      join(this.outputDir, 'durations.json'),
      JSON.stringify({ ...summary, tests: this.durations }, null, 2),
    );
    console.log(`\n${formatDurations(summary)}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
