import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { FINDING_IDS, type FindingId } from '../support/findings';
import type { Target } from './target-file';
import type { Verdict, VerdictOutcome } from './verdicts/verdict';

/** Beside an example's target file: every verdict it must get, so a test fails if one changes. */
export const EXPECTED_VERDICTS_FILE = 'verdicts.json';

const OUTCOMES = ['reproduced', 'mitigated', 'not applicable', 'inconclusive'] as const satisfies VerdictOutcome[];
const expectedSchema = z.partialRecord(z.enum(FINDING_IDS), z.enum(OUTCOMES));

/**
 * What a run holds a target's verdicts to: an example's exact verdicts (its verdicts.json), or a
 * team's `expect` list (the findings it accepts as reproduced: any other reproduced one fails).
 */
export type VerdictExpectations =
  | { kind: 'exact'; file: string; verdicts: Partial<Record<FindingId, VerdictOutcome>> }
  | { kind: 'accepted'; findings: FindingId[] };

export function expectationsFor(target: Target): VerdictExpectations {
  const file = join(dirname(target.file), EXPECTED_VERDICTS_FILE);
  if (!existsSync(file)) return { kind: 'accepted', findings: target.expect };
  const parsed = expectedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `  ${key}: not a finding (${FINDING_IDS[0]}–${FINDING_IDS.at(-1)})`)
        : [`  ${issue.path.join('.') || '(root)'}: ${issue.message}`],
    );
    throw new Error(`${file}:\n${problems.join('\n')}`);
  }
  return { kind: 'exact', file, verdicts: parsed.data };
}

/** Why `verdict` breaks the expectations, in one line, or undefined when it keeps them. */
export function verdictProblem(verdict: Verdict, expectations: VerdictExpectations): string | undefined {
  const said = `${verdict.why}${verdict.advice ? `; change: ${verdict.advice}` : ''}`;
  if (expectations.kind === 'exact') {
    const wanted = expectations.verdicts[verdict.id];
    if (wanted === undefined)
      return `${verdict.id} is ${verdict.outcome}, and ${expectations.file} expects nothing for it`;
    return wanted === verdict.outcome
      ? undefined
      : `${verdict.id}: expected ${wanted}, got ${verdict.outcome}: ${said}`;
  }
  if (verdict.outcome !== 'reproduced' || expectations.findings.includes(verdict.id)) return undefined;
  return `${verdict.id} reproduced, and the target file's "expect" does not accept it: ${said}`;
}
