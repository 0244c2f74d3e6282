import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingRow } from './findings';

const run = promisify(execFile);
const E2E = join(__dirname, '..');
const PLAYWRIGHT = require.resolve('@playwright/test/cli');
const FIXTURE_CONFIG = join(__dirname, 'shard-fixture', 'playwright.config.ts');
const PROJECTS = ['chromium', 'firefox', 'webkit', 'chromium-direct'];

const work = mkdtempSync(join(tmpdir(), 'shard-merge-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The fixture suite, whole or one project of it as a shard, its reports in `out`. */
async function runFixture(out: string, project?: string): Promise<void> {
  const args = [PLAYWRIGHT, 'test', '-c', FIXTURE_CONFIG, ...(project ? [`--project=${project}`] : [])];
  const env = { ...process.env, FIXTURE_OUT: out, E2E_SHARD: project ?? '', LAB_REQUIRE_ALL_FINDINGS: '0' };
  await run(process.execPath, args, { cwd: E2E, env });
}

/** Each row of a findings.json, placed and described in one line, in a stable order. */
function rowsOf(reportDir: string): string[] {
  const { findings } = JSON.parse(readFileSync(join(reportDir, 'findings.json'), 'utf8')) as {
    findings: { id: string; rows: FindingRow[] }[];
  };
  return findings
    .flatMap(({ rows }) => rows)
    .map((row) => `${row.id} ${row.topology} ${row.engine} ${row.transport ?? '-'} ${row.outcome} "${row.test}"`)
    .sort();
}

/** `make e2e-merge` on the blob reports in `blobs`, its reports in `out`. */
const merge = (blobs: string, out: string, requireAll: boolean) =>
  run(process.execPath, ['--import', 'tsx', join(E2E, 'tools', 'merge-shards.ts'), blobs], {
    cwd: E2E,
    env: { ...process.env, E2E_REPORT_DIR: out, LAB_REQUIRE_ALL_FINDINGS: requireAll ? '1' : '0' },
  });

describe('findings of shards merged (make e2e-merge, tools/merge-shards.ts)', () => {
  const whole = join(work, 'whole');
  // As the merge job downloads them: a folder per shard's artifact.
  const blobs = join(work, 'downloaded');

  beforeAll(async () => {
    const shards = PROJECTS.map((project) => join(work, project));
    await Promise.all([runFixture(whole), ...PROJECTS.map((project, index) => runFixture(shards[index]!, project))]);
    for (const [index, project] of PROJECTS.entries()) {
      mkdirSync(join(blobs, `blob-${project}`), { recursive: true });
      for (const file of readdirSync(join(shards[index]!, 'shards', project)))
        copyFileSync(join(shards[index]!, 'shards', project, file), join(blobs, `blob-${project}`, file));
    }
  }, 120_000);

  it('gives every row of the whole run once, in the engine and transport it ran on', async () => {
    const merged = join(work, 'merged');
    await merge(blobs, merged, false);

    expect(rowsOf(merged)).toEqual([
      'F1 prod chromium sse-decorator mitigated "a page notices silence"',
      'F1 prod firefox sse-decorator mitigated "a page notices silence"',
      'F1 prod webkit sse-decorator mitigated "a page notices silence"',
      'F2 prod no browser sse-decorator mitigated "the server lets go of a closed stream"',
      'F5 prod+nginx chromium direct reproduced "the stream resumes after a cut"',
      'F5 prod+nginx chromium sse-decorator reproduced "the stream resumes after a cut"',
      'F5 prod+nginx firefox sse-decorator reproduced "the stream resumes after a cut"',
      'F5 prod+nginx webkit sse-decorator reproduced "the stream resumes after a cut"',
    ]);
    expect(rowsOf(merged)).toEqual(rowsOf(whole));
    // The merged Playwright report and the time per project come with it.
    expect(readdirSync(join(merged, 'html'))).toContain('index.html');
    const { projects } = JSON.parse(readFileSync(join(merged, 'durations.json'), 'utf8')) as {
      projects: { project: string; tests: number }[];
    };
    expect(projects.map(({ project, tests }) => `${project} ${tests}`).sort()).toEqual([
      'chromium 3',
      'chromium-direct 1',
      'firefox 2',
      'webkit 2',
    ]);
  }, 60_000);

  it('fails, as the whole run would, when a finding has no row in an engine', async () => {
    const failed = await merge(blobs, join(work, 'required'), true).then(
      () => 'exit 0',
      (error: { code: number; stderr: string }) => `exit ${error.code}: ${error.stderr}`,
    );
    expect(failed).toMatch(/^exit 1:/);
    expect(failed).toContain('finding F3 (webkit): no row in this run');
    expect(failed).toContain('merge-shards: the merged run failed');
    // F1 has a row in every engine, F2 one about the server alone, which counts for each.
    expect(failed).not.toMatch(/finding F[12]\b/);
  }, 60_000);

  it('refuses a shard given twice, which would double its rows', async () => {
    const twice = join(work, 'twice');
    mkdirSync(join(twice, 'again'), { recursive: true });
    copyFileSync(join(blobs, 'blob-firefox', 'report-firefox.zip'), join(twice, 'report-firefox.zip'));
    copyFileSync(join(blobs, 'blob-firefox', 'report-firefox.zip'), join(twice, 'again', 'report-firefox.zip'));
    await expect(merge(twice, join(work, 'doubled'), false)).rejects.toMatchObject({
      stderr: expect.stringContaining('report-firefox.zip found twice'),
    });
  });

  it('names a folder that holds no shard', async () => {
    await expect(merge(join(work, 'whole', 'test-results'), join(work, 'none'), false)).rejects.toMatchObject({
      stderr: expect.stringMatching(/SHARDS=.*: no (such folder|blob report)/),
    });
  });
});
