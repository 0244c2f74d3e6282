import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventStream } from './create-event-stream.js';
import type { EventStream } from './event-stream.js';
import type { EventStreamOptions } from './event-stream-options.js';
import { sharingKey } from './shared-event-stream.js';
import { TAB_PROTOCOL } from './tab-messages.js';
import { data, FakeEventSource, heartbeat, hello, useFakeEventSource } from './testing/fake-event-source.js';
import { FakeBrowser, flushTabs, type FakeTab } from './testing/fake-tabs.js';

const URL_ = 'http://lab.test/api/stream';
const OPTIONS: EventStreamOptions = { heartbeatMs: 1000, staleAfterHeartbeats: 2.5, random: () => 1, jitter: 0 };

describe('tab-shared stream', () => {
  useFakeEventSource();
  const streams: EventStream[] = [];
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));

  let browser: FakeBrowser;
  const open = async (tab: FakeTab, options: EventStreamOptions = {}, url = URL_) => {
    const stream = createEventStream(url, { ...OPTIONS, ...options, shareAcrossTabs: true, tabs: tab.apis });
    streams.push(stream);
    await flushTabs();
    return stream;
  };
  /** The leader's EventSource: it says hello, then sends data events `from`..`to`. */
  const serve = async (from: number, to: number, helloId = `abcd1234-${from - 1}`) => {
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000, helloId);
    for (let seq = from; seq <= to; seq++) data(source, seq);
    await flushTabs();
    return source;
  };
  const ids = (stream: EventStream) => stream.snapshot().receivedIds;

  it('should elect one leader that holds the only EventSource and relays every event to the other tabs', async () => {
    browser = new FakeBrowser();
    const [a, b, c] = [browser.tab(), browser.tab(), browser.tab()];
    const leader = await open(a);
    const followers = [await open(b), await open(c)];
    expect(FakeEventSource.instances).toHaveLength(1);
    await serve(1, 3);
    expect(leader.snapshot()).toMatchObject({ role: 'leader', state: 'open', sharing: { enabled: true, epoch: 1 } });
    for (const follower of followers) {
      expect(follower.snapshot()).toMatchObject({
        role: 'follower',
        state: 'open',
        bootId: 'abcd1234',
        heartbeatMs: 1000,
      });
      expect(ids(follower)).toEqual(['abcd1234-1', 'abcd1234-2', 'abcd1234-3']);
    }
    expect(leader.snapshot().sharing.tabs).toBe(3);
    expect(followers[1].snapshot().sharing.tabs).toBe(3);
  });

  it('should hand over at once when the leader closes, resuming from the last id: nothing lost, nothing twice', async () => {
    browser = new FakeBrowser();
    const leader = await open(browser.tab());
    const follower = await open(browser.tab());
    await serve(1, 4);
    leader.close();
    await flushTabs();
    expect(follower.snapshot()).toMatchObject({ role: 'leader', sharing: { epoch: 2 } });
    expect(FakeEventSource.latest().url).toContain('lastEventId=abcd1234-4');
    await serve(5, 6, 'abcd1234-4');
    expect(ids(follower)).toEqual(['abcd1234-1', 'abcd1234-2', 'abcd1234-3', 'abcd1234-4', 'abcd1234-5', 'abcd1234-6']);
    expect(follower.counters).toMatchObject({ gaps: 0, duplicates: 0 });
  });

  it('should take over from a crashed leader, whose lock the browser releases', async () => {
    browser = new FakeBrowser();
    const crashing = browser.tab();
    await open(crashing);
    const survivors = [await open(browser.tab()), await open(browser.tab())];
    await serve(1, 2);
    crashing.crash();
    await flushTabs();
    const leaders = survivors.filter((stream) => stream.snapshot().role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(FakeEventSource.latest().url).toContain('lastEventId=abcd1234-2');
    await serve(3, 4, 'abcd1234-2');
    for (const survivor of survivors)
      expect(ids(survivor)).toEqual(['abcd1234-1', 'abcd1234-2', 'abcd1234-3', 'abcd1234-4']);
  });

  it('should deliver a relayed event only once when it arrives twice', async () => {
    browser = new FakeBrowser();
    await open(browser.tab());
    const follower = await open(browser.tab());
    const source = await serve(1, 2);
    data(source, 2);
    data(source, 3);
    await flushTabs();
    expect(ids(follower)).toEqual(['abcd1234-1', 'abcd1234-2', 'abcd1234-3']);
  });

  it('should ignore, and count, messages from a former leader after a handover', async () => {
    browser = new FakeBrowser();
    const first = await open(browser.tab());
    const second = await open(browser.tab());
    await serve(1, 1);
    const key = sharingKey(URL_, OPTIONS);
    first.close();
    await flushTabs();
    await serve(2, 2, 'abcd1234-1');
    const stale = {
      v: TAB_PROTOCOL,
      from: 'former',
      epoch: 1,
      kind: 'frame',
      frame: { type: 'message', id: 'abcd1234-9', data: '{"seq":9,"ts":1,"payload":{}}' },
    };
    const third = await open(browser.tab());
    browser.inject(key, stale);
    expect(third.counters.channelIgnored).toBe(1);
    expect(ids(third)).not.toContain('abcd1234-9');
    expect(second.snapshot().sharing.epoch).toBe(2);
  });

  it('should ignore, and count, malformed and foreign messages without throwing', async () => {
    browser = new FakeBrowser();
    await open(browser.tab());
    const follower = await open(browser.tab());
    const key = sharingKey(URL_, OPTIONS);
    for (const message of [
      null,
      'hello',
      { v: 99, from: 'x', epoch: 1, kind: 'frame' },
      { v: TAB_PROTOCOL, from: 'x', epoch: 1, kind: 'frame', frame: { type: 'message' } },
      { v: TAB_PROTOCOL, from: 'x', epoch: 1, kind: 'nonsense' },
    ]) {
      expect(() => browser.inject(key, message)).not.toThrow();
    }
    expect(follower.counters.channelIgnored).toBe(5);
  });

  it('should run a watchdog in followers that reports a silent leader without opening a second stream', async () => {
    browser = new FakeBrowser();
    const leaderTab = browser.tab();
    await open(leaderTab);
    const follower = await open(browser.tab());
    const source = await serve(1, 1);
    vi.advanceTimersByTime(2400);
    heartbeat(source, 'abcd1234-1');
    await flushTabs();
    expect(follower.state).toBe('open');
    vi.advanceTimersByTime(2500);
    expect(follower.state).toBe('stale');
    expect(follower.counters.staleEpisodes).toBe(1);
    expect(follower.snapshot().role).toBe('follower');
    expect(browser.heldBy(sharingKey(URL_, OPTIONS))).toBe(leaderTab);
    expect(FakeEventSource.instances.filter((s) => !s.closed)).toHaveLength(FakeEventSource.latest().closed ? 0 : 1);
    // The leader's own watchdog reconnected it: once its new stream delivers, the follower is live again.
    vi.advanceTimersByTime(1000);
    await serve(2, 2, 'abcd1234-1');
    expect(follower.state).toBe('open');
    expect(ids(follower)).toEqual(['abcd1234-1', 'abcd1234-2']);
  });

  it("should size a follower's watchdog from the jitter of what it is relayed, as the leader sizes its own", async () => {
    browser = new FakeBrowser();
    await open(browser.tab());
    const follower = await open(browser.tab());
    const source = await serve(1, 1);
    // Heartbeats that arrive bunched, up to 2.4 s apart: the path jitters, nothing is lost.
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(i % 2 ? 2400 : 300);
      heartbeat(source, 'abcd1234-1');
      await flushTabs();
    }
    vi.advanceTimersByTime(3500);
    heartbeat(source, 'abcd1234-1');
    await flushTabs();
    expect(follower.counters.staleEpisodes).toBe(0);
    expect(follower.state).toBe('open');
  });

  it('should never share between different stream URLs or different options', async () => {
    browser = new FakeBrowser();
    await open(browser.tab());
    await open(browser.tab(), {}, 'http://lab.test/api/other-stream');
    await open(browser.tab(), { maxBackoffMs: 4000 });
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it('should leave no lock, channel, timer or connection when the last tab closes', async () => {
    browser = new FakeBrowser();
    const only = await open(browser.tab());
    await serve(1, 1);
    only.close();
    await flushTabs();
    expect(browser.lockNames).toEqual([]);
    expect(browser.channels.size).toBe(0);
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(only.state).toBe('closed');
  });

  it('should fall back to a stream of its own where the Web Locks API is missing, and say so', async () => {
    browser = new FakeBrowser();
    const tab = browser.tab();
    const stream = createEventStream(URL_, {
      ...OPTIONS,
      shareAcrossTabs: true,
      tabs: { BroadcastChannel: tab.apis.BroadcastChannel, locks: undefined },
    });
    streams.push(stream);
    expect(stream.snapshot()).toMatchObject({
      role: 'solo',
      sharing: { enabled: false, reason: expect.stringMatching(/Web Locks/) },
    });
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
