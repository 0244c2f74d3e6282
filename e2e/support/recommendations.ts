import type { FindingRow, RowEngine } from './findings';

/** The settings that passed behind one platform: what F15's mitigated rows measured, at full scale. */
export interface Recommendation {
  platform: string;
  heartbeatMs: number;
  /** 0: no rotation needed. */
  maxStreamMs: number;
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
        engines: [row.engine],
        timeScale: Number(row.measured.timeScale),
      });
  }
  return [...byPlatform.values()];
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** A recommendation's cells: platform, heartbeat, MAX_STREAM_MS, where it passed. */
export const recommendationCells = ({ platform, heartbeatMs, maxStreamMs, engines, timeScale }: Recommendation) => [
  platform,
  `every ${seconds(heartbeatMs)} or less`,
  maxStreamMs > 0 ? `${maxStreamMs} (${seconds(maxStreamMs)})` : '0 (never)',
  `${engines.join(', ')}, at time scale ${timeScale}`,
];

export const RECOMMENDATION_HEADS = ['platform', 'named heartbeat', 'MAX_STREAM_MS', 'passed in'];

/** The table for findings.md (and the README): the settings that passed, per platform. */
export function recommendationsMarkdown(recs: Recommendation[]): string {
  if (recs.length === 0) return '';
  return [
    '## Recommended settings per platform (F15, measured)',
    '',
    `| ${RECOMMENDATION_HEADS.join(' | ')} |`,
    `|${RECOMMENDATION_HEADS.map(() => '---').join('|')}|`,
    ...recs.map((rec) => `| ${recommendationCells(rec).join(' | ')} |`),
    '',
  ].join('\n');
}
