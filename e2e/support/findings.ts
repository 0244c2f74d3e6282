import type { TestInfo } from '@playwright/test';
import type { EngineName } from '../engines';
import type { FindingId } from './finding-catalogue';
import type { StreamTransport } from './transports';

export { FINDING_IDS, type FindingId } from './finding-catalogue';

export type Topology =
  | 'prod'
  | 'prod+nginx'
  | 'prod+nginx-h2'
  | 'prod+naive-nginx'
  /** nginx at its defaults (buffering, gzip) that honours `X-Accel-Buffering`: a team's app behind it (target mode). */
  | 'prod+buffering-nginx'
  | 'dev (Vite)'
  | 'dev (Vite, fix abort)'
  | 'dev (Vite, fix full)'
  | 'scale (memory log)'
  | 'scale (redis log)'
  /** A loopback server of the suite's own, for what the lab's backend never sends (F14). */
  | 'probe server'
  /** A platform's edge in front of the app (F15, e2e/platforms). */
  | `platform: ${string}`;
/**
 * `measured`: a behaviour of the engine itself, recorded as evidence (F14), neither a fault nor a fix.
 * `inconclusive`: a target's verdict that could not be observed (the row says why).
 */
export type Outcome = 'reproduced' | 'mitigated' | 'measured' | 'not applicable' | 'inconclusive';
/** The engine a row was measured in; `no browser` for the rows about the server alone. */
export type RowEngine = EngineName | 'no browser';
/** What the matrix shows: the recorded outcome, or why there is none. */
export type MatrixOutcome = Outcome | 'failed' | 'not run';

export interface FindingRow {
  id: FindingId;
  topology: Topology;
  engine: RowEngine;
  /** The backend's stream transport the row was measured on (absent: the default, sse-decorator). */
  transport?: StreamTransport;
  outcome: MatrixOutcome;
  /** Measured figures, in milliseconds unless the key says otherwise. */
  measured: Record<string, number | string>;
  test?: string;
  status?: string;
  /** First line of the error, for a failed row. */
  error?: string;
  /** A team's app under the lab (target mode): its name, and the verdict's grounds and advice. */
  target?: string;
  why?: string;
  advice?: string;
}

export interface ExpectedFinding {
  id: FindingId;
  topology: Topology;
  /** Absent: any outcome (a target's verdict, which the test finds out). */
  outcome?: Outcome;
  target?: string;
}

export const FINDING_ANNOTATION = 'finding';
export const EXPECTED_FINDING_ANNOTATION = 'expected-finding';

/**
 * Declares, on the test itself, a finding row it must record: a test that fails (or forgets)
 * before recording it shows in the matrix as `failed`, never as missing.
 * Usage: `test('…', { annotation: [expects('F1', 'prod+nginx', 'mitigated')] }, async …)`.
 */
export function expects(id: FindingId, topology: Topology, outcome: Outcome): { type: string; description: string } {
  return {
    type: EXPECTED_FINDING_ANNOTATION,
    description: JSON.stringify({ id, topology, outcome } satisfies ExpectedFinding),
  };
}

/** Records one row of the findings matrix from inside a test (written by findings-reporter.ts). */
export function recordFinding(
  testInfo: TestInfo,
  row: Omit<FindingRow, 'engine' | 'test' | 'status' | 'outcome' | 'error'> & { outcome: Outcome },
): void {
  testInfo.annotations.push({ type: FINDING_ANNOTATION, description: JSON.stringify(row) });
}

export const sameFinding = (
  a: ExpectedFinding,
  b: Pick<FindingRow, 'id' | 'topology' | 'outcome' | 'target'>,
): boolean =>
  a.id === b.id && a.topology === b.topology && (a.outcome ?? b.outcome) === b.outcome && a.target === b.target;

/** Every row of a findings.json, as the reporter writes it. */
export function rowsOf(findingsJson: string): FindingRow[] {
  const { findings } = JSON.parse(findingsJson) as { findings: { id: string; rows: FindingRow[] }[] };
  return findings.flatMap(({ rows }) => rows);
}
