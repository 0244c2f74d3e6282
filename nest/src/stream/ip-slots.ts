/** Counts open streams per client IP against a limit (0 = unlimited). Synchronous, hence race-free in Node. */
export class IpSlots {
  private readonly inUse = new Map<string, number>();

  constructor(readonly limit: number) {}

  tryAcquire(ip: string): boolean {
    const count = this.inUse.get(ip) ?? 0;
    if (this.limit > 0 && count >= this.limit) return false;
    this.inUse.set(ip, count + 1);
    return true;
  }

  release(ip: string): void {
    const count = this.inUse.get(ip) ?? 0;
    if (count <= 1) this.inUse.delete(ip);
    else this.inUse.set(ip, count - 1);
  }

  count(ip: string): number {
    return this.inUse.get(ip) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const count of this.inUse.values()) sum += count;
    return sum;
  }
}
