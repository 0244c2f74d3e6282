import { getCurrentScope, onScopeDispose, shallowRef } from 'vue';

/** A clock ref ticking every `intervalMs`, for ages and rates; stopped with its scope. */
export function useNow(intervalMs = 1000) {
  const now = shallowRef(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  return now;
}
