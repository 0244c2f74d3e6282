// The framework's floor: a bare NestJS app whose @Sse() endpoint is one subscriber on a shared
// multicast of pre-built frames, with the lab's framing and broadcast (like baseline-server.mjs).
// No admission, metrics, replay, heartbeats or middleware: what it costs per stream is what
// NestJS and its HTTP adapter cost, the part of the lab's figures that no change in the lab can
// remove. NEST_ADAPTER picks the adapter: express (the lab's) or fastify.
import 'reflect-metadata';
import { Controller, Get, Module, Sse, type MessageEvent } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Observable, Subject } from 'rxjs';
import { bootId, lastId as currentId, startFeed } from './bench-feed.mjs';

const port = Number(process.env.PORT ?? 3100);
const tickMs = Number(process.env.TICK_MS ?? 1000);
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 30000);
const retryMs = Number(process.env.RETRY_MS ?? 3000);
const adapter = process.env.NEST_ADAPTER ?? 'express';
if (adapter !== 'express' && adapter !== 'fastify') {
  console.error(`NEST_ADAPTER must be express or fastify, got "${adapter}"`);
  process.exit(1);
}
const frames$ = new Subject<MessageEvent>();
let activeStreams = 0;

startFeed(tickMs, (id, data) => frames$.next({ id, data }));

@Controller('api')
class FloorController {
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      activeStreams++;
      const lastId = currentId();
      subscriber.next({
        type: 'hello',
        id: lastId,
        retry: retryMs,
        data: JSON.stringify({ bootId, heartbeatMs, lastId }),
      });
      const live = frames$.subscribe(subscriber);
      return () => {
        live.unsubscribe();
        activeStreams--;
      };
    });
  }

  @Get('health')
  health(): { status: string; activeStreams: number } {
    return { status: 'ok', activeStreams };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const app =
  adapter === 'fastify'
    ? await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: ['error'] })
    : await NestFactory.create(FloorModule, { logger: ['error'] });
await app.listen(port, '127.0.0.1');
console.log(JSON.stringify({ message: { event: 'listening', url: `http://127.0.0.1:${port}` } }));
process.on('SIGTERM', () => process.exit(0));
