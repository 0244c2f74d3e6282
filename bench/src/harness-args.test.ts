import { describe, expect, it } from 'vitest';
import { harnessArgs } from './harness-args';

describe('harnessArgs', () => {
  it('should default to 5000 streams on the lab server', () => {
    expect(harnessArgs('profile.ts', ['before'])).toEqual({ label: 'before', streams: 5000, server: 'nestjs' });
    expect(harnessArgs('profile.ts', ['floor', '2000', 'nest-floor'])).toEqual({
      label: 'floor',
      streams: 2000,
      server: 'nest-floor',
    });
  });

  it('should name the bad argument and print the usage', () => {
    expect(() => harnessArgs('profile.ts', ['x', 'many'])).toThrow(
      /STREAMS must be a positive integer, got "many"\nusage: npx tsx bench\/src\/profile.ts/,
    );
    expect(() => harnessArgs('heap-profile.ts', ['x', '10', 'fastify'])).toThrow(
      /SERVER must be one of nestjs, nestjs-direct, nest-floor, nest-floor-fastify, better-sse, baseline, got "fastify"/,
    );
    expect(() => harnessArgs('heap-profile.ts', ['../up'])).toThrow(/LABEL must be/);
  });
});
