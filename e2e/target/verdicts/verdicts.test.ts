import { describe, expect, it } from 'vitest';
import type { WireFacts } from '../wire-facts';
import { judgeSilence } from './f1-silence';
import { judgeManyTabs } from './f11-many-tabs';
import { judgeServerLeak } from './f2-server-leak';
import { judgeRetry } from './f5-retry';
import { judgeHeartbeat } from './f6-heartbeat';
import { judgeBackoff } from './f7-backoff';
import { judgePerIpLimit } from './f8-per-ip-limit';
import { notApplicable } from './not-applicable';

const facts = (heartbeat: WireFacts['heartbeat']): WireFacts => ({
  heartbeat,
  maxSilenceMs: 2_000,
  eventsPerMinute: 30,
  ids: 'restart per connection',
});

describe('F6 heartbeat from the wire', () => {
  it('reproduced without a heartbeat, with what to send', () => {
    const verdict = judgeHeartbeat(facts({ kind: 'none' }), 65_000);
    expect(verdict).toMatchObject({
      id: 'F6',
      outcome: 'reproduced',
      advice: expect.stringMatching(/named heartbeat/),
    });
    expect(verdict.why).toMatch(/no heartbeat in 65 s/);
  });

  it('reproduced for a comment heartbeat: a watchdog cannot see it', () => {
    expect(judgeHeartbeat(facts({ kind: 'comment', intervalMs: 15_000 }), 65_000)).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/comment every 15 s/),
    });
  });

  it('reproduced for a named heartbeat past 30 s, mitigated at 30 s or under, inconclusive with one heartbeat', () => {
    expect(judgeHeartbeat(facts({ kind: 'named event', intervalMs: 45_000 }), 100_000).outcome).toBe('reproduced');
    expect(judgeHeartbeat(facts({ kind: 'named event', intervalMs: 30_400 }), 65_000)).toMatchObject({
      outcome: 'mitigated',
      measured: { heartbeatIntervalMs: 30_400 },
    });
    expect(judgeHeartbeat(facts({ kind: 'named event' }), 20_000).outcome).toBe('inconclusive');
  });
});

describe('F5 retry', () => {
  it('reproduced without retry:, with the measured engine default when there is one', () => {
    const verdict = judgeRetry({ reconnectMs: 3_050 });
    expect(verdict).toMatchObject({ outcome: 'reproduced', measured: { reconnectMs: 3_050 } });
    expect(verdict.why).toMatch(/here 3\.1 s/);
  });

  it('mitigated only when the page was seen following the retry: it was sent', () => {
    expect(judgeRetry({ retryMs: 1_000, reconnectMs: 1_200 }).outcome).toBe('mitigated');
    expect(judgeRetry({ retryMs: 1_000 }).outcome).toBe('inconclusive');
    expect(judgeRetry({ retryMs: 1_000, reconnectMs: 5_000 }).outcome).toBe('reproduced');
  });
});

describe('F8 per-IP limit', () => {
  const five = [200, 200, 200, 200, 200];

  it('reproduced when a sixth stream from one IP is answered 200', () => {
    expect(judgePerIpLimit({ statuses: [...five, 200] })).toMatchObject({
      outcome: 'reproduced',
      measured: { statuses: '200 200 200 200 200 200' },
    });
  });

  it('reproduced when a forged X-Forwarded-For gets past the limit', () => {
    expect(judgePerIpLimit({ statuses: [...five, 429], forgedStatus: 200 })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/forged/),
    });
  });

  it('mitigated when the sixth and the forged one are both refused', () => {
    expect(judgePerIpLimit({ statuses: [...five, 429], retryAfter: '5', forgedStatus: 429 })).toMatchObject({
      outcome: 'mitigated',
      why: expect.stringMatching(/refused 429 with Retry-After 5/),
    });
  });

  it('inconclusive when the first five were not all answered, or the forged one was not tried', () => {
    expect(judgePerIpLimit({ statuses: [200, 200, 503, 200, 200, 200] }).outcome).toBe('inconclusive');
    expect(judgePerIpLimit({ statuses: [...five, 429] }).outcome).toBe('inconclusive');
  });
});

describe('F2 server sockets', () => {
  it('mitigated when the connections go back to the baseline', () => {
    expect(judgeServerLeak({ baseline: 1, opened: 3, whileOpen: 4, after: 1, waitedMs: 800 }).outcome).toBe(
      'mitigated',
    );
  });

  it('reproduced when connections stay after their clients left', () => {
    const verdict = judgeServerLeak({ baseline: 0, opened: 3, whileOpen: 3, after: 3, waitedMs: 10_000 });
    expect(verdict).toMatchObject({ outcome: 'reproduced' });
    expect(verdict.why).toMatch(/3 of 3 connections still held by the app 10 s after/);
  });

  it("inconclusive when the streams did not show in the app's sockets", () => {
    expect(judgeServerLeak({ baseline: 0, opened: 3, whileOpen: 1, after: 0, waitedMs: 500 }).outcome).toBe(
      'inconclusive',
    );
  });
});

describe('not applicable', () => {
  it('F12 and F13 need replicas; F3 is the dev server in every case', () => {
    expect(notApplicable({}).map(({ id }) => id)).toEqual(['F3', 'F12', 'F13']);
    expect(notApplicable({ replicas: 2 }).map(({ id }) => id)).toEqual(['F3']);
  });
});

describe('F1 silence', () => {
  const quiet = { constructs: 0, opens: 0, errors: 0, closes: 0, messages: 0 };
  const base = { messagesBefore: 3, windowMs: 30_000, during: quiet, boundMs: 20_000 };

  it('reproduced when the page stays open and does nothing', () => {
    expect(judgeSilence({ ...base, stateAtEnd: 1 })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/stayed OPEN for 30 s/),
    });
  });

  it('mitigated when the page reacted and had messages again; reproduced when they never came', () => {
    const reacted = { ...base, during: { ...quiet, closes: 1, constructs: 1 }, reactedAfterMs: 9_000 };
    expect(judgeSilence({ ...reacted, messageAfterMs: 1_200 }).outcome).toBe('mitigated');
    expect(judgeSilence(reacted).outcome).toBe('reproduced');
  });

  it('inconclusive without a message before the silence', () => {
    expect(judgeSilence({ ...base, messagesBefore: 0 }).outcome).toBe('inconclusive');
  });
});

describe('F7 backoff', () => {
  const base = { windowMs: 30_000, boundMs: 40_000, messageAfterMs: 2_000 };
  const every = (gapMs: number) => Array.from({ length: Math.floor(30_000 / gapMs) }, (_, index) => index * gapMs);

  it('reproduced for steady retries, mitigated for attempts that space out and come back', () => {
    expect(judgeBackoff({ ...base, attempts: every(3_000) })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/5 attempts in the outage's first half, 5 in its second: attempts never space out/),
    });
    // The browser's own retry once, then a rebuilt one after a growing wait: pairs that space out.
    const pairs = [0, 2_000, 2_800, 4_800, 6_300, 8_300, 11_000, 13_000, 17_500, 19_500, 26_000, 28_000];
    expect(judgeBackoff({ ...base, attempts: pairs })).toMatchObject({
      outcome: 'mitigated',
      measured: { firstHalf: 8, secondHalf: 4 },
    });
  });

  it('reproduced for a tight loop, a page left CLOSED, or a backoff that never comes back', () => {
    expect(judgeBackoff({ ...base, attempts: every(300) }).why).toMatch(/tight loop/);
    const { messageAfterMs: _, ...lost } = base;
    expect(judgeBackoff({ ...lost, attempts: [0], stateAtEnd: 2 }).why).toMatch(/CLOSED .* nothing rebuilt it/);
    // Closed between a close() and its rebuild, and back after the outage: not given up.
    expect(
      judgeBackoff({ ...base, attempts: [0, 2_000, 2_800, 4_800, 6_300, 8_300, 17_500], stateAtEnd: 2 }).outcome,
    ).toBe('mitigated');
    expect(judgeBackoff({ ...lost, attempts: [0, 1_000, 3_000, 7_000, 15_000] })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/backed off .* but had no message within 40 s/),
    });
  });

  it('inconclusive with too few attempts to tell', () => {
    expect(judgeBackoff({ ...base, attempts: [0, 5_000] }).outcome).toBe('inconclusive');
  });
});

describe('F11 many tabs', () => {
  it('mitigated when every tab had messages, reproduced when some had none', () => {
    expect(judgeManyTabs({ tabs: 7, live: 7, notLoaded: 0, waitMs: 15_000, streams: 1 }).outcome).toBe('mitigated');
    expect(judgeManyTabs({ tabs: 7, live: 6, notLoaded: 1, waitMs: 15_000, streams: 6 })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/1 of 7 tabs had no message within 15 s \(1 did not even load the page\)/),
    });
  });
});
