// A dashboard stream on plain node:http, no framework: the second example app of the lab's
// target mode. Mono-origin: this one process serves the page and the stream. It does what the
// lab recommends by hand: retry:, a named heartbeat, ids that resume after Last-Event-ID, a
// per-IP limit on the socket's address, the stream's work ended when its client leaves.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const PORT = Number(process.env.PORT ?? 3000);
const TICK_MS = 1_000;
const HEARTBEAT_MS = Number(process.env.HEARTBEAT_MS ?? 15_000);
const RETRY_MS = 2_000;
const STREAMS_PER_IP = 5;
const REPLAY = 200;

const page = readFileSync(new URL('./index.html', import.meta.url));
/** The newest events, for a client that comes back with Last-Event-ID. */
const recent = [];
let nextId = 1;
const clients = new Set();
const streamsByIp = new Map();

setInterval(() => {
  const event = { id: nextId++, data: JSON.stringify({ value: Math.round(Math.random() * 100), at: Date.now() }) };
  recent.push(event);
  if (recent.length > REPLAY) recent.shift();
  for (const client of clients) client.write(`id: ${event.id}\ndata: ${event.data}\n\n`);
}, TICK_MS);

function stream(request, response) {
  const ip = request.socket.remoteAddress;
  const held = streamsByIp.get(ip) ?? 0;
  if (held >= STREAMS_PER_IP) {
    response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '5' });
    response.end(JSON.stringify({ error: 'too many streams from this address', limit: STREAMS_PER_IP }));
    return;
  }
  streamsByIp.set(ip, held + 1);
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  response.write(`retry: ${RETRY_MS}\n\n`);
  const lastId = Number(
    request.headers['last-event-id'] ?? new URL(request.url, 'http://x').searchParams.get('lastEventId'),
  );
  if (Number.isInteger(lastId) && lastId > 0) {
    for (const event of recent) if (event.id > lastId) response.write(`id: ${event.id}\ndata: ${event.data}\n\n`);
  }
  clients.add(response);
  // One at once: a page learns the interval (its watchdog's basis) as soon as it connects.
  const beat = () => response.write(`event: heartbeat\ndata: ${JSON.stringify({ everyMs: HEARTBEAT_MS })}\n\n`);
  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  request.on('close', () => {
    clearInterval(heartbeat);
    clients.delete(response);
    streamsByIp.set(ip, streamsByIp.get(ip) - 1);
  });
}

http
  .createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://x');
    if (pathname === '/events') return stream(request, response);
    if (pathname === '/' || pathname === '/index.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return response.end(page);
    }
    response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
  })
  .listen(PORT, () => console.log(`plain-node example on :${PORT}`));
