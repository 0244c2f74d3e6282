import { describe, expect, it } from 'vitest';
import type { FindingId } from '../../support/findings';
import { targetLacks } from '../../apps/target-app';
import type { PageClient } from '../page-client';
import type { WireFacts } from '../wire-facts';
import { judgeSilence } from './f1-silence';
import { judgeProxy5xx } from './f10-proxy-5xx';
import { judgeManyTabs } from './f11-many-tabs';
import { judgeEngines } from './f14-engines';
import { judgeServerLeak } from './f2-server-leak';
import { judgeRetry } from './f5-retry';
import { judgeHeartbeat } from './f6-heartbeat';
import { judgeBuffering } from './f4-buffering';
import { judgeBackoff, waitsWiden } from './f7-backoff';
import { judgePerIpLimit } from './f8-per-ip-limit';
import { judgeColdStart } from './f9-cold-start';
import { notApplicable } from './not-applicable';
import type { VerdictOutcome } from './verdict';

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

  it("takes a server that draws retry: per connection by its spread: the page's own draw is within it", () => {
    // A fresh-clone run: the wire's first connection drew 3690 ms, the page's own about 1.5 s.
    expect(judgeRetry({ retryMs: 3_690, reconnectMs: 1_600 }).outcome).toBe('reproduced');
    const drawn = judgeRetry({ retryMs: 3_690, retryRangeMs: { min: 1_540, max: 4_410 }, reconnectMs: 1_600 });
    expect(drawn).toMatchObject({ outcome: 'mitigated', measured: { retryMinMs: 1_540, retryMaxMs: 4_410 } });
    expect(drawn.why).toMatch(/from 1540 to 4410 on the wire \(one per connection\)/);
    expect(judgeRetry({ retryMs: 3_690, retryRangeMs: { min: 1_540, max: 4_410 }, reconnectMs: 700 }).outcome).toBe(
      'reproduced',
    );
    expect(judgeRetry({ retryMs: 3_690, retryRangeMs: { min: 1_540, max: 4_410 }, reconnectMs: 10_000 }).outcome).toBe(
      'reproduced',
    );
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

  it('reproduced, naming the instances, when a sixth is answered 200 behind a load balancer', () => {
    const verdict = judgePerIpLimit({ statuses: [...five, 200], instances: 2 });
    expect(verdict).toMatchObject({ outcome: 'reproduced', measured: { instances: 2 } });
    expect(verdict.why).toMatch(/over 2 instances/);
    expect(verdict.advice).toMatch(/every instance sees the count/);
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
    expect(
      judgeServerLeak({ baseline: 1, opened: 3, answered: 3, whileOpen: 4, after: 1, waitedMs: 800 }).outcome,
    ).toBe('mitigated');
  });

  it('judges the streams the app answered, and is never mitigated on none', () => {
    // The third refused by a per-IP limit still counting an earlier experiment's streams.
    const refusedOne = { baseline: 0, opened: 3, answered: 2, unanswered: ['429'], whileOpen: 2, after: 0 };
    expect(judgeServerLeak({ ...refusedOne, waitedMs: 300 })).toMatchObject({
      outcome: 'mitigated',
      why: expect.stringContaining('all 2 connections'),
      measured: { unanswered: '429' },
    });
    const none = { baseline: 0, opened: 3, answered: 0, unanswered: ['429', '429', '429'], whileOpen: 0, after: 0 };
    expect(judgeServerLeak({ ...none, waitedMs: 0 })).toMatchObject({
      outcome: 'inconclusive',
      why: expect.stringContaining('none of the 3 streams was answered 200 (429, 429, 429)'),
    });
  });

  it('reproduced when connections stay after their clients left', () => {
    const verdict = judgeServerLeak({ baseline: 0, opened: 3, answered: 3, whileOpen: 3, after: 3, waitedMs: 10_000 });
    expect(verdict).toMatchObject({ outcome: 'reproduced' });
    expect(verdict.why).toMatch(/3 of 3 connections still held by the app 10 s after/);
  });

  it("inconclusive when the streams did not show in the app's sockets", () => {
    expect(
      judgeServerLeak({ baseline: 0, opened: 3, answered: 3, whileOpen: 1, after: 0, waitedMs: 500 }).outcome,
    ).toBe('inconclusive');
  });
});

describe('not applicable', () => {
  const file = '/t/target.json';

  it('F12 and F13 need replicas; F3 the dev server, which no target has', () => {
    expect(notApplicable({ lacks: targetLacks({ file }) }).map(({ id }) => id)).toEqual(['F3', 'F12', 'F13']);
    expect(notApplicable({ lacks: targetLacks({ file, replicas: 2 }) }).map(({ id }) => id)).toEqual(['F3']);
  });

  it("should give the app's reason for each, and none for an app that lacks nothing", () => {
    const lacks = targetLacks({ file });
    for (const verdict of notApplicable({ lacks }))
      expect(verdict.why, verdict.id).toBe(lacks(verdict.id === 'F3' ? 'dev-server' : 'replicas'));
    expect(notApplicable({ lacks: () => undefined })).toEqual([]);
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
    // A steady 2.95 s retry whose halves split 6 and 4 (a fresh-clone run's spike): the window's phase.
    const steady = Array.from({ length: 10 }, (_, index) => index * 2_950);
    expect(judgeBackoff({ ...base, windowMs: 29_600, attempts: steady })).toMatchObject({
      outcome: 'reproduced',
      measured: { firstHalf: 6, secondHalf: 4 },
    });
    // The browser's own retry once, then a rebuilt one after a growing wait: pairs that space out.
    const pairs = [0, 2_000, 2_800, 4_800, 6_300, 8_300, 11_000, 13_000, 17_500, 19_500, 26_000, 28_000];
    expect(judgeBackoff({ ...base, attempts: pairs })).toMatchObject({
      outcome: 'mitigated',
      measured: { firstHalf: 8, secondHalf: 4 },
    });
  });

  it('reproduced for a tight loop, a page left CLOSED, or a backoff that never comes back', () => {
    expect(judgeBackoff({ ...base, attempts: every(300) }).why).toMatch(
      /tight loop: .* 300 ms apart, and they do not space out/,
    );
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

  it('mitigated for a full-jitter backoff whose early gaps fall under a second', () => {
    // Waits drawn from [0, 1 s], [0, 2 s], [0, 4 s]…: the median gap is under the tight-loop line.
    const jittered = [0, 400, 700, 1_500, 1_900, 2_600, 3_100, 7_000, 12_500, 21_000];
    expect(judgeBackoff({ ...base, attempts: jittered })).toMatchObject({
      outcome: 'mitigated',
      measured: { firstHalf: 9, secondHalf: 1, medianGapMs: 700 },
    });
  });

  it('inconclusive with too few attempts to tell', () => {
    expect(judgeBackoff({ ...base, attempts: [0, 5_000] }).outcome).toBe('inconclusive');
  });

  it('should find waits that widen after a steady start backing off: the browser retries, then the client backs off', () => {
    // Seen on the lab client's page: the browser's own retry every 2.85 s until the watchdog, then
    // the client's backoff (5 attempts in the first half, 3 in the second, the last wait 9 s long).
    const browserThenClient = [0, 2_850, 5_700, 8_550, 11_400, 15_500, 17_000, 21_000];
    expect(judgeBackoff({ ...base, attempts: browserThenClient })).toMatchObject({
      outcome: 'mitigated',
      measured: { firstHalf: 5, secondHalf: 3, lastWaitMs: 9_000 },
    });
    expect(waitsWiden(browserThenClient, 30_000)).toBe(true);
    // A steady retry never widens, whatever the window's phase.
    expect(waitsWiden(every(3_000), 30_000)).toBe(false);
    expect(waitsWiden([0, 2_900, 5_800, 8_700, 11_600, 14_500, 17_400, 20_300, 23_200, 26_100, 29_000], 30_000)).toBe(
      false,
    );
  });
});

describe('F11 many tabs', () => {
  it('mitigated when every tab had messages, reproduced when some had none', () => {
    expect(
      judgeManyTabs({ tabs: 7, live: 7, liveThroughChannel: 0, notLoaded: 0, waitMs: 15_000, streams: 7 }).outcome,
    ).toBe('mitigated');
    // One tab's stream handed to the six others on a BroadcastChannel (the lab client's sharing).
    expect(
      judgeManyTabs({ tabs: 7, live: 7, liveThroughChannel: 6, notLoaded: 0, waitMs: 15_000, streams: 1 }),
    ).toMatchObject({
      outcome: 'mitigated',
      why: expect.stringMatching(
        /over 1 stream \(6 of them with no stream of their own: another tab's, handed on through a BroadcastChannel\)/,
      ),
    });
    expect(
      judgeManyTabs({ tabs: 7, live: 6, liveThroughChannel: 0, notLoaded: 1, waitMs: 15_000, streams: 6 }),
    ).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/1 of 7 tabs had no message within 15 s \(1 did not even load the page\)/),
    });
  });
});

describe('F4 buffering', () => {
  const base = {
    client: { kind: 'eventsource', streams: ['/events'] } as PageClient,
    windowMs: 17_000,
    wanted: 2,
    eventsPerMinute: 30,
  };

  it('reproduced when nginx held the events, naming the missing header and what to send', () => {
    const verdict = judgeBuffering({ ...base, messages: 0 });
    expect(verdict).toMatchObject({
      id: 'F4',
      topology: 'prod+buffering-nginx',
      outcome: 'reproduced',
      advice: expect.stringMatching(/X-Accel-Buffering: no/),
      measured: { xAccelBuffering: '(not sent)' },
    });
    expect(verdict.why).toMatch(/0 of 2 messages in 17 s, where the app sends 30 a minute.*no `X-Accel-Buffering`/);
  });

  it('mitigated when the messages came through within the window', () => {
    expect(judgeBuffering({ ...base, messages: 2, firstMessageMs: 40, xAccelBuffering: 'no' })).toMatchObject({
      outcome: 'mitigated',
      why: expect.stringMatching(/the first after 0 s; the stream sends `X-Accel-Buffering: no`/),
    });
  });

  it('inconclusive for a page that streams with fetch, or a stream with no event to hold', () => {
    expect(judgeBuffering({ ...base, client: { kind: 'fetch', streams: ['/e'] }, messages: 0 }).outcome).toBe(
      'inconclusive',
    );
    expect(judgeBuffering({ ...base, eventsPerMinute: 0, messages: 0 }).why).toMatch(/no event while read directly/);
  });
});

describe('F10 proxy 5xx', () => {
  const base = { heldMs: 6_000, boundMs: 45_000 };

  it('reproduced when the 502 left the page CLOSED and nothing came back', () => {
    expect(judgeProxy5xx({ ...base, closedAfterMs: 3_500, rebuiltAfter: 0 })).toMatchObject({
      id: 'F10',
      topology: 'prod+nginx',
      outcome: 'reproduced',
      why: expect.stringMatching(/CLOSED after 3\.5 s\), and nothing rebuilt it/),
      advice: expect.stringMatching(/rebuild the EventSource after CLOSED/),
    });
  });

  it('mitigated only when the page met the 502 and had messages again', () => {
    expect(judgeProxy5xx({ ...base, closedAfterMs: 2_100, rebuiltAfter: 1, messageAfterMs: 1_300 }).outcome).toBe(
      'mitigated',
    );
    expect(judgeProxy5xx({ ...base, heldMs: 30_000, rebuiltAfter: 0, messageAfterMs: 900 })).toMatchObject({
      outcome: 'inconclusive',
      why: expect.stringMatching(/never ended CLOSED in 30 s/),
    });
  });
});

describe('F9 cold start', () => {
  const base = { asleepMs: 20_000, attemptsAsleep: 1, boundMs: 45_000 };

  it('mitigated when the page had messages once the app woke, reproduced when it had none', () => {
    expect(judgeColdStart({ ...base, stateAtWake: 0, messageAfterMs: 400 })).toMatchObject({
      id: 'F9',
      outcome: 'mitigated',
      why: expect.stringMatching(
        /waited out 20 s of the app asleep \(1 errors or new EventSources meanwhile\) and had messages 0\.4 s after/,
      ),
    });
    expect(judgeColdStart({ ...base, stateAtWake: 2 })).toMatchObject({
      outcome: 'reproduced',
      why: expect.stringMatching(/its EventSource was CLOSED when the app woke/),
    });
  });
});

describe('F14 engines', () => {
  const page = (id: FindingId, engine: string, outcome: VerdictOutcome) => ({
    id,
    topology: 'prod' as const,
    engine,
    outcome,
  });

  it('inconclusive with one engine, naming how to run more', () => {
    expect(judgeEngines([page('F1', 'chromium', 'reproduced')])).toMatchObject({
      id: 'F14',
      outcome: 'inconclusive',
      why: expect.stringMatching(/chromium alone: run BROWSERS=chromium,firefox,webkit/),
    });
  });

  it('reproduced when an engine disagrees, naming the finding and the engines on each side', () => {
    const verdict = judgeEngines([
      page('F1', 'chromium', 'reproduced'),
      page('F1', 'firefox', 'reproduced'),
      page('F5', 'chromium', 'mitigated'),
      page('F5', 'firefox', 'mitigated'),
      page('F5', 'webkit', 'reproduced'),
    ]);
    expect(verdict).toMatchObject({ outcome: 'reproduced', measured: { compared: 2, differing: 1 } });
    expect(verdict.why).toBe('the engines disagree: F5 (prod) mitigated in chromium, firefox, reproduced in webkit');
  });

  it('mitigated when every verdict judged twice agrees; an inconclusive one is left out, not agreed with', () => {
    expect(
      judgeEngines([
        page('F1', 'chromium', 'mitigated'),
        page('F1', 'webkit', 'mitigated'),
        page('F7', 'chromium', 'reproduced'),
        page('F7', 'webkit', 'inconclusive'),
      ]),
    ).toMatchObject({ outcome: 'mitigated', measured: { compared: 1, differing: 0 } });
    expect(judgeEngines([page('F7', 'chromium', 'reproduced'), page('F7', 'webkit', 'inconclusive')]).outcome).toBe(
      'inconclusive',
    );
  });
});
