import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { validateEnv } from '../../src/config/env.validation';
import type { LabConfig } from '../../src/config/lab-config';
import { EventLog } from '@sse-lab/nest';
import { memoryFeed, type MemoryFeed } from './memory-feed';

export interface LabServer {
  url: string;
  config: LabConfig;
  app: NestExpressApplication;
  /** The memory log, for tests that publish themselves (throws with EVENT_LOG=redis: use `log`). */
  feed: MemoryFeed;
  log: EventLog;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real app, configured through the same variables as production, on an ephemeral loopback
 * port; on the stream transport of the test project (STREAM_TRANSPORT, see vitest.config.mts).
 */
export async function startLab(env: Record<string, string> = {}): Promise<LabServer> {
  const config = validateEnv({
    LOG_LEVEL: 'silent',
    TICK_MS: '0',
    STATIC_DIR: join(__dirname, 'no-dashboard'),
    STREAM_TRANSPORT: process.env.STREAM_TRANSPORT,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    url,
    config,
    app,
    get feed() {
      return memoryFeed(app.get(EventLog));
    },
    log: app.get(EventLog),
    metrics: async () => (await fetch(`${url}/api/metrics`)).text(),
    close: () => app.close(),
  };
}

/** Reads one sample from Prometheus text (the contract's parser). */
export { readSample as metric } from '@sse-lab/contract/metrics-text';
