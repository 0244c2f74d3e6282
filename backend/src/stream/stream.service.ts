import { BeforeApplicationShutdown, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import { concat, defer, finalize, from, interval, map, merge, of, Subject, takeUntil, tap, type Observable } from 'rxjs';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { FeedService } from '../feed/feed.service';
import { MetricsService, type CloseReason } from '../metrics/metrics.service';
import { DrainWatch, type Backlog } from './drain-watch';
import { StreamAdmission } from './stream-admission.service';
import { dataFrame, frameBytes, frameType, heartbeatFrame, helloFrame, resetFrame, spreadRetryMs } from './stream-frames';
import type { StreamTransport } from './stream-transport';

/** How long shutdown waits for ended streams to reach the kernel before connections are closed. */
export const SHUTDOWN_FLUSH_MS = 2_000;

export interface StreamRequest {
  clientIp: string;
  lastEventId?: string;
  /** The HTTP exchange, when there is one: watched for a dead peer, awaited on shutdown. */
  transport?: StreamTransport;
}

/** Composes one client's stream: hello, catch-up (replay or reset), live events, heartbeats. */
@Injectable()
export class StreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamService.name);
  private readonly shutdown$ = new Subject<void>();
  private readonly transports = new Set<StreamTransport>();
  private lastStreamId = 0;

  constructor(
    @InjectLabConfig() private readonly config: LabConfig,
    private readonly feed: FeedService,
    private readonly admission: StreamAdmission,
    private readonly metrics: MetricsService,
  ) {}

  events({ clientIp, lastEventId, transport }: StreamRequest): Observable<MessageEvent> {
    return defer(() => {
      const release = this.admission.admit(clientIp);
      const streamId = ++this.lastStreamId;
      const openedAt = Date.now();
      const ended$ = new Subject<CloseReason>();
      let reason: CloseReason = 'client';
      let lastSentId = this.feed.lastId;
      let counted = false;
      let watch: DrainWatch | undefined;
      // Everything after admit() runs inside this defer, so the finalize below gives the slot
      // back on every path, a throw while the catch-up is built included.
      const frames = defer(() => {
        this.metrics.streamOpened();
        counted = true;
        if (transport) this.track(transport);
        const limits = { deadPeerMs: this.config.deadPeerMs, slowClientBytes: this.config.slowClientBufferKb * 1024 };
        if (transport && (limits.deadPeerMs > 0 || limits.slowClientBytes > 0)) watch = new DrainWatch(transport, limits);
        this.logger.log({ event: 'stream opened', streamId, clientIp, lastEventId: lastEventId ?? null });
        const checkDrain = () => {
          const backlog = watch?.check();
          if (backlog) this.endBacklogged(streamId, clientIp, backlog, ended$);
        };
        return merge(this.history(clientIp, lastEventId), this.heartbeats(() => lastSentId, checkDrain));
      });
      return frames.pipe(
        tap({
          next: (frame) => {
            lastSentId = String(frame.id);
            this.metrics.eventSent(frameType(frame));
            watch?.sent(frameBytes(frame));
          },
          error: (error: unknown) => {
            reason = 'error';
            this.logger.error({ event: 'stream failed', streamId, clientIp, error: String(error) });
          },
        }),
        takeUntil(merge(this.shutdown$.pipe(map((): CloseReason => 'shutdown')), ended$).pipe(tap((why) => (reason = why)))),
        finalize(() => {
          release();
          watch?.dispose();
          if (!counted) return;
          if (reason === 'client' && transport?.wasReset) reason = 'reset';
          this.metrics.streamClosed(reason);
          this.logger.log({ event: 'stream closed', streamId, clientIp, reason, durationMs: Date.now() - openedAt, lastSentId });
          // The stream's end cannot reach a peer that does not take data: drop the connection.
          if (reason === 'dead-peer' || reason === 'slow-client') transport?.destroy();
        }),
      );
    });
  }

  /**
   * Ends every open stream cleanly, so clients reconnect to the next instance at once, and waits
   * (bounded) until each end has reached the kernel: the connections are closed right after.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.admission.startDraining();
    this.shutdown$.next();
    const flushed = Promise.all([...this.transports].map((transport) => transport.finished()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_FLUSH_MS)));
    const outcome = await Promise.race([flushed, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ event: 'shutdown flush timed out', afterMs: SHUTDOWN_FLUSH_MS, pending: this.transports.size });
  }

  private track(transport: StreamTransport): void {
    this.transports.add(transport);
    void transport.finished().then(() => this.transports.delete(transport));
  }

  /** The client reconnects with its last id and the replay fills the gap: nothing is lost. */
  private endBacklogged(streamId: number, clientIp: string, backlog: Backlog, ended$: Subject<CloseReason>): void {
    const event = backlog.reason === 'dead-peer' ? 'dead peer' : 'slow client';
    this.logger.warn({ event, streamId, clientIp, heldBytes: backlog.heldBytes, notDrainedForMs: backlog.stalledForMs });
    ended$.next(backlog.reason);
  }

  private history(clientIp: string, lastEventId: string | undefined): Observable<MessageEvent> {
    const plan = this.feed.resume(lastEventId);
    const { bootId, lastId } = this.feed;
    const hello = helloFrame(plan.kind === 'replay' ? plan.fromId : lastId, {
      bootId,
      heartbeatMs: this.config.heartbeatMs,
      retryMs: spreadRetryMs(this.config.retryMs, this.config.retryJitterPct),
      lastId,
      clientIp,
    });
    if (plan.kind === 'replay') this.metrics.eventsReplayed(plan.count);
    const catchUp: Observable<MessageEvent> =
      plan.kind === 'replay' ? from(plan.events).pipe(map(dataFrame)) : plan.kind === 'reset' ? of(resetFrame(lastId, plan.reason, bootId)) : of();
    // Hello, replay and the live subscription happen in one synchronous pass: no event can slip between them.
    return concat(of(hello), catchUp, this.feed.live$.pipe(map(dataFrame)));
  }

  private heartbeats(lastId: () => string, onTick: () => void): Observable<MessageEvent> {
    return defer(() => {
      this.metrics.heartbeatTimerStarted();
      return interval(this.config.heartbeatMs).pipe(
        tap(onTick),
        map(() => heartbeatFrame(lastId())),
        finalize(() => this.metrics.heartbeatTimerStopped()),
      );
    });
  }
}
