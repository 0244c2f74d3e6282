import { describe, expect, it } from 'vitest';
import { heapByKind, heapTotalBytes, type HeapSnapshot } from './heap-profile';

describe('heapByKind', () => {
  it('should add up self sizes by node type and constructor, strings together, largest first', () => {
    const heap: HeapSnapshot = {
      snapshot: {
        meta: { node_fields: ['type', 'name', 'id', 'self_size'], node_types: [['object', 'closure', 'string']] },
      },
      strings: ['SseStream', 'onclose', 'hello', 'world'],
      nodes: [0, 0, 1, 100, 0, 0, 2, 100, 1, 1, 3, 40, 2, 2, 4, 30, 2, 3, 5, 50],
    };
    expect(heapByKind(heap)).toEqual([
      { kind: 'object:SseStream', count: 2, bytes: 200 },
      { kind: 'string:(string)', count: 2, bytes: 80 },
      { kind: 'closure:onclose', count: 1, bytes: 40 },
    ]);
    expect(heapByKind(heap, 1)).toHaveLength(1);
    expect(heapTotalBytes(heap)).toBe(320);
  });
});
