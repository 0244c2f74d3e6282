import { EventSource } from 'eventsource';
import { startToxiproxy } from '@sse-lab/test-support';
import { createEventStream, type EventSourceConstructor, type EventStream } from '@sse-lab/client';
import { startServer, type ServerUnderTest } from './server-process';
import { distribution, round, type Distribution } from './stats';

export const RECOVERY_SETTINGS = {
  heartbeatMs: 1000,
  retryMs: 500,
  tickMs: 100,
  staleAfterHeartbeats: 2.5,
  initialBackoffMs: 250,
  maxBackoffMs: 4000,
};
export type RecoveryFault = 'silence' | 'reset' | 'down' | 'backend restart';

export interface RecoveryResult {
  fault: RecoveryFault;
  trials: number;
  detectMs: Distribution;
  firstEventMs: Distribution;
  detectBoundMs: number;
  firstEventBoundMs: number;
}

const APP_PORT = 3790;
const S = RECOVERY_SETTINGS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`recovery: ${what} not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return Date.now();
}

/**
 * M trials per fault, with the lab's own client (Node, spec-compliant EventSource) behind the
 * real Toxiproxy (the native binary, on a free loopback port): time to detect the fault, and time
 * to the first event after it clears.
 */
export async function runRecovery(trials: number, log: (line: string) => void): Promise<RecoveryResult[]> {
  const appEnv = { HEARTBEAT_MS: String(S.heartbeatMs), RETRY_MS: String(S.retryMs), TICK_MS: String(S.tickMs) };
  let app: ServerUnderTest = await startServer('nestjs', APP_PORT, appEnv);
  const toxiproxy = await startToxiproxy();
  const admin = toxiproxy.admin;
  const edge = await admin.createProxy({ name: 'edge', listen: '127.0.0.1:0', upstream: `127.0.0.1:${APP_PORT}` });
  const results: RecoveryResult[] = [];
  try {
    for (const fault of ['silence', 'reset', 'down', 'backend restart'] as const) {
      const detect: number[] = [];
      const firstEvent: number[] = [];
      for (let trial = 0; trial < trials; trial++) {
        let lastEventAt = 0;
        const stream: EventStream = createEventStream(`http://${edge.listen}/api/stream`, {
          ...S,
          EventSource: EventSource as unknown as EventSourceConstructor,
          environment: {},
          onMessage: () => (lastEventAt = Date.now()),
        });
        try {
          await until(() => stream.state === 'open' && lastEventAt > 0, 10_000, 'first open');
          await sleep(S.tickMs * 3);
          const faultAt = Date.now();
          const clear = await inject(fault);
          const detectedAt = await until(
            () => stream.state !== 'open',
            4 * S.staleAfterHeartbeats * S.heartbeatMs,
            `${fault} detected`,
          );
          await clear();
          const clearedAt = Date.now();
          await until(() => lastEventAt > clearedAt, 30_000, `first event after ${fault}`);
          detect.push(detectedAt - faultAt);
          firstEvent.push(lastEventAt - clearedAt);
        } finally {
          stream.close();
          await admin.reset();
        }
      }
      const step = (attempt: number) => Math.min(S.maxBackoffMs, S.initialBackoffMs * 2 ** attempt);
      results.push({
        fault,
        trials,
        detectMs: distribution(detect),
        firstEventMs: distribution(firstEvent),
        detectBoundMs: round(S.staleAfterHeartbeats * S.heartbeatMs * 1.1, 0),
        firstEventBoundMs: step(1) + S.retryMs + 250,
      });
      log(
        `  recovery ${fault}: detect p50 ${distribution(detect).p50} ms, first event p50 ${distribution(firstEvent).p50} ms`,
      );
    }
  } finally {
    await toxiproxy.stop();
    await app.stop();
  }
  return results;

  /** Applies a fault; returns the function that clears it. */
  async function inject(fault: RecoveryFault): Promise<() => Promise<void>> {
    if (fault === 'silence' || fault === 'reset') {
      const toxic = await admin.addToxic('edge', {
        type: fault === 'silence' ? 'timeout' : 'reset_peer',
        stream: 'downstream',
        attributes: { timeout: 0 },
      });
      return () => admin.removeToxic('edge', toxic.name);
    }
    if (fault === 'down') {
      await admin.setEnabled('edge', false);
      return async () => void (await admin.setEnabled('edge', true));
    }
    await app.stop();
    return async () => {
      app = await startServer('nestjs', APP_PORT, appEnv);
    };
  }
}
