import { Controller, Get, Inject, type Type } from '@nestjs/common';
import type { Snapshot } from '@sse-lab/contract';
import type { StreamTransportKind } from '../options';
import { SsePublisher } from '../publisher';
import { DirectStreamController } from './direct-stream.controller';
import { StreamController } from './stream.controller';

/**
 * The stream's controller at `path`, on the transport chosen: a class of its own per module, so that
 * two modules (or two paths) never share route metadata.
 */
export function streamControllerAt(path: string, transport: StreamTransportKind): Type {
  const Transport = transport === 'direct' ? DirectStreamController : StreamController;
  class RoutedStreamController extends Transport {}
  Controller(path)(RoutedStreamController);
  return RoutedStreamController;
}

/** `GET <path>`: the last event's payload and id, what a client re-syncs from after `event: reset`. */
export function snapshotControllerAt(path: string): Type {
  class SnapshotController {
    constructor(@Inject(SsePublisher) private readonly publisher: SsePublisher) {}

    @Get()
    snapshot(): Snapshot {
      return this.publisher.snapshot();
    }
  }
  Controller(path)(SnapshotController);
  return SnapshotController;
}
