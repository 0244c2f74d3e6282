/** The stream's route under the API prefix, on either transport. */
export const STREAM_ROUTE = 'stream';

/**
 * Where a client resumes from. The header comes from the browser's own reconnect; the query
 * parameter from a client that recreated its EventSource, which cannot set headers.
 */
export const resumePosition = (header: string | undefined, query: unknown): string | undefined => header ?? (typeof query === 'string' ? query : undefined);
