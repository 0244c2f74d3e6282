import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { imagesEnv, REPO_ROOT } from '../lab-settings';
import { listenPort } from '../platforms/edge-config';
import type { PlatformEdge } from '../platforms/platform-edge';
import type { Target } from './target-file';
import { appUpstream, loadBalancerConf } from './load-balancer';

const run = promisify(execFile);

/** Host ports of a target's stack: the demo's defaults, so `make chaos` and the URLs read the same. */
export interface TargetPorts {
  lab: number;
  toxiproxyApi: number;
  app: number;
  /** nginx tuned for SSE, and nginx left at its defaults (buffering, gzip), each in front of the upstream proxy. */
  nginx: number;
  bufferingNginx: number;
}

export const DEFAULT_TARGET_PORTS: TargetPorts = {
  lab: 8080,
  toxiproxyApi: 8474,
  app: 3000,
  nginx: 8088,
  bufferingNginx: 8089,
};

/** Host ports of the stacks that run side by side are this far apart, one slot each. */
export const SLOT_PORT_STEP = 20;

/** The ports of the stack in `slot`: each of `base`'s, `slot` steps up. */
export function portsOfSlot(base: TargetPorts, slot: number): TargetPorts {
  const step = slot * SLOT_PORT_STEP;
  return {
    lab: base.lab + step,
    toxiproxyApi: base.toxiproxyApi + step,
    app: base.app + step,
    nginx: base.nginx + step,
    bufferingNginx: base.bufferingNginx + step,
  };
}

/** A target's running stack: where to reach it and how compose names it. */
export interface TargetStack {
  target: Target;
  project: string;
  ports: TargetPorts;
  urls: { edge: string; page: string; app: string; toxiproxy: string; nginx: string; bufferingNginx: string };
  env: Record<string, string>;
  /** compose.target.yaml, and the build file when the target is built. */
  composeFiles: string[];
  /** `compose -p <project> -f <file>…`: what `docker` is called with before a compose command. */
  composeArgs: string[];
}

/** Where the files written for a target live (git-ignored). */
export const targetStateDir = (target: Target) => join(REPO_ROOT, '.lab', 'targets', target.name);

/** The image compose runs: the target's own, or the one built from its folder. */
export const targetImage = (target: Target) => target.image ?? `sse-target/${target.name}:latest`;

/**
 * Toxiproxy's proxies for the target: the edge the browser reaches, the upstream in front of the
 * app's port. Behind a platform (PLATFORM=), the edge goes to the platform's proxy, which goes to the upstream.
 */
export const targetProxies = (target: Target, platform?: PlatformEdge) => [
  {
    name: 'edge',
    listen: '0.0.0.0:8080',
    upstream: platform ? `platform:${listenPort(platform.profile)}` : '127.0.0.1:8081',
    enabled: true,
  },
  { name: 'upstream', listen: '0.0.0.0:8081', upstream: appUpstream(target), enabled: true },
];

/** The app's environment file: the target's `env`, one `NAME=value` a line (compose reads values verbatim). */
export function envFileText(env: Record<string, string>): string {
  for (const [name, value] of Object.entries(env)) {
    if (/[\r\n]/.test(value)) throw new Error(`target env ${name}: a value cannot span lines`);
  }
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
}

/** Writes the target's proxies and environment, and says how compose runs it. */
export function describeTargetStack(
  target: Target,
  {
    ports = DEFAULT_TARGET_PORTS,
    stateDir = targetStateDir(target),
    project = `sse-target-${target.name}`,
    platform,
  }: { ports?: TargetPorts; stateDir?: string; project?: string; platform?: PlatformEdge } = {},
): TargetStack {
  mkdirSync(stateDir, { recursive: true });
  const populate = join(stateDir, 'populate.json');
  const envFile = join(stateDir, 'app.env');
  const loadBalancer = join(stateDir, 'load-balancer.conf');
  writeFileSync(populate, `${JSON.stringify(targetProxies(target, platform), null, 2)}\n`);
  writeFileSync(envFile, envFileText(target.env));
  if (target.replicas !== undefined) writeFileSync(loadBalancer, loadBalancerConf(target.port));
  const composeFiles = [
    join(REPO_ROOT, 'compose.target.yaml'),
    ...(target.build ? [join(REPO_ROOT, 'infra/target/build.yaml')] : []),
    ...(target.replicas !== undefined ? [join(REPO_ROOT, 'infra/target/replicas.yaml')] : []),
    ...(platform?.overlayFiles.map((file) => join(REPO_ROOT, file)) ?? []),
  ];
  const composeArgs = ['compose', '-p', project, ...composeFiles.flatMap((file) => ['-f', file])];
  const edge = `${platform?.profile.http2 ? 'https' : 'http'}://127.0.0.1:${ports.lab}`;
  return {
    target,
    project,
    ports,
    urls: {
      edge,
      page: `${edge}${target.page}`,
      app: `http://127.0.0.1:${ports.app}`,
      toxiproxy: `http://127.0.0.1:${ports.toxiproxyApi}`,
      nginx: `http://127.0.0.1:${ports.nginx}`,
      bufferingNginx: `http://127.0.0.1:${ports.bufferingNginx}`,
    },
    env: {
      ...imagesEnv(),
      TARGET_IMAGE: targetImage(target),
      ...(target.build ? { TARGET_BUILD: target.build } : {}),
      ...(target.replicas !== undefined
        ? { TARGET_REPLICAS: String(target.replicas), TARGET_LB_CONF: loadBalancer }
        : {}),
      TARGET_PORT: String(target.port),
      TARGET_POPULATE: populate,
      TARGET_ENV_FILE: envFile,
      LAB_PORT: String(ports.lab),
      TOXIPROXY_API_PORT: String(ports.toxiproxyApi),
      APP_PORT: String(ports.app),
      NGINX_PORT: String(ports.nginx),
      BUFFERING_NGINX_PORT: String(ports.bufferingNginx),
      ...platform?.env,
    },
    composeFiles,
    composeArgs,
  };
}

/** Runs `docker compose …` for the target's stack; a failure carries compose's own words. */
export async function compose(stack: TargetStack, args: string[], timeoutMs = 600_000): Promise<string> {
  try {
    const { stdout } = await run('docker', [...stack.composeArgs, ...args], {
      env: { ...process.env, ...stack.env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`docker compose ${args.join(' ')}: ${(stderr || message).trim().split('\n').slice(-8).join('\n')}`);
  }
}
