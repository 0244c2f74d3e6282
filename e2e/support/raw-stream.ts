import http from 'node:http';

export interface RawStream {
  state: { status?: number; events: number; bytes: number; closed: boolean; hello?: Record<string, unknown>; arrivals: { at: number; events: number }[] };
  close(): void;
}

/** An SSE reader outside the browser: raw bytes, no reconnection, optional headers (no gzip asked). */
export function openRawStream(url: string, headers: Record<string, string> = {}): RawStream {
  const state: RawStream['state'] = { events: 0, bytes: 0, closed: false, arrivals: [] };
  const req = http.get(`${url}/api/stream`, { agent: false, headers }, (res) => {
    state.status = res.statusCode;
    res.setEncoding('utf8');
    let pending = '';
    res.on('data', (chunk: string) => {
      state.bytes += chunk.length;
      pending += chunk;
      const blocks = pending.split('\n\n');
      pending = blocks.pop() ?? '';
      const events = blocks.filter((block) => /^data: .*"seq"/m.test(block)).length;
      const hello = blocks.find((block) => block.startsWith('event: hello') || block.includes('\nevent: hello'));
      if (hello) state.hello = JSON.parse(/^data: (.*)$/m.exec(hello)![1]);
      state.events += events;
      if (events > 0) state.arrivals.push({ at: Date.now(), events });
    });
    res.on('close', () => (state.closed = true));
  });
  req.on('error', () => (state.closed = true));
  return { state, close: () => req.destroy() };
}
