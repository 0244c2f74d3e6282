import { isUnresponsive, type ToxiproxyAdmin } from '@sse-lab/test-support';
import { applyBackendFault } from '../chaos/compose-faults';
import { applyReplicaFault } from '../chaos/replica-faults';
import { resolveFault } from '../chaos/resolve';
import { applyToxiproxyFault, removeToxiproxyFault } from '../chaos/toxiproxy-faults';
import { describeRecovery, resetOrRestart } from '../chaos/toxiproxy-recovery';
import type { ScheduledFault } from './schedule';
import { composeTarget, type SoakStack } from './soak-stack';

/** A fault as it ran: when it was applied and cleared (ms since epoch), or why it could not be. */
export interface AppliedFault extends ScheduledFault {
  appliedAt?: number;
  clearedAt?: number;
  error?: string;
}

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done);
  });

/**
 * Runs a schedule against a stack: network faults through the Toxiproxy API, each removed after
 * its hold; container faults through docker compose, one after the other (a late one starts when
 * the previous is done). A Toxiproxy that stops answering (its wedge) is restarted, which clears
 * every network fault: that is recorded, and the run goes on.
 */
export class FaultRunner {
  readonly applied: AppliedFault[] = [];
  readonly toxiproxyRestarts: { at: number; reason: string }[] = [];
  private containerQueue: Promise<void> = Promise.resolve();
  /** The restart of a Toxiproxy that stopped answering, while it runs: every caller waits for the same one. */
  private recovering: Promise<void> | null = null;
  /**
   * Per fault and proxy, the end of the last one started: a fault applied late (behind a restart)
   * clears late, and the next of the same name on that proxy would be refused as a duplicate toxic.
   */
  private readonly onPoint = new Map<string, Promise<void>>();

  constructor(
    private readonly stack: SoakStack,
    private readonly admin: ToxiproxyAdmin,
    private readonly progress: (line: string) => void,
    /** Called when Toxiproxy is gone for good (its process crashed and cannot be restarted): the run cannot go on. */
    private readonly onBroken: (detail: string) => void = () => undefined,
  ) {}

  /** Active now: applied and not cleared. */
  get active(): AppliedFault[] {
    return this.applied.filter((fault) => fault.appliedAt !== undefined && fault.clearedAt === undefined);
  }

  async run(schedule: readonly ScheduledFault[], startedAt: number, signal: AbortSignal): Promise<void> {
    const running: Promise<void>[] = [];
    for (const scheduled of schedule) {
      await sleep(startedAt + scheduled.atMs - Date.now(), signal);
      if (signal.aborted) break;
      const fault: AppliedFault = { ...scheduled };
      this.applied.push(fault);
      if (fault.group === 'network') running.push(this.runNetwork(fault, signal));
      else
        running.push(
          (this.containerQueue = this.containerQueue.then(() =>
            signal.aborted ? undefined : this.runContainer(fault),
          )),
        );
    }
    await Promise.all(running);
  }

  private describe(fault: AppliedFault): string {
    const where = fault.target ?? fault.service ?? '';
    const params = Object.entries(fault.params)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    return `#${fault.index} ${fault.name}${where ? ` on ${where}` : ''}${params ? ` ${params}` : ''}`;
  }

  private async runNetwork(fault: AppliedFault, signal: AbortSignal): Promise<void> {
    const request = resolveFault(fault.name, fault.target, fault.params);
    const key = `${fault.name}@${fault.target}`;
    const previous = this.onPoint.get(key) ?? Promise.resolve();
    let done!: () => void;
    const cleared = new Promise<void>((resolve) => (done = resolve));
    this.onPoint.set(
      key,
      previous.then(() => cleared),
    );
    try {
      await previous;
      if (signal.aborted) return;
      await this.recovering;
      if (!(await this.toxiproxy(() => applyToxiproxyFault(this.admin, request)))) {
        fault.error = 'not applied: Toxiproxy did not answer and was restarted';
        return;
      }
      fault.appliedAt = Date.now();
      this.progress(
        `+ ${this.describe(fault)} for ${(fault.holdMs / 1000).toFixed(1)} s (${this.active.length} active)`,
      );
      await sleep(fault.holdMs, signal);
      await this.recovering;
      if (
        fault.clearedAt === undefined &&
        (await this.toxiproxy(() => removeToxiproxyFault(this.admin, request), `removing ${this.describe(fault)}`))
      )
        fault.clearedAt = Date.now();
    } catch (error) {
      fault.error = (error as Error).message;
      this.progress(`! ${this.describe(fault)}: ${fault.error}`);
    } finally {
      if (fault.appliedAt !== undefined) fault.clearedAt ??= Date.now();
      done();
    }
  }

  private async runContainer(fault: AppliedFault): Promise<void> {
    const request = resolveFault(fault.name, undefined, fault.params);
    const stack = composeTarget(this.stack);
    fault.appliedAt = Date.now();
    this.progress(`+ ${this.describe(fault)} (${this.active.length} active)`);
    try {
      if (request.fault.kind === 'replicas') await applyReplicaFault(stack, request);
      else await applyBackendFault({ ...stack, service: fault.service ?? this.stack.apps[0].service }, request);
    } catch (error) {
      fault.error = (error as Error).message;
      this.progress(`! ${this.describe(fault)}: ${fault.error}`);
    }
    fault.clearedAt = Date.now();
    this.progress(`- ${this.describe(fault)} done after ${((fault.clearedAt - fault.appliedAt) / 1000).toFixed(1)} s`);
  }

  /**
   * A Toxiproxy call; false when Toxiproxy did not answer: its container is then restarted (every
   * network fault ends with it) and the call is not tried again.
   */
  private async toxiproxy(call: () => Promise<unknown>, doing = 'a call'): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      if (!isUnresponsive(error)) throw error;
      this.recovering ??= this.recover(`${doing}: ${(error as Error).message}`).finally(() => (this.recovering = null));
      await this.recovering;
      return false;
    }
  }

  private async recover(reason: string): Promise<void> {
    let recovery;
    try {
      recovery = await resetOrRestart(this.admin);
    } catch (error) {
      this.onBroken(
        `Toxiproxy stopped answering (${reason}) and could not be restarted: ${(error as Error).message}; its container's log says why (docker logs)`,
      );
      return;
    }
    const at = Date.now();
    for (const fault of this.active) if (fault.group === 'network') fault.clearedAt = at;
    this.toxiproxyRestarts.push({ at, reason });
    this.progress(
      `! Toxiproxy stopped answering (${reason}); ${recovery ? describeRecovery(this.admin, recovery) : 'it answered the reset'}`,
    );
  }

  /** Every network fault removed (a Toxiproxy that does not answer is restarted); waits for the container faults to finish. */
  async clearAll(): Promise<void> {
    await this.containerQueue;
    await this.recovering;
    try {
      const recovery = await resetOrRestart(this.admin);
      if (recovery) this.toxiproxyRestarts.push({ at: Date.now(), reason: recovery.reason });
    } catch (error) {
      this.onBroken(`Toxiproxy could not be cleared at the end: ${(error as Error).message}`);
    }
    const at = Date.now();
    for (const fault of this.active) fault.clearedAt = at;
  }
}
