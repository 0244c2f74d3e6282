import { describe, expect, it } from 'vitest';
import { placeOf, selectedTransports } from './transports';

describe('selectedTransports', () => {
  it('should run on both transports by default, and on the ones TRANSPORTS names otherwise, in a fixed order', () => {
    expect(selectedTransports(undefined)).toEqual(['sse-decorator', 'direct']);
    expect(selectedTransports(' ')).toEqual(['sse-decorator', 'direct']);
    expect(selectedTransports('direct, SSE-DECORATOR')).toEqual(['sse-decorator', 'direct']);
    expect(selectedTransports('sse-decorator')).toEqual(['sse-decorator']);
  });

  it('should refuse a transport it does not know, naming TRANSPORTS', () => {
    expect(() => selectedTransports('direct,fastify')).toThrow(
      'TRANSPORTS="direct,fastify": expected a comma-separated list of sse-decorator, direct (unknown: fastify)',
    );
    expect(() => selectedTransports(',')).toThrow(/TRANSPORTS=",".*none given/);
  });
});

describe('placeOf', () => {
  it('should name the transport beside the topology only when it is not the default', () => {
    expect(placeOf({ topology: 'prod+nginx' })).toBe('prod+nginx');
    expect(placeOf({ topology: 'prod+nginx', transport: 'sse-decorator' })).toBe('prod+nginx');
    expect(placeOf({ topology: 'prod+nginx', transport: 'direct' })).toBe('prod+nginx · direct');
  });

  it("should put a target's name before the topology, so its verdicts are columns of their own", () => {
    expect(placeOf({ topology: 'prod', target: 'spike' })).toBe('spike: prod');
  });
});
