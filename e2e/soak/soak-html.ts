import { escape } from '../support/findings-html';
import type { SoakReport } from './soak-report';

const START = '<!-- soak -->';
const END = '<!-- /soak -->';
const WIDTH = 1100;
const LABEL = 170;
const ROW = 14;

/** Faults as bars on one lane per fault point, then each client's time without an open stream (red) and its resets (ticks). */
export function soakTimelineSvg(report: SoakReport): string {
  const { from, to } = report.timeline;
  const x = (at: number) =>
    LABEL + ((Math.min(Math.max(at, from), to) - from) / Math.max(1, to - from)) * (WIDTH - LABEL - 10);
  const lanes = [...new Set(report.timeline.faults.map((fault) => fault.lane))];
  const rows: string[] = [];
  let y = 4;
  for (const lane of lanes) {
    rows.push(`<text x="0" y="${y + 10}">faults: ${escape(lane)}</text>`);
    for (const fault of report.timeline.faults.filter((f) => f.lane === lane)) {
      rows.push(
        `<rect x="${x(fault.from).toFixed(1)}" y="${y}" width="${Math.max(1, x(fault.to) - x(fault.from)).toFixed(1)}" height="${ROW - 3}" fill="#a855f7" opacity=".45"><title>${escape(fault.label)}</title></rect>`,
      );
    }
    y += ROW;
  }
  for (const client of report.timeline.clients) {
    rows.push(
      `<text x="0" y="${y + 10}">${escape(client.name)}</text><rect x="${LABEL}" y="${y + 4}" width="${WIDTH - LABEL - 10}" height="3" fill="#22c55e"/>`,
    );
    for (const span of client.down)
      rows.push(
        `<rect x="${x(span.from).toFixed(1)}" y="${y}" width="${Math.max(1, x(span.to) - x(span.from)).toFixed(1)}" height="${ROW - 3}" fill="#ef4444"/>`,
      );
    for (const at of client.resets)
      rows.push(`<rect x="${x(at).toFixed(1)}" y="${y}" width="2" height="${ROW - 3}" fill="#f43f5e"/>`);
    y += ROW;
  }
  const seconds = Math.round((to - from) / 1000);
  rows.push(`<text x="${LABEL}" y="${y + 12}">0 s</text><text x="${WIDTH - 60}" y="${y + 12}">${seconds} s</text>`);
  return `<svg class="soak-timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 18}" font-size="10" font-family="sans-serif">${rows.join('')}</svg>`;
}

export function soakSectionHtml(report: SoakReport): string {
  const kinds = Object.entries(report.faults.byKind).sort(([, a], [, b]) => b - a);
  const reasons = new Map<string, { count: number; causes: Set<string> }>();
  for (const reset of report.resets) {
    const entry = reasons.get(reset.reason) ?? { count: 0, causes: new Set<string>() };
    entry.count++;
    reset.causes.forEach((cause) => entry.causes.add(cause));
    reasons.set(reset.reason, entry);
  }
  const violations = report.violations.length
    ? `<ul>${report.violations.map((v) => `<li><b>${escape(v.invariant)}</b> ${escape(v.client ?? '')}: ${escape(v.detail)}</li>`).join('')}</ul>`
    : '<p>No violation.</p>';
  return `${START}
<section id="soak"><h2>Soak: overlapping faults, one checker (${escape(report.status)})</h2>
<p>Seed <b>${report.seed}</b> · topology ${escape(report.topology)} · ${report.durationS} s of faults · replay: <code>${escape(report.command)}</code> · server side read from ${escape(report.logSource)}</p>
<table><tr><th>figure</th><th>value</th></tr>
<tr><td>faults applied</td><td>${report.faults.applied} of ${report.faults.scheduled} drawn; Toxiproxy restarted ${report.faults.toxiproxyRestarts} time(s)</td></tr>
<tr><td>by kind</td><td>${kinds.map(([name, count]) => `${escape(name)} ${count}`).join(', ')}</td></tr>
<tr><td>clients</td><td>${Object.entries(report.clients)
    .map(([kind, count]) => `${count} ${escape(kind)}`)
    .join(', ')}</td></tr>
<tr><td>events checked</td><td>${report.eventsChecked}</td></tr>
<tr><td>resets</td><td>${report.resets.length}${[...reasons].map(([reason, { count, causes }]) => `<br>${escape(reason)}: ${count} (during ${escape([...causes].join(', ') || 'no fault')})`).join('')}</td></tr>
<tr><td>resumed at a gap in the ids</td><td>${Object.entries(report.gapResumes)
    .map(([kind, n]) => `${escape(kind)} ${n}`)
    .join('<br>')}</td></tr>
<tr><td>longest without a stream</td><td>${Object.entries(report.longestWithoutStreamMs)
    .map(([kind, ms]) => `${escape(kind)} ${(ms / 1000).toFixed(1)} s`)
    .join('<br>')}</td></tr>
<tr><td>every client open after the last fault</td><td>${report.recovery.allOpenAfterMs === null ? 'not within' : `${(report.recovery.allOpenAfterMs / 1000).toFixed(1)} s, bound`} ${(report.recovery.boundMs / 1000).toFixed(1)} s</td></tr>
<tr><td>heap growth per boot</td><td>at most ${report.memory.largestGrowthMb} MB, bound ${report.memory.boundMb} MB</td></tr>
<tr><td>violations</td><td>${report.violations.length}</td></tr></table>
${violations}
${soakTimelineSvg(report)}
</section>
${END}`;
}

/** The findings report with this soak's section in place of an earlier one (or added at the end). */
export function withSoakSection(html: string, report: SoakReport): string {
  const section = soakSectionHtml(report);
  const start = html.indexOf(START);
  const end = html.indexOf(END);
  if (start >= 0 && end > start) return html.slice(0, start) + section + html.slice(end + END.length);
  return html.includes('</body>') ? html.replace('</body>', `${section}\n</body>`) : `${html}${section}\n`;
}
