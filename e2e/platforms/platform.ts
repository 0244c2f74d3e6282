/**
 * What a platform's edge does to one long response, as its vendor documents it
 * (../shared/reference/platform-limits.md): the three timers a stream can meet.
 */
export interface PlatformLimits {
  /** Ended when no byte has come from the app for this long; every byte restarts it. */
  idleMs?: number;
  /** Ended when the app has not answered (its response headers) within this. */
  firstByteMs?: number;
  /** Ended this long after it began, whatever is sent: a heartbeat does not help. */
  totalMs?: number;
  /**
   * The app is stopped after this long without inbound traffic (a free tier's spin-down), and the
   * next request starts it and waits while it boots. Whether an open stream is traffic is the
   * profile's parameter (PLATFORM_STREAM_IS_TRAFFIC), where the vendor does not say.
   */
  sleepAfterMs?: number;
}

/**
 * The proxy that expresses a profile's limits: Caddy (Debian's) has all three timers, nginx only
 * inactivity; the spin-down edge (e2e/platforms/spin-down, on the Node image) stops and starts the app.
 */
export type EdgeProxy = 'caddy' | 'nginx' | 'spin-down';

/** What a vendor leaves undocumented, chosen per run: whether an open stream keeps a sleeping profile awake. */
export interface PlatformParameters {
  streamIsTraffic: boolean;
}

/** The app's settings the lab recommends on a platform (full scale; PLATFORM_TIME_SCALE scales them with the limits). */
export interface RecommendedSettings {
  heartbeatMs: number;
  /** 0 = streams are never rotated; else under the platform's cap on a response. */
  maxStreamMs: number;
}

export interface PlatformProfile {
  name: string;
  summary: string;
  limits: PlatformLimits;
  proxy: EdgeProxy;
  /** Why this proxy for this platform. */
  proxyWhy: string;
  /** HTTP/2 to the browser (TLS at the platform's edge), where the platform speaks it. */
  http2: boolean;
  recommended: RecommendedSettings;
  /** The vendor's pages the limits come from. */
  sources: string[];
}

/** The dashboard's own settings before any platform advice: the spike's decision of a 30 s heartbeat. */
export const DASHBOARD_DEFAULTS: RecommendedSettings = { heartbeatMs: 30_000, maxStreamMs: 0 };
