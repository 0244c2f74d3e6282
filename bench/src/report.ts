import { sameScenario, type FanOutResult } from './fan-out';
import type { RecoveryResult } from './recovery';
import type { ScaleResult } from './scale';
import { LAB_SERVERS, SERVER_KINDS, type ServerKind } from './server-process';
import type { SlowSoakResult } from './slow-soak';
import { stormRows, type StormResult } from './storm';
import { ratio } from './stats';
import { DIRECT_TARGETS, directTargets, targetRows, WHERE_THE_COST_IS } from './targets';

const SERVER_COLORS: Record<ServerKind, string> = {
  nestjs: '#e0234e',
  'nestjs-direct': '#f39c12',
  'nest-floor': '#9b59b6',
  'nest-floor-fastify': '#16a085',
  'better-sse': '#7f8c8d',
  baseline: '#4f8cff',
};

const SERVERS_LEGEND = [
  'Servers, each with the same feed, framing and broadcast:',
  '`nestjs` is the lab (the production build) on `STREAM_TRANSPORT=sse-decorator`, its `@Sse()` path;',
  '`nestjs-direct` the same build on `STREAM_TRANSPORT=direct`, where the controller writes each shared encoded frame itself;',
  "`nest-floor` a bare `@Sse()` app on the same NestJS and Express (one shared multicast, nothing else: the framework's own cost);",
  '`nest-floor-fastify` the same app on `@nestjs/platform-fastify`;',
  '`better-sse` a better-sse channel on Express;',
  '`baseline` plain `node:http`.',
  'Heap/stream is the heap after a full GC with the streams open, less the idle one, per stream.',
].join(' ');

export interface BenchResults {
  date: string;
  machine: string;
  quick: boolean;
  /** NODE_OPTIONS every server process ran with (SERVER_NODE_OPTIONS), when set. */
  nodeOptions?: string;
  fanOut: FanOutResult[];
  rateSweep: FanOutResult[];
  recovery: RecoveryResult[];
  /** Absent from the runs before the storm was measured. */
  storm?: StormResult[];
  scaled: ScaleResult[];
  slowSoak: SlowSoakResult[];
}

/** A ratio as the tables print it. */
export const times = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(2)}×`);

export function fanOutRows(results: FanOutResult[]): string[] {
  const rows = [
    '| streams | ev/s | server | connected | ramp (conn/s) | p50 ms | p99 ms | max ms | loss % | heap/stream KB | RSS/stream KB | CPU s/100k ev | release ms | p99 / baseline | CPU / baseline | CPU / floor |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const base = r.server === 'baseline' ? undefined : sameScenario(results, r, 'baseline');
    const floor = LAB_SERVERS.includes(r.server) ? sameScenario(results, r, 'nest-floor') : undefined;
    rows.push(
      `| ${r.streams} | ${r.eventsPerSecond} | ${r.server} | ${r.connected} | ${r.rampPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.lossPct} | ${r.heapPerStreamKB ?? '–'} | ${r.rssPerStreamKB} | ${r.cpuSecondsPer100kEvents} | ${r.releaseMs} | ${base ? times(ratio(r.latencyMs.p99, base.latencyMs.p99)) : ''} | ${base ? times(ratio(r.cpuSecondsPer100kEvents, base.cpuSecondsPer100kEvents)) : ''} | ${floor ? times(ratio(r.cpuSecondsPer100kEvents, floor.cpuSecondsPer100kEvents)) : ''} |`,
    );
  }
  return rows;
}

function scaledRows(results: ScaleResult[]): string[] {
  return [
    '| topology | streams | ev/s | connected | p50 ms | p99 ms | max ms | loss % | RSS/stream KB (apps) | CPU s/100k ev (apps) | CPU s/100k ev (redis-server) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.topology} | ${r.streams} | ${r.eventsPerSecond} | ${r.connected} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.lossPct} | ${r.rssPerStreamKB} | ${r.cpuSecondsPer100kEvents} | ${r.redisCpuSecondsPer100kEvents} |`,
    ),
  ];
}

/** The run's figures; `previous`, the lab server's fan-out figures of the run before, beside this one's. */
export function markdown(results: BenchResults, previous?: { date: string; rows: string[] }): string {
  const targets = directTargets(results.fanOut);
  const recovery = [
    '| fault | trials | detect p50 / max ms | bound ms | first event after clear p50 / max ms | bound ms |',
    '|---|---|---|---|---|---|',
    ...results.recovery.map(
      (r) =>
        `| ${r.fault} | ${r.trials} | ${r.detectMs.p50} / ${r.detectMs.max} | ${r.detectBoundMs} | ${r.firstEventMs.p50} / ${r.firstEventMs.max} | ${r.firstEventBoundMs} |`,
    ),
  ];
  return [
    `# Benchmark ${results.date}${results.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${results.machine}${results.nodeOptions ? `; servers run with NODE_OPTIONS="${results.nodeOptions}"` : ''}`,
    '',
    SERVERS_LEGEND,
    '',
    '## Fan-out (one broadcast per second)',
    '',
    ...fanOutRows(results.fanOut),
    '',
    `## Targets for \`nestjs-direct\` at ${DIRECT_TARGETS.streams} streams × ${DIRECT_TARGETS.eventsPerSecond} ev/s, against the peers of this run`,
    '',
    ...(targets.length > 0
      ? targetRows(targets)
      : ['Not measured in this run: it needs that scenario on `nestjs-direct`, `baseline` and `better-sse`.']),
    ...(targets.some((check) => !check.met) ? ['', WHERE_THE_COST_IS] : []),
    '',
    ...(previous && previous.rows.length > 0
      ? [`## The lab server against the previous run (${previous.date})`, '', ...previous.rows, '']
      : []),
    '## Rate sweep',
    '',
    ...fanOutRows(results.rateSweep),
    '',
    '## Scaled topology: one process on the memory log against two replicas on the Redis log (same load, same run); then two replicas alone, past what one process may hold',
    '',
    ...scaledRows(results.scaled ?? []),
    '',
    '## Slow-client soak (clients that never read, one event every 10 ms)',
    '',
    '| SLOW_CLIENT_BUFFER_KB | clients | soak s | RSS start MB | RSS end MB | growth MB | peak MB | dropped as slow | all dropped after s | still open |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...(results.slowSoak ?? []).map(
      (r) =>
        `| ${r.bufferKb === 0 ? '0 (unbounded)' : r.bufferKb} | ${r.clients} | ${r.soakMs / 1000} | ${r.rssStartMB} | ${r.rssEndMB} | ${r.rssGrowthMB} | ${r.rssPeakMB} | ${r.droppedAsSlow} | ${r.allDroppedAfterS ?? '–'} | ${r.stillOpen} |`,
    ),
    '',
    '## Recovery with the lab client (detection and first event after the fault clears)',
    '',
    ...recovery,
    '',
    '## Reconnect storm (every client back at once with its Last-Event-ID after the server was killed and started again, on the Redis log)',
    '',
    ...stormRows(results.storm ?? []),
    '',
  ].join('\n');
}

/** A two-panel line chart (p99 latency and RSS per stream against N), as plain SVG. */
export function chart(results: FanOutResult[]): string {
  const W = 360,
    H = 220,
    PAD = 44;
  const panel = (title: string, value: (r: FanOutResult) => number, x0: number) => {
    const ns = [...new Set(results.map((r) => r.streams))].sort((a, b) => a - b);
    const max = Math.max(1, ...results.map(value).filter(Number.isFinite));
    const px = (n: number) => x0 + PAD + (ns.length < 2 ? 0 : (ns.indexOf(n) / (ns.length - 1)) * (W - 2 * PAD));
    const py = (v: number) => H - PAD - (v / max) * (H - 2 * PAD);
    const lines = SERVER_KINDS.map((server, i) => {
      const points = results
        .filter((r) => r.server === server)
        .map((r) => `${px(r.streams).toFixed(1)},${py(value(r)).toFixed(1)}`);
      const color = SERVER_COLORS[server];
      return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/><text x="${x0 + W - PAD - 60}" y="${24 + i * 14}" fill="${color}" font-size="11">${server}</text>`;
    });
    const ticks = ns.map(
      (n) => `<text x="${px(n)}" y="${H - PAD + 16}" font-size="10" text-anchor="middle">${n}</text>`,
    );
    return `<g><text x="${x0 + PAD}" y="20" font-size="12" font-weight="bold">${title}</text><text x="${x0 + PAD - 4}" y="${PAD}" font-size="10" text-anchor="end">${Math.round(max)}</text><line x1="${x0 + PAD}" y1="${H - PAD}" x2="${x0 + W - PAD}" y2="${H - PAD}" stroke="#888"/><line x1="${x0 + PAD}" y1="${PAD}" x2="${x0 + PAD}" y2="${H - PAD}" stroke="#888"/>${ticks.join('')}${lines.join('')}<text x="${x0 + W / 2}" y="${H - 8}" font-size="10" text-anchor="middle">streams</text></g>`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif">${panel('p99 delivery latency (ms)', (r) => r.latencyMs.p99, 0)}${panel('RSS per stream (KB)', (r) => r.rssPerStreamKB, W)}</svg>\n`;
}
