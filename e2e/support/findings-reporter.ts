import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENGINE_NAMES, type EngineName } from '../engines/engine';
import { ENGINE_ANNOTATION } from './engine-annotation';
import { firstErrorLine } from './error-text';
import {
  EXPECTED_FINDING_ANNOTATION,
  FINDING_ANNOTATION,
  FINDING_IDS,
  sameFinding,
  type ExpectedFinding,
  type FindingRow,
  type RowEngine,
} from './findings';
import { REPO_ROOT } from '../lab-settings';
import { loadTarget } from '../target/target-file';
import { expectationsFor, verdictProblem } from '../target/verdict-expectations';
import { judgeEngines } from '../target/verdicts/f14-engines';
import { enginesOwing, platformEngines } from './platform-engines';
import { recommendations, recommendationsMarkdown } from './recommendations';
import { describeTargetImage, TARGET_ANNOTATION, type TargetDescription } from '../target/verdicts/record';
import { VERDICT_OUTCOMES, type VerdictOutcome } from '../target/verdicts/verdict';
import { renderFindingsHtml, type TestTimeline } from './findings-html';
import { PROVENANCE_FILE, type Provenance } from './provenance';
import type { ProjectSettings } from './project-settings';
import { DEFAULT_TRANSPORT, placeOf, type StreamTransport } from './transports';
import { FAULT_WINDOW_ANNOTATION, TIMELINE_ANNOTATION, type FaultWindow, type TimelineRecord } from './timeline';

export interface FindingsReporterOptions {
  outputDir?: string;
  /** Every finding must have a row that is not failed, in every engine (a full run); default: LAB_REQUIRE_ALL_FINDINGS=1. */
  requireAll?: boolean;
  /** The engines of this run (one project each). */
  engines?: EngineName[];
}

/** The tests about the server alone carry this tag: their rows are no engine's. */
export const SERVER_TAG = '@server';

/**
 * What a test's project says of itself: its `metadata`, which a blob report keeps (a merge of shards
 * sees only that), else its `use`, for a reporter given a config by hand.
 */
function settingsOf(test: TestCase): ProjectSettings {
  const project = test.parent?.project?.();
  return { ...(project?.use as ProjectSettings | undefined), ...(project?.metadata as ProjectSettings | undefined) };
}

/** The engine a test ran in: its project's `engineName`, or none for a @server test. */
function engineOf(test: TestCase): RowEngine {
  if (test.tags?.includes(SERVER_TAG)) return 'no browser';
  const name = settingsOf(test).engineName;
  return name && ENGINE_NAMES.includes(name) ? name : 'chromium';
}

/** The stream transport a test ran on: its project's `streamTransport`. */
const transportOf = (test: TestCase): StreamTransport => settingsOf(test).streamTransport ?? DEFAULT_TRANSPORT;

const PASSED = new Set(['passed', 'skipped']);
/** `Engines: chromium: …; firefox: ….`, the header line of a report's engines. */
const enginesLine = (engines: Record<string, string>) =>
  `Engines: ${
    Object.entries(engines)
      .map(([engine, description]) => `${engine}: ${description}`)
      .join('; ') || 'none recorded'
  }.`;

/**
 * Collects the rows tests record with recordFinding() into report/findings.json and findings.md.
 * A row a test declared with expects() but did not record (it failed first, or forgot) shows as
 * `failed` with the error's first line; a run with a failed or missing finding fails.
 */
export default class FindingsReporter implements Reporter {
  private readonly rows: FindingRow[] = [];
  private readonly timelines: TestTimeline[] = [];
  private readonly outputDir: string;
  private readonly requireAll: boolean;
  private readonly engines: EngineName[];
  /** What each engine said it was (product, version, driver). */
  private readonly engineDescriptions: Record<string, string> = {};
  /** The teams' apps the run gave verdicts on (target mode), by name. */
  private readonly targets = new Map<string, TargetDescription>();

  constructor(options: FindingsReporterOptions = {}) {
    this.outputDir = resolve(__dirname, '..', options.outputDir ?? 'report');
    this.requireAll = options.requireAll ?? process.env.LAB_REQUIRE_ALL_FINDINGS === '1';
    this.engines = options.engines ?? ['chromium'];
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const recorded = this.annotations(test, result, FINDING_ANNOTATION) as FindingRow[];
    const expected = this.annotations(test, result, EXPECTED_FINDING_ANNOTATION) as ExpectedFinding[];
    const error = firstErrorLine(result.error?.message);
    const engine = engineOf(test);
    const transport = transportOf(test);
    const [description] = this.annotations(test, result, ENGINE_ANNOTATION, false) as string[];
    if (description && engine !== 'no browser') this.engineDescriptions[engine] = description;
    for (const row of recorded) this.rows.push({ ...row, engine, transport, test: test.title, status: result.status });
    for (const target of this.annotations(test, result, TARGET_ANNOTATION) as TargetDescription[]) {
      this.targets.set(target.name, target);
    }
    const [timeline] = this.annotations(test, result, TIMELINE_ANNOTATION) as Omit<TimelineRecord, 'faults'>[];
    if (timeline) {
      const faults = this.annotations(test, result, FAULT_WINDOW_ANNOTATION) as FaultWindow[];
      const findings = [...new Set([...recorded, ...expected].map((row) => row.id))];
      this.timelines.push({ ...timeline, faults, test: test.title, engine, transport, findings });
    }
    for (const want of expected) {
      if (recorded.some((row) => sameFinding(want, row))) continue;
      const outcome = result.status === 'skipped' ? 'not run' : 'failed';
      const wanted = want.outcome ?? 'a verdict';
      const why = PASSED.has(result.status)
        ? `the test ${result.status} without recording ${wanted}`
        : `expected ${wanted}: ${error || result.status}`;
      this.rows.push({
        id: want.id,
        topology: want.topology,
        ...(want.target ? { target: want.target } : {}),
        engine,
        transport,
        outcome,
        measured: {},
        test: test.title,
        status: result.status,
        error: why,
      });
    }
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    mkdirSync(this.outputDir, { recursive: true });
    const provenance = this.provenance();
    for (const target of this.targets.values()) this.rows.push(this.engineComparison(target));
    const byFinding = FINDING_IDS.map((id) => ({ id, rows: this.rows.filter((row) => row.id === id) }));
    const failed = this.rows.filter((row) => row.outcome === 'failed');
    const targets = [...this.targets.values()];
    // A full run has, for every finding and every engine, a row that is not failed (a row about the server alone counts for each).
    const answered = (rows: FindingRow[], engine: EngineName) =>
      rows.some(
        (row) =>
          (row.engine === engine || row.engine === 'no browser') &&
          row.outcome !== 'failed' &&
          row.outcome !== 'not run',
      );
    const platforms = platformEngines();
    const missing = this.requireAll
      ? byFinding.flatMap(({ id, rows }) =>
          enginesOwing(id, this.engines, platforms)
            .filter((engine) => !answered(rows, engine))
            .map((engine) => (this.engines.length === 1 ? id : `${id} (${engine})`)),
        )
      : [];
    const status: FullResult['status'] = failed.length > 0 || missing.length > 0 ? 'failed' : result.status;
    writeFileSync(
      join(this.outputDir, 'findings.json'),
      JSON.stringify({ status, provenance, targets, missing, findings: byFinding, timelines: this.timelines }, null, 2),
    );
    writeFileSync(join(this.outputDir, 'findings.md'), this.markdown(status, provenance, targets, byFinding, missing));
    const html = renderFindingsHtml({
      status,
      generatedAt: new Date(),
      provenance,
      targets,
      engines: this.engineDescriptions,
      findings: byFinding,
      missing,
      timelines: this.timelines,
    });
    writeFileSync(join(this.outputDir, 'findings.html'), html);
    console.log(
      `\nFindings matrix: ${join(this.outputDir, 'findings.md')}\nFindings report: ${join(this.outputDir, 'findings.html')}\nHTML report:     ${join(this.outputDir, 'html/index.html')}`,
    );
    if (status === result.status) return undefined;
    for (const row of failed)
      console.error(`finding ${row.id} (${placeOf(row)}, ${row.engine}) failed in "${row.test}": ${row.error}`);
    for (const id of missing) console.error(`finding ${id}: no row in this run`);
    return { status };
  }

  /**
   * F14 on a target: its page verdicts compared across the run's engines, held to the target's
   * expectations when they came from two engines or more (one engine leaves it inconclusive, held to nothing).
   */
  private engineComparison(target: TargetDescription): FindingRow {
    const verdicts = this.rows.flatMap(({ id, topology, engine, outcome, target: name }) =>
      name === target.name && engine !== 'no browser' && (VERDICT_OUTCOMES as readonly string[]).includes(outcome)
        ? [{ id, topology, engine, outcome: outcome as VerdictOutcome }]
        : [],
    );
    const verdict = judgeEngines(verdicts);
    const problem =
      new Set(verdicts.map(({ engine }) => engine)).size >= 2
        ? verdictProblem(verdict, expectationsFor(loadTarget(resolve(REPO_ROOT, target.file))))
        : undefined;
    const { id, topology, outcome, measured, why, advice } = verdict;
    return {
      id,
      topology,
      engine: 'no browser',
      outcome: problem ? 'failed' : outcome,
      measured,
      why,
      ...(advice ? { advice } : {}),
      target: target.name,
      test: `${target.name}: the page's verdicts compared across engines`,
      status: problem ? 'failed' : 'passed',
      ...(problem ? { error: problem } : {}),
    };
  }

  printsToStdio(): boolean {
    return true;
  }

  private annotations(test: TestCase, result: TestResult, type: string, json = true): unknown[] {
    const seen = new Set<string>();
    const values: unknown[] = [];
    for (const annotation of [...test.annotations, ...(result.annotations ?? [])]) {
      if (annotation.type !== type || !annotation.description || seen.has(annotation.description)) continue;
      seen.add(annotation.description);
      values.push(json ? JSON.parse(annotation.description) : annotation.description);
    }
    return values;
  }

  private provenance(): Provenance | null {
    const file = join(this.outputDir, PROVENANCE_FILE);
    if (!existsSync(file)) return null;
    const stack = JSON.parse(readFileSync(file, 'utf8')) as Provenance;
    return { ...stack, engines: { ...stack.engines, ...this.engineDescriptions } };
  }

  private markdown(
    status: string,
    provenance: Provenance | null,
    targets: TargetDescription[],
    byFinding: { id: string; rows: FindingRow[] }[],
    missing: string[],
  ): string {
    const header = provenance
      ? [
          `Commit ${provenance.commit}. Toxiproxy: ${provenance.toxiproxy}. nginx: ${provenance.nginx}. App on Node ${provenance.appNode}. Dev server: ${provenance.vite}.`,
          enginesLine(provenance.engines),
          `Settings: ${Object.entries(provenance.settings)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')}.`,
        ]
      : targets.length > 0
        ? [enginesLine(this.engineDescriptions)]
        : ['Provenance unknown: global setup did not record the stack (LAB_BASE_URL run?).'];
    for (const target of targets)
      header.push(`Target ${target.name}: ${describeTargetImage(target)}, from ${target.file}.`);
    const lines = ['| finding | topology | engine | outcome | test status | measured |', '|---|---|---|---|---|---|'];
    for (const { id, rows } of byFinding) {
      if (rows.length === 0)
        lines.push(
          `| ${id} | – | – | ${missing.some((entry) => entry === id || entry.startsWith(`${id} (`)) ? 'missing' : 'not run'} | – | – |`,
        );
      for (const row of rows) {
        const measured =
          Object.entries(row.measured)
            .map(([key, value]) => `${key}: ${value}`)
            .join(', ') || '–';
        const said = row.error ?? [row.why, row.advice && `change: ${row.advice}`].filter(Boolean).join('; ');
        const outcome = said ? `${row.outcome}: ${said.replace(/\|/g, '\\|')}` : row.outcome;
        lines.push(`| ${id} | ${placeOf(row)} | ${row.engine} | ${outcome} | ${row.status} | ${measured} |`);
      }
    }
    const platforms = recommendationsMarkdown(recommendations(byFinding.flatMap(({ rows }) => rows)));
    return `# Findings matrix\n\nRun status: ${status}\n\n${header.join('\n')}\n\n${lines.join('\n')}\n${platforms ? `\n${platforms}` : ''}`;
  }
}
