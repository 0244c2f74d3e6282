import { LoadGenerator } from './generator-client';
import { startServer, type ServerKind } from './server-process';
import { distribution, lossPct, round, type Distribution } from './stats';

export interface FanOutSettings {
  streams: number;
  eventsPerSecond: number;
  measureMs: number;
}

export interface FanOutResult extends FanOutSettings {
  server: ServerKind;
  connected: number;
  failed: number;
  rampPerSecond: number;
  latencyMs: Distribution;
  delivered: number;
  expected: number;
  /** Events absent from a stream between two it received (gaps in its sequence), over every stream. */
  missed: number;
  lossPct: number;
  rssPerStreamKB: number;
  cpuSecondsPer100kEvents: number;
  releaseMs: number;
}

const BASE_PORT = 3700;
/** Between the last connection and the measurement: the ramp's garbage is collected before, not during, the measured window. */
export const SETTLE_MS = 3000;

/** The result of `server` in the same scenario (streams and rate) as `result`, in the same run. */
export const sameScenario = (results: FanOutResult[], result: FanOutResult, server: ServerKind): FanOutResult | undefined =>
  results.find((other) => other.server === server && other.streams === result.streams && other.eventsPerSecond === result.eventsPerSecond);

/** One scenario: N streams on one server, one broadcast every 1/rate s, measured for a while. */
export async function runFanOut(server: ServerKind, settings: FanOutSettings, index: number): Promise<FanOutResult> {
  const tickMs = Math.round(1000 / settings.eventsPerSecond);
  const sut = await startServer(server, BASE_PORT + index, { TICK_MS: String(tickMs), HEARTBEAT_MS: '30000', REPLAY_SIZE: '100' });
  const generator = LoadGenerator.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idleRss = sut.rssBytes();
    const opened = await generator.openStreams(`${sut.url}/api/stream`, settings.streams);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuBefore = sut.cpuSeconds();
    const measured = await generator.measure(settings.measureMs);
    const cpuUsed = sut.cpuSeconds() - cpuBefore;
    const loadedRss = sut.rssBytes();

    const dropAt = Date.now();
    await generator.request({ type: 'drop' }, 'dropped', 30_000);
    const deadline = Date.now() + 30_000;
    while ((await sut.activeStreams()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const releaseMs = Date.now() - dropAt;

    const expected = opened.connected * settings.eventsPerSecond * (settings.measureMs / 1000);
    return {
      ...settings,
      server,
      connected: opened.connected,
      failed: opened.failed,
      rampPerSecond: round(opened.connected / (opened.rampMs / 1000), 0),
      latencyMs: distribution(measured.latenciesMs),
      delivered: measured.events,
      expected: Math.round(expected),
      missed: measured.missed,
      lossPct: round(lossPct(measured.events, measured.missed), 2),
      rssPerStreamKB: round((loadedRss - idleRss) / Math.max(1, opened.connected) / 1024, 1),
      cpuSecondsPer100kEvents: round(measured.events > 0 ? (cpuUsed / measured.events) * 100_000 : NaN, 2),
      releaseMs,
    };
  } finally {
    generator.stop();
    await sut.stop();
  }
}
