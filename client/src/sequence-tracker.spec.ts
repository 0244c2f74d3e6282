import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('should count missing events as gaps', () => {
    const tracker = new SequenceTracker();
    expect(['b0070001-1', 'b0070001-2', 'b0070001-5'].map((id) => tracker.record(id))).toEqual([
      'first',
      'next',
      'gap',
    ]);
    expect(tracker.gaps).toBe(2);
  });

  it('should count repeated or older ids as duplicates', () => {
    const tracker = new SequenceTracker();
    ['abab0001-1', 'abab0001-2', 'abab0001-2', 'abab0001-1', 'abab0001-3'].forEach((id) => tracker.record(id));
    expect(tracker.duplicates).toBe(2);
    expect(tracker.gaps).toBe(0);
  });

  it('should not judge the first id of a new boot', () => {
    const tracker = new SequenceTracker();
    tracker.record('aaaa0001-10');
    expect(tracker.record('bbbb0001-1')).toBe('first');
    expect(tracker.gaps).toBe(0);
  });

  it('should start from a rebased position', () => {
    const tracker = new SequenceTracker();
    tracker.rebase('aaaa0001-7');
    expect(tracker.record('aaaa0001-8')).toBe('next');
    tracker.rebase('aaaa0001-20');
    expect(tracker.record('aaaa0001-21')).toBe('next');
    expect(tracker.gaps).toBe(0);
  });

  it('should judge an id without recording it when peeked, and tell the last id it holds', () => {
    const tracker = new SequenceTracker();
    expect(tracker.lastId).toBeNull();
    tracker.record('abab0001-4');
    expect([tracker.peek('abab0001-6'), tracker.peek('abab0001-5'), tracker.peek('abab0001-4')]).toEqual([
      'gap',
      'next',
      'duplicate',
    ]);
    expect([tracker.gaps, tracker.duplicates, tracker.lastId]).toEqual([0, 0, 'abab0001-4']);
  });
});
