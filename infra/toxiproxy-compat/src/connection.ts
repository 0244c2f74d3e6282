import type { Socket } from 'node:net';
import { Link } from './link';
import type { Stream, ToxicInstance } from './toxic-instance';

/** A proxied TCP connection: client ⇄ upstream, one link per direction. */
export class Connection {
  readonly links: Record<Stream, Link>;
  private closed = false;
  /** reset_peer present at connect time: closes send RST (SO_LINGER 0), as Toxiproxy does. */
  private readonly resetOnClose: boolean;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    toxics: ToxicInstance[],
    private readonly onClosed: (connection: Connection) => void,
  ) {
    this.resetOnClose = toxics.some((toxic) => toxic.type.armsReset);
    const close = () => this.close();
    this.links = {
      upstream: new Link(client, upstream, toxics.filter((t) => t.stream === 'upstream'), close),
      downstream: new Link(upstream, client, toxics.filter((t) => t.stream === 'downstream'), close),
    };
    // No 'close' listener on purpose: an EOF travels through the chain (slow_close may hold it).
    for (const socket of [client, upstream]) socket.on('error', () => this.destroy());
  }

  run(): void {
    this.links.upstream.run();
    this.links.downstream.run();
  }

  /**
   * A toxic closed the link: ends both sockets once what was written is flushed (RST instead when
   * armed by reset_peer). A peer that does not read keeps its socket until it does, and the
   * connection stays tracked meanwhile, so disabling the proxy still kills it.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopLinks();
    let open = 0;
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      open++;
      socket.once('close', () => --open === 0 && this.onClosed(this));
      if (this.resetOnClose) socket.resetAndDestroy();
      else socket.end(() => socket.destroy());
    }
    if (open === 0) this.onClosed(this);
  }

  /** Drops both sockets at once, losing data in flight (proxy disabled or deleted); RST when armed. */
  destroy(): void {
    if (!this.closed) {
      this.closed = true;
      this.stopLinks();
    }
    this.onClosed(this);
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      if (this.resetOnClose) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private stopLinks(): void {
    this.links.upstream.dispose();
    this.links.downstream.dispose();
  }
}
