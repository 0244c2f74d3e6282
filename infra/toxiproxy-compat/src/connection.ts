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

  /** Ends both sockets after what was written is flushed (RST instead when armed by reset_peer). */
  close(): void {
    if (this.closed) return;
    this.finish();
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      if (this.resetOnClose) socket.resetAndDestroy();
      else socket.end(() => socket.destroy());
    }
  }

  /** Drops both sockets at once, losing data in flight (proxy disabled or deleted). */
  destroy(): void {
    if (!this.closed) this.finish();
    this.client.destroy();
    this.upstream.destroy();
  }

  private finish(): void {
    this.closed = true;
    this.links.upstream.dispose();
    this.links.downstream.dispose();
    this.onClosed(this);
  }
}
