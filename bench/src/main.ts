import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runFanOut, type FanOutResult } from './fan-out';
import { openFileLimit, streamsAllowed } from './limits';
import { runRecovery } from './recovery';
import { runScale, type ScaleResult } from './scale';
import { runSlowSoak, type SlowSoakResult } from './slow-soak';
import { chart, markdown, type BenchResults } from './report';
import { comparisonRows, previousRun } from './compare';
import { DIRECT_TARGETS, directTargets, WHERE_THE_COST_IS } from './targets';
import { LAB_SERVERS, REPO_ROOT, SERVER_KINDS, SERVER_NODE_OPTIONS } from './server-process';
import { runStorm, type StormResult } from './storm';

const quick = process.argv.includes('--quick') || process.env.QUICK === '1';
const PLAN = quick
  ? {
      streams: [500, 2000],
      beyond: [],
      sweepStreams: 500,
      sweepRates: [1, 10],
      scaleStreams: 1000,
      scaleBeyond: [],
      soakMs: 0,
      measureMs: 4000,
      recoveryTrials: 1,
      stormClients: 1000,
    }
  : {
      streams: [1000, 5000, 10_000],
      beyond: [15_000, 20_000],
      sweepStreams: 1000,
      sweepRates: [1, 5, 10, 20],
      scaleStreams: 5000,
      scaleBeyond: [20_000],
      soakMs: 240_000,
      measureMs: 15_000,
      recoveryTrials: 3,
      stormClients: 10_000,
    };

const log = (line: string) => console.log(line);
/** The storm's feed: two events a second, so that the 20 each client misses pile up in 10 s. */
const STORM = { missedEvents: 20, tickMs: 500 };
/** The soak's clients, and the bound it runs with (below the 1 MB default, so the soak stays short). */
const SOAK_CLIENTS = 50;
const SOAK_BOUND_KB = 64;

const summary = (
  r: Pick<FanOutResult, 'connected' | 'latencyMs' | 'lossPct' | 'rssPerStreamKB' | 'cpuSecondsPer100kEvents'> & {
    heapPerStreamKB?: number;
  },
) =>
  `    connected ${r.connected}, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, loss ${r.lossPct} %, ${r.heapPerStreamKB === undefined ? '' : `heap ${r.heapPerStreamKB} KB/stream, `}RSS ${r.rssPerStreamKB} KB/stream, ${r.cpuSecondsPer100kEvents} CPU s/100k ev`;

/** One scenario on each server: the lab on both transports, its peers, plain `node:http`. */
async function fanOutSet(streams: number, eventsPerSecond: number, index: number): Promise<FanOutResult[]> {
  const set: FanOutResult[] = [];
  for (const server of SERVER_KINDS) {
    log(`  ${server}: ${streams} streams × ${eventsPerSecond} ev/s …`);
    const result = await runFanOut(
      server,
      { streams, eventsPerSecond, measureMs: PLAN.measureMs },
      index * SERVER_KINDS.length + set.length,
    );
    log(summary(result));
    set.push(result);
  }
  return set;
}

/** A scenario "holds" when every stream connected, nothing was lost and p99 stayed under a second. */
const holds = (r: FanOutResult) => r.failed === 0 && r.lossPct < 1 && r.latencyMs.p99 < 1000;

async function main(): Promise<void> {
  const started = Date.now();
  if (SERVER_NODE_OPTIONS) log(`==> every server runs with NODE_OPTIONS="${SERVER_NODE_OPTIONS}"`);
  const limit = openFileLimit();
  const allowed = streamsAllowed(limit);
  log(`==> open-file limit ${limit}: up to ${allowed} streams (raise with "ulimit -n 65536")`);
  const fanOut: FanOutResult[] = [];
  let index = 0;
  log('==> fan-out, one broadcast per second');
  for (const streams of PLAN.streams) {
    if (streams > allowed) {
      log(`  skipping ${streams} streams: the open-file limit allows ${allowed}`);
      continue;
    }
    fanOut.push(...(await fanOutSet(streams, 1, index++)));
  }
  for (const streams of PLAN.beyond) {
    const nest = fanOut.filter((r) => r.server === 'nestjs').at(-1);
    if (!nest || !holds(nest)) break;
    if (streams > allowed) {
      log(`  stopping before ${streams} streams: the open-file limit allows ${allowed}`);
      break;
    }
    fanOut.push(...(await fanOutSet(streams, 1, index++)));
  }
  const targets = directTargets(fanOut);
  if (targets.length > 0) {
    log(`==> targets for nestjs-direct at ${DIRECT_TARGETS.streams} streams × ${DIRECT_TARGETS.eventsPerSecond} ev/s`);
    for (const check of targets)
      log(`  ${check.met ? 'met   ' : 'MISSED'} ${check.target}: ${check.measured} (bound ${check.bound})`);
    if (targets.some((check) => !check.met)) log(`  ${WHERE_THE_COST_IS}`);
  }
  log(`==> rate sweep at ${PLAN.sweepStreams} streams`);
  const rateSweep: FanOutResult[] = [];
  for (const rate of PLAN.sweepRates) rateSweep.push(...(await fanOutSet(PLAN.sweepStreams, rate, index++)));
  log(
    `==> scaled topology at ${PLAN.scaleStreams} streams, 1 ev/s${PLAN.scaleBeyond.length ? `, then two replicas at ${PLAN.scaleBeyond.join(', ')}` : ''}`,
  );
  const scaled: ScaleResult[] = [];
  for (const topology of ['one process, memory log', 'two replicas, Redis log'] as const) {
    log(`  ${topology} …`);
    const result = await runScale(
      topology,
      { streams: PLAN.scaleStreams, eventsPerSecond: 1, measureMs: PLAN.measureMs },
      scaled.length,
    );
    log(summary(result));
    scaled.push(result);
  }
  for (const streams of PLAN.scaleBeyond) {
    // One process cannot hold more streams than its open-file limit; two replicas split them.
    const perReplica = Math.ceil(streams / 2);
    if (perReplica > allowed) {
      log(`  skipping ${streams} streams on two replicas: the open-file limit allows ${allowed} per process`);
      continue;
    }
    log(
      `  two replicas, Redis log, ${streams} streams (${perReplica} per replica, each with its own load generator) …`,
    );
    const result = await runScale(
      'two replicas, Redis log',
      { streams, eventsPerSecond: 1, measureMs: PLAN.measureMs },
      scaled.length,
    );
    log(summary(result));
    scaled.push(result);
  }
  const slowSoak: SlowSoakResult[] = [];
  if (PLAN.soakMs === 0)
    log('==> slow-client soak skipped with --quick: the kernel buffers alone take minutes to fill');
  else
    log(
      `==> slow-client soak: ${SOAK_CLIENTS} clients that never read, ${PLAN.soakMs / 1000} s, with and without a bound`,
    );
  for (const bufferKb of PLAN.soakMs === 0 ? [] : [SOAK_BOUND_KB, 0]) {
    log(`  SLOW_CLIENT_BUFFER_KB=${bufferKb} …`);
    const result = await runSlowSoak({ clients: SOAK_CLIENTS, soakMs: PLAN.soakMs, bufferKb, tickMs: 10 });
    log(
      `    RSS ${result.rssStartMB} → ${result.rssEndMB} MB (peak ${result.rssPeakMB}), dropped as slow ${result.droppedAsSlow}, still open ${result.stillOpen}`,
    );
    slowSoak.push(result);
  }
  log(`==> recovery, ${PLAN.recoveryTrials} trial(s) per fault`);
  const recovery = await runRecovery(PLAN.recoveryTrials, log);
  log(
    `==> reconnect storm: ${PLAN.stormClients} clients, the server killed and started again, ${STORM.missedEvents} events to replay each`,
  );
  const storm: StormResult[] = [];
  for (const server of LAB_SERVERS) {
    log(`  ${server} …`);
    const result = await runStorm(
      server,
      { clients: Math.min(PLAN.stormClients, allowed), ...STORM },
      storm.length,
      log,
    );
    log(
      `    all live after ${result.allLiveAfterMs} ms, first replayed p99 ${result.firstReplayedMs.p99} ms, refused ${result.refused}, lost ${result.lostEvents}, resets ${result.resets}`,
    );
    storm.push(result);
  }

  const date = new Date().toISOString().replace(/[:]/g, '-').slice(0, 19);
  const results: BenchResults = {
    date,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    quick,
    nodeOptions: SERVER_NODE_OPTIONS,
    fanOut,
    rateSweep,
    recovery,
    storm,
    scaled,
    slowSoak,
  };
  const dir = join(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const before = previousRun(dir, results);
  const report = markdown(results, before && { date: before.date, rows: comparisonRows(before, results) });
  writeFileSync(join(dir, `${date}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(dir, `${date}.md`), report);
  writeFileSync(join(dir, `${date}.svg`), chart(fanOut));
  writeFileSync(join(dir, 'latest.md'), report);
  writeFileSync(join(dir, 'latest.svg'), chart(fanOut));
  log(`\n${report}`);
  log(`==> wrote bench/results/${date}.{json,md,svg} in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
