import { Inject } from '@nestjs/common';

export type LogLevelSetting = 'silent' | 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** Express "trust proxy": false, a hop count, or a list of trusted addresses/CIDRs/host names (resolved at start). */
export type TrustProxySetting = false | number | string[];

/** Every knob of the backend, validated once at start (see env.validation.ts). */
export interface LabConfig {
  host: string;
  port: number;
  heartbeatMs: number;
  retryMs: number;
  /** Each connection's `retry:` is drawn uniformly from retryMs ± this percentage, so reconnects spread out. */
  retryJitterPct: number;
  /** A stream whose socket has not drained for this long is ended (its peer stopped acknowledging); 0 = never. */
  deadPeerMs: number;
  /** A stream holding more than this many KB its client has not taken is ended (a slow client); 0 = unbounded. */
  slowClientBufferKb: number;
  /** 0 disables the demo feed: the stream then carries heartbeats only. */
  tickMs: number;
  replaySize: number;
  /** 0 means unlimited. */
  maxStreamsPerIp: number;
  trustProxy: TrustProxySetting;
  logLevel: LogLevelSetting;
  /** Folder of the built dashboard (frontend/dist) served at `/`. */
  staticDir: string;
}

export const LAB_CONFIG = Symbol('LAB_CONFIG');

export const InjectLabConfig = (): ParameterDecorator => Inject(LAB_CONFIG);
