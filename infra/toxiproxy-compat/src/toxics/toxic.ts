/** A piece of data read from one socket, stamped on arrival (latency counts from there). */
export interface Chunk {
  data: Buffer;
  arrivedAt: number;
}

/** What a toxic can do to the link it runs on. */
export interface LinkControl {
  /** Closes both sockets of the connection: with FIN, or with RST when the link was armed for it. */
  close(): void;
  /** Closes the connection once the pieces returned for the current chunk are written. */
  closeAfterWrite(): void;
  /** Resolves after `ms`, or at once when the chain changes (update/removal interrupts waits). */
  wait(ms: number): Promise<void>;
  /** True once the chain changed since this chunk started through it. */
  readonly interrupted: boolean;
  random(): number;
}

/** The result of a toxic on a chunk: the pieces to pass on, possibly over time (none = dropped). */
export type Pieces = Iterable<Buffer> | AsyncIterable<Buffer>;

export type Attributes = Record<string, number>;

/**
 * One toxic type, as in Toxiproxy's toxics/: pure behaviour over a per-link state.
 * Hooks run per link (one direction of one connection); state lives as long as the toxic does.
 */
export interface ToxicType<A extends Attributes = Attributes, S = unknown> {
  readonly type: string;
  /** Every attribute with its zero value: omitted attributes are 0, as in the Go structs. */
  readonly defaults: A;
  newState?(): S;
  /** The toxic became active on a link (connection opened, toxic added or updated). */
  start?(attributes: A, link: LinkControl, state: S): void;
  /** The toxic is leaving the link (removed, updated, or the link closed); `removed` is true on removal. */
  stop?(attributes: A, link: LinkControl, state: S, removed: boolean): void;
  chunk?(chunk: Chunk, attributes: A, link: LinkControl, state: S): Promise<Pieces> | Pieces;
  /** The source reached EOF; resolve when the close may pass on. */
  end?(attributes: A, link: LinkControl, state: S): Promise<void> | void;
  /** reset_peer: connections opened while this toxic exists close with RST. */
  readonly armsReset?: boolean;
}
