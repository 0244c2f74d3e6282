import { ToxiproxyAdmin } from '@sse-lab/test-support';
import { LAB } from '../lab-settings';
import { acceptedLogOf, type AcceptedLog } from './accepted-log';
import { openBrowserFleet, TAB_POLL_MS, type BrowserFleet } from './browser-clients';
import { caughtUp, checkAcceptedLog, checkHistory, type ExplainedReset, type Violation } from './checker';
import type { ClientHistory } from './client-history';
import { FaultRunner, type AppliedFault } from './fault-runner';
import { startNodeClient, type NodeClient } from './node-clients';
import { drawSchedule, type ScheduledFault } from './schedule';
import { soakCatalogue } from './soak-catalogue';
import { buildSoakReport, faultLabel, faultsAround, type SoakReport } from './soak-report';
import { replayCommand, type SoakSettings } from './soak-settings';
import { gaugeMismatch, memoryViolations, sampleApp, type AppSample } from './server-gauges';
import { SOAK_CLIENT, type SoakStack } from './soak-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MONITOR_MS = 2000;
const SAMPLE_EVERY = 5;

/**
 * How long after the last fault clears every client may take to be open again, from the
 * configuration: a connection attempt that began on the slow path runs to its timeout's cap; then
 * the longest backoff step, the server's retry with its jitter, and the watchdog of a jittery path
 * (3 x 2.5 heartbeats); plus 10 s for a replica that was started again to take clients.
 */
export const RECOVERY_BOUND_MS =
  SOAK_CLIENT.maxConnectTimeoutMs +
  SOAK_CLIENT.maxBackoffMs +
  LAB.RETRY_MS * (1 + LAB.RETRY_JITTER_PCT / 100) +
  3 * SOAK_CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS +
  10_000;
/** Server gauges settle once dead peers are ended (DEAD_PEER_MS after their socket backed up) and closed streams counted. */
const GAUGE_BOUND_MS = 2 * LAB.DEAD_PEER_MS + 5 * LAB.HEARTBEAT_MS + 10_000;

interface Client {
  history: ClientHistory;
  /** The client's state now (a page is read; a Node client is asked). */
  state(): Promise<string>;
}

export interface SoakOutcome {
  report: SoakReport;
  schedule: ScheduledFault[];
}

/** One soak on a running stack: clients open, faults run, the checker watches, then recovery and the end checks. */
export class SoakRun {
  private readonly admin: ToxiproxyAdmin;
  private readonly runner: FaultRunner;
  private readonly log: AcceptedLog;
  private readonly violations: Violation[] = [];
  private readonly samples: AppSample[] = [];
  private readonly abort = new AbortController();
  private nodeClients: NodeClient[] = [];
  private fleet: BrowserFleet | null = null;
  private clients: Client[] = [];
  private explained: ExplainedReset[] = [];
  private eventsChecked = 0;

  constructor(
    private readonly settings: SoakSettings,
    private readonly stack: SoakStack,
    private readonly progress: (line: string) => void,
  ) {
    this.admin = new ToxiproxyAdmin(stack.toxiproxyUrl);
    this.runner = new FaultRunner(
      stack,
      this.admin,
      (line) => progress(`[${this.elapsed()}] ${line}`),
      (detail) => this.stop({ invariant: 'health', at: Date.now(), detail }),
    );
    this.log = acceptedLogOf(stack);
  }

  private phaseFrom = 0;
  private elapsed(): string {
    return `${((Date.now() - (this.phaseFrom || Date.now())) / 1000).toFixed(1).padStart(6)} s`;
  }

  /** Live connections the server should count: one per Node client and per tab of its own, one per engine's shared tabs. */
  private get expectedStreams(): number {
    return this.nodeClients.length + this.settings.browsers.length * 2;
  }

  async run(): Promise<SoakOutcome> {
    const startedAt = Date.now();
    const schedule = drawSchedule(this.settings.seed, this.settings.durationS * 1000, soakCatalogue(this.stack));
    try {
      await this.openClients();
      this.phaseFrom = Date.now();
      this.progress(
        `fault phase: ${schedule.length} faults over ${this.settings.durationS} s, at most 3 at once; a violation stops the run`,
      );
      const monitor = this.monitor();
      await this.runner.run(schedule, this.phaseFrom, this.abort.signal);
      await this.runner.clearAll();
      const phaseTo = Date.now();
      this.progress(
        `[${this.elapsed()}] every fault cleared${this.abort.signal.aborted ? ' (the run was stopped)' : ''}`,
      );
      const allOpenAfterMs = this.abort.signal.aborted ? null : await this.awaitRecovery(phaseTo);
      if (!this.abort.signal.aborted) await this.endChecks();
      this.abort.abort();
      await monitor;
      // The whole history, every jump judged.
      this.check(Infinity);
      const report = buildSoakReport({
        settings: this.settings,
        command: replayCommand(this.settings),
        logSource: this.log.source,
        startedAt,
        faultPhase: { from: this.phaseFrom, to: phaseTo },
        endedAt: Date.now(),
        scheduled: schedule.length,
        faults: this.runner.applied,
        toxiproxyRestarts: this.runner.toxiproxyRestarts.length,
        histories: this.clients.map((client) => client.history),
        explained: this.explained,
        eventsChecked: this.eventsChecked,
        allOpenAfterMs,
        recoveryBoundMs: RECOVERY_BOUND_MS,
        samples: this.samples,
        violations: this.violations,
      });
      return { report, schedule };
    } finally {
      this.abort.abort();
      this.nodeClients.forEach((client) => client.stream.close());
      await this.fleet?.close();
    }
  }

  private async openClients(): Promise<void> {
    this.nodeClients = Array.from({ length: this.settings.nodeClients }, (_, i) =>
      startNodeClient(`node ${i + 1}`, this.stack.edgeUrl),
    );
    this.clients = this.nodeClients.map(({ history, stream }) => ({ history, state: async () => stream.state }));
    if (this.settings.browsers.length) {
      this.progress(
        `opening the dashboard in ${this.settings.browsers.join(', ')}: two tabs sharing a stream and one with its own, per engine`,
      );
      this.fleet = await openBrowserFleet(this.settings.browsers, this.stack.edgeUrl, (line) =>
        this.progress(`  ${line}`),
      );
      for (const tab of this.fleet.clients)
        this.clients.push({ history: tab.history, state: async () => (await tab.poll())?.state ?? 'not answering' });
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await this.pollClients();
      const states = await Promise.all(this.clients.map((client) => client.state()));
      if (
        states.every((state) => state === 'open') &&
        this.clients.every((client) => client.history.events.length > 0)
      ) {
        this.progress(`${this.clients.length} clients open and streaming`);
        return;
      }
      await sleep(500);
    }
    throw new Error(
      `not every client opened within 60 s before any fault: ${this.clients.map((c) => `${c.history.name} ${c.history.state}`).join(', ')}`,
    );
  }

  private async pollClients(): Promise<void> {
    for (const tab of this.fleet?.clients ?? []) {
      await tab.poll();
      if (tab.lostTrack)
        this.stop({ invariant: 'complete', at: Date.now(), client: tab.history.name, detail: tab.lostTrack });
    }
  }

  /** Reads the pages, the log and the gauges every 2 s, and checks what has arrived: the online checker. */
  private async monitor(): Promise<void> {
    for (let round = 0; !this.abort.signal.aborted; round++) {
      await this.pollClients();
      await this.log.poll().catch((error: Error) => this.progress(`could not read the log: ${error.message}`));
      if (round % SAMPLE_EVERY === 0) await this.sampleApps();
      this.check(Date.now() - TAB_POLL_MS * 3);
      await sleep(MONITOR_MS);
    }
  }

  private async sampleApps(): Promise<AppSample[]> {
    const samples = (await Promise.all(this.stack.apps.map((app) => sampleApp(app.service, app.url)))).filter(
      (s): s is AppSample => s !== null,
    );
    this.samples.push(...samples);
    return samples;
  }

  /** Runs the invariants over every history so far; events after `judgeUntil` are checked for order only. */
  private check(judgeUntil: number): void {
    let events = 0;
    const explained: ExplainedReset[] = [];
    for (const client of this.clients) {
      const result = checkHistory(client.history, this.log.spaces, judgeUntil);
      events += result.eventsChecked;
      explained.push(...result.explained);
      result.violations.forEach((violation) => this.stop(violation));
    }
    checkAcceptedLog(this.log.spaces, Date.now()).forEach((violation) => this.stop(violation));
    this.eventsChecked = events;
    this.explained = explained;
  }

  private readonly reported = new Set<string>();

  /** Records a violation (once) and stops the run, with the faults around it and the client's ids. */
  private stop(violation: Violation): void {
    const key = `${violation.invariant} ${violation.client ?? ''} ${violation.detail}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.violations.push(violation);
    const around = faultsAround(this.runner.applied, violation.at, 20_000).map(
      (fault: AppliedFault) => `#${fault.index} ${faultLabel(fault)}`,
    );
    this.progress(`VIOLATION (${violation.invariant}) ${violation.client ?? ''}: ${violation.detail}`);
    if (violation.ids) this.progress(`  ids: ${violation.ids.join(' -> ')}`);
    this.progress(`  faults in the 20 s before: ${around.join(', ') || 'none'}`);
    const client = this.clients.find((c) => c.history.name === violation.client);
    const story = client?.history.story(violation.at - 20_000, violation.at) ?? [];
    if (story.length)
      this.progress(`  ${violation.client} in the 20 s before:\n${story.map((line) => `    ${line}`).join('\n')}`);
    this.abort.abort();
  }

  /** Every client open again within the bound; returns how long it took. */
  private async awaitRecovery(clearedAt: number): Promise<number | null> {
    while (Date.now() - clearedAt < RECOVERY_BOUND_MS) {
      const states = await Promise.all(this.clients.map((client) => client.state()));
      if (states.every((state) => state === 'open')) return Date.now() - clearedAt;
      await sleep(250);
    }
    const states = await Promise.all(
      this.clients.map(async (client) => `${client.history.name} ${await client.state()}`),
    );
    this.stop({
      invariant: 'recovery',
      at: Date.now(),
      detail: `not every client open ${RECOVERY_BOUND_MS} ms after the last fault cleared: ${states.join(', ')}`,
    });
    return null;
  }

  /** After recovery: every client has the log's head, the gauges match the live clients, the stack is healthy. */
  private async endChecks(): Promise<void> {
    await this.log.poll();
    const head = this.log.head;
    const deadline = Date.now() + 15_000;
    while (head && Date.now() < deadline && !this.clients.every((client) => caughtUp(client.history, head))) {
      await this.pollClients();
      await sleep(250);
    }
    const behind = head ? this.clients.filter((client) => !caughtUp(client.history, head)) : [];
    if (!head) this.stop({ invariant: 'complete', at: Date.now(), detail: 'the log accepted no event' });
    for (const client of behind)
      this.stop({
        invariant: 'complete',
        at: Date.now(),
        client: client.history.name,
        detail: `still short of ${head!.space}-${head!.seq}, the log's head, 15 s after it was read (last received ${client.history.events.at(-1)?.id ?? 'none'})`,
      });
    let mismatch: string | null = 'not read yet';
    const gaugeDeadline = Date.now() + GAUGE_BOUND_MS;
    while (mismatch && Date.now() < gaugeDeadline) {
      const samples = await this.sampleApps();
      mismatch =
        samples.length === this.stack.apps.length
          ? gaugeMismatch(samples, this.expectedStreams)
          : `${this.stack.apps.length - samples.length} app(s) do not answer`;
      if (mismatch) await sleep(1000);
    }
    if (mismatch)
      this.stop({ invariant: 'gauges', at: Date.now(), detail: `${GAUGE_BOUND_MS} ms after recovery: ${mismatch}` });
    memoryViolations(this.samples).forEach((violation) => this.stop(violation));
    const proxies = await this.admin.proxies().catch((error: Error) => error);
    if (proxies instanceof Error)
      this.stop({
        invariant: 'health',
        at: Date.now(),
        detail: `Toxiproxy does not answer at the end: ${proxies.message}`,
      });
    else {
      for (const proxy of Object.values(proxies)) {
        if (!proxy.enabled || proxy.toxics.length)
          this.stop({
            invariant: 'health',
            at: Date.now(),
            detail: `Toxiproxy proxy ${proxy.name} ends ${proxy.enabled ? 'with toxics' : 'disabled'}`,
          });
      }
    }
    for (const app of this.stack.apps) {
      const ready = await fetch(`${app.url}/api/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
        (res) => res.status,
        (error: Error) => error.message,
      );
      if (ready !== 200)
        this.stop({ invariant: 'health', at: Date.now(), detail: `${app.service} is not ready at the end (${ready})` });
    }
  }
}
