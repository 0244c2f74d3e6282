import { parseEventId, type Snapshot } from '@sse-lab/contract';
import { startRedis } from '@sse-lab/test-support';
import { LoadGenerator } from './generator-client';
import { startServer, type ServerKind, type ServerUnderTest } from './server-process';
import { distribution, type Distribution } from './stats';

export interface StormSettings {
  clients: number;
  /** Events the log moves on by while the clients are away: each has that many to replay. */
  missedEvents: number;
  tickMs: number;
}

export interface StormResult extends StormSettings {
  server: ServerKind;
  connected: number;
  /** From the kill to the new process answering its health check. */
  restartMs: number;
  resumed: number;
  refused: number;
  /** The refusals by what they were: the status answered, or the connection's error. */
  refusedBy: Record<string, number>;
  /** Per client, from its reconnect request to its first replayed event. */
  firstReplayedMs: Distribution;
  /** From the first reconnect request until the last client had every event it missed. */
  allLiveAfterMs: number;
  notLive: number;
  /** Events absent from a client's sequence across the reconnect, summed; and resets sent. */
  lostEvents: number;
  resets: number;
}

const PORT = 3960;
const RESUME_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The log's last sequence, from the app's snapshot. */
async function logPosition(url: string): Promise<number> {
  const { lastId } = (await (await fetch(`${url}/api/snapshot`)).json()) as Pick<Snapshot, 'lastId'>;
  const position = parseEventId(lastId);
  if (!position) throw new Error(`${url}/api/snapshot names no event id ("${lastId}")`);
  return position.seq;
}

/**
 * What a deploy puts on the app: `clients` streams open on one process with the Redis log, the
 * process killed and started again, the log moving `missedEvents` on, then every client back at
 * once with its Last-Event-ID. How long until every one has all it missed, how soon each gets its
 * first replayed event, what was refused, lost or reset.
 */
export async function runStorm(
  server: ServerKind,
  settings: StormSettings,
  index: number,
  log: (line: string) => void,
): Promise<StormResult> {
  const redis = await startRedis();
  const env = {
    TICK_MS: String(settings.tickMs),
    HEARTBEAT_MS: '30000',
    REPLAY_SIZE: String(Math.max(100, 2 * settings.missedEvents)),
    EVENT_LOG: 'redis',
    REDIS_URL: redis.url,
    EVENT_LOG_KEY: `storm-${index}`,
    INSTANCE_ID: 'app-1',
    // The process that comes back takes the producer's role once the killed one's lease lapses.
    PRODUCER_LEASE_MS: '1000',
  };
  const port = PORT + index;
  let sut: ServerUnderTest | undefined = await startServer(server, port, env);
  const generator = LoadGenerator.start();
  try {
    const opened = await generator.openStreams(`${sut.url}/api/stream`, settings.clients);
    await sleep(3 * settings.tickMs + 1000);
    const killedAt = Date.now();
    await sut.kill();
    sut = undefined;
    const deadline = Date.now() + 10_000;
    while ((await generator.positions()).open > 0 && Date.now() < deadline) await sleep(50);
    const before = await generator.positions();
    if (before.open > 0) throw new Error(`storm: ${before.open} streams still open 10 s after the server was killed`);
    sut = await startServer(server, port, env);
    const restartMs = Date.now() - killedAt;
    const untilSeq = before.maxSeq + settings.missedEvents;
    const positionDeadline = Date.now() + 30_000 + settings.missedEvents * settings.tickMs;
    while ((await logPosition(sut.url)) < untilSeq) {
      if (Date.now() > positionDeadline) throw new Error(`storm: the log did not reach ${untilSeq} after the restart`);
      await sleep(settings.tickMs);
    }
    log(
      `    ${opened.connected} clients away, the log ${settings.missedEvents} events on (from ${before.minSeq}..${before.maxSeq} to ${untilSeq}); all back at once …`,
    );
    const resumed = await generator.resume(`${sut.url}/api/stream`, untilSeq, RESUME_TIMEOUT_MS);
    return {
      ...settings,
      server,
      connected: opened.connected,
      restartMs,
      resumed: resumed.resumed,
      refused: resumed.refused,
      refusedBy: resumed.refusedBy,
      firstReplayedMs: distribution(resumed.firstEventMs),
      allLiveAfterMs: resumed.caughtUpAfterMs,
      notLive: opened.connected - resumed.caughtUp,
      lostEvents: resumed.missed,
      resets: resumed.resets,
    };
  } finally {
    generator.stop();
    await sut?.stop();
    await redis.close();
  }
}

const refusals = (by: Record<string, number> | undefined) => {
  const parts = Object.entries(by ?? {}).map(([what, count]) => `${count} ${what}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
};

export function stormRows(results: StormResult[]): string[] {
  return [
    '| server | clients | missed each | restart ms | resumed | refused | first replayed p50 / p99 / max ms | all live after ms | not live | lost events | resets |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.server} | ${r.connected} | ${r.missedEvents} | ${r.restartMs} | ${r.resumed} | ${r.refused}${refusals(r.refusedBy)} | ${r.firstReplayedMs.p50} / ${r.firstReplayedMs.p99} / ${r.firstReplayedMs.max} | ${r.allLiveAfterMs} | ${r.notLive} | ${r.lostEvents} | ${r.resets} |`,
    ),
  ];
}
