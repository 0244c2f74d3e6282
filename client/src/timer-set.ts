/** Named one-shot timers, every handle kept so that `clearAll()` leaves nothing behind. */
export class TimerSet<Name extends string> {
  private readonly handles = new Map<Name, ReturnType<typeof setTimeout>>();

  set(name: Name, ms: number, run: () => void): void {
    this.clear(name);
    this.handles.set(
      name,
      setTimeout(() => {
        this.handles.delete(name);
        run();
      }, ms),
    );
  }

  clear(name: Name): void {
    clearTimeout(this.handles.get(name));
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.handles.keys()]) this.clear(name);
  }
}
