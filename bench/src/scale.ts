import { startRedis } from '@sse-lab/test-support';
import { LoadGenerator } from './generator-client';
import { cpuSecondsOf, startServer, type ServerUnderTest } from './server-process';
import { deliveryFigures, per100kEvents, type DeliveryFigures } from './delivery-figures';
import { SETTLE_MS } from './fan-out';

export type ScaleTopology = 'one process, memory log' | 'two replicas, Redis log';

/** A fan-out figure set, with RSS and CPU summed over every app process of the topology. */
export interface ScaleResult extends DeliveryFigures {
  topology: ScaleTopology;
  streams: number;
  eventsPerSecond: number;
  measureMs: number;
  /** redis-server's own CPU over the same events (0 for the memory log). */
  redisCpuSecondsPer100kEvents: number;
}

const BASE_PORT = 3900;

/**
 * The same client load on one process with the memory log, then on two replicas sharing a Redis
 * log (a real redis-server on loopback), the streams split evenly between the replicas as a
 * round-robin load balancer would. Each replica has its own load generator, so neither process
 * of a pair needs more descriptors than its replica's share of the streams.
 */
export async function runScale(
  topology: ScaleTopology,
  settings: { streams: number; eventsPerSecond: number; measureMs: number },
  index: number,
): Promise<ScaleResult> {
  const tickMs = Math.round(1000 / settings.eventsPerSecond);
  const common = { TICK_MS: String(tickMs), HEARTBEAT_MS: '30000', REPLAY_SIZE: '100' };
  const redis = topology === 'two replicas, Redis log' ? await startRedis() : undefined;
  const servers: ServerUnderTest[] = [];
  const generators: LoadGenerator[] = [];
  try {
    const replicas = redis ? 2 : 1;
    for (let i = 0; i < replicas; i++) {
      const env = redis
        ? {
            ...common,
            EVENT_LOG: 'redis',
            REDIS_URL: redis.url,
            EVENT_LOG_KEY: `bench-${index}`,
            INSTANCE_ID: `app-${i + 1}`,
          }
        : common;
      servers.push(await startServer('nestjs', BASE_PORT + index * 4 + i, env));
    }
    for (const _ of servers) generators.push(LoadGenerator.start());
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idleRss = servers.reduce((sum, server) => sum + server.rssBytes(), 0);
    let connected = 0;
    let failed = 0;
    for (const [i, server] of servers.entries()) {
      const count = Math.floor(settings.streams / replicas) + (i < settings.streams % replicas ? 1 : 0);
      const opened = await generators[i].openStreams(`${server.url}/api/stream`, count);
      connected += opened.connected;
      failed += opened.failed;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpu = () => servers.reduce((sum, server) => sum + server.cpuSeconds(), 0);
    const cpuBefore = cpu();
    const redisCpu = () => (redis?.pid ? cpuSecondsOf(redis.pid) : 0);
    const redisCpuBefore = redisCpu();
    const reports = await Promise.all(generators.map((generator) => generator.measure(settings.measureMs)));
    const measured = {
      events: reports.reduce((sum, r) => sum + r.events, 0),
      missed: reports.reduce((sum, r) => sum + r.missed, 0),
      latenciesMs: reports.flatMap((r) => r.latenciesMs),
    };
    const cpuUsed = cpu() - cpuBefore;
    const redisCpuUsed = redisCpu() - redisCpuBefore;
    const loadedRss = servers.reduce((sum, server) => sum + server.rssBytes(), 0);
    return {
      topology,
      ...settings,
      ...deliveryFigures({
        ...settings,
        connected,
        failed,
        ...measured,
        cpuSeconds: cpuUsed,
        idleRssBytes: idleRss,
        loadedRssBytes: loadedRss,
      }),
      redisCpuSecondsPer100kEvents: per100kEvents(redisCpuUsed, measured.events),
    };
  } finally {
    for (const generator of generators) generator.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.close();
  }
}
