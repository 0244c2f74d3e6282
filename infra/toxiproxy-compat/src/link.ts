import type { Socket } from 'node:net';
import type { ToxicInstance } from './toxic-instance';
import type { Chunk, LinkControl } from './toxics/toxic';

const PAUSE_AT_QUEUED_CHUNKS = 64;

/** A toxic's copy on one link: its own state, and whether the toxicity roll made it active. */
interface Stub {
  toxic: ToxicInstance;
  state: unknown;
  active: boolean;
}

/**
 * One direction of one connection: reads `source`, runs each chunk through the toxic chain in
 * order, writes `dest`. Chain changes interrupt pending waits: data in flight goes on at once.
 */
export class Link {
  private readonly stubs: Stub[] = [];
  private readonly queue: (Chunk | 'eof')[] = [];
  private wake?: () => void;
  private generation = 0;
  private readonly interrupts = new Set<() => void>();
  private closeRequested = false;

  constructor(
    private readonly source: Socket,
    private readonly dest: Socket,
    toxics: ToxicInstance[],
    private readonly closeConnection: () => void,
  ) {
    for (const toxic of toxics) this.stubs.push(this.startStub(toxic));
  }

  run(): void {
    this.source.on('data', (data: Buffer) => this.enqueue({ data, arrivedAt: Date.now() }));
    this.source.on('end', () => this.enqueue('eof'));
    void this.pump();
  }

  addToxic(toxic: ToxicInstance): void {
    this.interrupt();
    this.stubs.push(this.startStub(toxic));
  }

  updateToxic(toxic: ToxicInstance): void {
    const index = this.stubs.findIndex((stub) => stub.toxic.name === toxic.name);
    if (index === -1) return;
    const old = this.stubs[index];
    this.interrupt();
    old.toxic.type.stop?.(old.toxic.attributes, this.control(), old.state, false);
    const active = Math.random() < toxic.toxicity;
    this.stubs[index] = { toxic, state: old.state, active };
    if (active) toxic.type.start?.(toxic.attributes, this.control(), old.state);
  }

  removeToxic(name: string): void {
    const index = this.stubs.findIndex((stub) => stub.toxic.name === name);
    if (index === -1) return;
    const [stub] = this.stubs.splice(index, 1);
    this.interrupt();
    stub.toxic.type.stop?.(stub.toxic.attributes, this.control(), stub.state, true);
  }

  /** The connection is gone: release every stub's timers. */
  dispose(): void {
    this.interrupt();
    for (const stub of this.stubs) stub.toxic.type.stop?.(stub.toxic.attributes, this.control(), stub.state, false);
  }

  private startStub(toxic: ToxicInstance): Stub {
    const stub: Stub = { toxic, state: toxic.type.newState?.(), active: Math.random() < toxic.toxicity };
    if (stub.active) toxic.type.start?.(toxic.attributes, this.control(), stub.state);
    return stub;
  }

  private enqueue(item: Chunk | 'eof'): void {
    this.queue.push(item);
    if (this.queue.length >= PAUSE_AT_QUEUED_CHUNKS) this.source.pause();
    this.wake?.();
  }

  private async next(): Promise<Chunk | 'eof'> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    const item = this.queue.shift() as Chunk | 'eof';
    if (this.queue.length < PAUSE_AT_QUEUED_CHUNKS / 4 && this.source.isPaused()) this.source.resume();
    return item;
  }

  private async pump(): Promise<void> {
    for (;;) {
      const item = await this.next();
      if (this.dest.destroyed) return;
      if (item === 'eof') {
        for (const stub of [...this.stubs]) if (stub.active) await stub.toxic.type.end?.(stub.toxic.attributes, this.control(), stub.state);
        this.closeConnection();
        return;
      }
      await this.forward(0, item, this.control(), [...this.stubs]);
      if (this.closeRequested) {
        this.closeConnection();
        return;
      }
    }
  }

  /** Runs a chunk through the chain from `index`, writing each piece as soon as it comes out. */
  private async forward(index: number, chunk: Chunk, control: LinkControl, chain: Stub[]): Promise<void> {
    const at = chain.findIndex((stub, i) => i >= index && stub.active && stub.toxic.type.chunk);
    if (at === -1) {
      if (chunk.data.length > 0 && !this.dest.destroyed && !this.dest.write(chunk.data)) await this.drained();
      return;
    }
    const { toxic, state } = chain[at];
    const pieces = await toxic.type.chunk!(chunk, toxic.attributes, control, state);
    for await (const data of pieces) await this.forward(at + 1, { data, arrivedAt: chunk.arrivedAt }, control, chain);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.dest.off('drain', done);
        this.dest.off('close', done);
        resolve();
      };
      this.dest.on('drain', done);
      this.dest.on('close', done);
    });
  }

  private interrupt(): void {
    this.generation++;
    for (const resolve of this.interrupts) resolve();
    this.interrupts.clear();
  }

  /** The control a stub gets for one pass: `interrupted` turns true when the chain changes. */
  private control(): LinkControl {
    const generation = this.generation;
    const link = this;
    return {
      close: () => this.closeConnection(),
      closeAfterWrite: () => (this.closeRequested = true),
      random: Math.random,
      get interrupted() {
        return link.generation !== generation;
      },
      wait: (ms) =>
        new Promise<void>((resolve) => {
          if (this.generation !== generation) return resolve();
          const finish = () => {
            clearTimeout(timer);
            this.interrupts.delete(finish);
            resolve();
          };
          const timer = Number.isFinite(ms) ? setTimeout(finish, ms) : undefined;
          this.interrupts.add(finish);
        }),
    };
  }
}
