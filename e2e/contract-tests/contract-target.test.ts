import { describe, expect, it } from 'vitest';
import { contractEnvFor, contractTarget } from './contract-target';

describe('contractTarget', () => {
  it('should read the API base, the stream path under it and the limit, defaulting to stream and the contract’s 5', () => {
    expect(contractTarget({ CONTRACT_URL: 'http://127.0.0.1:3000/api/' })).toEqual({
      streamUrl: 'http://127.0.0.1:3000/api/stream',
      maxStreamsPerIp: 5,
    });
    expect(
      contractTarget({ CONTRACT_URL: 'http://127.0.0.1:3000/api', CONTRACT_MAX_STREAMS_PER_IP: '2' }).maxStreamsPerIp,
    ).toBe(2);
    expect(
      contractTarget({ CONTRACT_URL: 'http://127.0.0.1:3000/api', CONTRACT_STREAM_PATH: 'events' }).streamUrl,
    ).toBe('http://127.0.0.1:3000/api/events');
  });

  it('should stop naming a missing or bad variable', () => {
    expect(() => contractTarget({})).toThrow(/^CONTRACT_URL: required/);
    expect(() => contractTarget({ CONTRACT_URL: 'localhost:3000' })).toThrow(
      /CONTRACT_URL="localhost:3000": expected http/,
    );
    expect(() => contractTarget({ CONTRACT_URL: 'nope' })).toThrow(/CONTRACT_URL="nope": not a URL/);
    expect(() => contractTarget({ CONTRACT_URL: 'http://x/api', CONTRACT_STREAM_PATH: '/events' })).toThrow(
      /CONTRACT_STREAM_PATH="\/events"/,
    );
    expect(() => contractTarget({ CONTRACT_URL: 'http://x/api', CONTRACT_MAX_STREAMS_PER_IP: '0' })).toThrow(
      /CONTRACT_MAX_STREAMS_PER_IP="0"/,
    );
  });

  it("should point at a target's app: its stream path split into the API base and the path, its own limit", () => {
    const env = contractEnvFor('http://127.0.0.1:3100', '/api/stream', {});
    expect(env).toEqual({
      CONTRACT_URL: 'http://127.0.0.1:3100/api',
      CONTRACT_STREAM_PATH: 'stream',
      CONTRACT_MAX_STREAMS_PER_IP: '5',
    });
    expect(contractTarget(env).streamUrl).toBe('http://127.0.0.1:3100/api/stream');
    expect(contractEnvFor('http://127.0.0.1:3100', '/events', { MAX_STREAMS_PER_IP: '3' })).toEqual({
      CONTRACT_URL: 'http://127.0.0.1:3100',
      CONTRACT_STREAM_PATH: 'events',
      CONTRACT_MAX_STREAMS_PER_IP: '3',
    });
  });
});
