/** A data event as the load generator reads it: every server measured starts its payload with `{"seq":N,"ts":T`. */
export interface DataEvent {
  seq: number;
  /** The server's timestamp (ms) when it built the event. */
  ts: number;
  /** Events of the sequence this stream did not receive since the one before (0 for the first). */
  missedBefore: number;
}

// The space after the colon is optional (better-sse writes none).
const DATA = /^data: ?\{"seq":(\d+),"ts":(\d{13})/gm;

/** One stream's data events, from its chunks: a chunk may end inside a frame, whose rest comes with the next. */
export class StreamReader {
  private partial = '';
  private lastSeq = -1;

  constructor(private readonly onEvent: (event: DataEvent) => void) {}

  read(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n\n');
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.slice(end + 2);
    for (const match of text.slice(0, end).matchAll(DATA)) {
      const seq = Number(match[1]);
      const missedBefore = this.lastSeq >= 0 && seq > this.lastSeq + 1 ? seq - this.lastSeq - 1 : 0;
      this.lastSeq = seq;
      this.onEvent({ seq, ts: Number(match[2]), missedBefore });
    }
  }
}
