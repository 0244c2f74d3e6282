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
