/**
 * Terminus health indicators for the stream (`@nestjs/terminus`, an optional peer): add them to a
 * module that imports `TerminusModule` and `SseLabModule`, and call their `check()` in a health check.
 */
export { EventLogHealthIndicator } from './event-log.health';
export { StreamHealthIndicator } from './stream.health';
