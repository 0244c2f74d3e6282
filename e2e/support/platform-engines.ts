import type { EngineName } from '../engines/engine';
import type { FindingId } from './findings';

/**
 * PLATFORM_ENGINES: the platform rows (F15, tagged @platform) run in the first engine of the run
 * (`first`, the default) or in each (`all`): what a platform's proxy does is the same for every
 * browser, and each profile takes a stack of its own.
 */
export type PlatformEngines = 'first' | 'all';

export function platformEngines(raw = process.env.PLATFORM_ENGINES): PlatformEngines {
  if (raw === undefined || raw === '' || raw === 'first') return 'first';
  if (raw === 'all') return 'all';
  throw new Error(`PLATFORM_ENGINES="${raw}": expected first or all`);
}

/** The tags that run in the first engine's project only. */
export const firstEngineTags = (platforms: PlatformEngines): string[] =>
  platforms === 'all' ? ['server', 'target'] : ['server', 'target', 'platform'];

/** The engines in which a full run must have a row of `id`. */
export const enginesOwing = (id: FindingId, engines: EngineName[], platforms: PlatformEngines): EngineName[] =>
  id === 'F15' && platforms === 'first' ? engines.slice(0, 1) : engines;
