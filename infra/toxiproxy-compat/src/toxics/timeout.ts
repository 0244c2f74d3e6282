import type { ToxicType } from './toxic';

interface TimeoutState {
  timer?: NodeJS.Timeout;
}

const arm = (timeoutMs: number, close: () => void, state: TimeoutState) => {
  clearTimeout(state.timer);
  // 0 = never close: data is dropped until the toxic is removed.
  if (timeoutMs > 0) state.timer = setTimeout(close, timeoutMs);
};

/**
 * Drops every chunk; closes the connection after `timeout` ms without any chunk arriving.
 * Removing it closes the connection too (the stream would be corrupt otherwise).
 */
export const timeout: ToxicType<{ timeout: number }, TimeoutState> = {
  type: 'timeout',
  defaults: { timeout: 0 },
  newState: () => ({}),
  start({ timeout: timeoutMs }, link, state) {
    arm(timeoutMs, () => link.close(), state);
  },
  stop(_attributes, link, state, removed) {
    clearTimeout(state.timer);
    if (removed) link.close();
  },
  chunk(_chunk, { timeout: timeoutMs }, link, state) {
    arm(timeoutMs, () => link.close(), state);
    return [];
  },
};
