import { holdStream, holdStreams } from '../held-stream';
import { STREAMS_PER_IP, type PerIpObservation } from '../verdicts/f8-per-ip-limit';

/** An address from a documentation range (RFC 5737): only ever written into a header. */
const FORGED_CLIENT = '198.51.100.7';

/**
 * F8: holds STREAMS_PER_IP + 1 streams from this one address; when the last is refused, asks
 * again with a forged `X-Forwarded-For` while the others are still held. Everything is closed after.
 */
export async function observePerIpLimit(streamUrl: string): Promise<PerIpObservation> {
  const streams = await holdStreams(streamUrl, STREAMS_PER_IP + 1);
  try {
    const statuses = streams.map(({ status }) => status ?? 0);
    const last = streams.at(-1)!;
    const retryAfter = last.headers['retry-after'];
    if (statuses.slice(0, STREAMS_PER_IP).some((status) => status !== 200) || last.status === 200) {
      return { statuses, ...(retryAfter ? { retryAfter } : {}) };
    }
    last.close();
    const forged = await holdStream(streamUrl, { 'X-Forwarded-For': FORGED_CLIENT });
    forged.close();
    return { statuses, ...(retryAfter ? { retryAfter } : {}), forgedStatus: forged.status ?? 0 };
  } finally {
    for (const stream of streams) stream.close();
  }
}
