import { describe, expect, it } from 'vitest';
import { enginesOwing, firstEngineTags, platformEngines } from './platform-engines';

describe('PLATFORM_ENGINES', () => {
  it('should run the platform rows in the first engine by default, in each with all', () => {
    expect(platformEngines(undefined)).toBe('first');
    expect(platformEngines('')).toBe('first');
    expect(platformEngines('all')).toBe('all');
    expect(firstEngineTags('first')).toContain('platform');
    expect(firstEngineTags('all')).not.toContain('platform');
  });

  it('should refuse anything else, naming the variable', () => {
    expect(() => platformEngines('webkit')).toThrow('PLATFORM_ENGINES="webkit": expected first or all');
  });

  it('should owe F15 rows in the first engine only, unless all engines run them', () => {
    const engines = ['chromium', 'firefox', 'webkit'] as const;
    expect(enginesOwing('F15', [...engines], 'first')).toEqual(['chromium']);
    expect(enginesOwing('F15', [...engines], 'all')).toEqual([...engines]);
    expect(enginesOwing('F6', [...engines], 'first')).toEqual([...engines]);
  });
});
