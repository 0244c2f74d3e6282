import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What produced a run's evidence: the components and versions, and the stack's settings. */
export interface Provenance {
  commit: string;
  toxiproxy: string;
  nginx: string;
  chromium: string;
  appNode: string;
  vite: string;
  settings: Record<string, string | number>;
}

export const PROVENANCE_FILE = 'provenance.json';

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
const orUnknown = async (read: () => Promise<string>): Promise<string> => read().then(firstLine, (error: Error) => `unknown (${firstLine(error.message)})`);

/** Toxiproxy's identity: the real image or the lab's stand-in, and the version its API reports. */
export function describeToxiproxy(image: string, version: string): string {
  const kind = image.includes('toxiproxy-compat') ? 'stand-in infra/toxiproxy-compat' : 'Shopify Toxiproxy';
  return `${kind} ${version} (image ${image})`;
}

export interface ProvenanceSources {
  repoRoot: string;
  composeArgs: string[];
  toxiproxyUrl: string;
  toxiproxyImage: string;
  chromiumPath: string | undefined;
  settings: Record<string, string | number>;
}

/** Asks each component for its version; a component that does not answer is recorded as unknown, with why. */
export async function collectProvenance(sources: ProvenanceSources): Promise<Provenance> {
  const { repoRoot, composeArgs } = sources;
  const inService = (service: string, ...command: string[]) => run('docker', [...composeArgs, 'exec', '-T', service, ...command], { cwd: repoRoot });
  const [commit, toxiproxyVersion, nginx, chromium, appNode] = await Promise.all([
    orUnknown(async () => (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })).stdout),
    orUnknown(async () => ((await (await fetch(`${sources.toxiproxyUrl}/version`)).json()) as { version: string }).version),
    orUnknown(async () => {
      const { stdout, stderr } = await inService('nginx', 'nginx', '-v');
      return (stderr || stdout).replace('nginx version: ', '');
    }),
    orUnknown(async () => (await run(sources.chromiumPath ?? 'chromium', ['--version'])).stdout),
    orUnknown(async () => (await inService('app', 'node', '--version')).stdout),
  ]);
  const vitePackage = join(repoRoot, 'node_modules/vite/package.json');
  const vite = existsSync(vitePackage) ? `vite ${(JSON.parse(readFileSync(vitePackage, 'utf8')) as { version: string }).version}` : 'unknown';
  return { commit, toxiproxy: describeToxiproxy(sources.toxiproxyImage, toxiproxyVersion), nginx, chromium, appNode, vite, settings: sources.settings };
}
