/** Polls `probe` until it returns a truthy value, or fails with `message` after `timeoutMs`. */
export async function waitUntil<T>(probe: () => T | Promise<T>, timeoutMs: number, message: string, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${message} (not within ${timeoutMs} ms; last value: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
