import { formatEventId, parseEventId, type EventPosition } from '@sse-lab/contract';

export type SequenceVerdict = 'next' | 'gap' | 'duplicate' | 'first';

/** Detects gaps and duplicates from consecutive data ids of one boot. */
export class SequenceTracker {
  private last: EventPosition | null = null;
  gaps = 0;
  duplicates = 0;

  /** The last id recorded or rebased to, or null before any. */
  get lastId(): string | null {
    return this.last ? formatEventId(this.last.bootId, this.last.seq) : null;
  }

  /** Sets the expected position without judging it (after `hello` or a `reset`). */
  rebase(id: string | undefined): void {
    this.last = parseEventId(id) ?? this.last;
  }

  /** What `record(id)` would say, without recording it. */
  peek(id: string): SequenceVerdict {
    const position = parseEventId(id);
    const previous = this.last;
    if (!position || !previous || previous.bootId !== position.bootId) return 'first';
    if (position.seq <= previous.seq) return 'duplicate';
    return position.seq === previous.seq + 1 ? 'next' : 'gap';
  }

  record(id: string): SequenceVerdict {
    const verdict = this.peek(id);
    const position = parseEventId(id);
    if (verdict === 'duplicate') this.duplicates++;
    if (verdict === 'gap') this.gaps += position!.seq - this.last!.seq - 1;
    if (position && verdict !== 'duplicate') this.last = position;
    return verdict;
  }
}
