import { BeforeApplicationShutdown, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import { concat, defer, finalize, interval, map, merge, of, Subject, takeUntil, tap, type Observable } from 'rxjs';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { FeedService } from '../feed/feed.service';
import { MetricsService, type CloseReason } from '../metrics/metrics.service';
import { StreamAdmission } from './stream-admission.service';
import { dataFrame, frameType, heartbeatFrame, helloFrame, resetFrame } from './stream-frames';

/** Composes one client's stream: hello, catch-up (replay or reset), live events, heartbeats. */
@Injectable()
export class StreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamService.name);
  private readonly shutdown$ = new Subject<void>();
  private lastStreamId = 0;

  constructor(
    @InjectLabConfig() private readonly config: LabConfig,
    private readonly feed: FeedService,
    private readonly admission: StreamAdmission,
    private readonly metrics: MetricsService,
  ) {}

  events(clientIp: string, lastEventId?: string): Observable<MessageEvent> {
    return defer(() => {
      const release = this.admission.admit(clientIp);
      const streamId = ++this.lastStreamId;
      const openedAt = Date.now();
      let reason: CloseReason = 'client';
      let lastSentId = this.feed.lastId;
      this.metrics.streamOpened();
      this.logger.log({ event: 'stream opened', streamId, clientIp, lastEventId: lastEventId ?? null });
      return merge(this.history(clientIp, lastEventId), this.heartbeats(() => lastSentId)).pipe(
        tap({
          next: (frame) => {
            lastSentId = String(frame.id);
            this.metrics.eventSent(frameType(frame));
          },
          error: () => (reason = 'error'),
        }),
        takeUntil(this.shutdown$.pipe(tap(() => (reason = 'shutdown')))),
        finalize(() => {
          release();
          this.metrics.streamClosed(reason);
          this.logger.log({ event: 'stream closed', streamId, clientIp, reason, durationMs: Date.now() - openedAt, lastSentId });
        }),
      );
    });
  }

  /** Ends every open stream cleanly, so clients reconnect to the next instance at once. */
  beforeApplicationShutdown(): void {
    this.admission.startDraining();
    this.shutdown$.next();
  }

  private history(clientIp: string, lastEventId: string | undefined): Observable<MessageEvent> {
    const plan = this.feed.resume(lastEventId);
    const { bootId, lastId } = this.feed;
    const hello = helloFrame(plan.kind === 'replay' ? plan.fromId : lastId, this.config.retryMs, {
      bootId,
      heartbeatMs: this.config.heartbeatMs,
      lastId,
      clientIp,
    });
    const catchUp = plan.kind === 'replay' ? plan.events.map(dataFrame) : plan.kind === 'reset' ? [resetFrame(lastId, plan.reason, bootId)] : [];
    if (plan.kind === 'replay') this.metrics.eventsReplayed(plan.events.length);
    // Replay and the live subscription happen in one synchronous pass: no event can slip between them.
    return concat(of(hello, ...catchUp), this.feed.live$.pipe(map(dataFrame)));
  }

  private heartbeats(lastId: () => string): Observable<MessageEvent> {
    return defer(() => {
      this.metrics.heartbeatTimerStarted();
      return interval(this.config.heartbeatMs).pipe(
        map(() => heartbeatFrame(lastId())),
        finalize(() => this.metrics.heartbeatTimerStopped()),
      );
    });
  }
}
