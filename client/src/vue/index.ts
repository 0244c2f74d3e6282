export { useEventStream, type ClientMode, type UseEventStreamOptions } from './use-event-stream.js';
