import { describe, expect, it } from 'vitest';
import { topFunctions } from './profile';

describe('topFunctions', () => {
  it('should add up self samples by function and file, largest first, as shares', () => {
    const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
    const profile = {
      samples: [],
      nodes: [
        { id: 1, callFrame: frame('(root)'), hitCount: 0 },
        { id: 2, callFrame: frame('writeMessage', 'file:///app/node_modules/@nestjs/core/router/sse-stream.js', 112), hitCount: 30 },
        { id: 3, callFrame: frame('writeMessage', 'file:///app/node_modules/@nestjs/core/router/sse-stream.js', 112), hitCount: 20 },
        { id: 4, callFrame: frame('(garbage collector)'), hitCount: 25 },
        { id: 5, callFrame: frame('', 'file:///app/dist/stream.service.js', 9), hitCount: 25 },
      ],
    };
    expect(topFunctions(profile)).toEqual([
      { name: 'writeMessage sse-stream.js:113', sharePct: 50 },
      { name: '(garbage collector)', sharePct: 25 },
      { name: '(anonymous) stream.service.js:10', sharePct: 25 },
    ]);
    expect(topFunctions(profile, 1)).toHaveLength(1);
  });
});
