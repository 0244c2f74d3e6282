import { describe, expect, it } from 'vitest';
import type { StreamSnapshot } from '@sse-lab/client';
import type { Tab } from '../engines';
import { BrowserClient } from './browser-clients';
import { ClientHistory } from './client-history';

describe('ClientHistory.story', () => {
  it('tells the states with their reasons and the hellos within the window, in time order', () => {
    const h = new ClientHistory('node 1', 'node', 0);
    const at = (ms: number) => Date.UTC(2026, 0, 1, 12, 0, 0, ms);
    h.moveTo('connecting', at(0), 'start');
    h.moveTo('open', at(100), 'open');
    h.greeted(at(150), 'abcd1234-7', 'app-2');
    h.moveTo('backoff', at(900), 'a gap');
    expect(h.story(at(50), at(900))).toEqual([
      '12:00:00.100 open (open)',
      '12:00:00.150 hello at abcd1234-7 from app-2',
      '12:00:00.900 backoff (a gap)',
    ]);
  });
});

describe('ClientHistory.longestWithoutStream', () => {
  it('finds the longest stretch not open within the window, a stretch still open at its end included', () => {
    const h = new ClientHistory('node 1', 'node', 0);
    h.moveTo('open', 0);
    h.moveTo('stale', 10);
    h.moveTo('backoff', 12);
    h.moveTo('open', 40);
    h.moveTo('connecting', 90);
    expect(h.longestWithoutStream(0, 100)).toEqual({ ms: 30, since: 10 });
    expect(h.longestWithoutStream(0, 200)).toEqual({ ms: 110, since: 90 });
    expect(h.longestWithoutStream(20, 60)).toEqual({ ms: 20, since: 20 });
  });
});

const snapshot = (
  ids: string[],
  times: number[],
  resets = 0,
  state: StreamSnapshot['state'] = 'open',
): StreamSnapshot =>
  ({
    state,
    receivedIds: ids,
    receivedAt: times,
    transitions: [{ at: 1, from: 'connecting', to: 'open', reason: 'hello' }],
    counters: { resets },
  }) as unknown as StreamSnapshot;

describe('BrowserClient.follow', () => {
  const tab = { readTimeoutMs: 1000 } as Tab;

  it('appends only what arrived since the previous read, and a reset per new count', () => {
    const client = new BrowserClient(tab, 'chromium own', 'chromium tab of its own');
    client.follow(snapshot(['a-1', 'a-2'], [10, 20]), 25);
    client.follow(snapshot(['a-1', 'a-2', 'a-3', 'a-4'], [10, 20, 30, 40], 1), 45);
    expect(client.history.events).toEqual([
      { id: 'a-1', at: 10 },
      { id: 'a-2', at: 20 },
      { id: 'a-3', at: 30 },
      { id: 'a-4', at: 40 },
    ]);
    expect(client.history.resets).toEqual([{ at: 45, reason: 'counted by the page' }]);
    expect(client.history.state).toBe('open');
    expect(client.lostTrack).toBeNull();
  });

  it('follows a page that dropped its oldest ids, and says so when it dropped the last one read', () => {
    const client = new BrowserClient(tab, 'firefox own', 'firefox tab of its own');
    client.follow(snapshot(['a-1', 'a-2'], [10, 20]), 25);
    client.follow(snapshot(['a-2', 'a-3'], [20, 30]), 35);
    expect(client.history.events.map((e) => e.id)).toEqual(['a-1', 'a-2', 'a-3']);
    client.follow(snapshot(['a-9'], [90]), 95);
    expect(client.lostTrack).toContain('no longer holds a-3');
  });
});
