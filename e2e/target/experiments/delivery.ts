import type { Tab } from '../../engines';
import { readObserved } from '../observer-script';
import { detectPageClient } from '../page-client';
import { pollFor } from '../poll';
import type { DeliveryObservation } from '../verdicts/f4-buffering';

/**
 * F4: loads the page through a proxy left at its defaults (`url` is the page behind it); its stream
 * has `windowMs` from the load to deliver `wanted` messages.
 */
export async function observeDelivery(
  tab: Tab,
  url: string,
  { windowMs, wanted }: { windowMs: number; wanted: number },
): Promise<Omit<DeliveryObservation, 'eventsPerMinute' | 'xAccelBuffering'>> {
  const loadedAt = Date.now();
  await tab.goto(url, { timeoutMs: windowMs });
  const messagesOf = (events: Awaited<ReturnType<typeof readObserved>>) =>
    events.filter(({ kind }) => kind === 'message');
  const { value } = await pollFor(
    () => tab.evaluate(readObserved),
    (events) => messagesOf(events).length >= wanted,
    { timeoutMs: Math.max(0, windowMs - (Date.now() - loadedAt)), intervalMs: 250 },
  );
  const messages = messagesOf(value);
  return {
    client: detectPageClient(value),
    windowMs,
    wanted,
    messages: messages.length,
    ...(messages[0] ? { firstMessageMs: messages[0].at - loadedAt } : {}),
  };
}
