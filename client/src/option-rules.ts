import type { EventStreamOptions } from './event-stream-options.js';

interface OptionRule {
  min: number;
  max?: number;
  why: string;
}

export const DEFAULT_STALE_AFTER_HEARTBEATS = 2.5;
/** Heartbeat interval assumed until a hello tells the real one (the server's default). */
export const DEFAULT_HEARTBEAT_MS = 30_000;

/** The numeric options of the client, with the smallest value that still keeps it sane. */
export const NUMERIC_OPTION_RULES = {
  heartbeatMs: { min: 100, why: 'a shorter assumed heartbeat makes the watchdog fire before the hello arrives' },
  staleAfterHeartbeats: { min: 1.5, why: 'the watchdog must leave room for one heartbeat and its delivery' },
  maxStaleAfterHeartbeats: { min: 1.5, why: 'the watchdog must leave room for one heartbeat and its delivery' },
  maxConnectTimeoutMs: { min: 1000, why: 'an attempt must have time to get its answer' },
  initialBackoffMs: { min: 50, why: 'a shorter first step reconnects in a tight loop' },
  backoffFactor: { min: 1, why: 'a factor below 1 shrinks the backoff' },
  maxBackoffMs: { min: 100, why: 'a smaller cap reconnects in a tight loop' },
  jitter: { min: 0, max: 1, why: 'jitter is a share of the step' },
  stableAfterMs: { min: 0, why: 'a duration cannot be negative' },
  offlineProbeMs: { min: 1000, why: 'probing more often than every second is a tight loop' },
} as const satisfies Record<string, OptionRule>;

export type NumericOption = keyof typeof NUMERIC_OPTION_RULES;
export const NUMERIC_OPTIONS = Object.keys(NUMERIC_OPTION_RULES) as NumericOption[];

/** One problem per bad option, each naming the option, the value and what is expected; empty when all are fine. */
export function optionProblems(options: Partial<Record<NumericOption, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of NUMERIC_OPTIONS) {
    const value = options[key];
    if (value === undefined) continue;
    const rule: OptionRule = NUMERIC_OPTION_RULES[key];
    const { min, why, max = Number.POSITIVE_INFINITY } = rule;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      const range = Number.isFinite(max) ? `from ${min} to ${max}` : `at least ${min}`;
      problems.push(`${key}=${JSON.stringify(value)}: expected a number ${range} (${why})`);
    }
  }
  const { staleAfterHeartbeats, maxStaleAfterHeartbeats } = options;
  if (
    typeof maxStaleAfterHeartbeats === 'number' &&
    maxStaleAfterHeartbeats <
      (typeof staleAfterHeartbeats === 'number' ? staleAfterHeartbeats : DEFAULT_STALE_AFTER_HEARTBEATS)
  ) {
    problems.push(
      `maxStaleAfterHeartbeats=${maxStaleAfterHeartbeats}: expected at least staleAfterHeartbeats (${staleAfterHeartbeats ?? DEFAULT_STALE_AFTER_HEARTBEATS})`,
    );
  }
  const { initialBackoffMs, maxBackoffMs } = options;
  if (typeof initialBackoffMs === 'number' && typeof maxBackoffMs === 'number' && maxBackoffMs < initialBackoffMs) {
    problems.push(`maxBackoffMs=${maxBackoffMs}: expected at least initialBackoffMs (${initialBackoffMs})`);
  }
  return problems;
}

export class InvalidStreamOptionsError extends RangeError {
  constructor(readonly problems: string[]) {
    super(`Invalid stream options:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidStreamOptionsError';
  }
}

/** Throws InvalidStreamOptionsError listing every bad option. */
export function assertValidOptions(options: EventStreamOptions<never> | EventStreamOptions<unknown>): void {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new InvalidStreamOptionsError(problems);
}
