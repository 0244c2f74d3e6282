import type { ObservedEvent } from './observer-script';

/** How the page streams, as the observer saw it: what every page-side verdict depends on. */
export type PageClient =
  | { kind: 'eventsource'; streams: string[] }
  /** Streams read with fetch (e.g. @microsoft/fetch-event-source): no EventSource to judge. */
  | { kind: 'fetch'; streams: string[] }
  | { kind: 'none' };

const pathOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};
const unique = (values: string[]) => [...new Set(values)];

export function detectPageClient(observed: ObservedEvent[]): PageClient {
  const constructed = observed.filter(({ kind, url }) => kind === 'construct' && url).map(({ url }) => pathOf(url!));
  if (constructed.length > 0) return { kind: 'eventsource', streams: unique(constructed) };
  const fetched = observed.filter(({ kind, url }) => kind === 'fetch-stream' && url).map(({ url }) => pathOf(url!));
  if (fetched.length > 0) return { kind: 'fetch', streams: unique(fetched) };
  return { kind: 'none' };
}

/**
 * Why a verdict about the page's EventSource cannot be given, or undefined when it can: a page
 * that streams another way, or opens nothing within `watchedMs`, gets this reason, never a guess.
 */
export function whyInconclusive(client: PageClient, watchedMs: number): string | undefined {
  if (client.kind === 'fetch') {
    return `the page streams ${client.streams.join(', ')} with fetch, not EventSource: its reconnection is its own code's`;
  }
  if (client.kind === 'none') return `the page opened no stream within ${Math.round(watchedMs / 1000)} s`;
  return undefined;
}

/** The stream the verdicts read: the target file's, else the first the page opened. */
export const streamPathOf = (client: PageClient, given?: string): string | undefined =>
  given ?? (client.kind === 'none' ? undefined : client.streams[0]);
