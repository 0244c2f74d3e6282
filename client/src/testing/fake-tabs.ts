import type { TabApis, TabChannelConstructor, TabLocks } from '../event-stream-options.js';

interface Holder {
  tab: FakeTab;
  callback: () => Promise<void>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Lets queued lock grants and channel deliveries run (both are asynchronous, as in a browser). */
export async function flushTabs(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * One browser profile's Web Locks and BroadcastChannels, shared by the fake tabs made from it:
 * locks are exclusive and granted in request order; messages reach every other open channel of
 * the same name, as clones. `crash()` on a tab releases its locks and silences its channels
 * without any of its code running, as a renderer crash does.
 */
export class FakeBrowser {
  readonly channels = new Set<FakeChannel>();
  private readonly locks = new Map<string, { holder?: Holder; queue: Holder[] }>();
  readonly delivered: unknown[] = [];

  tab(): FakeTab {
    return new FakeTab(this);
  }

  heldBy(name: string): FakeTab | undefined {
    return this.locks.get(name)?.holder?.tab;
  }

  get lockNames(): string[] {
    return [...this.locks.entries()].filter(([, lock]) => lock.holder || lock.queue.length > 0).map(([name]) => name);
  }

  /** Posts as a foreign sender would (another app, an older version of the lab). */
  inject(name: string, message: unknown): void {
    for (const channel of this.channels) if (channel.name === name) channel.receive(message);
  }

  request(
    tab: FakeTab,
    name: string,
    signal: AbortSignal | undefined,
    callback: () => Promise<void>,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const aborted = () => new DOMException('The request was aborted.', 'AbortError');
      if (signal?.aborted) return reject(aborted());
      const lock = this.locks.get(name) ?? { queue: [] };
      this.locks.set(name, lock);
      const holder: Holder = { tab, callback, resolve, reject };
      lock.queue.push(holder);
      signal?.addEventListener('abort', () => {
        const index = lock.queue.indexOf(holder);
        if (index === -1) return;
        lock.queue.splice(index, 1);
        reject(aborted());
      });
      void Promise.resolve().then(() => this.grant(name));
    });
  }

  release(tab: FakeTab): void {
    for (const [name, lock] of this.locks) {
      lock.queue = lock.queue.filter((holder) => holder.tab !== tab);
      if (lock.holder?.tab === tab) {
        lock.holder = undefined;
        void Promise.resolve().then(() => this.grant(name));
      }
    }
  }

  private grant(name: string): void {
    const lock = this.locks.get(name);
    if (!lock || lock.holder) return;
    const holder = lock.queue.shift();
    if (!holder) return;
    lock.holder = holder;
    void holder.callback().then(
      (value) => {
        if (lock.holder === holder) lock.holder = undefined;
        holder.resolve(value);
        this.grant(name);
      },
      (error) => {
        if (lock.holder === holder) lock.holder = undefined;
        holder.reject(error);
        this.grant(name);
      },
    );
  }
}

export class FakeTab {
  crashed = false;
  readonly apis: Required<TabApis>;

  constructor(private readonly browser: FakeBrowser) {
    const tab = this;
    const locks: TabLocks = {
      request: (name, options, callback) => browser.request(tab, name, options.signal, callback),
    };
    const Channel = class extends FakeChannel {
      constructor(name: string) {
        super(browser, tab, name);
      }
    } as unknown as TabChannelConstructor;
    this.apis = { locks, BroadcastChannel: Channel };
  }

  /** The renderer dies: its locks are released and its channels go quiet; none of its code runs. */
  crash(): void {
    this.crashed = true;
    this.browser.release(this);
    for (const channel of [...this.browser.channels]) if (channel.tab === this) this.browser.channels.delete(channel);
  }
}

export class FakeChannel {
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  closed = false;

  constructor(
    private readonly browser: FakeBrowser,
    readonly tab: FakeTab,
    readonly name: string,
  ) {
    browser.channels.add(this);
  }

  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    const clone = JSON.parse(JSON.stringify(message)) as unknown;
    this.browser.delivered.push(clone);
    for (const channel of this.browser.channels) {
      if (channel !== this && channel.name === this.name) void Promise.resolve().then(() => channel.receive(clone));
    }
  }

  receive(message: unknown): void {
    if (this.closed || this.tab.crashed) return;
    const event = new MessageEvent('message', { data: message });
    for (const listener of this.listeners) listener(event);
  }

  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.browser.channels.delete(this);
  }
}
