import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectationsFor, verdictProblem } from './verdict-expectations';
import type { Target } from './target-file';
import type { Verdict } from './verdicts/verdict';

const verdict = (outcome: Verdict['outcome']): Verdict => ({
  id: 'F6',
  topology: 'prod',
  outcome,
  why: 'no heartbeat in 35 s',
  advice: 'send a named heartbeat',
  measured: {},
});

function targetIn(files: Record<string, string>): Target {
  const dir = mkdtempSync(join(tmpdir(), 'verdicts-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { name: 'app', file: join(dir, 'target.json'), port: 3000, page: '/', env: {}, expect: ['F1'] } as Target;
}

describe('verdict expectations', () => {
  it('holds an example to its verdicts.json, naming a change and a verdict it does not list', () => {
    const expectations = expectationsFor(targetIn({ 'verdicts.json': '{"F6": "reproduced", "F1": "reproduced"}' }));
    expect(verdictProblem(verdict('reproduced'), expectations)).toBeUndefined();
    expect(verdictProblem(verdict('mitigated'), expectations)).toBe(
      'F6: expected reproduced, got mitigated: no heartbeat in 35 s; change: send a named heartbeat',
    );
    const unlisted = expectationsFor(targetIn({ 'verdicts.json': '{"F1": "reproduced"}' }));
    expect(verdictProblem(verdict('reproduced'), unlisted)).toMatch(
      /F6 is reproduced, and .*verdicts\.json expects nothing/,
    );
  });

  it('holds a finding expected per engine to the engine it was judged in', () => {
    const expectations = expectationsFor(
      targetIn({ 'verdicts.json': '{"F6": {"chromium": "reproduced", "firefox": "mitigated"}}' }),
    );
    expect(verdictProblem(verdict('reproduced'), expectations, 'chromium')).toBeUndefined();
    expect(verdictProblem(verdict('reproduced'), expectations, 'firefox')).toMatch(
      /^F6: expected mitigated in firefox, got reproduced/,
    );
    expect(verdictProblem(verdict('reproduced'), expectations, 'webkit')).toMatch(
      /F6 is reproduced in webkit, and .*expects nothing for it in webkit/,
    );
  });

  it('names a bad verdicts.json', () => {
    expect(() => expectationsFor(targetIn({ 'verdicts.json': '{"F6": "fine", "F99": "reproduced"}' }))).toThrow(
      /verdicts\.json:\n {2}F6: .*\n {2}F99/,
    );
  });

  it("holds a team's target to its expect list: only a reproduced finding it does not accept fails", () => {
    const expectations = expectationsFor(targetIn({}));
    expect(expectations).toEqual({ kind: 'accepted', findings: ['F1'] });
    expect(verdictProblem(verdict('reproduced'), expectations)).toMatch(
      /^F6 reproduced, and the target file's "expect"/,
    );
    expect(verdictProblem({ ...verdict('reproduced'), id: 'F1' }, expectations)).toBeUndefined();
    expect(verdictProblem(verdict('inconclusive'), expectations)).toBeUndefined();
  });
});
