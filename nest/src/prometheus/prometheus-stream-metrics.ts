import { Injectable } from '@nestjs/common';
import { METRIC, type CloseReason, type RejectReason } from '@sse-lab/contract';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { StreamMetrics } from '../metrics/stream-metrics';

/** The stream's Prometheus instruments (the contract's METRIC names), on a registry of its own (one per app instance). */
@Injectable()
export class PrometheusStreamMetrics extends StreamMetrics {
  readonly registry = new Registry();
  private readonly activeStreams = this.gauge(METRIC.activeStreams, 'Streams currently open');
  private readonly heartbeatTimers = this.gauge(
    METRIC.heartbeatTimers,
    'Heartbeat timers currently running: one shared by every open stream',
  );
  private readonly opened = this.counter(METRIC.streamsOpened, 'Streams accepted');
  private readonly closed = this.counter(METRIC.streamsClosed, 'Streams ended, by reason', ['reason']);
  private readonly rejected = this.counter(METRIC.rejected, 'Stream requests refused, by reason', ['reason']);
  private readonly sent = this.counter(METRIC.eventsSent, 'Events written to streams, by event type', ['type']);
  private readonly replayed = this.counter(METRIC.eventsReplayed, 'Events replayed to resuming clients');
  private readonly sentByType = new Map<string, ReturnType<Counter['labels']>>();

  constructor() {
    super();
    collectDefaultMetrics({ register: this.registry });
  }

  streamOpened(): void {
    this.opened.inc();
    this.activeStreams.inc();
  }

  streamClosed(reason: CloseReason): void {
    this.closed.inc({ reason });
    this.activeStreams.dec();
  }

  streamRejected(reason: RejectReason): void {
    this.rejected.inc({ reason });
  }

  /** Called for every hello, heartbeat, reset and replayed frame: the labelled child is looked up once per type. */
  eventSent(type: string): void {
    this.eventsSent(type, 1);
  }

  /** A live event goes to every stream at once: counted once, by the number of streams. */
  eventsSent(type: string, count: number): void {
    if (count <= 0) return;
    let child = this.sentByType.get(type);
    if (!child) {
      child = this.sent.labels({ type });
      this.sentByType.set(type, child);
    }
    child.inc(count);
  }

  eventsReplayed(count: number): void {
    if (count > 0) this.replayed.inc(count);
  }

  heartbeatTimerStarted(): void {
    this.heartbeatTimers.inc();
  }

  heartbeatTimerStopped(): void {
    this.heartbeatTimers.dec();
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
