import { describe, expect, it } from 'vitest';
import type { StreamSnapshot } from './lab-page';
import { FINDING_IDS, type FindingRow } from './findings';
import { renderFindingsHtml, timelineSvg, type ReportInput } from './findings-html';
import { describeLanes, laneOf, type TimelineRecord } from './timeline';

const T0 = 1_800_000_000_000;

/** A client snapshot as a recorded run leaves it: open, stale under a fault, then open again on a new boot. */
function recordedSnapshot(): StreamSnapshot {
  const receivedIds = ['aaaaaaaa-1', 'aaaaaaaa-2', 'aaaaaaaa-5', 'bbbbbbbb-1', 'bbbbbbbb-2'];
  return {
    mode: 'lab',
    role: 'solo',
    sharing: { enabled: false, reason: 'shareAcrossTabs is off', tabs: 1, epoch: 0 },
    url: 'http://127.0.0.1:18080/api/stream',
    state: 'open',
    readyState: 1,
    heartbeatMs: 1000,
    retryMs: 500,
    bootId: 'bbbbbbbb',
    instance: null,
    counters: {
      reconnects: 1,
      opens: 2,
      errors: 0,
      staleEpisodes: 1,
      gaps: 2,
      gapResumes: 0,
      duplicates: 0,
      resets: 1,
      malformed: 0,
      channelIgnored: 0,
      events: 5,
      heartbeats: 3,
      lastId: 'bbbbbbbb-2',
      lastHeartbeatAt: null,
      lastEventAt: null,
    },
    transitions: [
      { at: T0 - 500, from: 'idle', to: 'connecting', reason: 'start' },
      { at: T0 - 400, from: 'connecting', to: 'open', reason: 'open' },
      { at: T0 + 3000, from: 'open', to: 'stale', reason: 'no event for 2500 ms' },
      { at: T0 + 3001, from: 'stale', to: 'backoff', reason: 'stale; retry #1 in 200 ms' },
      { at: T0 + 3300, from: 'backoff', to: 'connecting', reason: 'backoff elapsed' },
      { at: T0 + 3400, from: 'connecting', to: 'open', reason: 'open' },
    ],
    receivedIds,
    receivedAt: [T0 - 300, T0 + 200, T0 + 3500, T0 + 4000, T0 + 4200],
  };
}

function input(): ReportInput {
  const findings = FINDING_IDS.map((id) => ({
    id,
    rows: [
      {
        id,
        topology: id === 'F3' ? 'dev (Vite)' : 'prod+nginx',
        engine: 'chromium',
        outcome: id === 'F4' ? 'failed' : 'mitigated',
        measured: { detectionMs: 2500 },
        test: `${id} test`,
        status: 'passed',
      } as FindingRow,
      ...(id === 'F14'
        ? (['chromium', 'firefox', 'webkit'] as const).map((engine): FindingRow => ({
            id,
            topology: 'probe server',
            engine,
            outcome: engine === 'webkit' ? 'not applicable' : 'measured',
            measured: {
              question: 'reconnects after offline → online',
              answer: engine === 'webkit' ? 'not applicable: no network emulation' : 'yes',
            },
            test: 'F14 offline',
            status: 'passed',
          }))
        : []),
    ],
  }));
  const timeline: TimelineRecord = {
    startedAt: T0,
    endedAt: T0 + 6000,
    clients: [
      laneOf('lab', recordedSnapshot(), T0, T0 + 6000),
      laneOf('native', { ...recordedSnapshot(), mode: 'native' }, T0, T0 + 6000),
    ],
    faults: [{ name: 'silence', target: 'edge', params: { closeAfterMs: 0 }, from: T0 + 500, to: T0 + 3200 }],
  };
  return {
    status: 'failed',
    generatedAt: new Date(T0),
    provenance: null,
    findings,
    missing: [],
    timelines: [{ ...timeline, test: 'F1 test', engine: 'chromium', findings: ['F1'] }],
  };
}

describe('laneOf', () => {
  it('should clip to the test, start from the state before it, and mark gaps and resets', () => {
    const lane = laneOf('lab', recordedSnapshot(), T0, T0 + 6000);
    expect(lane.initialState).toBe('open');
    expect(lane.transitions.map((t) => t.to)).toEqual(['stale', 'backoff', 'connecting', 'open']);
    expect(lane.events).toEqual([T0 + 200, T0 + 3500, T0 + 4000, T0 + 4200]);
    expect(lane.markers).toEqual([
      { at: T0 + 3500, kind: 'gap', detail: '2 missing after 2' },
      { at: T0 + 4000, kind: 'reset', detail: 'boot aaaaaaaa → bbbbbbbb' },
    ]);
  });
});

describe('describeLanes', () => {
  it('should list the transitions, gaps and resets of each client in time order, on the wall clock and from the start', () => {
    const text = describeLanes({
      startedAt: T0,
      endedAt: T0 + 6000,
      clients: [laneOf('lab', recordedSnapshot(), T0, T0 + 6000)],
    });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      `recorded ${new Date(T0).toISOString()} (+0.000 s) to ${new Date(T0 + 6000).toISOString()} (+6.000 s)`,
    );
    expect(lines[2]).toBe(
      `lab (lab, solo): open at the start, 4 events in the window, the last at ${new Date(T0 + 4200).toISOString()} (+4.200 s)`,
    );
    const entries = lines.slice(3).map((line) => line.trim().split(' s) ')[1]);
    expect(entries.map((entry) => entry.split(' ')[0])).toEqual(['->', '->', '->', '->', 'gap:', 'reset:']);
    expect(entries).toContain('gap: 2 missing after 2');
    expect(entries[3]).toBe('-> open (open)');
  });
});

describe('renderFindingsHtml', () => {
  const html = renderFindingsHtml(input());

  it('should have a section for every finding, and matrix links that point at them', () => {
    for (const id of FINDING_IDS) {
      expect(html).toContain(`<section id="${id}">`);
      expect(html).toContain(`href="#${id}"`);
    }
    const links = [...html.matchAll(/href="#(F\d+)"/g)].map((m) => m[1]);
    for (const target of links) expect(html).toContain(`id="${target}"`);
  });

  it('should colour each cell by outcome and keep the failure visible', () => {
    expect(html).toMatch(/<td style="background:#991b1b"><a href="#F4">failed<\/a>/);
    expect(html).toMatch(/<td style="background:#166534"><a href="#F1">mitigated<\/a>/);
  });

  it("should group the matrix's columns by topology, an engine per column", () => {
    expect(html).toContain('<th colspan="3" class="group">probe server</th>');
    expect(html).toMatch(
      /<th class="engine">chromium<\/th><th class="engine">firefox<\/th><th class="engine">webkit<\/th>/,
    );
  });

  it('should answer F14 in a table of behaviours by engine', () => {
    const table = /<table class="engines">.*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(table).toContain('<th>behaviour</th><th>chromium</th><th>firefox</th><th>webkit</th>');
    expect(table).toContain(
      '<tr><th>reconnects after offline → online</th><td class="outcome-measured">yes</td><td class="outcome-measured">yes</td><td class="outcome-not-applicable">not applicable: no network emulation</td></tr>',
    );
  });

  it('should draw a lane per client, the fault window with its parameters, state segments, ticks and markers', () => {
    const svg = timelineSvg(input().timelines[0]);
    expect(svg.match(/<g class="lane">/g)).toHaveLength(2);
    expect(svg).toContain('silence @ edge (closeAfterMs=0)');
    expect(svg.match(/class="fault"/g)).toHaveLength(1);
    for (const state of ['open', 'stale', 'backoff', 'connecting']) expect(svg).toContain(`state-${state}`);
    expect(svg.match(/class="event"/g)).toHaveLength(8);
    expect(svg).toContain('marker-reset');
    expect(svg).toContain('marker-gap');
    expect(html).toContain(svg);
  });

  it('should be self-contained: no script, no external resource', () => {
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).not.toMatch(/href="https?:/);
  });

  it('should escape what tests write', () => {
    const hostile = input();
    hostile.findings[0].rows[0].measured = { '<img src=x>': '"quoted"' };
    expect(renderFindingsHtml(hostile)).not.toContain('<img src=x>');
  });
});
