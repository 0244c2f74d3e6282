import { describe, expect, it } from 'vitest';
import type { FindingRow } from '../support/findings';
import { agreementTable, demoAgreement } from './demo-agreement';

const suite = (id: FindingRow['id'], outcome: FindingRow['outcome'], status = 'passed'): FindingRow =>
  ({ id, topology: 'prod', engine: 'chromium', outcome, measured: {}, status }) as FindingRow;
const verdict = (target: string, id: FindingRow['id'], outcome: FindingRow['outcome'], status = 'passed'): FindingRow =>
  ({ id, topology: 'prod', engine: 'chromium', outcome, measured: {}, status, target, why: 'seen' }) as FindingRow;

describe('demoAgreement', () => {
  it('should agree where the lab client mitigates what the suite mitigates and the native page reproduces what it reproduces', () => {
    const [f1] = demoAgreement(
      [suite('F1', 'reproduced'), suite('F1', 'mitigated'), suite('F1', 'mitigated')],
      [verdict('demo', 'F1', 'mitigated'), verdict('demo-native', 'F1', 'reproduced')],
    );
    expect(f1).toEqual({
      id: 'F1',
      engine: 'chromium',
      lab: 'mitigated',
      native: 'reproduced',
      suite: { mitigated: 2, reproduced: 1 },
    });
  });

  it("should name a lab client's reproduced verdict where the suite mitigates", () => {
    const [f7] = demoAgreement([suite('F7', 'mitigated')], [verdict('demo', 'F7', 'reproduced')]);
    expect(f7!.contradiction).toMatch(/lab client's page is reproduced, the suite mitigates it \(1 rows\)/);
  });

  it('should name a difference the lab client makes on the demo that no suite row shows, counting only passed suite rows', () => {
    const [f7] = demoAgreement(
      [suite('F7', 'reproduced'), suite('F7', 'mitigated', 'failed')],
      [verdict('demo', 'F7', 'mitigated'), verdict('demo-native', 'F7', 'reproduced')],
    );
    expect(f7!.contradiction).toMatch(
      /lab client makes the difference on the demo, and no suite row shows it mitigating/,
    );
  });

  it("should take a verdict that broke the example's expectations (its test failed) as the verdict it is", () => {
    const [f11] = demoAgreement([suite('F11', 'mitigated')], [verdict('demo', 'F11', 'reproduced', 'failed')]);
    expect(f11).toMatchObject({ lab: 'reproduced', contradiction: expect.stringMatching(/the suite mitigates it/) });
  });

  it("should let a server-side mitigation stand with no suite row mitigating it (F5's retry:)", () => {
    const [f5] = demoAgreement(
      [suite('F5', 'reproduced')],
      [verdict('demo', 'F5', 'mitigated'), verdict('demo-native', 'F5', 'mitigated')],
    );
    expect(f5!.contradiction).toBeUndefined();
  });

  it('should not compare a finding the suite measures rather than judges, or one it did not run, and ignore other targets', () => {
    const agreements = demoAgreement(
      [suite('F14', 'measured')],
      [
        verdict('demo', 'F14', 'inconclusive'),
        verdict('demo', 'F12', 'not applicable'),
        verdict('spike', 'F1', 'reproduced'),
      ],
    );
    expect(agreements.map((a) => [a.id, a.notCompared])).toEqual([
      ['F12', 'the suite has no passed row judging F12 in chromium'],
      ['F14', 'the suite has no passed row judging F14 in chromium'],
    ]);
    expect(agreementTable(agreements)).toContain('| F14 | chromium | inconclusive | – | 0 · 0 | not compared:');
  });
});
