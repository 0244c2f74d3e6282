import type { EventStream } from './event-stream.js';
import type { EventStreamOptions } from './event-stream-options.js';
import { LabEventStream } from './lab-event-stream.js';
import { SharedEventStream, tabApis } from './shared-event-stream.js';

/**
 * The lab client, composed in one place: a stream of this tab's own (`solo`), or, with
 * `shareAcrossTabs`, one stream for every tab of the browser — this tab leads (it holds a
 * `LabEventStream` and relays it) or follows; where the tab APIs are missing, `solo` again.
 */
export function createEventStream<T = unknown>(
  url: string | undefined,
  options: EventStreamOptions<T> = {},
): EventStream {
  if (url && options.shareAcrossTabs) {
    const apis = tabApis(options.tabs);
    if (typeof apis === 'string') return new LabEventStream<T>(url, options, apis);
    return new SharedEventStream<T>(url, options, apis, (leaderOptions) => new LabEventStream<T>(url, leaderOptions));
  }
  return new LabEventStream<T>(url, options);
}
