import { EventSource } from 'eventsource';
import { createEventStream, type EventSourceConstructor, type EventStream } from '@sse-lab/client';
import { decodeHello, decodeReset } from '@sse-lab/contract';
import { ClientHistory } from './client-history';
import { SOAK_CLIENT } from './soak-stack';

export interface NodeClient {
  history: ClientHistory;
  stream: EventStream;
}

/** Why a reset came, from its frame; the frame is the contract's, so a bad one is named as such. */
function resetReason(data: string): string {
  try {
    return decodeReset(data).reason;
  } catch (error) {
    return `malformed reset (${(error as Error).message})`;
  }
}

/** The replica a hello names; a hello that breaks the contract names none (the client counts it malformed). */
function helloInstance(data: string): string | null {
  try {
    return decodeHello(data).instance ?? null;
  } catch {
    return null;
  }
}

/**
 * The lab's own client code in Node (a spec-compliant EventSource from npm in place of the
 * browser's), each frame recorded as it arrives.
 */
export function startNodeClient(name: string, url: string): NodeClient {
  const history = new ClientHistory(name, 'node', 0);
  // Declared first: the client reports its first state from inside its constructor.
  let stream: EventStream | undefined = undefined;
  stream = createEventStream(new URL('/api/stream', url).toString(), {
    ...SOAK_CLIENT,
    EventSource: EventSource as unknown as EventSourceConstructor,
    environment: {},
    onMessage: (message) => history.event(message.id, Date.now()),
    onFrame: (frame) => {
      if (frame.type === 'reset') history.reset(Date.now(), resetReason(frame.data));
      if (frame.type === 'hello') history.greeted(Date.now(), frame.id, helloInstance(frame.data));
    },
    onStateChange: (state, transition) => {
      history.moveTo(state, transition.at, transition.reason);
      history.gapResumes = stream?.counters.gapResumes ?? 0;
    },
  });
  history.moveTo(stream.state, Date.now());
  return { history, stream };
}
