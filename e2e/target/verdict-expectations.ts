import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ENGINE_NAMES, type EngineName } from '../engines/engine';
import { FINDING_IDS, type FindingId } from '../support/findings';
import type { Target } from './target-file';
import { VERDICT_OUTCOMES, type Verdict, type VerdictOutcome } from './verdicts/verdict';

/** Beside an example's target file: every verdict it must get, so a test fails if one changes. */
export const EXPECTED_VERDICTS_FILE = 'verdicts.json';

const outcome = z.enum(VERDICT_OUTCOMES);
/** One outcome in every engine, or one per engine where the engines differ (F14's evidence). */
const expectedSchema = z.partialRecord(
  z.enum(FINDING_IDS),
  z.union([outcome, z.partialRecord(z.enum(ENGINE_NAMES), outcome)]),
);
type Expected = VerdictOutcome | Partial<Record<EngineName, VerdictOutcome>>;

/**
 * What a run holds a target's verdicts to: an example's exact verdicts (its verdicts.json), or a
 * team's `expect` list (the findings it accepts as reproduced: any other reproduced one fails).
 */
export type VerdictExpectations =
  | { kind: 'exact'; file: string; verdicts: Partial<Record<FindingId, Expected>> }
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

/**
 * Why `verdict` breaks the expectations, in one line, or undefined when it keeps them; `engine` is
 * the one the verdict was judged in, for an example that expects a finding per engine.
 */
export function verdictProblem(
  verdict: Verdict,
  expectations: VerdictExpectations,
  engine?: string,
): string | undefined {
  const said = `${verdict.why}${verdict.advice ? `; change: ${verdict.advice}` : ''}`;
  if (expectations.kind === 'exact') {
    const entry = expectations.verdicts[verdict.id];
    const wanted = typeof entry === 'object' ? entry[engine as EngineName] : entry;
    const where = typeof entry === 'object' ? ` in ${engine ?? 'no engine'}` : '';
    if (wanted === undefined)
      return `${verdict.id} is ${verdict.outcome}${where}, and ${expectations.file} expects nothing for it${where}`;
    return wanted === verdict.outcome
      ? undefined
      : `${verdict.id}: expected ${wanted}${where}, got ${verdict.outcome}: ${said}`;
  }
  if (verdict.outcome !== 'reproduced' || expectations.findings.includes(verdict.id)) return undefined;
  return `${verdict.id} reproduced, and the target file's "expect" does not accept it: ${said}`;
}
