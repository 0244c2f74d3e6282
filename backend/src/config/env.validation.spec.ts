import { describe, expect, it } from 'vitest';
import { InvalidEnvError, validateEnv } from './env.validation';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    validateEnv(env);
  } catch (error) {
    if (error instanceof InvalidEnvError) return error.problems;
    throw error;
  }
  return [];
};

describe('validateEnv', () => {
  it('should apply the production defaults', () => {
    const config = validateEnv({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      heartbeatMs: 30_000,
      tickMs: 2_000,
      replaySize: 1_000,
      maxStreamsPerIp: 5,
      maxStreamMs: 0,
      trustProxy: false,
      logLevel: 'log',
    });
  });

  it('should name the variable, the value and the expected range', () => {
    expect(problemsOf({ HEARTBEAT_MS: 'abc' })).toEqual([
      'HEARTBEAT_MS="abc": expected an integer from 100 to 3600000 (milliseconds)',
    ]);
  });

  it('should report every bad variable at once', () => {
    const problems = problemsOf({
      PORT: '70000',
      RETRY_MS: '-1',
      REPLAY_SIZE: '0',
      LOG_LEVEL: 'loud',
      MAX_STREAMS_PER_IP: '1.5',
    });
    expect(problems.map((p) => p.split('=')[0])).toEqual([
      'PORT',
      'RETRY_MS',
      'REPLAY_SIZE',
      'MAX_STREAMS_PER_IP',
      'LOG_LEVEL',
    ]);
  });

  it('should take MAX_STREAM_MS of 0 (off) or at least a second, naming a bad one', () => {
    expect(validateEnv({ MAX_STREAM_MS: '25000' }).maxStreamMs).toBe(25_000);
    expect(validateEnv({ MAX_STREAM_MS: '0' }).maxStreamMs).toBe(0);
    expect(problemsOf({ MAX_STREAM_MS: '500' })).toEqual([
      'MAX_STREAM_MS="500": expected 0 or at least 1000 (milliseconds): a stream must live past its hello and catch-up',
    ]);
    expect(problemsOf({ MAX_STREAM_MS: '30s' })).toEqual([
      'MAX_STREAM_MS="30s": expected an integer from 0 to 86400000 (milliseconds, 0 never ends a stream for its age)',
    ]);
  });

  it('should derive DEAD_PEER_MS from the heartbeat unless it is set', () => {
    expect(validateEnv({ HEARTBEAT_MS: '2000' }).deadPeerMs).toBe(6000);
    expect(validateEnv({ HEARTBEAT_MS: '2000', DEAD_PEER_MS: '0' }).deadPeerMs).toBe(0);
    expect(validateEnv({ HEARTBEAT_MS: '2000', DEAD_PEER_MS: '2500' }).deadPeerMs).toBe(2500);
  });

  it('should refuse a DEAD_PEER_MS shorter than one heartbeat, or not a number', () => {
    expect(problemsOf({ HEARTBEAT_MS: '2000', DEAD_PEER_MS: '500' })).toEqual([
      'DEAD_PEER_MS="500": expected 0 or at least HEARTBEAT_MS (2000): the check runs once per heartbeat',
    ]);
    expect(problemsOf({ DEAD_PEER_MS: 'soon' })[0]).toMatch(
      /^DEAD_PEER_MS="soon": expected an integer from 0 to 3600000/,
    );
  });

  it('should bound what a slow client may hold, 1 MB unless set, 0 for no bound', () => {
    expect(validateEnv({}).slowClientBufferKb).toBe(1024);
    expect(validateEnv({ SLOW_CLIENT_BUFFER_KB: '0' }).slowClientBufferKb).toBe(0);
    expect(problemsOf({ SLOW_CLIENT_BUFFER_KB: '-1' })[0]).toMatch(
      /^SLOW_CLIENT_BUFFER_KB="-1": expected an integer from 0 to 1048576 \(KB/,
    );
  });

  it('should accept a retry jitter from 0 to 90 percent', () => {
    expect(validateEnv({}).retryJitterPct).toBe(50);
    expect(validateEnv({ RETRY_JITTER_PCT: '0' }).retryJitterPct).toBe(0);
    expect(problemsOf({ RETRY_JITTER_PCT: '100' })[0]).toMatch(
      /^RETRY_JITTER_PCT="100": expected an integer from 0 to 90/,
    );
  });

  it('should refuse a tick rate between 1 and 9 ms', () => {
    expect(problemsOf({ TICK_MS: '5' })[0]).toMatch(/^TICK_MS="5": expected 0 or an integer/);
    expect(validateEnv({ TICK_MS: '0' }).tickMs).toBe(0);
  });

  describe('TRUST_PROXY', () => {
    it.each([
      ['false', false],
      ['0', false],
      ['2', 2],
      ['loopback', ['loopback']],
      ['10.0.0.0/8, 172.16.0.1', ['10.0.0.0/8', '172.16.0.1']],
      ['toxiproxy', ['toxiproxy']],
    ])('should accept %s', (raw, expected) => {
      expect(validateEnv({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
    });

    it('should refuse "true", which would let any client spoof X-Forwarded-For', () => {
      expect(problemsOf({ TRUST_PROXY: 'true' })[0]).toMatch(/^TRUST_PROXY="true": trusting every hop/);
    });

    it.each(['10.0.0.0/99', 'not an ip', '-bad-', '11'])('should refuse %s', (raw) => {
      expect(problemsOf({ TRUST_PROXY: raw })[0]).toMatch(/^TRUST_PROXY=/);
    });
  });

  describe('stream transport', () => {
    it('should default to @Sse(), take direct, and name a transport it does not have', () => {
      expect(validateEnv({}).streamTransport).toBe('sse-decorator');
      expect(validateEnv({ STREAM_TRANSPORT: 'direct' }).streamTransport).toBe('direct');
      expect(problemsOf({ STREAM_TRANSPORT: 'fastify' })).toEqual([
        'STREAM_TRANSPORT="fastify": expected one of sse-decorator, direct',
      ]);
    });
  });

  describe('event log', () => {
    it('should default to the memory log, which needs no Redis', () => {
      expect(validateEnv({})).toMatchObject({
        eventLog: 'memory',
        redisUrl: undefined,
        eventLogKey: 'sse-lab:feed',
        producerLeaseMs: 5000,
      });
    });

    it('should require REDIS_URL with EVENT_LOG=redis', () => {
      expect(problemsOf({ EVENT_LOG: 'redis' })).toEqual([
        'REDIS_URL: required when EVENT_LOG=redis (for example redis://redis:6379)',
      ]);
      expect(validateEnv({ EVENT_LOG: 'redis', REDIS_URL: 'redis://redis:6379/0' })).toMatchObject({
        eventLog: 'redis',
        redisUrl: 'redis://redis:6379/0',
      });
    });

    it('should name a bad EVENT_LOG, REDIS_URL, EVENT_LOG_KEY, PRODUCER_LEASE_MS or INSTANCE_ID', () => {
      expect(problemsOf({ EVENT_LOG: 'kafka' })).toEqual(['EVENT_LOG="kafka": expected one of memory, redis']);
      expect(problemsOf({ EVENT_LOG: 'redis', REDIS_URL: 'http://redis:6379' })).toEqual([
        'REDIS_URL="http://redis:6379": expected a redis:// or rediss:// URL',
      ]);
      expect(problemsOf({ REDIS_URL: 'redis://redis:6379/feed' })).toEqual([
        'REDIS_URL="redis://redis:6379/feed": expected at most a database number after the host, as in redis://redis:6379/0',
      ]);
      expect(problemsOf({ EVENT_LOG_KEY: 'a b' })).toEqual([
        'EVENT_LOG_KEY="a b": expected 1 to 64 letters, digits or . _ : -',
      ]);
      expect(problemsOf({ PRODUCER_LEASE_MS: '10' })).toEqual([
        'PRODUCER_LEASE_MS="10": expected an integer from 500 to 600000 (milliseconds)',
      ]);
      expect(problemsOf({ INSTANCE_ID: 'app/1' })).toEqual([
        'INSTANCE_ID="app/1": expected 1 to 64 letters, digits or . _ : -',
      ]);
    });
  });
});
