import { LoadGenerator } from './generator-client';
import { startServer, type ServerKind } from './server-process';
import { deliveryFigures, type DeliveryFigures } from './delivery-figures';
import { round } from './stats';

export interface FanOutSettings {
  streams: number;
  eventsPerSecond: number;
  measureMs: number;
}

export interface FanOutResult extends FanOutSettings, DeliveryFigures {
  server: ServerKind;
  /** The heap after a full GC with the streams open, less the idle one, per stream. */
  heapPerStreamKB: number;
  rampPerSecond: number;
  releaseMs: number;
}

const BASE_PORT = 3700;
/** Between the last connection and the measurement: the ramp's garbage is collected before, not during, the measured window. */
export const SETTLE_MS = 3000;

/** The result of `server` in the same scenario (streams and rate) as `result`, in the same run. */
export const sameScenario = (
  results: FanOutResult[],
  result: FanOutResult,
  server: ServerKind,
): FanOutResult | undefined =>
  results.find(
    (other) =>
      other.server === server && other.streams === result.streams && other.eventsPerSecond === result.eventsPerSecond,
  );

/** One scenario: N streams on one server, one broadcast every 1/rate s, measured for a while. */
export async function runFanOut(server: ServerKind, settings: FanOutSettings, index: number): Promise<FanOutResult> {
  const tickMs = Math.round(1000 / settings.eventsPerSecond);
  const sut = await startServer(server, BASE_PORT + index, {
    TICK_MS: String(tickMs),
    HEARTBEAT_MS: '30000',
    REPLAY_SIZE: '100',
  });
  const generator = LoadGenerator.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idleRss = sut.rssBytes();
    const idleHeap = await sut.heapUsedBytes();
    const opened = await generator.openStreams(`${sut.url}/api/stream`, settings.streams);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuBefore = sut.cpuSeconds();
    const measured = await generator.measure(settings.measureMs);
    const cpuUsed = sut.cpuSeconds() - cpuBefore;
    const loadedRss = sut.rssBytes();
    // After the window, so that the full collection does not pause a measured delivery.
    const loadedHeap = await sut.heapUsedBytes();

    const dropAt = Date.now();
    await generator.request({ type: 'drop' }, 'dropped', 30_000);
    const deadline = Date.now() + 30_000;
    while ((await sut.activeStreams()) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const releaseMs = Date.now() - dropAt;

    return {
      ...settings,
      server,
      ...deliveryFigures({
        ...settings,
        ...opened,
        ...measured,
        cpuSeconds: cpuUsed,
        idleRssBytes: idleRss,
        loadedRssBytes: loadedRss,
      }),
      heapPerStreamKB: round((loadedHeap - idleHeap) / Math.max(1, opened.connected) / 1024, 1),
      rampPerSecond: round(opened.connected / (opened.rampMs / 1000), 0),
      releaseMs,
    };
  } finally {
    generator.stop();
    await sut.stop();
  }
}
