import type { ToxicType } from './toxic';

/**
 * On the first chunk (or EOF) after it starts, discards it, waits `timeout` ms (0 = at once),
 * then closes the connection: with RST for connections opened while the toxic existed.
 */
export const resetPeer: ToxicType<{ timeout: number }> = {
  type: 'reset_peer',
  defaults: { timeout: 0 },
  armsReset: true,
  async chunk(_chunk, { timeout: timeoutMs }, link) {
    if (timeoutMs > 0) await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    link.close();
    return [];
  },
  async end({ timeout: timeoutMs }, link) {
    if (timeoutMs > 0) await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    link.close();
  },
};
