import type { Socket } from 'node:net';
import type { ToxicInstance } from './toxic-instance';
import type { Chunk, LinkControl } from './toxics/toxic';

const PAUSE_AT_QUEUED_CHUNKS = 64;

/** A toxic's copy on one link: its own state, whether the toxicity roll made it active, and its pending waits. */
interface Stub {
  toxic: ToxicInstance;
  state: unknown;
  active: boolean;
  /** Bumped when the stub is interrupted: a pass that started before sees `interrupted`. */
  generation: number;
  interrupts: Set<() => void>;
}

/**
 * One direction of one connection: reads `source`, runs each chunk through the toxic chain in
 * order, writes `dest`. As in Toxiproxy, a change interrupts only the stubs it touches: an added
 * toxic interrupts (and re-rolls) the one before it, a removed one itself and the one before it,
 * an updated one itself. Data waiting in an interrupted stub goes on at once.
 */
export class Link {
  private readonly stubs: Stub[] = [];
  private readonly queue: (Chunk | 'eof')[] = [];
  private wake?: () => void;
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
    const previous = this.stubs.at(-1);
    if (previous) this.rerun(previous);
    this.stubs.push(this.startStub(toxic));
  }

  updateToxic(toxic: ToxicInstance): void {
    const stub = this.stubs.find((candidate) => candidate.toxic.name === toxic.name);
    if (!stub) return;
    this.interruptStub(stub);
    if (stub.active) stub.toxic.type.stop?.(stub.toxic.attributes, this.control(stub), stub.state, false);
    stub.toxic = toxic;
    stub.active = Math.random() < toxic.toxicity;
    if (stub.active) toxic.type.start?.(toxic.attributes, this.control(stub), stub.state);
  }

  removeToxic(name: string): void {
    const index = this.stubs.findIndex((stub) => stub.toxic.name === name);
    if (index === -1) return;
    const [stub] = this.stubs.splice(index, 1);
    this.interruptStub(stub);
    if (index > 0) this.rerun(this.stubs[index - 1]);
    stub.toxic.type.stop?.(stub.toxic.attributes, this.control(stub), stub.state, true);
  }

  /** The connection is gone: release every stub's timers. */
  dispose(): void {
    for (const stub of this.stubs) {
      this.interruptStub(stub);
      stub.toxic.type.stop?.(stub.toxic.attributes, this.control(stub), stub.state, false);
    }
  }

  private startStub(toxic: ToxicInstance): Stub {
    const stub: Stub = { toxic, state: toxic.type.newState?.(), active: Math.random() < toxic.toxicity, generation: 0, interrupts: new Set() };
    if (stub.active) toxic.type.start?.(toxic.attributes, this.control(stub), stub.state);
    return stub;
  }

  /** A neighbour changed: the stub is interrupted and starts again, rolling its toxicity anew. */
  private rerun(stub: Stub): void {
    this.interruptStub(stub);
    const wasActive = stub.active;
    stub.active = Math.random() < stub.toxic.toxicity;
    if (wasActive && !stub.active) stub.toxic.type.stop?.(stub.toxic.attributes, this.control(stub), stub.state, false);
    if (!wasActive && stub.active) stub.toxic.type.start?.(stub.toxic.attributes, this.control(stub), stub.state);
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
        for (const stub of [...this.stubs]) if (stub.active) await stub.toxic.type.end?.(stub.toxic.attributes, this.control(stub), stub.state);
        this.closeConnection();
        return;
      }
      await this.forward(0, item, [...this.stubs]);
      if (this.closeRequested) {
        this.closeConnection();
        return;
      }
    }
  }

  /** Runs a chunk through the chain from `index`, writing each piece as soon as it comes out. */
  private async forward(index: number, chunk: Chunk, chain: Stub[]): Promise<void> {
    const at = chain.findIndex((stub, i) => i >= index && stub.active && stub.toxic.type.chunk);
    if (at === -1) {
      if (chunk.data.length > 0 && !this.dest.destroyed && !this.dest.write(chunk.data)) await this.drained();
      return;
    }
    const stub = chain[at];
    const pieces = await stub.toxic.type.chunk!(chunk, stub.toxic.attributes, this.control(stub), stub.state);
    for await (const data of pieces) await this.forward(at + 1, { data, arrivedAt: chunk.arrivedAt }, chain);
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

  private interruptStub(stub: Stub): void {
    stub.generation++;
    for (const resolve of stub.interrupts) resolve();
    stub.interrupts.clear();
  }

  /** The control a stub gets for one pass: `interrupted` turns true when that stub is interrupted. */
  private control(stub: Stub): LinkControl {
    const generation = stub.generation;
    return {
      close: () => this.closeConnection(),
      closeAfterWrite: () => (this.closeRequested = true),
      random: Math.random,
      get interrupted() {
        return stub.generation !== generation;
      },
      wait: (ms) =>
        new Promise<void>((resolve) => {
          if (stub.generation !== generation) return resolve();
          const finish = () => {
            clearTimeout(timer);
            stub.interrupts.delete(finish);
            resolve();
          };
          const timer = Number.isFinite(ms) ? setTimeout(finish, ms) : undefined;
          stub.interrupts.add(finish);
        }),
    };
  }
}
