import { NUMERIC_OPTIONS, optionProblems, type EventStreamOptions } from '@sse-lab/client';
import type { ClientMode } from '@sse-lab/client/vue';

export interface DashboardSettings {
  mode: ClientMode;
  streamUrl: string;
  /** The valid client options; a bad one is left out (the client keeps its default) and reported. */
  options: EventStreamOptions;
  /** One line per option the URL set wrongly, shown on the dashboard. */
  problems: string[];
}

/** Client options a URL may set, e.g. `?maxBackoffMs=4000`: lab runs tune the client without a rebuild. */
export function settingsFromUrl(search: string): DashboardSettings {
  const params = new URLSearchParams(search);
  const requested: Record<string, number> = {};
  const problems: string[] = [];
  for (const key of NUMERIC_OPTIONS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    const [problem] = optionProblems({ [key]: value });
    if (problem) problems.push(problem.replace(`${key}=${JSON.stringify(value)}`, `${key}=${JSON.stringify(raw)}`));
    else requested[key] = value;
  }
  // Options that are fine alone but not together (a cap below the first step): both are left out.
  for (const problem of optionProblems(requested)) {
    problems.push(problem);
    delete requested.initialBackoffMs;
    delete requested.maxBackoffMs;
  }
  // Tabs share one stream unless the URL says `share=off` (which reproduces finding F11).
  const share = params.get('share');
  if (share !== null && share !== 'on' && share !== 'off')
    problems.push(`share=${JSON.stringify(share)}: expected "on" or "off"`);
  return {
    mode: params.get('client') === 'native' ? 'native' : 'lab',
    streamUrl: params.get('stream') ?? '/api/stream',
    options: { ...requested, shareAcrossTabs: share !== 'off' },
    problems,
  };
}
