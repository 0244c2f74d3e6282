import type { TestInfo } from '@playwright/test';
import type { Tab } from '../engines';
import { parseEventId } from '@sse-lab/contract';
import { tryReadSnapshot, type StreamSnapshot } from './lab-page';

export const TIMELINE_ANNOTATION = 'timeline';
export const FAULT_WINDOW_ANNOTATION = 'fault-window';

/** A catalogue fault applied during a test, from `from` until `to` (open when the test ended with it). */
export interface FaultWindow {
  name: string;
  target: string;
  params: Record<string, number>;
  from: number;
  to?: number;
}

export interface LaneMarker {
  at: number;
  kind: 'reset' | 'gap';
  detail: string;
}

/** One client (a tab) over the test: its states, the events it received, its resets and gaps. */
export interface ClientLane {
  label: string;
  mode: StreamSnapshot['mode'];
  role: StreamSnapshot['role'];
  /** The state when the test started recording, then every change. */
  initialState: StreamSnapshot['state'];
  transitions: { at: number; to: StreamSnapshot['state']; reason: string }[];
  events: number[];
  markers: LaneMarker[];
}

export interface TimelineRecord {
  startedAt: number;
  endedAt: number;
  clients: ClientLane[];
  faults: FaultWindow[];
}

const MAX_TICKS = 2000;

/** What a timeline needs from a client snapshot, clipped to the recording window. */
export function laneOf(label: string, snapshot: StreamSnapshot, startedAt: number, endedAt: number): ClientLane {
  const inWindow = (at: number) => at >= startedAt && at <= endedAt;
  const before = snapshot.transitions.filter((t) => t.at < startedAt).at(-1);
  const first = snapshot.transitions.find((t) => inWindow(t.at));
  const initialState = before?.to ?? first?.from ?? snapshot.state;
  const markers: LaneMarker[] = [];
  for (let i = 1; i < snapshot.receivedIds.length; i++) {
    const at = snapshot.receivedAt[i];
    if (!inWindow(at)) continue;
    const previous = parseEventId(snapshot.receivedIds[i - 1]);
    const current = parseEventId(snapshot.receivedIds[i]);
    if (!previous || !current) continue;
    if (previous.bootId !== current.bootId)
      markers.push({ at, kind: 'reset', detail: `boot ${previous.bootId} → ${current.bootId}` });
    else if (current.seq > previous.seq + 1)
      markers.push({ at, kind: 'gap', detail: `${current.seq - previous.seq - 1} missing after ${previous.seq}` });
  }
  const events = snapshot.receivedAt.filter(inWindow);
  return {
    label,
    mode: snapshot.mode,
    role: snapshot.role,
    initialState,
    transitions: snapshot.transitions.filter((t) => inWindow(t.at)).map(({ at, to, reason }) => ({ at, to, reason })),
    events:
      events.length > MAX_TICKS ? events.filter((_, i) => i % Math.ceil(events.length / MAX_TICKS) === 0) : events,
    markers,
  };
}

/**
 * The `timeline` fixture: tests name the tabs to draw (`timeline.track(page, 'lab')`); their
 * `window.__sseLab` is read about every second and once more at the end, so a tab closed or
 * crashed during the test keeps what it showed last. Faults come from the `fault` fixture.
 *
 * One read of the tabs at a time, and the next one a second after it ended, or as long after as
 * it took: an engine whose driver reads one window at a time (WebKit over WebDriver switches to
 * each tab first) spends seconds on eight tabs, and reads queued every second behind it starved
 * the test's own reads and the teardown.
 */
export class TimelineRecorder {
  private readonly tracked = new Map<string, { page: Tab; last: StreamSnapshot | null }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private inFlight: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  readonly startedAt = Date.now();
  /** How many reads of the tabs ran. */
  reads = 0;

  constructor(private readonly minGapMs = 1000) {
    this.schedule(minGapMs);
  }

  track(page: Tab, label: string): void {
    this.tracked.set(label, { page, last: null });
    void this.poll();
  }

  /** Reads every tracked tab now (call before closing tabs whose last moments matter). */
  async capture(): Promise<void> {
    await this.poll();
  }

  /** Records the lanes for the report; a failed test also gets them as text, timed to line up with the stack's logs. */
  async finish(testInfo: TestInfo): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.poll();
    const endedAt = Date.now();
    const clients = [...this.tracked].flatMap(([label, { last }]) =>
      last ? [laneOf(label, last, this.startedAt, endedAt)] : [],
    );
    if (clients.length === 0) return;
    const record: Omit<TimelineRecord, 'faults'> = { startedAt: this.startedAt, endedAt, clients };
    testInfo.annotations.push({ type: TIMELINE_ANNOTATION, description: JSON.stringify(record) });
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('client transitions', { body: describeLanes(record), contentType: 'text/plain' });
    }
  }

  /** A read that starts now, or right after the one under way: every call in between shares it. */
  private poll(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.readAll().finally(() => (this.inFlight = undefined));
      return this.inFlight;
    }
    this.next ??= this.inFlight.then(() => {
      this.next = undefined;
      return this.poll();
    });
    return this.next;
  }

  private async readAll(): Promise<void> {
    this.reads++;
    await Promise.all(
      [...this.tracked.values()].map(async (entry) => {
        const snapshot = await tryReadSnapshot(entry.page);
        if (snapshot) entry.last = snapshot;
      }),
    );
  }

  private schedule(gapMs: number): void {
    this.timer = setTimeout(async () => {
      const started = Date.now();
      await this.poll();
      if (!this.stopped) this.schedule(Math.max(this.minGapMs, Date.now() - started));
    }, gapMs);
  }
}

const stamp = (at: number, since: number) => `${new Date(at).toISOString()} (+${((at - since) / 1000).toFixed(3)} s)`;

/** Each client's states, resets and gaps in time order, with wall-clock times (the stack's logs use the same clock). */
export function describeLanes({ startedAt, endedAt, clients }: Omit<TimelineRecord, 'faults'>): string {
  const lines = [`recorded ${stamp(startedAt, startedAt)} to ${stamp(endedAt, startedAt)}`];
  for (const lane of clients) {
    lines.push(
      '',
      `${lane.label} (${lane.mode}, ${lane.role}): ${lane.initialState} at the start, ${lane.events.length} events in the window${lane.events.length ? `, the last at ${stamp(lane.events.at(-1)!, startedAt)}` : ''}`,
    );
    const entries = [
      ...lane.transitions.map((t) => ({ at: t.at, text: `-> ${t.to} (${t.reason})` })),
      ...lane.markers.map((m) => ({ at: m.at, text: `${m.kind}: ${m.detail}` })),
    ].sort((a, b) => a.at - b.at);
    for (const entry of entries) lines.push(`  ${stamp(entry.at, startedAt)} ${entry.text}`);
  }
  return `${lines.join('\n')}\n`;
}
