import type { TestInfo } from '@playwright/test';

export const FINDING_IDS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10'] as const;
export type FindingId = (typeof FINDING_IDS)[number];
export type Topology = 'prod' | 'prod+nginx' | 'prod+naive-nginx' | 'dev (Vite)' | 'dev (Vite, fix abort)' | 'dev (Vite, fix full)';
export type Outcome = 'reproduced' | 'mitigated' | 'not applicable';

export interface FindingRow {
  id: FindingId;
  topology: Topology;
  outcome: Outcome;
  /** Measured figures, in milliseconds unless the key says otherwise. */
  measured: Record<string, number | string>;
  test?: string;
  status?: string;
}

export const FINDING_ANNOTATION = 'finding';

/** Records one row of the findings matrix from inside a test (written by findings-reporter.ts). */
export function recordFinding(testInfo: TestInfo, row: Omit<FindingRow, 'test' | 'status'>): void {
  testInfo.annotations.push({ type: FINDING_ANNOTATION, description: JSON.stringify(row) });
}
