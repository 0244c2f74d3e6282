import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetLacks } from '../apps/target-app';
import { FINDING_ENTRIES, FINDING_IDS, FINDINGS } from './finding-catalogue';

const E2E = join(__dirname, '..');
/** The findings a spec's tests declare rows for, read from its expects() calls. */
const declaredIn = (spec: string) =>
  new Set([...readFileSync(join(E2E, spec), 'utf8').matchAll(/expects\('(F\d+)'/g)].map(([, id]) => id));

describe('the finding catalogue', () => {
  it('should hold each finding once, in order', () => {
    expect(FINDING_IDS).toEqual(FINDINGS.map((_, i) => `F${i + 1}`));
  });

  it("should name specs that exist and declare rows for the finding, and every spec's findings", () => {
    for (const { id, specs } of FINDINGS)
      for (const spec of specs) expect(declaredIn(spec), `${spec} declares rows for ${id}`).toContain(id);
    const specFiles = readdirSync(E2E).filter((file) => file.endsWith('.spec.ts'));
    for (const id of FINDING_IDS)
      for (const spec of specFiles)
        if (declaredIn(spec).has(id))
          expect(FINDINGS.find((finding) => finding.id === id)!.specs, `${spec} declares rows for ${id}`).toContain(
            spec,
          );
  });

  it('should name a target judge that exists, the rows that stand for one, or what a target lacks for it', () => {
    for (const { id, target, needs = [] } of FINDING_ENTRIES) {
      if (target && 'judge' in target) expect(existsSync(join(E2E, 'target/verdicts', target.judge)), id).toBe(true);
      else if (target) expect(target.platformRows, id).toMatch(/\w{8,}/);
      // Without a verdict of its own, a target gets the finding's `not applicable` row, for a reason the target app gives.
      else
        expect(
          needs.some((capability) => targetLacks({ file: 't.json', replicas: 4 })(capability)),
          id,
        ).toBe(true);
    }
  });
});
