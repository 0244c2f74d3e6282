import { decodeHello, FRAME, type HelloData } from '@sse-lab/contract';
import { createParser } from 'eventsource-parser';
import http from 'node:http';

export interface RawStream {
  state: {
    status?: number;
    /** Data events received. */
    events: number;
    bytes: number;
    closed: boolean;
    hello?: HelloData;
    /** Each read that carried data events, with how many: bursts show proxy buffering (F4). */
    arrivals: { at: number; events: number }[];
  };
  close(): void;
}

/** An SSE reader outside the browser: raw bytes, no reconnection, optional headers (no gzip asked). */
export function openRawStream(url: string, headers: Record<string, string> = {}): RawStream {
  const state: RawStream['state'] = { events: 0, bytes: 0, closed: false, arrivals: [] };
  let eventsInRead = 0;
  const parser = createParser({
    onEvent: ({ event, data }) => {
      if (event === FRAME.hello) state.hello = decodeHello(data);
      else if (event === undefined) eventsInRead++;
    },
  });
  const req = http.get(`${url}/api/stream`, { agent: false, headers }, (res) => {
    state.status = res.statusCode;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      state.bytes += chunk.length;
      eventsInRead = 0;
      parser.feed(chunk);
      state.events += eventsInRead;
      if (eventsInRead > 0) state.arrivals.push({ at: Date.now(), events: eventsInRead });
    });
    res.on('close', () => (state.closed = true));
  });
  req.on('error', () => (state.closed = true));
  return { state, close: () => req.destroy() };
}
