import {
  decodeHeartbeat,
  decodeHello,
  decodeReset,
  FrameError,
  parseEventId,
  type HelloData,
  type ResetData,
} from '@sse-lab/contract';
import type { RawFrame, StreamMessage } from './event-stream-options.js';
import type { StreamTelemetry } from './stream-telemetry.js';

export interface FrameHandlerOptions<T> {
  /** Heartbeat interval assumed until a hello tells the real one. */
  heartbeatMs: number;
  /** The id to resume from before any frame moved it. */
  position: string | null;
  /**
   * Record, without delivering again, a data event this tab has delivered already (same id
   * space, not after the last id). Tabs sharing one stream need it: a new leader resumes from
   * the last id a tab received, and its first frames can repeat what the old leader relayed.
   */
  deliverOnce: boolean;
  /**
   * Called, instead of delivering it, for a data event that skips past the next id of its id
   * space on this connection (a log never skips a number, so bytes were lost on the way): the
   * position goes back to the last data id, from which a new connection replays what is missing.
   */
  onGap?: (id: string, resumeFrom: string) => void;
  onMessage?: (message: StreamMessage<T>) => void;
}

type Decoded<T> =
  | { type: 'hello'; hello: HelloData }
  | { type: 'message'; data: T }
  | { type: 'heartbeat' }
  | { type: 'reset'; reset: ResetData };

/**
 * The one path from a frame of the stream to the client's state, telemetry and delivery: used by
 * the tab that holds the EventSource and by the tabs it relays frames to. What the transport
 * then does (watchdog, backoff, re-sync) stays with the caller.
 */
export class FrameHandler<T> {
  heartbeatMs: number;
  /** The `retry:` the server announced in its last hello. */
  retryMs: number | null = null;
  bootId: string | null = null;
  /** The replica that served the last hello (INSTANCE_ID). */
  instance: string | null = null;
  /** Where a new connection resumes from: the last id any frame carried, or a reset's. */
  position: string | null;

  constructor(
    private readonly telemetry: StreamTelemetry,
    private readonly options: FrameHandlerOptions<T>,
  ) {
    this.heartbeatMs = options.heartbeatMs;
    this.position = options.position;
  }

  /** Applies one frame; a frame that breaks the contract is counted as malformed and ignored (false), as is a gap handed to `onGap`. */
  apply(frame: RawFrame): boolean {
    const decoded = this.decode(frame);
    if (!decoded) {
      this.telemetry.count('malformed');
      return false;
    }
    switch (decoded.type) {
      case 'hello':
        this.heartbeatMs = decoded.hello.heartbeatMs;
        this.retryMs = decoded.hello.retryMs;
        this.bootId = decoded.hello.bootId;
        this.instance = decoded.hello.instance ?? null;
        this.position = frame.id || this.position;
        this.telemetry.sequence.rebase(frame.id);
        this.telemetry.anyEvent();
        break;
      case 'message':
        if (this.options.onGap && this.telemetry.sequence.peek(frame.id) === 'gap') {
          this.position = this.telemetry.sequence.lastId;
          this.options.onGap(frame.id, this.position!);
          return false;
        }
        this.position = frame.id || this.position;
        if (this.options.deliverOnce && this.alreadyDelivered(frame.id)) {
          this.telemetry.sequence.record(frame.id);
          break;
        }
        this.telemetry.dataEvent(frame.id);
        this.options.onMessage?.({ id: frame.id, data: decoded.data });
        break;
      case 'heartbeat':
        this.position = frame.id || this.position;
        this.telemetry.heartbeat();
        break;
      case 'reset':
        this.position = decoded.reset.lastId;
        this.telemetry.sequence.rebase(decoded.reset.lastId);
        this.telemetry.count('resets');
        break;
    }
    return true;
  }

  private decode(frame: RawFrame): Decoded<T> | undefined {
    try {
      switch (frame.type) {
        case 'hello':
          return { type: 'hello', hello: decodeHello(frame.data) };
        case 'message':
          return { type: 'message', data: JSON.parse(frame.data) as T };
        case 'heartbeat':
          decodeHeartbeat(frame.data);
          return { type: 'heartbeat' };
        case 'reset':
          return { type: 'reset', reset: decodeReset(frame.data) };
      }
    } catch (error) {
      if (!(error instanceof FrameError) && !(error instanceof SyntaxError)) throw error;
    }
    return undefined;
  }

  private alreadyDelivered(id: string): boolean {
    const position = parseEventId(id);
    const last = parseEventId(this.telemetry.counters.lastId);
    return position !== null && last !== null && position.bootId === last.bootId && position.seq <= last.seq;
  }
}
