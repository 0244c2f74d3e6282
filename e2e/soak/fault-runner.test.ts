import { startToxiproxy, type ToxiproxyServer } from '@sse-lab/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFault } from '../chaos/resolve';
import { FaultRunner } from './fault-runner';
import type { ScheduledFault } from './schedule';
import type { SoakStack } from './soak-stack';

const latency = (index: number, atMs: number, holdMs: number): ScheduledFault => {
  const request = resolveFault('latency', 'edge', { latencyMs: 100 });
  return {
    index,
    atMs,
    holdMs,
    group: 'network',
    name: request.fault.name,
    target: request.target,
    params: request.params,
  };
};

describe('FaultRunner against the real Toxiproxy', () => {
  let toxiproxy: ToxiproxyServer;
  beforeAll(async () => {
    toxiproxy = await startToxiproxy();
    await toxiproxy.admin.populate([{ name: 'edge', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' }]);
  });
  afterAll(() => toxiproxy?.stop());

  it('applies and removes each network fault after its hold', async () => {
    // Network faults only: the stack's containers are never touched.
    const runner = new FaultRunner({ proxies: ['edge'] } as SoakStack, toxiproxy.admin, () => undefined);
    await runner.run([latency(1, 0, 300)], Date.now(), new AbortController().signal);
    const [fault] = runner.applied;
    expect(fault.error).toBeUndefined();
    // A timer may fire a millisecond early by the wall clock.
    expect(fault.clearedAt! - fault.appliedAt!).toBeGreaterThanOrEqual(295);
    expect((await toxiproxy.admin.proxy('edge')).toxics).toEqual([]);
  });

  it('starts a fault on a proxy that still has the same one only once that one is cleared, rather than having it refused', async () => {
    const runner = new FaultRunner({ proxies: ['edge'] } as SoakStack, toxiproxy.admin, () => undefined);
    // Overlapping on purpose: a fault applied late (behind a Toxiproxy restart) clears late, and the schedule cannot know.
    await runner.run([latency(1, 0, 600), latency(2, 100, 200)], Date.now(), new AbortController().signal);
    const [first, second] = runner.applied;
    expect([first.error, second.error]).toEqual([undefined, undefined]);
    expect(second.appliedAt).toBeGreaterThanOrEqual(first.clearedAt!);
    expect((await toxiproxy.admin.proxy('edge')).toxics).toEqual([]);
  });
});
