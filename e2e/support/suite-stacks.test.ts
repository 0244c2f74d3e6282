import { describe, expect, it } from 'vitest';
import { suiteStacks } from './suite-stacks';

describe('suiteStacks', () => {
  it('brings every stack up unless told otherwise', () => {
    expect(suiteStacks(undefined)).toBe('all');
    expect(suiteStacks('')).toBe('all');
  });

  it('takes a run of the suite without the platform rows, and one of the platform rows alone', () => {
    expect(suiteStacks('suite')).toBe('suite');
    expect(suiteStacks('platform')).toBe('platform');
  });

  it('names the variable and the values it takes on anything else', () => {
    expect(() => suiteStacks('platforms')).toThrow(/^E2E_STACKS="platforms": expected all, suite .* or platform/);
  });
});
