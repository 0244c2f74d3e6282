// The baseline: a minimal SSE server on plain node:http with the lab's framing (hello with retry,
// data events with <boot>-<seq> ids and a server timestamp, named heartbeats) and the same broadcast.
import http from 'node:http';
import { bootId, lastId as currentId, startFeed } from './bench-feed.mjs';

const port = Number(process.env.PORT ?? 3100);
const tickMs = Number(process.env.TICK_MS ?? 1000);
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 30000);
const retryMs = Number(process.env.RETRY_MS ?? 3000);
const clients = new Set();

function broadcast(frame) {
  for (const res of clients) res.write(frame);
}

startFeed(tickMs, (id, data) => broadcast(`id: ${id}\ndata: ${data}\n\n`));

const server = http.createServer((req, res) => {
  if (req.url === '/api/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', activeStreams: clients.size }));
    return;
  }
  if (!req.url?.startsWith('/api/stream')) {
    res.writeHead(404).end();
    return;
  }
  req.socket.setNoDelay(true);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  const lastId = currentId();
  res.write(
    `\nevent: hello\nid: ${lastId}\nretry: ${retryMs}\ndata: ${JSON.stringify({ bootId, heartbeatMs, lastId })}\n\n`,
  );
  const heartbeat = setInterval(
    () => res.write(`event: heartbeat\nid: ${currentId()}\ndata: ${JSON.stringify({ ts: Date.now() })}\n\n`),
    heartbeatMs,
  );
  clients.add(res);
  res.on('close', () => {
    clearInterval(heartbeat);
    clients.delete(res);
  });
});
server.listen(port, '127.0.0.1', () =>
  console.log(JSON.stringify({ message: { event: 'listening', url: `http://127.0.0.1:${port}` } })),
);
process.on('SIGTERM', () => process.exit(0));
