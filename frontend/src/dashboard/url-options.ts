import type { EventStreamOptions } from '../realtime/event-stream';
import type { ClientMode } from '../realtime/use-event-stream';

export interface DashboardSettings {
  mode: ClientMode;
  streamUrl: string;
  options: EventStreamOptions;
}

/** Client options a URL may set, e.g. `?maxBackoffMs=4000`: lab runs tune the client without a rebuild. */
const NUMERIC_OPTIONS = ['staleAfterHeartbeats', 'initialBackoffMs', 'backoffFactor', 'maxBackoffMs', 'jitter', 'stableAfterMs', 'heartbeatMs'] as const;

export function settingsFromUrl(search: string): DashboardSettings {
  const params = new URLSearchParams(search);
  const options: EventStreamOptions = {};
  for (const key of NUMERIC_OPTIONS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const value = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(value) && value >= 0) options[key] = value;
  }
  return {
    mode: params.get('client') === 'native' ? 'native' : 'lab',
    streamUrl: params.get('stream') ?? '/api/stream',
    options,
  };
}
