import type { StreamSnapshot } from '@sse-lab/client';

declare global {
  interface Window {
    /** Live snapshot of the dashboard's client, read by the end-to-end suite. */
    __sseLab?: StreamSnapshot;
  }
}

/** Exposes `window.__sseLab` as a getter, so every read is current. */
export function exposeLabProbe(read: () => StreamSnapshot | undefined, target: Window = window): void {
  Object.defineProperty(target, '__sseLab', { configurable: true, enumerable: true, get: read });
}
