import { whyInconclusive, type PageClient } from '../page-client';
import { seconds, verdictsOf, type Verdict } from './verdict';

export interface DeliveryObservation {
  /** How the page streamed through nginx left at its defaults. */
  client: PageClient;
  /** How long the page had to deliver `wanted` messages through it, and how many it had. */
  windowMs: number;
  wanted: number;
  messages: number;
  /** From the page's load to its first message, if one came. */
  firstMessageMs?: number;
  /** The stream read directly through the edge: its data events a minute, and its `X-Accel-Buffering` header. */
  eventsPerMinute: number;
  xAccelBuffering?: string;
}

const ADVICE =
  'send `X-Accel-Buffering: no` with the stream (nginx honours it per response), and turn buffering off (`proxy_buffering off`, no gzip of `text/event-stream`) in the proxies you run';

/** F4: through a proxy that buffers and compresses by default, does each event reach the page as it is sent? */
export function judgeBuffering(observation: DeliveryObservation): Verdict {
  const { client, windowMs, wanted, messages, firstMessageMs, eventsPerMinute, xAccelBuffering } = observation;
  const verdict = verdictsOf('F4', 'prod+buffering-nginx');
  const measured = {
    windowMs,
    messages,
    eventsPerMinute,
    xAccelBuffering: xAccelBuffering ?? '(not sent)',
    ...(firstMessageMs !== undefined ? { firstMessageMs } : {}),
  };
  const unobservable = whyInconclusive(client, windowMs);
  if (unobservable) return verdict.inconclusive(unobservable, measured);
  if (eventsPerMinute === 0) {
    return verdict.inconclusive(
      'the stream sent no event while read directly: a held buffer cannot be told from a quiet stream',
      measured,
    );
  }
  const header =
    xAccelBuffering === undefined
      ? 'the stream has no `X-Accel-Buffering` header'
      : `the stream sends \`X-Accel-Buffering: ${xAccelBuffering}\``;
  if (messages >= wanted) {
    return verdict.mitigated({
      why: `through nginx left at its defaults (buffering, gzip) the page had ${messages} messages in its ${seconds(windowMs)} window, the first after ${seconds(firstMessageMs ?? 0)}; ${header}`,
      measured,
    });
  }
  return verdict.reproduced({
    why: `through nginx left at its defaults (buffering, gzip) the page had ${messages} of ${wanted} messages in ${seconds(windowMs)}, where the app sends ${eventsPerMinute} a minute: nginx holds them in its buffer; ${header}`,
    advice: ADVICE,
    measured,
  });
}
