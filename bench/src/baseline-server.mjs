// The baseline: a minimal SSE server on plain node:http with the lab's framing (hello with retry,
// data events with <boot>-<seq> ids and a server timestamp, named heartbeats) and the same broadcast.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const port = Number(process.env.PORT ?? 3100);
const tickMs = Number(process.env.TICK_MS ?? 1000);
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 30000);
const retryMs = Number(process.env.RETRY_MS ?? 3000);
const bootId = randomBytes(4).toString('hex');
const clients = new Set();
let seq = 0;
let kpis = { activeUsers: 1200, ordersPerMinute: 85, errorRatePct: 0.4, p95LatencyMs: 180 };

function broadcast(frame) {
  for (const res of clients) res.write(frame);
}

setInterval(() => {
  seq++;
  kpis = { ...kpis, activeUsers: kpis.activeUsers + Math.round((Math.random() - 0.5) * 40) };
  broadcast(`id: ${bootId}-${seq}\ndata: ${JSON.stringify({ seq, ts: Date.now(), kpis })}\n\n`);
}, tickMs);

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
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  const lastId = `${bootId}-${seq}`;
  res.write(`\nevent: hello\nid: ${lastId}\nretry: ${retryMs}\ndata: ${JSON.stringify({ bootId, heartbeatMs, lastId })}\n\n`);
  const heartbeat = setInterval(() => res.write(`event: heartbeat\nid: ${bootId}-${seq}\ndata: ${JSON.stringify({ ts: Date.now() })}\n\n`), heartbeatMs);
  clients.add(res);
  res.on('close', () => {
    clearInterval(heartbeat);
    clients.delete(res);
  });
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ message: { event: 'listening', url: `http://127.0.0.1:${port}` } })));
process.on('SIGTERM', () => process.exit(0));
