import { METRIC } from '@sse-lab/contract';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { containerIp } from './support/app-settings';
import { expects, recordFinding } from './support/findings';
import { openDashboard, snapshot, watchdogOutlasting } from './support/lab-page';
import { openRawStream } from './support/raw-stream';

test.describe('F8 at most 5 streams per client IP', () => {
  test.beforeEach(async ({ metrics }) => {
    await expect.poll(() => metrics.value(METRIC.activeStreams), { timeout: LAB.HEARTBEAT_MS + 2000 }).toBe(0);
  });

  test(
    'F8 @f8 @direct: the 6th stream from one browser is refused with 429, the client backs off, and a freed slot lets it in',
    { annotation: [expects('F8', 'prod+nginx', 'mitigated')] },
    async ({ profile, stack, metrics }, testInfo) => {
      // The five holders keep their slots for the whole test (a fresh-clone CI run: three WebKit
      // tabs tripped together, and the sixth took a freed slot before it was checked).
      const staleAfterHeartbeats = watchdogOutlasting(testInfo);
      const pages = [];
      for (let i = 0; i < LAB.MAX_STREAMS_PER_IP; i++) {
        const page = await profile.newTab();
        await openDashboard(page, stack.urls.edge, 'lab', 2, { staleAfterHeartbeats });
        pages.push(page);
      }
      const rejectedBefore = await metrics.value(METRIC.rejected, { reason: 'ip-limit' });

      const refused = await fetch(`${stack.urls.edge}/api/stream`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toEqual({ error: 'too many streams', status: 429, limit: LAB.MAX_STREAMS_PER_IP });

      const sixth = await profile.newTab();
      await sixth.goto(
        new URL(
          `/?initialBackoffMs=${CLIENT.initialBackoffMs}&maxBackoffMs=${CLIENT.maxBackoffMs}`,
          stack.urls.edge,
        ).toString(),
      );
      await expect
        .poll(async () => (await snapshot(sixth)).transitions.filter((t) => t.to === 'backoff').length, {
          message: 'the 6th client backs off',
        })
        .toBeGreaterThanOrEqual(2);
      const holders = await Promise.all(pages.map(snapshot));
      expect(
        holders.map(({ counters }) => counters.opens),
        'each holder kept its first stream',
      ).toEqual(pages.map(() => 1));
      expect((await snapshot(sixth)).counters.events, 'the sixth got no event while the five held their slots').toBe(0);
      expect(await metrics.value(METRIC.rejected, { reason: 'ip-limit' })).toBeGreaterThan(rejectedBefore + 1);

      const freedAt = Date.now();
      await pages[0].close();
      await expect
        .poll(async () => (await snapshot(sixth)).counters.events, {
          message: 'the 6th client gets the freed slot',
          timeout: CLIENT.maxBackoffMs + 5000,
        })
        .toBeGreaterThan(0);
      recordFinding(testInfo, {
        id: 'F8',
        topology: 'prod+nginx',
        outcome: 'mitigated',
        measured: { limit: LAB.MAX_STREAMS_PER_IP, refusedStatus: 429, admittedAfterFreeMs: Date.now() - freedAt },
      });
    },
  );

  test(
    "F8 @f8 @server @direct: behind nginx the client IP is what nginx saw, not the app's socket peer, and a spoofed header does not bypass the limit",
    { annotation: [expects('F8', 'prod+nginx', 'mitigated')] },
    async ({ stack }, testInfo) => {
      const spoofed = Array.from({ length: LAB.MAX_STREAMS_PER_IP + 1 }, (_, i) =>
        openRawStream(stack.urls.edge, { 'X-Forwarded-For': `203.0.113.${i + 1}` }),
      );
      try {
        await expect.poll(() => spoofed.every((s) => s.state.status !== undefined)).toBe(true);
        const statuses = spoofed.map((s) => s.state.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(LAB.MAX_STREAMS_PER_IP);
        expect(statuses.filter((status) => status === 429)).toHaveLength(1);

        // nginx saw the edge proxy's front address and appended it; the app's socket peer is the
        // upstream proxy's back address. The two differ, so the IP can only come from the header.
        const accepted = spoofed.find((s) => s.state.status === 200)!;
        await expect.poll(() => accepted.state.hello?.clientIp).toBeTruthy();
        const nginxSaw = await containerIp(stack, 'toxiproxy', 'front');
        const appPeer = await containerIp(stack, 'toxiproxy', 'back');
        expect(nginxSaw).not.toBe(appPeer);
        expect(accepted.state.hello!.clientIp).toBe(nginxSaw);
        recordFinding(testInfo, {
          id: 'F8',
          topology: 'prod+nginx',
          outcome: 'mitigated',
          measured: { spoofedHeadersRefused: 1, clientIp: nginxSaw, appSocketPeer: appPeer },
        });
      } finally {
        spoofed.forEach((s) => s.close());
      }
    },
  );

  test(
    'F8 @f8 @server @direct: a client that reaches the app without nginx cannot choose its IP with X-Forwarded-For',
    { annotation: [expects('F8', 'prod', 'mitigated')] },
    async ({ stack }, testInfo) => {
      const measured: Record<string, string | number> = {};
      for (const [path, url, peer] of [
        ['edge-direct', stack.urls.direct, await containerIp(stack, 'toxiproxy', 'direct')],
        ['published app port', stack.urls.app, undefined],
      ] as const) {
        await test.step(path, async () => {
          const spoofed = Array.from({ length: LAB.MAX_STREAMS_PER_IP + 1 }, (_, i) =>
            openRawStream(url, { 'X-Forwarded-For': `198.51.100.${i + 1}` }),
          );
          try {
            await expect.poll(() => spoofed.every((s) => s.state.status !== undefined)).toBe(true);
            expect(
              spoofed.filter((s) => s.state.status === 429),
              'the limit still counts one IP',
            ).toHaveLength(1);
            const accepted = spoofed.find((s) => s.state.status === 200)!;
            await expect.poll(() => accepted.state.hello?.clientIp).toBeTruthy();
            const clientIp = String(accepted.state.hello!.clientIp);
            expect(clientIp).not.toMatch(/^198\.51\.100\./);
            if (peer) expect(clientIp).toBe(peer);
            measured[`clientIp@${path}`] = clientIp;
          } finally {
            spoofed.forEach((s) => s.close());
          }
        });
        await expect
          .poll(
            async () =>
              (await fetch(`${stack.urls.app}/api/health`).then((r) => r.json())).details.stream.activeStreams,
          )
          .toBe(0);
      }
      recordFinding(testInfo, {
        id: 'F8',
        topology: 'prod',
        outcome: 'mitigated',
        measured: { ...measured, spoofedHeadersRefused: 2 },
      });
    },
  );
});
