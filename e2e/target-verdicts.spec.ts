import { ToxiproxyAdmin } from '@sse-lab/test-support';
import type { TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './engine-fixtures';
import { TARGET_PORTS } from './lab-settings';
import type { ProjectSettings } from './support/project-settings';
import { targetApp, targetLacks } from './apps/target-app';
import type { AppUnderTest } from './apps/app-under-test';
import { observeDelivery } from './target/experiments/delivery';
import { observeOtherInstance } from './target/experiments/other-instance';
import { observeRollingDeploy } from './target/experiments/rolling-deploy';
import { observedPageOrVerdict } from './target/experiments/observed-page';
import {
  observeBackoff,
  observeColdStart,
  observeManyTabs,
  observeProxy5xx,
  observeReconnect,
  observeSilence,
} from './target/experiments/page-faults';
import { observePerIpLimit } from './target/experiments/per-ip-limit';
import { observeServerSockets } from './target/experiments/server-sockets';
import { startInjectProxy, type InjectProxy } from './target/inject-proxy';
import { appInstances, instanceStreams, rollingRestart } from './target/instances';
import { OBSERVER_SCRIPT } from './target/observer-script';
import { loadTarget } from './target/target-file';
import { compose, describeTargetStack, portsOfSlot, targetStateDir, type TargetStack } from './target/target-stack';
import { startTarget, stopTarget } from './target/target-lifecycle';
import { describeTarget, targetFilesUnderTest } from './target/targets-under-test';
import { expectationsFor, verdictProblem } from './target/verdict-expectations';
import { judgeServerLeak } from './target/verdicts/f2-server-leak';
import { judgeSilence } from './target/verdicts/f1-silence';
import { judgeProxy5xx } from './target/verdicts/f10-proxy-5xx';
import { judgeOtherInstance } from './target/verdicts/f12-other-instance';
import { judgeRollingDeploy } from './target/verdicts/f13-rolling-deploy';
import { judgeManyTabs } from './target/verdicts/f11-many-tabs';
import { judgeRetry } from './target/verdicts/f5-retry';
import { judgeBuffering } from './target/verdicts/f4-buffering';
import { judgeHeartbeat } from './target/verdicts/f6-heartbeat';
import { judgeBackoff } from './target/verdicts/f7-backoff';
import { judgePerIpLimit } from './target/verdicts/f8-per-ip-limit';
import { judgeColdStart } from './target/verdicts/f9-cold-start';
import { notApplicable } from './target/verdicts/not-applicable';
import { expectsVerdict, recordVerdict, type TargetDescription } from './target/verdicts/record';
import type { Verdict } from './target/verdicts/verdict';
import type { WireFacts } from './target/wire-facts';
import { probeWire } from './target/wire-probe';

/** F1: a silence is held this long when the wire shows no heartbeat to derive it from. */
const SILENCE_WITHOUT_HEARTBEAT_MS = 20_000;
/** F7: how long the app stays unreachable: several of any engine's own retries (3–5 s). */
const OUTAGE_MS = 30_000;
/** A page has this long to have a message again once the network or the app is back. */
const RECOVERY_BOUND_MS = 45_000;
/** F11: one more tab than HTTP/1.1's 6 connections per origin. */
const MANY_TABS = 7;
/** F10: how long nginx may answer 502 before the page must have met it: past any engine's own retry (3–5 s). */
const PROXY_5XX_HOLD_MS = 30_000;
/** F9: how long the app sleeps, under the 30 s a platform's router gives a first byte (Heroku's, F15). */
const ASLEEP_MS = 20_000;
/** F4: messages the page must have through a buffering nginx, in 3 of the app's own intervals between them + 5 s. */
const DELIVERED = 2;
const deliveryWindowMs = (eventsPerMinute: number) =>
  Math.min(60_000, 5_000 + 3 * DELIVERED * Math.round(60_000 / Math.max(1, eventsPerMinute)));

for (const file of targetFilesUnderTest()) {
  const target = loadTarget(file);
  const expectations = expectationsFor(target);
  const name = target.name;

  test.describe(`verdicts on ${name}`, () => {
    let stack: TargetStack;
    /** The black-box app the verdicts observe (apps/target-app.ts). */
    let app: AppUnderTest;
    let described: TargetDescription;
    /** The page through the edge, through nginx tuned for SSE, and through nginx left at its defaults. */
    let inject: InjectProxy;
    let injectNginx: InjectProxy;
    let injectBuffering: InjectProxy;
    let admin: ToxiproxyAdmin;
    let wire: Promise<WireFacts & { watchedMs: number }> | undefined;
    const streamUrl = () => app.streamUrl;
    /** The wire, read once until its heartbeat is known, for every verdict that needs it (F1, F5, F6). */
    const wireFacts = () =>
      (wire ??= probeWire(streamUrl(), { watchMs: 65_000, untilHeartbeatKnown: true }).then(({ facts, first }) => ({
        ...facts,
        watchedMs: first.observedMs,
      })));

    test.beforeAll(async ({}, testInfo) => {
      test.setTimeout(600_000);
      // Each project (target × engine, targets.config.ts) runs on a stack of its own, beside the others.
      const { engineName = 'chromium', stackSlot = 0 } = testInfo.project.metadata as ProjectSettings;
      stack = describeTargetStack(target, {
        ports: portsOfSlot(TARGET_PORTS, stackSlot),
        project: `sse-target-${name}-${engineName}-test`,
        // Its proxies and environment files too: the engines' stacks of one target start at once.
        stateDir: join(targetStateDir(target), `${engineName}-test`),
      });
      await startTarget(stack, { progress: (line) => console.log(line) });
      app = targetApp(stack);
      described = await describeTarget(stack);
      inject = await startInjectProxy(stack.urls.edge, OBSERVER_SCRIPT);
      injectNginx = await startInjectProxy(stack.urls.nginx, OBSERVER_SCRIPT);
      injectBuffering = await startInjectProxy(stack.urls.bufferingNginx, OBSERVER_SCRIPT);
      admin = new ToxiproxyAdmin(stack.urls.toxiproxy);
    });

    test.afterAll(async () => {
      await Promise.all([inject, injectNginx, injectBuffering].map((proxy) => proxy?.close()));
      if (stack) await stopTarget(stack);
    });

    /** Records the verdict in the report, then holds it to the target's expectations. */
    const judged = (testInfo: TestInfo, verdict: Verdict) => {
      recordVerdict(testInfo, verdict, described);
      const { engineName } = testInfo.project.metadata as ProjectSettings;
      expect(verdictProblem(verdict, expectations, engineName)).toBeUndefined();
    };
    const pageUrl = (through = inject) => `${through.url}${target.page}`;

    test(
      `${name} @server @target: F6, the heartbeat on the wire`,
      { annotation: [expectsVerdict('F6', 'prod', name)] },
      async ({}, testInfo) => {
        test.setTimeout(95_000);
        const facts = await wireFacts();
        judged(testInfo, judgeHeartbeat(facts, facts.watchedMs));
      },
    );

    test(
      `${name} @server @target: F8, streams from one address and a forged X-Forwarded-For`,
      { annotation: [expectsVerdict('F8', 'prod', name)] },
      async ({}, testInfo) => {
        judged(testInfo, judgePerIpLimit({ ...(await observePerIpLimit(streamUrl())), instances: target.replicas }));
      },
    );

    test(
      `${name} @server @target: F2, the app's connections after clients close and after they reset`,
      { annotation: [expectsVerdict('F2', 'prod', name)] },
      async ({}, testInfo) => {
        // Every instance's: behind a load balancer the streams spread over them.
        const countConnections = await app.connectionCounter();
        const verdicts = [];
        for (const leave of ['close', 'reset'] as const) {
          const observed = await observeServerSockets({ streamUrl: streamUrl(), countConnections, leave });
          verdicts.push(judgeServerLeak(observed));
        }
        judged(testInfo, verdicts.find(({ outcome }) => outcome !== 'mitigated') ?? verdicts[0]!);
      },
    );

    test(`${name} @server @target: the stack publishes on 127.0.0.1 only`, async () => {
      const config = JSON.parse(await compose(stack, ['config', '--format', 'json'])) as {
        services: Record<string, { ports?: { host_ip?: string }[] }>;
      };
      const hosts = Object.values(config.services).flatMap(({ ports = [] }) => ports.map((port) => port.host_ip));
      expect(hosts.length, 'the stack publishes its ports').toBeGreaterThan(0);
      expect(new Set(hosts), 'every port on 127.0.0.1 only').toEqual(new Set(['127.0.0.1']));
    });

    test(`${name} @server @target: the findings it cannot show name what they need`, async ({}, testInfo) => {
      for (const verdict of notApplicable(app)) judged(testInfo, verdict);
    });

    const { replicas = 1 } = target;
    if (!targetLacks(target)('replicas')) {
      test(
        `${name} @server @target: F12, a reconnect from one instance's id that reaches another`,
        { annotation: [expectsVerdict('F12', 'prod', name)] },
        async ({}, testInfo) => {
          test.setTimeout(150_000);
          const [from, to] = await instanceStreams(stack);
          expect(to, `${replicas} instances, each on a port of its own`).toBeDefined();
          judged(testInfo, judgeOtherInstance(await observeOtherInstance(from!, to!)));
        },
      );

      test(
        `${name} @verdict: F13, a rolling deploy under an open page`,
        { annotation: [expectsVerdict('F13', 'prod', name)] },
        async ({ tab }, testInfo) => {
          test.setTimeout(replicas * 90_000 + RECOVERY_BOUND_MS + 90_000);
          const page = await observedPageOrVerdict(tab, pageUrl(), 'F13');
          if ('outcome' in page) return judged(testInfo, page);
          const observed = await observeRollingDeploy(page, streamUrl(), {
            deploy: () => rollingRestart(stack, (line) => console.log(line)),
            instanceStreams: () => instanceStreams(stack),
            boundMs: RECOVERY_BOUND_MS,
          });
          judged(testInfo, judgeRollingDeploy(observed));
        },
      );
    }

    test(
      `${name} @verdict: F5, the retry: on the wire and the page's reconnection`,
      { annotation: [expectsVerdict('F5', 'prod', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(150_000);
        const facts = await wireFacts();
        const page = await observedPageOrVerdict(tab, pageUrl(), 'F5');
        if ('outcome' in page) return judged(testInfo, page);
        judged(
          testInfo,
          judgeRetry({
            retryMs: facts.retryMs,
            retryRangeMs: facts.retryRangeMs,
            ...(await observeReconnect(page, admin)),
          }),
        );
      },
    );

    test(
      `${name} @verdict: F1, a stream that stays open and says nothing`,
      { annotation: [expectsVerdict('F1', 'prod', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(300_000);
        const facts = await wireFacts();
        // A watchdog fires after two or three missed heartbeats: hold the silence past three.
        const windowMs = facts.heartbeat.intervalMs
          ? 3 * facts.heartbeat.intervalMs + 5_000
          : SILENCE_WITHOUT_HEARTBEAT_MS;
        test.setTimeout(windowMs + RECOVERY_BOUND_MS + 60_000);
        const page = await observedPageOrVerdict(tab, pageUrl(), 'F1');
        if ('outcome' in page) return judged(testInfo, page);
        judged(testInfo, judgeSilence(await observeSilence(page, admin, { windowMs, boundMs: RECOVERY_BOUND_MS })));
      },
    );

    test(
      `${name} @verdict: F7, reconnections while the app cannot be reached`,
      { annotation: [expectsVerdict('F7', 'prod', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(OUTAGE_MS + RECOVERY_BOUND_MS + 60_000);
        const page = await observedPageOrVerdict(tab, pageUrl(), 'F7');
        if ('outcome' in page) return judged(testInfo, page);
        const observed = await observeBackoff(page, admin, { windowMs: OUTAGE_MS, boundMs: RECOVERY_BOUND_MS });
        judged(testInfo, judgeBackoff(observed));
      },
    );

    test(
      `${name} @verdict: F4, the page through nginx left at its defaults (buffering, gzip)`,
      { annotation: [expectsVerdict('F4', 'prod+buffering-nginx', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(150_000);
        const { eventsPerMinute, xAccelBuffering } = await wireFacts();
        const windowMs = deliveryWindowMs(eventsPerMinute);
        const observed = await observeDelivery(tab, pageUrl(injectBuffering), { windowMs, wanted: DELIVERED });
        judged(testInfo, judgeBuffering({ ...observed, eventsPerMinute, xAccelBuffering }));
      },
    );

    test(
      `${name} @verdict: F10, nginx answers 502 while the app cannot be reached`,
      { annotation: [expectsVerdict('F10', 'prod+nginx', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(PROXY_5XX_HOLD_MS + RECOVERY_BOUND_MS + 60_000);
        const page = await observedPageOrVerdict(tab, pageUrl(injectNginx), 'F10', 'prod+nginx');
        if ('outcome' in page) return judged(testInfo, page);
        const observed = await observeProxy5xx(page, admin, { holdMs: PROXY_5XX_HOLD_MS, boundMs: RECOVERY_BOUND_MS });
        judged(testInfo, judgeProxy5xx(observed));
      },
    );

    test(
      `${name} @verdict: F9, a reconnection that meets the app asleep`,
      { annotation: [expectsVerdict('F9', 'prod', name)] },
      async ({ tab }, testInfo) => {
        test.setTimeout(ASLEEP_MS + RECOVERY_BOUND_MS + 60_000);
        const page = await observedPageOrVerdict(tab, pageUrl(), 'F9');
        if ('outcome' in page) return judged(testInfo, page);
        // Every instance paused: the platform put the whole app to sleep.
        const containers = {
          sleep: async () => void (await compose(stack, ['pause', 'app'], 30_000)),
          wake: async () => void (await compose(stack, ['unpause', 'app'], 30_000)),
        };
        judged(
          testInfo,
          judgeColdStart(
            await observeColdStart(page, admin, containers, { asleepMs: ASLEEP_MS, boundMs: RECOVERY_BOUND_MS }),
          ),
        );
      },
    );

    test(
      `${name} @verdict: F11, ${MANY_TABS} tabs of one browser`,
      { annotation: [expectsVerdict('F11', 'prod', name)] },
      async ({ profile }, testInfo) => {
        const waitMs = 15_000;
        test.setTimeout(MANY_TABS * waitMs + 60_000);
        judged(testInfo, judgeManyTabs(await observeManyTabs(profile, pageUrl(), { count: MANY_TABS, waitMs })));
      },
    );
  });
}
