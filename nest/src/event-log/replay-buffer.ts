/** Fixed-capacity ring of the latest items, each tagged with a strictly increasing sequence number. */
export class ReplayBuffer<T extends { seq: number }> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    const last = this.last();
    if (last && item.seq <= last.seq) throw new RangeError(`seq ${item.seq} does not follow ${last.seq}`);
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  oldest(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.start];
  }

  last(): T | undefined {
    return this.size === 0 ? undefined : this.items[(this.start + this.size - 1) % this.capacity];
  }

  /** Items with a seq above `seq`, oldest first, one at a time: a replay of the whole ring builds no array. */
  *since(seq: number): Generator<T> {
    for (let i = this.firstIndexAfter(seq); i < this.size; i++) yield this.items[(this.start + i) % this.capacity] as T;
  }

  /** How many items have a seq above `seq`. */
  countAfter(seq: number): number {
    return this.size - this.firstIndexAfter(seq);
  }

  /** Binary search: seqs increase along the ring. */
  private firstIndexAfter(seq: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.items[(this.start + middle) % this.capacity] as T).seq > seq) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
