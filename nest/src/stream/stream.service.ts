import { BeforeApplicationShutdown, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import { FRAME, parseEventId } from '@sse-lab/contract';
import { defer, finalize, interval, map, Observable, share, Subscription, tap } from 'rxjs';
import { EventLog } from '../event-log/event-log';
import { StreamMetrics, type CloseReason } from '../metrics/stream-metrics';
import { InjectSseLabOptions, type ResolvedSseLabOptions } from '../options';
import { DrainWatch, type Backlog, type DrainLimits } from './drain-watch';
import { StreamAdmission } from './stream-admission.service';
import {
  dataFrame,
  frameType,
  heartbeatFrame,
  helloFrame,
  resetFrame,
  rotateFrame,
  rotationAfterMs,
  rotationRetryMs,
  spreadRetryMs,
  type Frame,
} from './stream-frames';
import type { StreamTransport } from './stream-transport';

/** How long shutdown waits for ended streams to reach the kernel before connections are closed. */
export const SHUTDOWN_FLUSH_MS = 2_000;

export interface StreamRequest {
  clientIp: string;
  lastEventId?: string;
  /** The HTTP exchange, when there is one: watched for a dead peer, awaited on shutdown. */
  transport?: StreamTransport;
}

/** What shutdown needs of an open stream: a way to end it, and its exchange to wait for. */
interface OpenStream {
  end(reason: CloseReason): void;
  transport?: StreamTransport;
}

/** Composes one client's stream: hello, catch-up (replay or reset), live events, heartbeats. */
@Injectable()
export class StreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamService.name);
  private readonly openStreams = new Set<OpenStream>();
  private lastStreamId = 0;
  /** Streams past their catch-up, on the live frames. */
  private liveStreams = 0;
  /**
   * Live events as frames, built once and multicast to every stream; each event is counted once
   * for all the streams it goes to.
   */
  private readonly frames$: Observable<Frame>;
  /**
   * One heartbeat timer for every stream (sse_heartbeat_timers is 1 while any stream is open, 0
   * otherwise); a stream's first heartbeat comes at the next tick, within HEARTBEAT_MS of its open.
   */
  private readonly ticks$: Observable<number>;
  private heartbeatTick = -1;
  private readonly heartbeatsByLastId = new Map<string, Frame>();
  /** What a stream's socket may hold before it is ended; undefined when both bounds are off. */
  private readonly drainLimits: DrainLimits | undefined;

  constructor(
    @InjectSseLabOptions() private readonly config: ResolvedSseLabOptions,
    private readonly log: EventLog,
    private readonly admission: StreamAdmission,
    private readonly metrics: StreamMetrics,
  ) {
    this.frames$ = this.log.live$.pipe(
      map(dataFrame),
      tap(() => this.metrics.eventsSent(FRAME.data, this.liveStreams)),
      share(),
    );
    const limits = { deadPeerMs: config.deadPeerMs, slowClientBytes: config.slowClientBufferKb * 1024 };
    this.drainLimits = limits.deadPeerMs > 0 || limits.slowClientBytes > 0 ? limits : undefined;
    this.ticks$ = defer(() => {
      this.metrics.heartbeatTimerStarted();
      return interval(this.config.heartbeatMs).pipe(finalize(() => this.metrics.heartbeatTimerStopped()));
    }).pipe(share());
  }

  events({ clientIp, lastEventId, transport }: StreamRequest): Observable<MessageEvent> {
    return defer(() => {
      const release = this.admission.admit(clientIp);
      // One subscriber per stream, no operator chain: the fan-out's cost grows with every stream.
      return new Observable<MessageEvent>((subscriber) => {
        const streamId = ++this.lastStreamId;
        const openedAt = Date.now();
        const subscriptions = new Subscription();
        let reason: CloseReason = 'client';
        let lastSentId = this.log.lastId;
        let counted = false;
        let watch: DrainWatch | undefined;
        const send = (frame: Frame): void => {
          lastSentId = String(frame.id);
          watch?.sent(frame.bytes);
          subscriber.next(frame);
        };
        const end = (why: CloseReason): void => {
          reason = why;
          subscriber.complete();
        };
        const open: OpenStream = { end, transport };
        // Everything after admit() runs in here, so the teardown below gives the slot back on
        // every path, a throw while the catch-up is built included.
        try {
          this.metrics.streamOpened();
          counted = true;
          this.openStreams.add(open);
          if (transport && this.drainLimits) watch = new DrainWatch(transport, this.drainLimits);
          this.logger.log({ event: 'stream opened', streamId, clientIp, lastEventId: lastEventId ?? null });
          // Hello, catch-up and the live subscription in one synchronous pass: no event can slip between them.
          const holdThroughSeq = this.catchUp(clientIp, lastEventId, (frame) => {
            this.metrics.eventSent(frameType(frame));
            send(frame);
          });
          this.liveStreams++;
          subscriptions.add(() => this.liveStreams--);
          subscriptions.add(
            this.frames$.subscribe(holdThroughSeq === undefined ? send : this.holdingThrough(holdThroughSeq, send)),
          );
          if (this.config.maxStreamMs > 0) {
            // Both drawn per connection: a fleet opened together neither ends nor comes back together.
            const retryMs = rotationRetryMs();
            const rotation = setTimeout(() => {
              this.metrics.eventSent(FRAME.rotate);
              send(rotateFrame(lastSentId, retryMs, Date.now() - openedAt));
              end('max-duration');
            }, rotationAfterMs(this.config.maxStreamMs));
            subscriptions.add(() => clearTimeout(rotation));
          }
          subscriptions.add(
            this.ticks$.subscribe((tick) => {
              const backlog = watch?.check();
              if (backlog) return this.endBacklogged(streamId, clientIp, backlog, end);
              const frame = this.heartbeatFor(tick, lastSentId);
              this.metrics.eventSent(frameType(frame));
              send(frame);
            }),
          );
        } catch (error) {
          reason = 'error';
          this.logger.error({ event: 'stream failed', streamId, clientIp, error: String(error) });
          subscriber.error(error);
        }
        return () => {
          this.openStreams.delete(open);
          subscriptions.unsubscribe();
          release();
          watch?.dispose();
          if (!counted) return;
          if (reason === 'client' && transport?.wasReset) reason = 'reset';
          this.metrics.streamClosed(reason);
          this.logger.log({
            event: 'stream closed',
            streamId,
            clientIp,
            reason,
            durationMs: Date.now() - openedAt,
            lastSentId,
          });
          // The stream's end cannot reach a peer that does not take data: drop the connection.
          if (reason === 'dead-peer' || reason === 'slow-client') transport?.destroy();
        };
      });
    });
  }

  /**
   * Ends every open stream cleanly, so clients reconnect to the next instance at once, and waits
   * (bounded) until each end has reached the kernel: the connections are closed right after.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.admission.startDraining();
    const open = [...this.openStreams];
    for (const stream of open) stream.end('shutdown');
    const exchanges = open.flatMap(({ transport }) => (transport ? [transport] : []));
    let flushedCount = 0;
    const flushed = Promise.all(exchanges.map((transport) => transport.finished().then(() => flushedCount++)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_FLUSH_MS)),
    );
    const outcome = await Promise.race([flushed, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      this.logger.warn({
        event: 'shutdown flush timed out',
        afterMs: SHUTDOWN_FLUSH_MS,
        pending: exchanges.length - flushedCount,
      });
  }

  /** The client reconnects with its last id and the replay fills the gap: nothing is lost. */
  private endBacklogged(
    streamId: number,
    clientIp: string,
    backlog: Backlog,
    end: (reason: CloseReason) => void,
  ): void {
    const event = backlog.reason === 'dead-peer' ? 'dead peer' : 'slow client';
    this.logger.warn({
      event,
      streamId,
      clientIp,
      heldBytes: backlog.heldBytes,
      notDrainedForMs: backlog.stalledForMs,
    });
    end(backlog.reason);
  }

  /**
   * Hello, then the replay (one frame at a time, no array of the ring) or the reset. Returns the
   * seq the client already has beyond this instance's log, when it has one.
   */
  private catchUp(clientIp: string, lastEventId: string | undefined, send: (frame: Frame) => void): number | undefined {
    const plan = this.log.resume(lastEventId);
    const { logId, lastId } = this.log;
    send(
      helloFrame(plan.kind === 'replay' ? plan.fromId : lastId, {
        bootId: logId,
        heartbeatMs: this.config.heartbeatMs,
        retryMs: spreadRetryMs(this.config.retryMs, this.config.retryJitterPct),
        lastId,
        clientIp,
        instance: this.config.instanceId,
        eventLog: this.log.kind,
      }),
    );
    if (plan.kind === 'replay') {
      this.metrics.eventsReplayed(plan.count);
      for (const event of plan.events) send(dataFrame(event));
      return plan.holdThroughSeq;
    }
    if (plan.kind === 'reset') send(resetFrame(lastId, plan.reason, logId));
    return undefined;
  }

  /** Live frames for a client ahead of this instance: the ones it has are skipped, once. */
  private holdingThrough(seq: number, send: (frame: Frame) => void): (frame: Frame) => void {
    let holding = true;
    return (frame) => {
      if (holding && (parseEventId(String(frame.id))?.seq ?? Infinity) <= seq) return;
      holding = false;
      send(frame);
    };
  }

  /** The tick's heartbeat for a last id: streams at the same id (nearly all) share one frame. */
  private heartbeatFor(tick: number, lastId: string): Frame {
    if (tick !== this.heartbeatTick) {
      this.heartbeatTick = tick;
      this.heartbeatsByLastId.clear();
    }
    let frame = this.heartbeatsByLastId.get(lastId);
    if (!frame) {
      frame = heartbeatFrame(lastId);
      this.heartbeatsByLastId.set(lastId, frame);
    }
    return frame;
  }
}
