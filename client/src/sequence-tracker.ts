import { parseEventId, type EventPosition } from '@sse-lab/contract';

export type SequenceVerdict = 'next' | 'gap' | 'duplicate' | 'first';

/** Detects gaps and duplicates from consecutive data ids of one boot. */
export class SequenceTracker {
  private last: EventPosition | null = null;
  gaps = 0;
  duplicates = 0;

  /** Sets the expected position without judging it (after `hello` or a `reset`). */
  rebase(id: string | undefined): void {
    this.last = parseEventId(id) ?? this.last;
  }

  record(id: string): SequenceVerdict {
    const position = parseEventId(id);
    if (!position) return 'first';
    const previous = this.last;
    if (!previous || previous.bootId !== position.bootId) {
      this.last = position;
      return 'first';
    }
    if (position.seq <= previous.seq) {
      this.duplicates++;
      return 'duplicate';
    }
    this.last = position;
    if (position.seq === previous.seq + 1) return 'next';
    this.gaps += position.seq - previous.seq - 1;
    return 'gap';
  }
}
