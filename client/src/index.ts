export { backoffDelayMs, backoffReason, readBackoffReason, type BackoffPolicy } from './backoff.js';
export { createEventStream } from './create-event-stream.js';
export type { EventStream } from './event-stream.js';
export type {
  BrowserEnvironment,
  EventSourceConstructor,
  EventStreamOptions,
  RawFrame,
  StreamMessage,
  TabApis,
  TabChannelConstructor,
  TabLocks,
} from './event-stream-options.js';
export { createNativeStream, type NativeStreamOptions } from './native-stream.js';
export {
  assertValidOptions,
  InvalidStreamOptionsError,
  NUMERIC_OPTION_RULES,
  NUMERIC_OPTIONS,
  optionProblems,
  type NumericOption,
} from './option-rules.js';
export { PRESENCE_MS, sharingKey } from './shared-event-stream.js';
export {
  newCounters,
  soloSharing,
  type StreamCounters,
  type StreamSnapshot,
  type StreamState,
  type TabRole,
  type TabSharing,
  type Transition,
} from './stream-state.js';
