import { METRIC } from '@sse-lab/contract';
import { readSample } from '@sse-lab/contract/metrics-text';
import type { Violation } from './checker';

/** One app container's gauges and memory at one moment, read from its published port. */
export interface AppSample {
  service: string;
  at: number;
  bootId: string;
  activeStreams: number;
  heartbeatTimers: number;
  /** Streams counted against their client's IP (the admission's slots), from the readiness check. */
  ipSlots: number;
  heapUsedBytes: number;
  rssBytes: number;
}

/** The most a process's heap may grow within one boot over a soak. */
export const HEAP_GROWTH_BOUND_MB = 48;

interface Readiness {
  info?: { stream?: { bootId: string; activeStreams: number } };
  details?: { stream?: { bootId: string; activeStreams: number } };
}

/** Null while the app does not answer (paused, stopped, starting). */
export async function sampleApp(service: string, url: string): Promise<AppSample | null> {
  try {
    const signal = AbortSignal.timeout(1500);
    const [metrics, ready] = await Promise.all([
      fetch(`${url}/api/metrics`, { signal }).then((res) => res.text()),
      fetch(`${url}/api/health/ready`, { signal }).then((res) => res.json() as Promise<Readiness>),
    ]);
    const stream = ready.details?.stream ?? ready.info?.stream;
    if (!stream) return null;
    return {
      service,
      at: Date.now(),
      bootId: stream.bootId,
      activeStreams: readSample(metrics, METRIC.activeStreams),
      heartbeatTimers: readSample(metrics, METRIC.heartbeatTimers),
      ipSlots: stream.activeStreams,
      heapUsedBytes: readSample(metrics, 'nodejs_heap_size_used_bytes'),
      rssBytes: readSample(metrics, 'process_resident_memory_bytes'),
    };
  } catch {
    return null;
  }
}

/** Why the gauges do not match the live clients, or null when they do: streams, their IP slots and the one shared heartbeat timer. */
export function gaugeMismatch(samples: readonly AppSample[], expectedStreams: number): string | null {
  const streams = samples.reduce((sum, sample) => sum + sample.activeStreams, 0);
  const problems: string[] = [];
  if (streams !== expectedStreams)
    problems.push(`${streams} active streams on the server for ${expectedStreams} live client connections`);
  for (const sample of samples) {
    if (sample.ipSlots !== sample.activeStreams)
      problems.push(`${sample.service}: ${sample.ipSlots} IP slots held for ${sample.activeStreams} streams`);
    const timers = sample.activeStreams > 0 ? 1 : 0;
    if (sample.heartbeatTimers !== timers)
      problems.push(
        `${sample.service}: ${sample.heartbeatTimers} heartbeat timers for ${sample.activeStreams} streams (expected ${timers})`,
      );
  }
  return problems.length ? problems.join('; ') : null;
}

/** Heap growth per boot of each app: the largest rise over the boot's first sample. */
export function heapGrowth(
  samples: readonly AppSample[],
): { service: string; bootId: string; growthMb: number; samples: number }[] {
  const boots = new Map<string, AppSample[]>();
  for (const sample of samples) {
    const key = `${sample.service} ${sample.bootId}`;
    boots.set(key, [...(boots.get(key) ?? []), sample]);
  }
  return [...boots.values()].map((boot) => ({
    service: boot[0].service,
    bootId: boot[0].bootId,
    growthMb: Math.round((Math.max(...boot.map((s) => s.heapUsedBytes)) - boot[0].heapUsedBytes) / 1e5) / 10,
    samples: boot.length,
  }));
}

export function memoryViolations(samples: readonly AppSample[]): Violation[] {
  return heapGrowth(samples)
    .filter((boot) => boot.growthMb > HEAP_GROWTH_BOUND_MB)
    .map((boot) => ({
      invariant: 'memory',
      at: Date.now(),
      detail: `${boot.service} (boot ${boot.bootId}): heap grew ${boot.growthMb} MB over ${boot.samples} samples, bound ${HEAP_GROWTH_BOUND_MB} MB`,
    }));
}
