import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FINDING_ANNOTATION, FINDING_IDS, type FindingRow } from './findings';

/** Collects the rows tests record with recordFinding() into report/findings.json and findings.md. */
export default class FindingsReporter implements Reporter {
  private readonly rows: FindingRow[] = [];
  private readonly outputDir: string;

  constructor(options: { outputDir?: string } = {}) {
    this.outputDir = resolve(__dirname, '..', options.outputDir ?? 'report');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...(result.annotations ?? [])];
    const seen = new Set<string>();
    for (const annotation of annotations) {
      if (annotation.type !== FINDING_ANNOTATION || !annotation.description || seen.has(annotation.description)) continue;
      seen.add(annotation.description);
      this.rows.push({ ...(JSON.parse(annotation.description) as FindingRow), test: test.title, status: result.status });
    }
  }

  onEnd(result: FullResult): void {
    mkdirSync(this.outputDir, { recursive: true });
    const byFinding = FINDING_IDS.map((id) => ({ id, rows: this.rows.filter((row) => row.id === id) }));
    writeFileSync(join(this.outputDir, 'findings.json'), JSON.stringify({ status: result.status, findings: byFinding }, null, 2));
    const lines = ['| finding | topology | outcome | test status | measured |', '|---|---|---|---|---|'];
    for (const { id, rows } of byFinding) {
      if (rows.length === 0) lines.push(`| ${id} | – | not run | – | – |`);
      for (const row of rows) {
        const measured = Object.entries(row.measured).map(([key, value]) => `${key}: ${value}`).join(', ') || '–';
        lines.push(`| ${id} | ${row.topology} | ${row.outcome} | ${row.status} | ${measured} |`);
      }
    }
    writeFileSync(join(this.outputDir, 'findings.md'), `# Findings matrix\n\nRun status: ${result.status}\n\n${lines.join('\n')}\n`);
    console.log(`\nFindings matrix: ${join(this.outputDir, 'findings.md')}\nHTML report:     ${join(this.outputDir, 'html/index.html')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
