import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { PROVENANCE_FILE } from '../support/provenance';

const E2E = join(__dirname, '..');

/**
 * `make e2e-merge`: the blob reports of a sharded run (one `make e2e-shard` each) replayed into one
 * findings report, one Playwright report and the time per project, in E2E_REPORT_DIR (default
 * e2e/report). The run fails as one unsharded run would: on a failed test, a failed finding, or a
 * finding without a row in an engine. Playwright's merge does not take a reporter's verdict as its
 * exit status, so the findings report's own status decides.
 * Usage: `npx tsx tools/merge-shards.ts <folder>`, the folder holding the shards' blob reports
 * (report-<shard>.zip), each alone or in a folder of its own (as `make e2e-shard` writes them and
 * as GitHub's download-artifact lays out one artifact per shard).
 */
async function main(): Promise<number> {
  const given = resolve(process.argv[2] ?? join(E2E, 'report', 'shards'));
  if (!existsSync(given) || !statSync(given).isDirectory()) throw new Error(`SHARDS=${given}: no such folder`);
  const shards = shardFiles(given);
  if (shards.length === 0) throw new Error(`SHARDS=${given}: no blob report (report-*.zip) in it or its folders`);
  const names = shards.map((file) => basename(file));
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length > 0) throw new Error(`SHARDS=${given}: ${twice.join(', ')} found twice: each shard once`);
  const reportDir = resolve(E2E, process.env.E2E_REPORT_DIR || 'report');
  console.log(`==> merging ${shards.length} shards (${names.join(', ')}) into ${reportDir}`);
  // Every shard ran on a stack built from the same commit: any one's provenance heads the report.
  mkdirSync(reportDir, { recursive: true });
  const provenance = [given, ...subfolders(given)].map((dir) => join(dir, PROVENANCE_FILE)).find(existsSync);
  if (provenance) copyFileSync(provenance, join(reportDir, PROVENANCE_FILE));
  // Playwright merges the .zip files of one folder.
  const blobs = mkdtempSync(join(tmpdir(), 'shards-'));
  for (const file of shards) copyFileSync(file, join(blobs, basename(file)));

  const merged = await new Promise<number>((done, fail) =>
    spawn(
      process.execPath,
      [require.resolve('@playwright/test/cli'), 'merge-reports', '--config', 'merge.config.ts', blobs],
      {
        cwd: E2E,
        env: { ...process.env, E2E_REPORT_DIR: reportDir },
        stdio: 'inherit',
      },
    )
      .on('error', fail)
      .on('exit', (code) => done(code ?? 1)),
  ).finally(() => rmSync(blobs, { recursive: true, force: true }));
  const findings = join(reportDir, 'findings.json');
  if (!existsSync(findings)) throw new Error(`the merge wrote no ${findings} (merge-reports exited ${merged})`);
  const { status } = JSON.parse(readFileSync(findings, 'utf8')) as { status: string };
  if (merged !== 0 || status !== 'passed') {
    console.error(`merge-shards: the merged run ${status} (merge-reports exited ${merged}); the failures are above`);
    return 1;
  }
  return 0;
}

const subfolders = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name));

/** The blob reports in `dir` and in its folders, one level down. */
const shardFiles = (dir: string): string[] =>
  [dir, ...subfolders(dir)].flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => file.endsWith('.zip'))
      .map((file) => join(folder, file)),
  );

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`merge-shards: ${error.message}`);
      process.exit(2);
    },
  );
}
