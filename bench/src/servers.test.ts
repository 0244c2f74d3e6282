import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ServerUnderTest } from './server-process';

/** Reads a stream until `until` matches what came, or the deadline passes. */
async function readStream(
  url: string,
  until: RegExp,
  timeoutMs: number,
  whileOpen: () => Promise<void>,
): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text = '';
  try {
    const res = await fetch(url, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await whileOpen();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    while (!until.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return text;
}

// The lab's own server has its tests in the backend; these are the peers it is measured against.
const PEERS = ['nest-floor', 'nest-floor-fastify', 'better-sse', 'baseline'] as const;

describe.each(PEERS)('the %s server', (kind) => {
  let server: ServerUnderTest | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('should stream the lab framing (hello with retry, then data events with boot-seq ids and a timestamp) and count its open streams', async () => {
    server = await startServer(kind, 3790 + PEERS.indexOf(kind), { TICK_MS: '100', RETRY_MS: '1234' });
    const sut = server;
    let openStreams = 0;
    const text = await readStream(
      `${sut.url}/api/stream`,
      /data: ?\{"seq":\d+,"ts":\d{13}[^\n]*\n\n[\s\S]*data: ?\{"seq"/,
      10_000,
      async () => {
        openStreams = await sut.activeStreams();
      },
    );
    expect(openStreams).toBe(1);
    // The reconnection time comes with the hello, or (better-sse) in a frame of its own before it;
    // the space after a field's colon is optional (better-sse writes none).
    expect(text).toMatch(/^retry: ?1234$/m);
    expect(text).toMatch(/event: ?hello\nid: ?[0-9a-f]{8}-\d+\n(retry: ?\d+\n)?data: ?\{"bootId"/);
    const ids = [...text.matchAll(/id: ?[0-9a-f]{8}-(\d+)\ndata: ?\{"seq":(\d+),"ts":\d{13}/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const [id, seq] of ids) expect(id).toBe(seq);
    expect(ids[1][0]).toBe(ids[0][0] + 1);
    const deadline = Date.now() + 5000;
    while ((await server.activeStreams()) !== 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await server.activeStreams()).toBe(0);
  }, 30_000);
});
