import type { Engine, Tab } from './engines';
import { ENGINE_BEHAVIOUR, READY_STATE } from './engines/expected-behaviour';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { CLIENT, DEV_COMPOSE_FILE, DEV_COMPOSE_PROJECT, devStackEnv, LAB, REPO_ROOT, urls } from './lab-settings';
import { withPages } from './support/contexts';
import { expects, recordFinding, type Topology } from './support/findings';
import { holdsFor } from './support/holds-for';
import { openDashboard, snapshot } from './support/lab-page';

const run = promisify(execFile);
const devCompose = (env: Record<string, string>, ...args: string[]) =>
  run('docker', ['compose', '-p', DEV_COMPOSE_PROJECT, '-f', DEV_COMPOSE_FILE, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });

/** Outage of the killed backend: at least three reconnection intervals. */
const OUTAGE_MS = 3 * LAB.RETRY_MS + 500;
/** After the backend is back, a browser that retries would have reconnected within this window. */
const WATCH_MS = 3 * LAB.RETRY_MS + 2 * LAB.TICK_MS;

type Variant = 'off' | 'abort' | 'full';
const TOPOLOGY: Record<Variant, Topology> = {
  off: 'dev (Vite)',
  abort: 'dev (Vite, fix abort)',
  full: 'dev (Vite, fix full)',
};

/** SIGKILLs the dev backend under open streams, keeps it down for the outage, starts it again. */
async function killAndRestartBackend(env: Record<string, string>): Promise<void> {
  await devCompose(env, 'kill', 'backend');
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  await devCompose(env, 'up', '-d', '--no-deps', '--no-recreate', '--wait', 'backend');
}

/** Counts the tab's requests for the stream; undefined where the driver reports no requests. */
function countStreamRequests(engine: Engine, page: Tab): () => number | undefined {
  if (engine.lacks('request-events')) return () => undefined;
  let count = 0;
  page.onRequest((url) => {
    if (url.includes('/api/stream')) count++;
  });
  return () => count;
}

test.describe('F3 Vite dev proxy and a backend restart', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const variant of ['off', 'abort', 'full'] as const) {
    test(
      `F3 @f3: VITE_PROXY_FIX=${variant}: native EventSource ${variant === 'off' ? 'stays OPEN and silent' : variant === 'abort' ? 'ends CLOSED' : 'reconnects by itself'}; the lab client recovers`,
      {
        annotation: [
          expects('F3', TOPOLOGY[variant], variant === 'full' ? 'mitigated' : 'reproduced'),
          expects('F3', TOPOLOGY[variant], 'mitigated'),
        ],
      },
      async ({ engine, engineName, timeline }, testInfo) => {
        const env = devStackEnv(variant);
        await test.step(`Vite with VITE_PROXY_FIX=${variant}`, () =>
          devCompose(env, 'up', '-d', '--no-deps', '--wait', 'vite'));
        const viteUrl = urls().vite;
        await withPages(engine, 2, async ([nativePage, labPage]) => {
          await openDashboard(nativePage, viteUrl, 'native');
          await openDashboard(labPage, viteUrl, 'lab');
          timeline.track(nativePage, 'native');
          timeline.track(labPage, 'lab');
          const streamRequests = countStreamRequests(engine, nativePage);
          const bootBefore = (await snapshot(labPage)).bootId;
          const nativeBefore = await snapshot(nativePage);

          await test.step('kill the backend (SIGKILL), then start it again', () => killAndRestartBackend(env));
          const backAt = Date.now();
          const native = await snapshot(nativePage);
          const requestsAtBack = streamRequests();

          if (variant === 'off') {
            // Never a message again, never a new request: OPEN and silent, or (Firefox at times) CLOSED for good.
            const deadStates: (number | null)[] = ENGINE_BEHAVIOUR[engineName].viteDeadStream.map(
              (state) => READY_STATE[state],
            );
            const held = await holdsFor(
              () => snapshot(nativePage),
              (s) =>
                deadStates.includes(s.readyState) &&
                s.counters.events === native.counters.events &&
                (requestsAtBack === undefined || streamRequests() === requestsAtBack),
              WATCH_MS,
              `native EventSource ${ENGINE_BEHAVIOUR[engineName].viteDeadStream.join(' or ')}, no message, no new request`,
            );
            recordFinding(testInfo, {
              id: 'F3',
              topology: TOPOLOGY[variant],
              outcome: 'reproduced',
              measured: {
                nativeReadyState: held.readyState ?? 'none',
                silentAfterRestartMs: Date.now() - backAt,
                newRequests: requestsAtBack === undefined ? `not observable: ${engine.lacks('request-events')}` : 0,
              },
            });
          } else if (variant === 'abort') {
            await expect
              .poll(async () => (await snapshot(nativePage)).readyState, {
                message: 'native CLOSED after the 502',
                timeout: WATCH_MS + 5000,
              })
              .toBe(2);
            recordFinding(testInfo, {
              id: 'F3',
              topology: TOPOLOGY[variant],
              outcome: 'reproduced',
              measured: {
                nativeReadyState: 2,
                streamRequests: streamRequests() ?? `not observable: ${engine.lacks('request-events')}`,
              },
            });
          } else {
            await expect
              .poll(
                async () => {
                  const s = await snapshot(nativePage);
                  return (
                    s.readyState === 1 &&
                    s.bootId !== nativeBefore.bootId &&
                    s.counters.events > nativeBefore.counters.events
                  );
                },
                { message: 'native reconnection restored', timeout: WATCH_MS + 10_000 },
              )
              .toBe(true);
            recordFinding(testInfo, {
              id: 'F3',
              topology: TOPOLOGY[variant],
              outcome: 'mitigated',
              measured: { nativeReconnectedAfterBackMs: Date.now() - backAt },
            });
          }

          await expect
            .poll(
              async () => {
                const s = await snapshot(labPage);
                return (
                  s.state === 'open' &&
                  s.bootId !== bootBefore &&
                  s.receivedIds.some((id) => id.startsWith(`${s.bootId}-`))
                );
              },
              {
                message: 'lab client recovered on the new boot',
                timeout: CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS + CLIENT.maxBackoffMs + 10_000,
              },
            )
            .toBe(true);
          await timeline.capture();
          recordFinding(testInfo, {
            id: 'F3',
            topology: TOPOLOGY[variant],
            outcome: 'mitigated',
            measured: { labClientRecoveredAfterBackMs: Date.now() - backAt },
          });
        });
      },
    );
  }
});
