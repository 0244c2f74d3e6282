import { FAULTS } from './index';
import { TARGETS, type Fault, type Target } from './fault';

export class FaultError extends Error {}

export interface FaultRequest {
  fault: Fault;
  /** A proxy name: `edge`, `upstream` or `redis` from the command line; the suite's stack has more. */
  target?: string;
  params: Record<string, number>;
}

export function listFaults(): string {
  const width = Math.max(...[...FAULTS.keys()].map((name) => name.length));
  return [...FAULTS.values()]
    .map((fault) => {
      const params = Object.entries(fault.params).map(([key, p]) => `${key}=${p.default}`);
      return `  ${fault.name.padEnd(width)}  ${fault.summary}${params.length ? `  [${params.join(' ')}]` : ''}`;
    })
    .join('\n');
}

/** Validates a fault request completely before anything is applied. */
export function resolveFault(
  name: string | undefined,
  target?: string,
  raw: Record<string, string | number> = {},
): FaultRequest {
  const fault = FAULTS.get(name ?? '');
  if (!fault) throw new FaultError(`unknown fault "${name ?? ''}". Valid faults:\n${listFaults()}`);
  if (target !== undefined && fault.kind !== 'toxic' && fault.kind !== 'proxy-down') {
    const actsOn = { clear: 'every proxy', backend: 'the app container', replicas: 'the replicas' }[fault.kind];
    throw new FaultError(`fault "${fault.name}" takes no PROXY (it acts on ${actsOn})`);
  }
  if (target !== undefined && !TARGETS.includes(target as Target)) {
    throw new FaultError(`PROXY="${target}": expected one of ${TARGETS.join(', ')}`);
  }
  const params: Record<string, number> = {};
  for (const [key, spec] of Object.entries(fault.params)) params[key] = spec.default;
  for (const [key, value] of Object.entries(raw)) {
    const spec = fault.params[key];
    if (!spec) {
      const valid = Object.keys(fault.params);
      throw new FaultError(
        `fault "${fault.name}" has no parameter "${key}"; ${valid.length ? `valid: ${valid.join(', ')}` : 'it takes none'}`,
      );
    }
    const text = String(value).trim();
    const number = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(number) || number < spec.min || number > spec.max) {
      throw new FaultError(`${key}="${value}": expected an integer from ${spec.min} to ${spec.max} (${spec.help})`);
    }
    params[key] = number;
  }
  const problem = fault.check?.(params);
  if (problem) throw new FaultError(`fault "${fault.name}": ${problem}`);
  const defaultTarget = fault.kind === 'toxic' || fault.kind === 'proxy-down' ? fault.defaultTarget : undefined;
  return { fault, target: (target as Target | undefined) ?? defaultTarget, params };
}
