/** Why a resuming client gets `event: reset` instead of a replay. */
export const RESET_REASONS = [
  /** The id comes from another boot of the backend. */
  'other-boot',
  /** The id is older than the replay ring. */
  'too-old',
  /** The id is ahead of the feed (a client from the future, or a forged id). */
  'ahead',
] as const;
export type ResetReason = (typeof RESET_REASONS)[number];
