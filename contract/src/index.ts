export * from './event-id.js';
export * from './frames.js';
export * from './metrics.js';
export * from './refusals.js';
export * from './reset-reasons.js';
