/**
 * Asserts that `probe` keeps satisfying `holds` for a whole window: the claim "stays OPEN and
 * silent" needs a window, derived by the caller from the configuration.
 */
export async function holdsFor<T>(
  probe: () => Promise<T> | T,
  holds: (value: T) => boolean,
  windowMs: number,
  message: string,
): Promise<T> {
  const end = Date.now() + windowMs;
  let value = await probe();
  while (Date.now() < end) {
    if (!holds(value))
      throw new Error(
        `${message}: broke after ${windowMs - (end - Date.now())} ms of ${windowMs} ms (value: ${JSON.stringify(value)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(0, end - Date.now()))));
    value = await probe();
  }
  if (!holds(value))
    throw new Error(`${message}: broke at the end of the ${windowMs} ms window (value: ${JSON.stringify(value)})`);
  return value;
}
