import type { StreamState } from '@sse-lab/client';

export type ClientKind = 'node' | `${string} shared tab` | `${string} tab of its own`;

export interface ReceivedEvent {
  id: string;
  at: number;
}

export interface ResetRecord {
  at: number;
  /** The server's reason when the client saw the frame itself (`other-boot`, `too-old`, `ahead`), or how it was learnt. */
  reason: string;
}

export interface StateChange {
  at: number;
  state: StreamState;
  /** The client's own reason for the change, where it says one. */
  reason?: string;
}

/** A connection's hello: where the server resumed the client from, and which replica served it. */
export interface Greeting {
  at: number;
  id: string;
  instance: string | null;
}

/**
 * What one client lived through, as the soak saw it: every data event id with its arrival time,
 * every `reset`, every state. The checker reads only this, never the client's own counters of gaps.
 */
export class ClientHistory {
  readonly events: ReceivedEvent[] = [];
  readonly resets: ResetRecord[] = [];
  readonly states: StateChange[] = [];
  readonly greetings: Greeting[] = [];
  /** Connections the client gave up at a gap in the ids (bytes lost on the way) and resumed before it, as it counts them. */
  gapResumes = 0;

  constructor(
    readonly name: string,
    readonly kind: ClientKind,
    /**
     * How much later than the event that follows it a reset may be recorded: 0 when the client
     * reports each frame, a polling interval when its state is read from a page.
     */
    readonly resetSlackMs: number,
  ) {}

  get state(): StreamState | 'unknown' {
    return this.states.at(-1)?.state ?? 'unknown';
  }

  event(id: string, at: number): void {
    this.events.push({ id, at });
  }

  reset(at: number, reason: string): void {
    this.resets.push({ at, reason });
  }

  moveTo(state: StreamState, at: number, reason?: string): void {
    if (this.state !== state) this.states.push({ at, state, ...(reason ? { reason } : {}) });
  }

  greeted(at: number, id: string, instance: string | null): void {
    this.greetings.push({ at, id, instance });
  }

  /** What the client lived through between `from` and `to`, one line each, in time order: states and hellos. */
  story(from: number, to: number): string[] {
    const lines = [
      ...this.states
        .filter((s) => s.at >= from && s.at <= to)
        .map((s) => ({ at: s.at, line: `${s.state}${s.reason ? ` (${s.reason})` : ''}` })),
      ...this.greetings
        .filter((g) => g.at >= from && g.at <= to)
        .map((g) => ({ at: g.at, line: `hello at ${g.id || 'no id'}${g.instance ? ` from ${g.instance}` : ''}` })),
    ];
    return lines
      .sort((a, b) => a.at - b.at)
      .map(({ at, line }) => `${new Date(at).toISOString().slice(11, 23)} ${line}`);
  }

  /** The stretches not `open` between `from` and `to`, clipped to them. */
  spansWithoutStream(from: number, to: number): { from: number; to: number }[] {
    const spans: { from: number; to: number }[] = [];
    let since: number | null = null;
    for (const change of this.states) {
      if (change.state === 'open' && since !== null)
        spans.push({ from: Math.max(since, from), to: Math.min(change.at, to) });
      if (change.state === 'open') since = null;
      else since ??= change.at;
    }
    if (since !== null) spans.push({ from: Math.max(since, from), to });
    return spans.filter((span) => span.to > span.from);
  }

  /** The longest stretch not `open` between `from` and `to` (ms), and when it began. */
  longestWithoutStream(from: number, to: number): { ms: number; since: number | null } {
    let longest = { ms: 0, since: null as number | null };
    for (const span of this.spansWithoutStream(from, to))
      if (span.to - span.from > longest.ms) longest = { ms: span.to - span.from, since: span.from };
    return longest;
  }
}
