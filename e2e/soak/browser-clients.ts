import { launchEngine, type Engine, type EngineName, type Profile, type Tab } from '../engines';
import { dashboardUrl, tryReadSnapshot, type StreamSnapshot } from '../support/lab-page';
import { ClientHistory } from './client-history';
import { SOAK_CLIENT } from './soak-stack';

/** How often each tab's `window.__sseLab` is read: it keeps 5000 ids, far more than a poll misses. */
export const TAB_POLL_MS = 2000;

/** A dashboard tab; its history is followed from the snapshots the page exposes. */
export class BrowserClient {
  readonly history: ClientHistory;
  private lastEvent: { id: string; at: number } | null = null;
  private lastTransitionAt = 0;
  private resetsSeen = 0;
  /** Set when a read could not be lined up with the previous one: the history has a hole. */
  lostTrack: string | null = null;

  constructor(
    readonly tab: Tab,
    name: string,
    kind: ClientHistory['kind'],
  ) {
    this.history = new ClientHistory(name, kind, TAB_POLL_MS + tab.readTimeoutMs);
  }

  private reading: Promise<StreamSnapshot | null> = Promise.resolve(null);

  /** Reads the page once and appends what happened since the previous read; reads never overlap, so none is applied out of order. */
  poll(): Promise<StreamSnapshot | null> {
    this.reading = this.reading.then(async () => {
      const snapshot = await tryReadSnapshot(this.tab);
      if (snapshot) this.follow(snapshot, Date.now());
      return snapshot;
    });
    return this.reading;
  }

  follow(snapshot: StreamSnapshot, readAt: number): void {
    for (const transition of snapshot.transitions) {
      if (transition.at < this.lastTransitionAt) continue;
      if (transition.at === this.lastTransitionAt && this.history.state === transition.to) continue;
      this.history.moveTo(transition.to, transition.at, transition.reason);
      this.lastTransitionAt = transition.at;
    }
    this.history.moveTo(snapshot.state, this.history.states.at(-1)?.at ?? readAt);
    const { receivedIds: ids, receivedAt: times } = snapshot;
    let start = 0;
    if (this.lastEvent) {
      const last = this.lastEvent;
      const index = ids.findIndex((id, i) => id === last.id && times[i] === last.at);
      if (index < 0 && ids.length > 0)
        this.lostTrack ??= `${this.history.name}: the page no longer holds ${last.id}, the last id read from it (more than it keeps arrived between two reads)`;
      start = index + 1;
    }
    for (let i = start; i < ids.length; i++) this.history.event(ids[i], times[i]);
    if (ids.length > 0) this.lastEvent = { id: ids[ids.length - 1], at: times[times.length - 1] };
    for (; this.resetsSeen < snapshot.counters.resets; this.resetsSeen++)
      this.history.reset(readAt, 'counted by the page');
    this.history.gapResumes = snapshot.counters.gapResumes;
  }
}

export interface BrowserFleet {
  engines: Engine[];
  clients: BrowserClient[];
  close(): Promise<void>;
}

/** Tabs per engine: two sharing one stream (leader and follower) and one with a stream of its own. */
const SHARED_TABS = 2;

/**
 * Opens, in each engine, one profile with the dashboard in two shared tabs and one `share=off`
 * tab, each waited for until it streams (before any fault).
 */
export async function openBrowserFleet(
  names: EngineName[],
  edgeUrl: string,
  progress: (line: string) => void,
): Promise<BrowserFleet> {
  const engines: Engine[] = [];
  const profiles: Profile[] = [];
  const clients: BrowserClient[] = [];
  const fleet = {
    engines,
    clients,
    close: async () => {
      await Promise.allSettled(profiles.map((profile) => profile.close()));
      await Promise.allSettled(engines.map((engine) => engine.close()));
    },
  };
  try {
    for (const name of names) {
      const engine = await launchEngine(name);
      engines.push(engine);
      progress(`${engine.description}`);
      const profile = await engine.newProfile();
      profiles.push(profile);
      const tabs: [string, ClientHistory['kind'], 'on' | 'off'][] = [
        ...Array.from(
          { length: SHARED_TABS },
          (_, i) => [`${name} shared ${i + 1}`, `${name} shared tab`, 'on'] as [string, ClientHistory['kind'], 'on'],
        ),
        [`${name} own`, `${name} tab of its own`, 'off'],
      ];
      for (const [label, kind, share] of tabs) {
        const tab = await profile.newTab();
        await tab.goto(dashboardUrl(edgeUrl, 'lab', { ...SOAK_CLIENT, share }), { timeoutMs: 60_000 });
        await tab.waitFor(
          (n) => ((window as unknown as { __sseLab?: StreamSnapshot }).__sseLab?.counters.events ?? 0) >= n,
          1,
          30_000,
        );
        clients.push(new BrowserClient(tab, label, kind));
      }
    }
    return fleet;
  } catch (error) {
    await fleet.close();
    throw error;
  }
}
