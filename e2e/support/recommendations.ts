import type { FindingRow, RowEngine } from './findings';

/** The settings that passed behind one platform: what F15's mitigated rows measured, at full scale. */
export interface Recommendation {
  platform: string;
  heartbeatMs: number;
  /** 0: no rotation needed. */
  maxStreamMs: number;
  /** The server's `retry:` in the run, its jitter, and the lab client's watchdog (in heartbeats): unset in older rows. */
  retryMs?: number;
  retryJitterPct?: number;
  labWatchdogHeartbeats?: number;
  engines: RowEngine[];
  timeScale: number;
}

const PLATFORM_PREFIX = 'platform: ';

/** One line per platform whose F15 `mitigated` row passed, in the order the rows came. */
export function recommendations(rows: FindingRow[]): Recommendation[] {
  const byPlatform = new Map<string, Recommendation>();
  for (const row of rows) {
    if (row.id !== 'F15' || row.outcome !== 'mitigated' || !row.topology.startsWith(PLATFORM_PREFIX)) continue;
    const platform = row.topology.slice(PLATFORM_PREFIX.length);
    const known = byPlatform.get(platform);
    if (known) known.engines.push(row.engine);
    else
      byPlatform.set(platform, {
        platform,
        heartbeatMs: Number(row.measured.recommendedHeartbeatMs),
        maxStreamMs: Number(row.measured.recommendedMaxStreamMs),
        ...optionalNumbers(row.measured, ['retryMs', 'retryJitterPct', 'labWatchdogHeartbeats']),
        engines: [row.engine],
        timeScale: Number(row.measured.timeScale),
      });
  }
  return [...byPlatform.values()];
}

function optionalNumbers<K extends string>(measured: FindingRow['measured'], keys: K[]): Partial<Record<K, number>> {
  return Object.fromEntries(
    keys.filter((key) => measured[key] !== undefined).map((key) => [key, Number(measured[key])]),
  ) as Partial<Record<K, number>>;
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** A recommendation's cells: platform, heartbeat, MAX_STREAM_MS, `retry:`, the clients, where it passed. */
export const recommendationCells = (rec: Recommendation) => [
  rec.platform,
  `every ${seconds(rec.heartbeatMs)} or less`,
  rec.maxStreamMs > 0 ? `${rec.maxStreamMs} (${seconds(rec.maxStreamMs)})` : '0 (never)',
  rec.retryMs === undefined
    ? '–'
    : `${rec.retryMs} ms ±${rec.retryJitterPct ?? 0} %${rec.maxStreamMs > 0 ? '; 0.1–1 s after a rotation' : ''}`,
  rec.labWatchdogHeartbeats === undefined
    ? '–'
    : `lab client (watchdog ${rec.labWatchdogHeartbeats} heartbeats) and native EventSource`,
  `${rec.engines.join(', ')}, at time scale ${rec.timeScale}`,
];

export const RECOMMENDATION_HEADS = ['platform', 'named heartbeat', 'MAX_STREAM_MS', 'retry:', 'clients', 'passed in'];

/** The settings that passed, per platform, as a markdown table (the README's, written from a run). */
export function recommendationsTable(recs: Recommendation[]): string {
  return [
    `| ${RECOMMENDATION_HEADS.join(' | ')} |`,
    `|${RECOMMENDATION_HEADS.map(() => '---').join('|')}|`,
    ...recs.map((rec) => `| ${recommendationCells(rec).join(' | ')} |`),
  ].join('\n');
}

/** The section findings.md ends with: the table under its heading, nothing without a passed row. */
export function recommendationsMarkdown(recs: Recommendation[]): string {
  if (recs.length === 0) return '';
  return ['## Recommended settings per platform (F15, measured)', '', recommendationsTable(recs), ''].join('\n');
}
