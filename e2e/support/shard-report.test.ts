import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { SHARDS_DIR, shardReporters } from './shard-report';

describe('shardReporters (E2E_SHARD)', () => {
  it('adds nothing outside a sharded run', () => {
    expect(shardReporters(undefined)).toEqual([]);
    expect(shardReporters('')).toEqual([]);
  });

  it("writes the shard's blob report under its name, in a folder of its own", () => {
    expect(shardReporters('webkit')).toEqual([
      ['blob', { outputDir: join(SHARDS_DIR, 'webkit'), fileName: 'report-webkit.zip' }],
    ]);
  });

  it('refuses a name that is no file name, naming the variable', () => {
    expect(() => shardReporters('../up')).toThrow(/E2E_SHARD="\.\.\/up"/);
  });
});

describe("the lab's projects, as a merge of shards sees them", () => {
  it('carry their engine and transport in metadata, the only part of a project a blob report keeps', async () => {
    vi.stubEnv('BROWSERS', 'chromium,firefox,webkit');
    vi.stubEnv('TRANSPORTS', '');
    vi.stubEnv('LAB_TARGET', '');
    const { default: config } = await import('../playwright.config');
    vi.unstubAllEnvs();
    const placed = config.projects!.map(({ name, metadata }) => `${name}: ${JSON.stringify(metadata)}`);
    expect(placed).toEqual([
      'chromium: {"engineName":"chromium"}',
      'firefox: {"engineName":"firefox"}',
      'webkit: {"engineName":"webkit"}',
      'chromium-direct: {"engineName":"chromium","streamTransport":"direct"}',
    ]);
    for (const { metadata, use } of config.projects!) expect(use).toMatchObject(metadata as object);
  });
});
