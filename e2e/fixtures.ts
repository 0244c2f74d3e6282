import { expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isUnresponsive, ToxiproxyAdmin } from '@sse-lab/test-support';
import { test as engineTest } from './engine-fixtures';
import { applyBackendFault, type ComposeTarget } from './chaos/compose-faults';
import { applyReplicaFault, type ReplicaStep } from './chaos/replica-faults';
import type { Fault, Target } from './chaos/fault';
import { resolveFault, type FaultRequest } from './chaos/resolve';
import { applyToxiproxyFault, removeToxiproxyFault } from './chaos/toxiproxy-faults';
import {
  describeRecovery,
  resetOrRestart,
  restartToxiproxy,
  toxiproxyLog,
  type Recovery,
} from './chaos/toxiproxy-recovery';
import {
  COMPOSE_FILES,
  COMPOSE_PROJECT,
  DEV_COMPOSE_FILE,
  DEV_COMPOSE_PROJECT,
  EVENT_LOGS,
  type EventLogKind,
  REPO_ROOT,
  SCALE_COMPOSE_FILE,
  scaleProject,
  urls,
} from './lab-settings';
import { demoApp, type DemoApp } from './apps/demo-app';
import type { AppSettings } from './support/app-settings';
import { attachScaleStack, type ScaleStack } from './support/scale-stack';
import type { Stack } from './support/stack';
import type { Metrics } from './support/metrics';
import { useTransport } from './support/stream-transport';
import { DEFAULT_TRANSPORT, type StreamTransport } from './support/transports';
import { FAULT_WINDOW_ANNOTATION, TimelineRecorder, type FaultWindow } from './support/timeline';

const run = promisify(execFile);

export type { Stack } from './support/stack';

export interface FaultControl {
  /** Applies a catalogue fault (on the production stack's Toxiproxy unless `on` says another); removed again after the test, even when it fails. */
  apply(
    fault: Fault,
    target?: Target | 'edge-direct' | 'edge-naive',
    params?: Record<string, number>,
    on?: ToxiproxyAdmin,
  ): Promise<FaultRequest>;
  remove(request: FaultRequest): Promise<void>;
  /** restart-backend / pause-backend, through docker compose. */
  backend(fault: Fault, params?: Record<string, number>): Promise<void>;
  /** rolling-deploy / kill-replica on a scaled stack; each replica's window goes on the timelines. */
  replicas(stack: ScaleStack, fault: Fault, params?: Record<string, number>): Promise<ReplicaStep[]>;
}

type WorkerFixtures = {
  stack: Stack;
  streamTransport: StreamTransport;
  stackOnTransport: void;
};
type TestFixtures = {
  /** The app under test on the stack: the demo, the white-box app (apps/app-under-test.ts). */
  app: DemoApp;
  /** The app's variables the test needs (`test.use({ appSettings: { TICK_MS: '1000' } })`); `{}`: the stack's own. */
  appSettings: AppSettings;
  appOnSettings: void;
  toxiproxy: ToxiproxyAdmin;
  /** The scaled stacks (two replicas behind nginx) on each event log, their Toxiproxies reset. */
  scaleStacks: Record<EventLogKind, ScaleStack>;
  fault: FaultControl;
  metrics: Metrics;
  stackLogs: void;
  timeline: TimelineRecorder;
};

/** The engine fixtures (engine-fixtures.ts), with the lab's stacks, faults and recorders. */
export const test = engineTest.extend<TestFixtures, WorkerFixtures>({
  // Set per project too: the backend's stream transport the specs run against.
  streamTransport: [DEFAULT_TRANSPORT, { scope: 'worker', option: true }],

  // A project on another transport puts every app of the stacks on it first, and back after.
  stackOnTransport: [
    async ({ stack, streamTransport }, use) => {
      if (streamTransport === DEFAULT_TRANSPORT) return use();
      await useTransport(stack, streamTransport);
      await use();
      await useTransport(stack, DEFAULT_TRANSPORT);
    },
    { scope: 'worker', auto: true, timeout: 240_000 },
  ],

  stack: [
    async ({}, use) => {
      const stackUrls = urls();
      const health = await fetch(`${stackUrls.edge}/api/health`).catch((error: Error) => error);
      if (health instanceof Error || !health.ok) {
        throw new Error(
          `No lab stack answers at ${stackUrls.edge}/api/health. Run "make e2e" (it starts one), or set LAB_BASE_URL to a running stack.`,
        );
      }
      const proxies = await new ToxiproxyAdmin(stackUrls.toxiproxy).proxies();
      for (const name of ['edge', 'upstream']) {
        if (!proxies[name])
          throw new Error(`Toxiproxy proxy "${name}" not found at ${stackUrls.toxiproxy}. Run "make up" first.`);
      }
      const files = COMPOSE_FILES.flatMap((file) => ['-f', file]);
      await use({
        urls: stackUrls,
        compose: {
          file: COMPOSE_FILES[0],
          service: 'app',
          cwd: REPO_ROOT,
          project: COMPOSE_PROJECT,
          extraFiles: COMPOSE_FILES.slice(1),
        },
        composeArgs: (...args) => ['compose', '-p', COMPOSE_PROJECT, ...files, ...args],
      });
    },
    { scope: 'worker' },
  ],

  appSettings: [{}, { option: true }],

  // The app runs with the test's settings before it starts; nothing is restored after, the next
  // test asks for its own, so that tests in a row with the same settings share one recreation.
  app: async ({ stack }, use) => {
    await use(demoApp(stack));
  },

  appOnSettings: [
    async ({ app, appSettings }, use, testInfo) => {
      const startedAt = Date.now();
      if (await app.runWith(appSettings))
        testInfo.annotations.push({
          type: 'app recreated',
          description: `${JSON.stringify(appSettings)} in ${Date.now() - startedAt} ms`,
        });
      await use();
    },
    { auto: true, timeout: 120_000 },
  ],

  // A Toxiproxy left unresponsive by an earlier run is restarted before the test, and said so.
  toxiproxy: async ({ stack }, use, testInfo) => {
    const admin = new ToxiproxyAdmin(stack.urls.toxiproxy);
    const recovery = await resetOrRestart(admin);
    if (recovery)
      testInfo.annotations.push({
        type: 'toxiproxy restarted before the test',
        description: describeRecovery(admin, recovery),
      });
    await use(admin);
  },

  scaleStacks: async ({}, use, testInfo) => {
    const attached = await Promise.all(EVENT_LOGS.map(attachScaleStack));
    for (const { recovery } of attached)
      if (recovery) testInfo.annotations.push({ type: 'toxiproxy restarted before the test', description: recovery });
    await use(Object.fromEntries(attached.map(({ stack }) => [stack.log, stack])) as Record<EventLogKind, ScaleStack>);
  },

  fault: async ({ toxiproxy, stack }, use, testInfo) => {
    const startedAt = new Date(Date.now() - 1000).toISOString();
    const applied: { request: FaultRequest; on: ToxiproxyAdmin }[] = [];
    // Every fault's window, for the report's timelines.
    const windows = new Map<FaultRequest, FaultWindow>();
    const opened = (request: FaultRequest) => {
      const window: FaultWindow = {
        name: request.fault.name,
        target: String(request.target ?? 'app'),
        params: { ...request.params },
        from: Date.now(),
      };
      windows.set(request, window);
      return window;
    };
    let paused = false;
    await use({
      apply: async (fault, target, params = {}, on = toxiproxy) => {
        const resolved = resolveFault(fault.name, undefined, params);
        const request = { ...resolved, target: target ?? resolved.target };
        await applyToxiproxyFault(on, request);
        opened(request);
        applied.push({ request, on });
        return request;
      },
      remove: async (request) => {
        await removeToxiproxyFault(applied.find((entry) => entry.request === request)?.on ?? toxiproxy, request);
        const window = windows.get(request);
        if (window) window.to = Date.now();
      },
      backend: async (fault, params = {}) => {
        const request = resolveFault(fault.name, undefined, params);
        paused = request.fault.kind === 'backend' && request.fault.action === 'pause';
        const window = opened(request);
        await applyBackendFault(stack.compose, request);
        window.to = Date.now();
        paused = false;
      },
      replicas: async (stack, fault, params = {}) => {
        const request = resolveFault(fault.name, undefined, params);
        const steps = await applyReplicaFault(stack.compose, request);
        for (const step of steps) {
          const window: FaultWindow = {
            name: request.fault.name,
            target: step.replica,
            params: { ...request.params },
            from: step.stoppedAt,
            to: step.healthyAt,
          };
          windows.set({ ...request, target: step.replica }, window);
        }
        return steps;
      },
    });
    const endedAt = Date.now();
    for (const window of windows.values()) {
      testInfo.annotations.push({
        type: FAULT_WINDOW_ANNOTATION,
        description: JSON.stringify({ ...window, to: window.to ?? endedAt }),
      });
    }
    const admins = new Map<string, ToxiproxyAdmin>([
      [toxiproxy.url, toxiproxy],
      ...applied.map(({ on }) => [on.url, on] as const),
    ]);
    // A failed test gets each Toxiproxy's proxies and toxics as the test left them, before they are undone.
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const admin of admins.values()) {
        const state = await admin.proxies().then(
          (proxies) => JSON.stringify(proxies, null, 2),
          (error: Error) => `could not read the proxies: ${error.message}`,
        );
        await testInfo.attach(`toxiproxy state at the end (${admin.url})`, {
          body: state,
          contentType: 'application/json',
        });
      }
    }
    // Undo every fault. A Toxiproxy that no longer answers (Shopify/toxiproxy#558) is restarted,
    // so that the tests after this one run on a working one, and this test fails with its log.
    const unresponsive = new Map<string, string>();
    for (const { request, on } of applied.reverse()) {
      if (unresponsive.has(on.url)) continue;
      await removeToxiproxyFault(on, request).catch(
        (error: Error) => isUnresponsive(error) && unresponsive.set(on.url, error.message),
      );
    }
    if (paused) await run('docker', stack.composeArgs('unpause', 'app'), { cwd: REPO_ROOT }).catch(() => undefined);
    const recoveries: { admin: ToxiproxyAdmin; recovery: Recovery }[] = [];
    for (const admin of admins.values()) {
      const reason = unresponsive.get(admin.url);
      const recovery = reason ? await restartToxiproxy(admin, reason) : await resetOrRestart(admin);
      if (recovery) recoveries.push({ admin, recovery });
    }
    if (recoveries.length === 0) return;
    for (const { admin, recovery } of recoveries) {
      const path = testInfo.outputPath(`toxiproxy-${recovery.container}.log`);
      await writeFile(path, await toxiproxyLog(admin, startedAt));
      testInfo.attachments.push({ name: `toxiproxy log (${recovery.container})`, path, contentType: 'text/plain' });
    }
    throw new Error(
      `Toxiproxy stopped answering during this test. ${recoveries.map(({ admin, recovery }) => describeRecovery(admin, recovery)).join('. ')}. Its log is attached.`,
    );
  },

  timeline: async ({}, use, testInfo) => {
    const recorder = new TimelineRecorder();
    await use(recorder);
    await recorder.finish(testInfo);
  },

  metrics: async ({ app }, use) => {
    await use(app.metrics);
  },

  stackLogs: [
    async ({ stack }, use, testInfo) => {
      const since = new Date(Date.now() - 1000).toISOString();
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const logsOf = (args: string[]) =>
        run('docker', [...args, 'logs', '--no-color', '--timestamps', '--since', since], {
          cwd: REPO_ROOT,
          maxBuffer: 32 * 1024 * 1024,
        }).then(
          ({ stdout }) => stdout,
          (error: Error) => `could not read the logs: ${error.message}`,
        );
      const prod = await logsOf(stack.composeArgs('--profile', 'nginx'));
      const dev = await logsOf(['compose', '-p', DEV_COMPOSE_PROJECT, '-f', DEV_COMPOSE_FILE]);
      const scaled = await Promise.all(
        EVENT_LOGS.map(
          async (log) =>
            `# ${scaleProject(log)}\n${await logsOf(['compose', '-p', scaleProject(log), '-f', SCALE_COMPOSE_FILE])}`,
        ),
      );
      const path = testInfo.outputPath('stack.log');
      await writeFile(path, `# ${COMPOSE_PROJECT}\n${prod}\n# ${DEV_COMPOSE_PROJECT}\n${dev}\n${scaled.join('\n')}`);
      testInfo.attachments.push({ name: 'stack logs', path, contentType: 'text/plain' });
    },
    { auto: true },
  ],
});

export { expect };
