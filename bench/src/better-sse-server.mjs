// better-sse, the SSE library an Express user would reach for, with the lab's feed and framing:
// one session per stream on the same Express as the app, registered on one channel whose
// broadcast sends every event to all of them. Its own keep-alive (a comment) stands for the
// heartbeat, and it sends the reconnection time before the hello.
import express from 'express';
import { createChannel, createSession } from 'better-sse';
import { bootId, lastId as currentId, startFeed } from './bench-feed.mjs';

const port = Number(process.env.PORT ?? 3100);
const tickMs = Number(process.env.TICK_MS ?? 1000);
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 30000);
const retryMs = Number(process.env.RETRY_MS ?? 3000);
// The feed's data is serialized already: written as it is.
const asIs = (data) => String(data);
const channel = createChannel();

startFeed(tickMs, (id, data) => channel.broadcast(data, 'message', { eventId: id }));

const app = express();
app.get('/api/health', (_req, res) => res.json({ status: 'ok', activeStreams: channel.sessionCount }));
app.get('/api/stream', async (req, res) => {
  req.socket.setNoDelay(true);
  const session = await createSession(req, res, {
    retry: retryMs,
    keepAlive: heartbeatMs,
    serializer: asIs,
    headers: { 'Cache-Control': 'no-cache, no-transform' },
  });
  const lastId = currentId();
  session.push(JSON.stringify({ bootId, heartbeatMs, lastId }), 'hello', lastId);
  channel.register(session);
});
app.listen(port, '127.0.0.1', () =>
  console.log(JSON.stringify({ message: { event: 'listening', url: `http://127.0.0.1:${port}` } })),
);
process.on('SIGTERM', () => process.exit(0));
