/** Fixed-capacity ring of the latest items, each tagged with a strictly increasing sequence number. */
export class ReplayBuffer<T extends { seq: number }> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
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

  /** Items with a seq above `seq`, oldest first. */
  after(seq: number): T[] {
    const result: T[] = [];
    for (let i = 0; i < this.size; i++) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (item.seq > seq) result.push(item);
    }
    return result;
  }
}
