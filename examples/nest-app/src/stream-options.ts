import type { SseLabOptions } from '@sse-lab/nest';

/** The stream's settings from the environment, where given: the module checks each value and names a bad one. */
export function streamOptionsFromEnv(env: NodeJS.ProcessEnv): SseLabOptions {
  const number = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : Number(env[name]));
  return {
    heartbeatMs: number('HEARTBEAT_MS'),
    retryMs: number('RETRY_MS'),
    maxStreamMs: number('MAX_STREAM_MS'),
    maxStreamsPerIp: number('MAX_STREAMS_PER_IP'),
  };
}
