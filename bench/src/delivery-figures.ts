import { distribution, lossPct, round, type Distribution } from './stats';

/** What one measured window of a fan-out gave, before it is turned into figures. */
export interface MeasuredWindow {
  connected: number;
  failed: number;
  eventsPerSecond: number;
  measureMs: number;
  /** Events the clients received in the window, and those missing from their sequences. */
  events: number;
  missed: number;
  latenciesMs: number[];
  /** CPU seconds of the server processes over the window. */
  cpuSeconds: number;
  /** Resident memory of the server processes before the streams opened, and with them open. */
  idleRssBytes: number;
  loadedRssBytes: number;
}

/** The figures every fan-out scenario reports, whether on one server or summed over replicas. */
export interface DeliveryFigures {
  connected: number;
  failed: number;
  latencyMs: Distribution;
  delivered: number;
  expected: number;
  /** Events absent from a stream between two it received (gaps in its sequence), over every stream. */
  missed: number;
  lossPct: number;
  rssPerStreamKB: number;
  cpuSecondsPer100kEvents: number;
}

/** CPU seconds per 100 000 delivered events (NaN when none were delivered). */
export const per100kEvents = (cpuSeconds: number, events: number): number =>
  round(events > 0 ? (cpuSeconds / events) * 100_000 : NaN, 2);

export function deliveryFigures(window: MeasuredWindow): DeliveryFigures {
  return {
    connected: window.connected,
    failed: window.failed,
    latencyMs: distribution(window.latenciesMs),
    delivered: window.events,
    expected: Math.round(window.connected * window.eventsPerSecond * (window.measureMs / 1000)),
    missed: window.missed,
    lossPct: round(lossPct(window.events, window.missed), 2),
    rssPerStreamKB: round((window.loadedRssBytes - window.idleRssBytes) / Math.max(1, window.connected) / 1024, 1),
    cpuSecondsPer100kEvents: per100kEvents(window.cpuSeconds, window.events),
  };
}
