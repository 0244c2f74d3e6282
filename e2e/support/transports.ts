/** The backend's stream transports (STREAM_TRANSPORT, backend/src/config/lab-config.ts). */
export const STREAM_TRANSPORTS = ['sse-decorator', 'direct'] as const;
export type StreamTransport = (typeof STREAM_TRANSPORTS)[number];
export const DEFAULT_TRANSPORT: StreamTransport = 'sse-decorator';

/** The tag of the tests that run again on the direct transport: the stream-level findings. */
export const DIRECT_TAG = '@direct';

/** TRANSPORTS: the stream transports the suite runs on, `sse-decorator,direct` unless set. */
export function selectedTransports(value: string | undefined = process.env.TRANSPORTS): StreamTransport[] {
  if (value === undefined || value.trim() === '') return [...STREAM_TRANSPORTS];
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !(STREAM_TRANSPORTS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(
      `TRANSPORTS="${value}": expected a comma-separated list of ${STREAM_TRANSPORTS.join(', ')} (unknown: ${unknown.join(', ') || 'none given'})`,
    );
  return STREAM_TRANSPORTS.filter((name) => names.includes(name));
}

/** A label, with the transport beside it when it is not the default. */
export const withTransport = (label: string, transport?: StreamTransport): string =>
  transport && transport !== DEFAULT_TRANSPORT ? `${label} · ${transport}` : label;

/** Where a row sits in the matrix: its target if any, its topology, and the transport when it is not the default. */
export const placeOf = (row: { topology: string; transport?: StreamTransport; target?: string }): string =>
  withTransport(row.target ? `${row.target}: ${row.topology}` : row.topology, row.transport);
