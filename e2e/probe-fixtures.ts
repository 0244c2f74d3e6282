import { test as base } from './engine-fixtures';
import { ProbeServer } from './support/probe-server';

export type ProbeWorkerFixtures = {
  /** The F14 probe server (HTTP/1.1 and HTTP/2 on loopback), one per worker, closed with it. */
  probe: ProbeServer;
};

/** The browser and the probe server: what the engine specs (F14) need, and nothing of the lab's stacks. */
export const test = base.extend<object, ProbeWorkerFixtures>({
  probe: [
    async ({}, use) => {
      const probe = await ProbeServer.start();
      await use(probe);
      await probe.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from './engine-fixtures';
