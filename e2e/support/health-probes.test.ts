import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMPOSE_FILES, DEV_COMPOSE_FILE, EVENT_LOGS, REPO_ROOT, SCALE_COMPOSE_FILE } from '../lab-settings';

interface Service {
  image?: string;
  healthcheck?: { test?: string[]; interval?: string; disable?: boolean };
}

const servicesOf = (file: string): Record<string, Service> =>
  parse(readFileSync(join(REPO_ROOT, file), 'utf8'), { merge: true }).services ?? {};

const seconds = (interval: string | undefined) => {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(interval ?? '30s');
  if (!match) throw new Error(`interval "${interval}": expected seconds, e.g. 2s`);
  return Number(match[1]);
};

/** Health probes a second across the given files' services (a later file's service overrides an earlier one's). */
function probesPerSecond(files: string[]): number {
  const services: Record<string, Service> = {};
  for (const file of files)
    for (const [name, service] of Object.entries(servicesOf(file))) services[name] = { ...services[name], ...service };
  return Object.values(services)
    .filter(({ healthcheck }) => healthcheck?.test && !healthcheck.disable)
    .reduce((sum, { healthcheck }) => sum + 1 / seconds(healthcheck!.interval), 0);
}

// Every Docker health probe is a container exec: about 0.15 CPU-second here with runc, for as long as
// the suite's stacks run. At 11 probes a second the idle stacks took 1.6 of the machine's 2 cores.
describe('the health probes of the suite’s stacks', () => {
  it('should stay within five a second across every stack the suite keeps up', () => {
    const perSecond =
      probesPerSecond(COMPOSE_FILES) +
      probesPerSecond([DEV_COMPOSE_FILE]) +
      EVENT_LOGS.length * probesPerSecond([SCALE_COMPOSE_FILE]);
    expect(perSecond).toBeLessThanOrEqual(5);
  });

  it('should leave nginx unprobed: its process is the container, started is serving', () => {
    for (const file of [...COMPOSE_FILES, SCALE_COMPOSE_FILE, 'compose.target.yaml'])
      for (const [name, service] of Object.entries(servicesOf(file)))
        if (service.image?.includes('nginx')) expect(service.healthcheck, `${file}: ${name}`).toBeUndefined();
  });
});
