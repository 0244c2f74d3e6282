/** Client view of the server's `<bootId>-<seq>` ids. */
export interface StreamPosition {
  bootId: string;
  seq: number;
}

export function parseStreamId(id: string | undefined | null): StreamPosition | null {
  const match = /^([0-9a-f]+)-(\d+)$/.exec(id ?? '');
  return match ? { bootId: match[1], seq: Number(match[2]) } : null;
}
