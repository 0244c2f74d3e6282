/** Body of a refused stream request (`429` over the per-IP limit, `503` while shutting down or while the event log is unreachable). */
export type RefusalBody =
  | { error: 'too many streams'; status: 429; limit: number }
  | { error: 'shutting down'; status: 503 }
  | { error: 'event log unavailable'; status: 503; reason: string };
