/**
 * Reads `read()` until `done(value)` or `timeoutMs` runs out, and returns the last value with the
 * time it took: an experiment's wait that ends as soon as what it waits for has happened.
 */
export async function pollFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<{ value: T; elapsedMs: number; met: boolean }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    const elapsedMs = Date.now() - started;
    if (done(value)) return { value, elapsedMs, met: true };
    if (elapsedMs >= timeoutMs) return { value, elapsedMs, met: false };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
