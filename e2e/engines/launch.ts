import { ENGINE_NAMES, type Engine, type EngineName } from './engine';
import { PlaywrightEngine } from './playwright-engine';
import { WebKitEngine } from './webkit-engine';

export const launchEngine = (name: EngineName): Promise<Engine> =>
  name === 'webkit' ? WebKitEngine.launch() : PlaywrightEngine.launch(name);

/** BROWSERS, a comma-separated list of engines (default: all three), in the order given. */
export function selectedEngines(value: string | undefined = process.env.BROWSERS): EngineName[] {
  if (value === undefined || value.trim() === '') return [...ENGINE_NAMES];
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !(ENGINE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(
      `BROWSERS="${value}": expected a comma-separated list of ${ENGINE_NAMES.join(', ')} (unknown: ${unknown.join(', ') || 'none given'})`,
    );
  return [...new Set(names)] as EngineName[];
}
