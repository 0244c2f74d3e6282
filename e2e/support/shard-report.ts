import type { ReporterDescription } from '@playwright/test';
import { join } from 'node:path';

/** Where shards write their blob reports, one folder each, and where `make e2e-merge` looks by default. */
export const SHARDS_DIR = join(__dirname, '..', 'report', 'shards');

/**
 * E2E_SHARD=<name>: this run is one shard of a sharded CI (`make e2e-shard`); besides its own
 * reports it writes report/shards/<name>/report-<name>.zip, which `make e2e-merge` replays with
 * the others into one findings report and one Playwright report. A folder per shard: the blob
 * reporter empties its folder before it writes.
 */
export function shardReporters(
  name: string | undefined = process.env.E2E_SHARD,
  shardsDir = SHARDS_DIR,
): ReporterDescription[] {
  if (name === undefined || name === '') return [];
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name))
    throw new Error(`E2E_SHARD="${name}": expected a shard name of 1-40 of a-z, 0-9 and -, e.g. the project's`);
  return [['blob', { outputDir: join(shardsDir, name), fileName: `report-${name}.zip` }]];
}
