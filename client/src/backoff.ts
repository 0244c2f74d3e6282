export interface BackoffPolicy {
  initialBackoffMs: number;
  backoffFactor: number;
  maxBackoffMs: number;
  /** 1 = full jitter (uniform in [0, step]), 0 = none. */
  jitter: number;
}

/** The un-jittered step for attempt `attempt` (0-based): initial × factor^attempt, capped. */
export function backoffStepMs(attempt: number, policy: BackoffPolicy): number {
  const step = policy.initialBackoffMs * Math.pow(policy.backoffFactor, Math.max(0, attempt));
  return Math.min(policy.maxBackoffMs, step);
}

/** Capped exponential backoff with jitter: spreads reconnecting clients so they do not stampede. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = backoffStepMs(attempt, policy);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(step * (1 - jitter * random()));
}

/** A backoff transition's reason: what caused it, then the attempt and its delay, in one readable line. */
export const backoffReason = (cause: string, attempt: number, delayMs: number): string =>
  `${cause}; retry #${attempt} in ${delayMs} ms`;

const BACKOFF_REASON = /; retry #(\d+) in (\d+) ms$/;

/** The attempt and delay a `backoffReason` carries, or undefined for any other reason. */
export function readBackoffReason(reason: string): { attempt: number; delayMs: number } | undefined {
  const match = BACKOFF_REASON.exec(reason);
  return match ? { attempt: Number(match[1]), delayMs: Number(match[2]) } : undefined;
}
