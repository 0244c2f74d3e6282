import { describe, expect, it } from 'vitest';
import { errorLines, firstErrorLine } from './error-text';

describe('error text', () => {
  it('should drop colour codes and blank lines', () => {
    expect(errorLines('\u001b[2mError: x\u001b[22m\n\n  at y  \n')).toEqual(['Error: x', '  at y']);
  });

  it('should give the first line, or the fallback for an empty message', () => {
    expect(firstErrorLine('\n  \u001b[31mTimeout 5000ms\u001b[39m\nmore')).toBe('Timeout 5000ms');
    expect(firstErrorLine(undefined, 'no error message')).toBe('no error message');
  });
});
