import type { StreamState } from '@sse-lab/client';
import { findingNamed } from './finding-catalogue';
import { RECOMMENDATION_HEADS, recommendationCells, recommendations } from './recommendations';
import type { FindingId, FindingRow, RowEngine } from './findings';
import { describeTargetImage, type TargetDescription } from '../target/verdicts/record';
import type { Provenance } from './provenance';
import { placeOf, withTransport, type StreamTransport } from './transports';
import type { ClientLane, TimelineRecord } from './timeline';

export interface TestTimeline extends TimelineRecord {
  test: string;
  engine: RowEngine;
  /** Absent: the default transport. */
  transport?: StreamTransport;
  findings: FindingId[];
}

export interface ReportInput {
  status: string;
  generatedAt: Date;
  provenance: Provenance | null;
  /** The teams' apps the run gave verdicts on (target mode). */
  targets?: TargetDescription[];
  /** What each engine said it was, for a run without the lab's stacks (a target run). */
  engines?: Record<string, string>;
  findings: { id: FindingId; rows: FindingRow[] }[];
  missing: string[];
  timelines: TestTimeline[];
}

const STATE_COLOURS: Record<StreamState, string> = {
  idle: '#4b5563',
  connecting: '#eab308',
  open: '#22c55e',
  stale: '#f97316',
  backoff: '#ef4444',
  offline: '#9ca3af',
  closed: '#1f2937',
};
const OUTCOME_COLOURS: Record<string, string> = {
  measured: '#1e40af',
  mitigated: '#166534',
  reproduced: '#92400e',
  failed: '#991b1b',
  'not run': '#374151',
  missing: '#991b1b',
  'not applicable': '#374151',
  inconclusive: '#6b21a8',
};

export const escape = (text: unknown): string =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The cell of the matrix: failed wins, then the outcomes seen. */
function cellOutcome(rows: FindingRow[]): string {
  if (rows.some((row) => row.outcome === 'failed')) return 'failed';
  return [...new Set(rows.map((row) => row.outcome))].join(' + ') || 'not run';
}

function keyFigures(rows: FindingRow[]): string {
  const figures = rows.flatMap((row) =>
    Object.entries(row.measured)
      .filter(([, value]) => typeof value === 'number')
      .slice(0, 1),
  );
  return figures
    .slice(0, 2)
    .map(([key, value]) => `${escape(key)} ${escape(value)}`)
    .join('<br>');
}

const ENGINE_ORDER: RowEngine[] = ['chromium', 'firefox', 'webkit', 'no browser'];

/**
 * Columns: a group per topology (and per stream transport other than the default, beside it), a
 * column per engine inside it; a cell holds one finding's rows there.
 */
function matrix(input: ReportInput): string {
  const rows = input.findings.flatMap((finding) => finding.rows);
  const topologies = [...new Set(rows.map(placeOf))].sort();
  const columns = topologies.map((topology) => ({
    topology,
    engines: ENGINE_ORDER.filter((engine) => rows.some((row) => placeOf(row) === topology && row.engine === engine)),
  }));
  const groups = columns
    .map(({ topology, engines }) => `<th colspan="${engines.length}" class="group">${escape(topology)}</th>`)
    .join('');
  const engineHeads = columns
    .flatMap(({ engines }) => engines.map((engine) => `<th class="engine">${escape(engine)}</th>`))
    .join('');
  const body = input.findings
    .map(({ id, rows: findingRows }) => {
      const cells = columns
        .flatMap(({ topology, engines }) =>
          engines.map((engine) => findingRows.filter((row) => placeOf(row) === topology && row.engine === engine)),
        )
        .map((here) => {
          if (here.length === 0) return '<td class="empty">–</td>';
          const outcome = cellOutcome(here);
          const colours = outcome.split(' + ').map((part) => OUTCOME_COLOURS[part] ?? '#374151');
          const background =
            colours.length === 1 ? colours[0] : `linear-gradient(90deg, ${colours[0]} 50%, ${colours[1]} 50%)`;
          return `<td style="background:${background}"><a href="#${id}">${escape(outcome)}</a><small>${keyFigures(here)}</small></td>`;
        })
        .join('');
      const missing = input.missing.some((entry) => entry === id || entry.startsWith(`${id} (`))
        ? ' <span class="bad">missing</span>'
        : '';
      return `<tr><th><a href="#${id}">${id}</a> ${escape(findingNamed(id).title)}${missing}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="matrix"><thead><tr><th rowspan="2">finding</th>${groups}</tr><tr>${engineHeads}</tr></thead><tbody>${body}</tbody></table>`;
}

/** F15: the settings that passed behind each platform, from its mitigated rows. */
function recommendationTable(rows: FindingRow[]): string {
  const recs = recommendations(rows);
  if (recs.length === 0) return '';
  const head = RECOMMENDATION_HEADS.map((cell) => `<th>${escape(cell)}</th>`).join('');
  const body = recs
    .map(
      (rec) =>
        `<tr>${recommendationCells(rec)
          .map((cell) => `<td>${escape(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<h3>Recommended settings per platform</h3><table class="recommendations"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** F14: a question per row, an engine per column, each cell the engine's answer. */
function engineTable(rows: FindingRow[]): string {
  const engines = ENGINE_ORDER.filter((engine) => rows.some((row) => row.engine === engine));
  const questions = [...new Set(rows.map((row) => String(row.measured.question ?? row.test ?? '')))];
  if (questions.length === 0) return '';
  const cell = (question: string, engine: RowEngine) => {
    const row = rows.find(
      (candidate) =>
        candidate.engine === engine && String(candidate.measured.question ?? candidate.test ?? '') === question,
    );
    if (!row) return '<td class="empty">–</td>';
    const answer = row.error ? `${row.outcome}: ${row.error}` : String(row.measured.answer ?? row.outcome);
    return `<td class="outcome-${escape(row.outcome.replace(/ /g, '-'))}">${escape(answer)}</td>`;
  };
  const body = questions
    .map(
      (question) => `<tr><th>${escape(question)}</th>${engines.map((engine) => cell(question, engine)).join('')}</tr>`,
    )
    .join('');
  return `<table class="engines"><thead><tr><th>behaviour</th>${engines.map((engine) => `<th>${escape(engine)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

const LANE_HEIGHT = 18;
const LANE_GAP = 6;
const LABEL_WIDTH = 150;
const PLOT_WIDTH = 760;
const TOP = 34;

function lane(client: ClientLane, index: number, x: (at: number) => number, endedAt: number): string {
  const y = TOP + index * (LANE_HEIGHT + LANE_GAP);
  const segments: string[] = [];
  let state = client.initialState;
  let from = -Infinity;
  for (const transition of [...client.transitions, { at: endedAt, to: client.initialState, reason: '' }]) {
    const x0 = Math.max(LABEL_WIDTH, x(from));
    const x1 = x(transition.at);
    if (x1 > x0)
      segments.push(
        `<rect class="state state-${state}" x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${LANE_HEIGHT}" fill="${STATE_COLOURS[state]}"><title>${escape(state)}</title></rect>`,
      );
    state = transition.to;
    from = transition.at;
  }
  const ticks = client.events
    .map(
      (at) =>
        `<line class="event" x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="${y + 3}" y2="${y + LANE_HEIGHT - 3}"/>`,
    )
    .join('');
  const markers = client.markers
    .map((marker) => {
      const mx = x(marker.at);
      return `<path class="marker marker-${marker.kind}" d="M${(mx - 5).toFixed(1)},${y - 2} L${(mx + 5).toFixed(1)},${y - 2} L${mx.toFixed(1)},${y + 6} Z"><title>${escape(marker.kind)}: ${escape(marker.detail)}</title></path>`;
    })
    .join('');
  const label = `${client.label} (${client.mode}${client.role === 'solo' ? '' : `, ${client.role}`})`;
  return `<g class="lane"><text x="4" y="${y + 13}">${escape(label)}</text>${segments.join('')}${ticks}${markers}</g>`;
}

/** One test's timeline: time from the test's start, fault windows shaded, a lane per client. */
export function timelineSvg(timeline: TimelineRecord): string {
  const span = Math.max(1, timeline.endedAt - timeline.startedAt);
  const x = (at: number) =>
    LABEL_WIDTH +
    ((Math.min(Math.max(at, timeline.startedAt), timeline.endedAt) - timeline.startedAt) / span) * PLOT_WIDTH;
  const height = TOP + timeline.clients.length * (LANE_HEIGHT + LANE_GAP) + 20;
  const faults = timeline.faults
    .map((fault) => {
      const x0 = x(fault.from);
      const x1 = Math.max(x0 + 2, x(fault.to ?? timeline.endedAt));
      const params = Object.entries(fault.params)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      const label = `${fault.name} @ ${fault.target}${params ? ` (${params})` : ''}`;
      return `<g class="fault"><rect x="${x0.toFixed(1)}" y="14" width="${(x1 - x0).toFixed(1)}" height="${height - 30}"/><text x="${(x0 + 3).toFixed(1)}" y="26">${escape(label)}</text></g>`;
    })
    .join('');
  const seconds = span / 1000;
  const step = seconds > 60 ? 10 : seconds > 20 ? 5 : seconds > 8 ? 2 : 1;
  const axis = Array.from({ length: Math.floor(seconds / step) + 1 }, (_, i) => {
    const tx = x(timeline.startedAt + i * step * 1000);
    return `<line class="grid" x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="14" y2="${height - 14}"/><text class="tick" x="${tx.toFixed(1)}" y="${height - 2}">${i * step}s</text>`;
  }).join('');
  const lanes = timeline.clients.map((client, index) => lane(client, index, x, timeline.endedAt)).join('');
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${LABEL_WIDTH + PLOT_WIDTH + 10} ${height}" width="${LABEL_WIDTH + PLOT_WIDTH + 10}" height="${height}" role="img" aria-label="timeline">${axis}${faults}${lanes}</svg>`;
}

function figures(rows: FindingRow[]): string {
  return rows
    .map((row) => {
      const measured =
        Object.entries(row.measured)
          .map(([key, value]) => `<b>${escape(key)}</b> ${escape(value)}`)
          .join(' · ') || '–';
      const outcome = row.error ? `${row.outcome}: ${row.error}` : row.outcome;
      const grounds = row.why ? `<br><small>${escape(row.why)}</small>` : '';
      const advice = row.advice ? `<br><small class="advice">change: ${escape(row.advice)}</small>` : '';
      return `<tr><td>${escape(placeOf(row))}</td><td>${escape(row.engine)}</td><td class="outcome-${escape(row.outcome.replace(/ /g, '-'))}">${escape(outcome)}${grounds}${advice}</td><td>${escape(row.test ?? '')}</td><td>${measured}</td></tr>`;
    })
    .join('');
}

function section(input: ReportInput, id: FindingId, rows: FindingRow[]): string {
  const tests = input.timelines.filter((timeline) => timeline.findings.includes(id));
  const timelines = tests
    .map(
      (timeline) =>
        `<figure><figcaption>${escape(timeline.test)} (${escape(withTransport(timeline.engine, timeline.transport))})</figcaption>${timelineSvg(timeline)}</figure>`,
    )
    .join('\n');
  const finding = findingNamed(id);
  return `<section id="${id}"><h2>${id} — ${escape(finding.title)}</h2>
<p class="claim">${escape(finding.claim)}</p>
<p class="spike">The spike: ${escape(finding.spike)}</p>
${id === 'F14' ? engineTable(rows) : ''}${id === 'F15' ? recommendationTable(rows) : ''}
<table class="rows"><thead><tr><th>topology</th><th>engine</th><th>outcome</th><th>test</th><th>measured (ms unless named)</th></tr></thead><tbody>${figures(rows) || '<tr><td colspan="5">no row in this run</td></tr>'}</tbody></table>
${timelines}
</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;background:#0b1020;color:#e5e7eb;margin:24px}
a{color:#93c5fd}h1{margin:0 0 4px}header p{margin:2px 0;color:#9ca3af}
table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #1f2937;padding:6px 8px;vertical-align:top;text-align:left}
.matrix{font-size:11px}.matrix th:first-child{width:190px}.matrix td{min-width:62px}.matrix .group{text-align:center}.matrix .engine{font-weight:400;color:#9ca3af}
.engines td.outcome-not-applicable{color:#9ca3af}.matrix td a{color:#fff;font-weight:600;text-decoration:none}
.matrix small{display:block;color:#e5e7eb;opacity:.85;font-size:11px;word-break:break-word}
.empty{color:#4b5563}.advice{color:#fde68a}.target{color:#e5e7eb}.bad{color:#fca5a5}.spike{font-style:italic;color:#cbd5e1}.claim{color:#e5e7eb}
section{border-top:1px solid #1f2937;margin-top:24px;padding-top:8px}figure{margin:12px 0}figcaption{color:#9ca3af;margin-bottom:4px}
.timeline{background:#111827;border-radius:6px}.timeline text{fill:#e5e7eb;font-size:11px}.timeline .tick{fill:#9ca3af;font-size:10px}
.timeline .grid{stroke:#1f2937}.timeline .event{stroke:#e5e7eb;stroke-opacity:.7}.fault rect{fill:#a855f7;fill-opacity:.18;stroke:#a855f7}
.fault text{fill:#d8b4fe}.marker-reset{fill:#f43f5e}.marker-gap{fill:#facc15}.legend span{display:inline-block;margin-right:12px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px}`;

/** `Engines: chromium … · firefox …`, the header line of a report's engines. */
const enginesParagraph = (engines: Record<string, string> = {}) =>
  `<p>Engines: ${
    Object.entries(engines)
      .map(([engine, description]) => `<b>${escape(engine)}</b> ${escape(description)}`)
      .join(' · ') || 'none recorded'
  }</p>`;

/** The findings report: one self-contained file (inline CSS and SVG, no script, no network). */
export function renderFindingsHtml(input: ReportInput): string {
  const p = input.provenance;
  const provenance = p
    ? `<p>Commit ${escape(p.commit)} · Toxiproxy: ${escape(p.toxiproxy)} · nginx: ${escape(p.nginx)} · app on Node ${escape(p.appNode)} · dev server: ${escape(p.vite)}</p>
${enginesParagraph(p.engines)}
<p>Settings: ${Object.entries(p.settings)
        .map(([key, value]) => `${escape(key)}=${escape(value)}`)
        .join(', ')}</p>`
    : input.targets?.length
      ? enginesParagraph(input.engines)
      : '<p>Provenance unknown: global setup did not record the stack.</p>';
  const targets = (input.targets ?? [])
    .map(
      (target) =>
        `<p class="target">Target <b>${escape(target.name)}</b>: ${escape(describeTargetImage(target))}, from ${escape(target.file)}</p>`,
    )
    .join('\n');
  const legend = Object.entries(STATE_COLOURS)
    .map(([state, colour]) => `<span><i style="background:${colour}"></i>${state}</span>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SSE Parity Lab — findings</title><style>${STYLE}</style></head>
<body>
<header><h1>SSE Parity Lab — findings</h1>
<p>Run status: <b>${escape(input.status)}</b> · ${escape(input.generatedAt.toISOString())}</p>
${targets}
${provenance}</header>
${matrix(input)}
<p class="legend">${legend}<span><i style="background:#a855f7;opacity:.5"></i>fault window</span><span>| event received</span><span><i style="background:#f43f5e"></i>reset</span><span><i style="background:#facc15"></i>gap</span></p>
${input.findings.map(({ id, rows }) => section(input, id, rows)).join('\n')}
</body></html>
`;
}
