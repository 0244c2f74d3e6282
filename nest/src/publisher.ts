import { Injectable } from '@nestjs/common';
import type { Snapshot } from '@sse-lab/contract';
import { EventLog } from './event-log/event-log';
import type { LogEvent } from './event-log/log-event';
import { InjectSseLabOptions, type ResolvedSseLabOptions } from './options';

/** What an app calls with its events: each payload becomes the next data event of every stream. */
@Injectable()
export class SsePublisher<T = unknown> {
  constructor(
    private readonly log: EventLog,
    @InjectSseLabOptions() private readonly options: ResolvedSseLabOptions,
  ) {}

  /**
   * Appends `payload` (any JSON value but `null`) to the event log; resolves to the event, or to
   * undefined where this instance does not append (a replica that is not the shared log's producer).
   */
  publish(payload: T): Promise<LogEvent | undefined> {
    if (payload === null || payload === undefined) throw new TypeError('SsePublisher.publish: a payload is required');
    return this.log.isProducer ? this.log.append(payload) : Promise.resolve(undefined);
  }

  /** Whether `publish` appends here: always with the memory log, only on the producer with a shared one. */
  get isProducer(): boolean {
    return this.log.isProducer;
  }

  /** The last payload published (this app's `initialPayload` before any), as a snapshot a client re-syncs from. */
  snapshot(): Snapshot<T> {
    return {
      bootId: this.log.logId,
      lastId: this.log.lastId,
      ts: Date.now(),
      payload: (this.log.last?.payload ?? this.options.initialPayload) as T,
      instance: this.options.instanceId,
    };
  }
}
