import type { Tab } from '../engines';
import { parseEventId } from '@sse-lab/contract';
import type { StreamSnapshot } from '@sse-lab/client';
import { CLIENT, LAB } from '../lab-settings';

export type { StreamSnapshot };

export type ClientOverrides = Partial<typeof CLIENT> & {
  jitter?: number;
  maxConnectTimeoutMs?: number;
  share?: 'on' | 'off';
  /** The stream's path, e.g. tagged with a query the access log tells apart. */ stream?: string;
};

/**
 * A lab client's watchdog (in heartbeats) longer than the test's budget: tabs that hold slots keep
 * them even when a loaded machine stalls them together, so only a dropped connection frees one.
 */
export const watchdogOutlasting = (testInfo: { timeout: number }) => Math.ceil(testInfo.timeout / LAB.HEARTBEAT_MS);

/**
 * The dashboard URL for a client mode, with the suite's client settings. Tabs have a stream each
 * (`share=off`) unless asked otherwise: the findings before F11 are about one connection per tab.
 */
export function dashboardUrl(base: string, mode: 'lab' | 'native', overrides: ClientOverrides = {}): string {
  const url = new URL('/', base);
  if (mode === 'native') url.searchParams.set('client', 'native');
  for (const [key, value] of Object.entries({ ...CLIENT, share: 'off', ...overrides }))
    url.searchParams.set(key, String(value));
  return url.toString();
}

/**
 * `window.__sseLab` as one JSON string: a driver that serialises a structured value node by node
 * (WebDriver BiDi, classic WebDriver) takes far longer over the snapshot's arrays than over a string.
 */
const readSnapshotJson = (page: Tab) =>
  page.evaluate(() => JSON.stringify((window as unknown as { __sseLab?: StreamSnapshot }).__sseLab ?? null));

/** The dashboard's live client snapshot (`window.__sseLab`). */
export async function snapshot(page: Tab): Promise<StreamSnapshot> {
  const value = JSON.parse(await readSnapshotJson(page)) as StreamSnapshot | null;
  if (!value) throw new Error('window.__sseLab is missing: is the dashboard loaded?');
  return value;
}

/**
 * The snapshot, or null when there is none yet or the page cannot answer within `timeoutMs`
 * (a page whose document request stalls blocks evaluate, a closed page rejects it).
 */
export async function tryReadSnapshot(page: Tab, timeoutMs = page.readTimeoutMs): Promise<StreamSnapshot | null> {
  if (page.isClosed()) return null;
  const read = readSnapshotJson(page).then(
    (json) => JSON.parse(json) as StreamSnapshot | null,
    () => null,
  );
  return Promise.race([read, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))]);
}

/** Opens the dashboard and waits until its stream delivers data events. */
export async function openDashboard(
  page: Tab,
  base: string,
  mode: 'lab' | 'native',
  minEvents = 2,
  overrides: ClientOverrides = {},
) {
  await page.goto(dashboardUrl(base, mode, overrides));
  await page.waitFor(
    (n) => ((window as unknown as { __sseLab?: StreamSnapshot }).__sseLab?.counters.events ?? 0) >= n,
    minEvents,
    20_000,
  );
}

/** Open, with a data event received after `since` (ms since epoch): live again after a fault. */
export const isLiveSince = (snapshot: StreamSnapshot, since: number): boolean =>
  snapshot.state === 'open' && (snapshot.receivedAt.at(-1) ?? 0) > since;

/** Sequence numbers of the ids a client received, and whether they are contiguous. */
export function sequenceOf(ids: string[]): { seqs: number[]; contiguous: boolean; duplicates: number } {
  const seqs = ids.map((id) => {
    const position = parseEventId(id);
    if (!position) throw new Error(`"${id}" is not an event id of the stream contract`);
    return position.seq;
  });
  let duplicates = 0;
  let contiguous = true;
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i] <= seqs[i - 1]) duplicates++;
    else if (seqs[i] !== seqs[i - 1] + 1) contiguous = false;
  }
  return { seqs, contiguous, duplicates };
}
