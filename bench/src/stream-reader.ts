/** A data event as the load generator reads it: every server measured starts its payload with `{"seq":N,"ts":T`. */
export interface DataEvent {
  seq: number;
  /** The server's timestamp (ms) when it built the event. */
  ts: number;
  /** Events of the sequence this stream did not receive since the one before (0 for the first). */
  missedBefore: number;
}

// Every server writes a data event's id just before its data; the space after a field's colon is
// optional (better-sse writes none).
const DATA = /^id: ?([^\n]+)\ndata: ?\{"seq":(\d+),"ts":(\d{13})/gm;
const RESET = /^event: ?reset$/m;

/**
 * One stream's data events, from its chunks: a chunk may end inside a frame, whose rest comes with
 * the next. The position (last id and sequence) outlives a connection, so a stream that resumes
 * on a new one counts what it missed across the two.
 */
export class StreamReader {
  private partial = '';
  private lastSeq = -1;
  /** The id of the last data event received: what the stream resumes from. */
  lastId: string | undefined;
  /** `reset` frames received: the server could not replay from the position sent. */
  resets = 0;

  constructor(private readonly onEvent: (event: DataEvent) => void) {}

  get position(): number {
    return this.lastSeq;
  }

  /** A new connection: what was left of a frame on the last one is gone with it. */
  reconnected(): void {
    this.partial = '';
  }

  read(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n\n');
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.slice(end + 2);
    const frames = text.slice(0, end);
    if (RESET.test(frames)) this.resets++;
    for (const match of frames.matchAll(DATA)) {
      const seq = Number(match[2]);
      const missedBefore = this.lastSeq >= 0 && seq > this.lastSeq + 1 ? seq - this.lastSeq - 1 : 0;
      this.lastSeq = seq;
      this.lastId = match[1];
      this.onEvent({ seq, ts: Number(match[3]), missedBefore });
    }
  }
}
