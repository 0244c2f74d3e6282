import type { FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { expects, FINDING_ANNOTATION, FINDING_IDS, type FindingId } from './findings';
import FindingsReporter from './findings-reporter';
import type { EngineName } from '../engines';
import { ENGINE_ANNOTATION } from './engine-annotation';
import { PROVENANCE_FILE } from './provenance';
import { expectsVerdict, TARGET_ANNOTATION } from '../target/verdicts/record';

const PASSED_RUN = { status: 'passed' } as FullResult;

function testCase(
  title: string,
  declared: ReturnType<typeof expects>[] = [],
  engineName = 'chromium',
  tags: string[] = [],
  streamTransport?: string,
): TestCase {
  return {
    title,
    annotations: declared,
    tags,
    parent: { project: () => ({ name: engineName, use: { engineName, streamTransport } }) },
  } as unknown as TestCase;
}

function result(status: TestResult['status'], recorded: object[] = [], errorMessage?: string): TestResult {
  return {
    status,
    error: errorMessage ? { message: errorMessage } : undefined,
    annotations: recorded.map((row) => ({ type: FINDING_ANNOTATION, description: JSON.stringify(row) })),
  } as unknown as TestResult;
}

function reporterIn(requireAll: boolean, engines: EngineName[] = ['chromium']) {
  const dir = mkdtempSync(join(tmpdir(), 'findings-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return {
    dir,
    reporter: new FindingsReporter({ outputDir: dir, requireAll, engines }),
    matrix: () => readFileSync(join(dir, 'findings.md'), 'utf8'),
    json: () => JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')),
  };
}

const row = (id: FindingId, outcome = 'mitigated') => ({ id, topology: 'prod', outcome, measured: { ms: 1 } });

describe('FindingsReporter', () => {
  it('should show a declared finding as failed, with the error, when the test failed before recording it', async () => {
    const { dir, reporter, matrix } = reporterIn(false);
    reporter.onTestEnd(
      testCase('F1 lab client', [expects('F1', 'prod+nginx', 'mitigated')]),
      result('failed', [], '\u001b[31mError: client goes stale\u001b[39m\n  at spec.ts:10'),
    );
    expect(await reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    expect(matrix()).toContain(
      '| F1 | prod+nginx | chromium | failed: expected mitigated: Error: client goes stale | failed | – |',
    );
    expect(matrix()).not.toMatch(/\| F1 \| – \| not run/);
    expect(readFileSync(join(dir, 'findings.html'), 'utf8')).toMatch(
      /<td style="background:#991b1b"><a href="#F1">failed<\/a>/,
    );
  });

  it("should head the report with a target and show its verdict's grounds and advice in a column of its own", async () => {
    const { dir, reporter, matrix, json } = reporterIn(false);
    const spike = {
      name: 'spike',
      image: 'sse-target/spike:latest',
      imageId: 'sha256:abc',
      file: 'examples/spike/target.json',
    };
    const verdict = {
      ...row('F6', 'reproduced'),
      target: 'spike',
      why: 'no heartbeat in 65 s',
      advice: 'send a named heartbeat',
    };
    const recorded = result('passed', [verdict]);
    recorded.annotations.push({ type: TARGET_ANNOTATION, description: JSON.stringify(spike) });
    reporter.onTestEnd(
      testCase('F6 spike', [expectsVerdict('F6', 'prod', 'spike')], 'chromium', ['@server']),
      recorded,
    );
    expect(await reporter.onEnd(PASSED_RUN)).toBeUndefined();
    expect(matrix()).toContain('Target spike: sse-target/spike:latest (sha256:abc), from examples/spike/target.json.');
    expect(matrix()).toContain(
      '| F6 | spike: prod | no browser | reproduced: no heartbeat in 65 s; change: send a named heartbeat | passed |',
    );
    expect(json().targets).toEqual([spike]);
    const html = readFileSync(join(dir, 'findings.html'), 'utf8');
    expect(html).toContain('Target <b>spike</b>');
    expect(html).toContain('<th colspan="1" class="group">spike: prod</th>');
  });

  it("should compare a target's page verdicts across engines as F14, held to its verdicts.json", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'target-'));
    const file = join(folder, 'target.json');
    writeFileSync(file, JSON.stringify({ name: 'spike', image: 'spike:1', port: 3000 }));
    const runWith = async (expected: string) => {
      writeFileSync(join(folder, 'verdicts.json'), JSON.stringify({ F14: expected }));
      const { reporter, matrix } = reporterIn(false, ['chromium', 'webkit']);
      for (const [engine, outcome] of [
        ['chromium', 'mitigated'],
        ['webkit', 'reproduced'],
      ] as const) {
        const recorded = result('passed', [{ ...row('F5', outcome), target: 'spike', why: 'timed' }]);
        recorded.annotations.push({
          type: TARGET_ANNOTATION,
          description: JSON.stringify({ name: 'spike', image: 'spike:1', file }),
        });
        reporter.onTestEnd(testCase(`F5 spike ${engine}`, [], engine), recorded);
      }
      return { status: await reporter.onEnd(PASSED_RUN), matrix: matrix() };
    };
    const agreed = await runWith('reproduced');
    expect(agreed.status).toBeUndefined();
    expect(agreed.matrix).toContain(
      '| F14 | spike: prod | no browser | reproduced: the engines disagree: F5 (prod) mitigated in chromium, reproduced in webkit;',
    );
    const broken = await runWith('mitigated');
    expect(broken.status).toEqual({ status: 'failed' });
    expect(broken.matrix).toMatch(
      /\| F14 \| spike: prod \| no browser \| failed: F14: expected mitigated, got reproduced/,
    );
  });

  it("should show a target's declared verdict as failed when its test failed before judging", async () => {
    const { reporter, matrix } = reporterIn(false);
    reporter.onTestEnd(
      testCase('F8 spike', [expectsVerdict('F8', 'prod', 'spike')]),
      result('failed', [], 'Error: socket hang up'),
    );
    expect(await reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    expect(matrix()).toContain('| F8 | spike: prod | chromium | failed: expected a verdict: Error: socket hang up |');
  });

  it('should fail a run whose test passed without recording what it declared', async () => {
    const { reporter, matrix } = reporterIn(false);
    reporter.onTestEnd(testCase('F4 tuned', [expects('F4', 'prod+nginx', 'mitigated')]), result('passed'));
    expect(await reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    expect(matrix()).toContain('failed: the test passed without recording mitigated');
  });

  it('should keep the rows a failed test recorded before failing', async () => {
    const { reporter, matrix } = reporterIn(false);
    const declared = [expects('F10', 'prod', 'reproduced'), expects('F10', 'prod', 'mitigated')];
    reporter.onTestEnd(
      testCase('F10', declared),
      result('failed', [row('F10', 'reproduced')], 'Error: lab client rebuilt'),
    );
    await reporter.onEnd(PASSED_RUN);
    expect(matrix()).toContain('| F10 | prod | chromium | reproduced | failed | ms: 1 |');
    expect(matrix()).toContain(
      '| F10 | prod | chromium | failed: expected mitigated: Error: lab client rebuilt | failed | – |',
    );
  });

  it('should fail a full run where a finding has no row, and pass one where every finding has one', async () => {
    const partial = reporterIn(true);
    partial.reporter.onTestEnd(testCase('F1'), result('passed', [row('F1')]));
    expect(await partial.reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    expect(partial.matrix()).toContain('| F2 | – | – | missing | – | – |');

    const full = reporterIn(true);
    for (const id of FINDING_IDS) full.reporter.onTestEnd(testCase(id), result('passed', [row(id)]));
    expect(await full.reporter.onEnd(PASSED_RUN)).toBeUndefined();
    expect(JSON.parse(readFileSync(join(full.dir, 'findings.json'), 'utf8'))).toMatchObject({
      status: 'passed',
      missing: [],
    });
  });

  it("should put the engine of its project on every row, and no engine on a @server test's", async () => {
    const { reporter, json } = reporterIn(false, ['chromium', 'webkit']);
    reporter.onTestEnd(testCase('F5 native', [], 'webkit'), result('passed', [row('F5', 'reproduced')]));
    reporter.onTestEnd(testCase('F8 spoofed @server', [], 'chromium', ['@server']), result('passed', [row('F8')]));
    await reporter.onEnd(PASSED_RUN);
    const rows = json().findings.flatMap((finding: { rows: object[] }) => finding.rows);
    expect(rows).toEqual([
      expect.objectContaining({ id: 'F5', engine: 'webkit' }),
      expect.objectContaining({ id: 'F8', engine: 'no browser' }),
    ]);
  });

  it("should put its project's stream transport on every row, and set the rows of another transport than the default in their own column", async () => {
    const { dir, reporter, json, matrix } = reporterIn(false);
    reporter.onTestEnd(testCase('F2 slow client', [], 'chromium'), result('passed', [row('F2')]));
    reporter.onTestEnd(testCase('F2 slow client @direct', [], 'chromium', [], 'direct'), result('passed', [row('F2')]));
    reporter.onTestEnd(
      testCase('F13 rolling @direct', [expects('F13', 'scale (redis log)', 'mitigated')], 'chromium', [], 'direct'),
      result('failed', [], 'Error: a tab was reset'),
    );
    expect(await reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    const rows = json().findings.flatMap((finding: { rows: object[] }) => finding.rows);
    expect(rows).toEqual([
      expect.objectContaining({ id: 'F2', transport: 'sse-decorator' }),
      expect.objectContaining({ id: 'F2', transport: 'direct' }),
      expect.objectContaining({ id: 'F13', transport: 'direct', outcome: 'failed' }),
    ]);
    expect(matrix()).toContain('| F2 | prod | chromium | mitigated | passed | ms: 1 |');
    expect(matrix()).toContain('| F2 | prod · direct | chromium | mitigated | passed | ms: 1 |');
    expect(matrix()).toContain(
      '| F13 | scale (redis log) · direct | chromium | failed: expected mitigated: Error: a tab was reset | failed | – |',
    );
    const html = readFileSync(join(dir, 'findings.html'), 'utf8');
    expect(html).toContain('<th colspan="1" class="group">prod</th><th colspan="1" class="group">prod · direct</th>');
  });

  it('should want, in a full run, a row for every finding in every engine; a row about the server alone counts for each', async () => {
    const engines: EngineName[] = ['chromium', 'firefox'];
    const partial = reporterIn(true, engines);
    for (const id of FINDING_IDS)
      partial.reporter.onTestEnd(
        testCase(id, [], 'chromium', id === 'F2' ? ['@server'] : []),
        result('passed', [row(id)]),
      );
    partial.reporter.onTestEnd(testCase('F1', [], 'firefox'), result('passed', [row('F1')]));
    expect(await partial.reporter.onEnd(PASSED_RUN)).toEqual({ status: 'failed' });
    const missing: string[] = partial.json().missing;
    expect(missing).toContain('F3 (firefox)');
    expect(missing).not.toContain('F1 (firefox)');
    expect(missing).not.toContain('F2 (firefox)');
    expect(missing.some((entry) => entry.includes('chromium'))).toBe(false);
  });

  it('should say what produced the evidence', async () => {
    const { dir, reporter, matrix } = reporterIn(false);
    const provenance = {
      commit: 'abc1234',
      toxiproxy: 'Toxiproxy 2.12.0 built from its release source (sha256 be7835853e78, image sse-lab/toxiproxy:2.12.0)',
      nginx: 'nginx/1.22.1',
      engines: {},
      appNode: 'v22.1.0',
      vite: 'vite 8.3.8',
      settings: { HEARTBEAT_MS: 1000 },
    };
    writeFileSync(join(dir, PROVENANCE_FILE), JSON.stringify(provenance));
    const firefox = {
      ...result('passed', [row('F1')]),
      annotations: [
        ...result('passed', [row('F1')]).annotations,
        { type: ENGINE_ANNOTATION, description: 'Firefox 153.8.0 (/usr/bin/firefox-esr, WebDriver BiDi)' },
      ],
    } as TestResult;
    reporter.onTestEnd(testCase('F1', [], 'firefox'), firefox);
    await reporter.onEnd(PASSED_RUN);
    expect(matrix()).toContain('Toxiproxy: Toxiproxy 2.12.0 built from its release source (sha256 be7835853e78');
    expect(matrix()).toContain('nginx: nginx/1.22.1. App on Node v22.1.0');
    expect(matrix()).toContain('Engines: firefox: Firefox 153.8.0 (/usr/bin/firefox-esr, WebDriver BiDi).');
    expect(matrix()).toContain('Settings: HEARTBEAT_MS=1000.');
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).provenance).toEqual({
      ...provenance,
      engines: { firefox: 'Firefox 153.8.0 (/usr/bin/firefox-esr, WebDriver BiDi)' },
    });
  });

  it('should draw the timeline a test recorded, with the fault windows of that test', async () => {
    const { dir, reporter } = reporterIn(false);
    const timeline = {
      startedAt: 1000,
      endedAt: 5000,
      clients: [
        {
          label: 'lab',
          mode: 'lab',
          role: 'solo',
          initialState: 'open',
          transitions: [{ at: 2000, to: 'stale', reason: 'silence' }],
          events: [1500],
          markers: [],
        },
      ],
    };
    const fault = { name: 'silence', target: 'edge', params: { closeAfterMs: 0 }, from: 1800, to: 3000 };
    const test = testCase('F1 lab client', [expects('F1', 'prod+nginx', 'mitigated')]);
    const result = {
      status: 'passed',
      annotations: [
        { type: FINDING_ANNOTATION, description: JSON.stringify(row('F1')) },
        { type: 'timeline', description: JSON.stringify(timeline) },
        { type: 'fault-window', description: JSON.stringify(fault) },
      ],
    } as unknown as TestResult;
    reporter.onTestEnd(test, result);
    await reporter.onEnd(PASSED_RUN);
    const html = readFileSync(join(dir, 'findings.html'), 'utf8');
    expect(html).toContain('<figcaption>F1 lab client (chromium)</figcaption>');
    expect(html).toContain('silence @ edge (closeAfterMs=0)');
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).timelines[0]).toMatchObject({
      test: 'F1 lab client',
      engine: 'chromium',
      findings: ['F1'],
      faults: [fault],
    });
  });
});
