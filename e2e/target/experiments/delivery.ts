import type { Tab } from '../../engines';
import { detectPageClient } from '../page-client';
import type { DeliveryObservation } from '../verdicts/f4-buffering';
import { messagesIn, watchMessages } from './observed-page';

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
  const { value } = await watchMessages(tab, wanted, Math.max(0, windowMs - (Date.now() - loadedAt)));
  const messages = messagesIn(value);
  return {
    client: detectPageClient(value),
    windowMs,
    wanted,
    messages: messages.length,
    ...(messages[0] ? { firstMessageMs: messages[0].at - loadedAt } : {}),
  };
}
