import { SequenceTracker } from './sequence-tracker.js';
import { newCounters, type StreamCounters, type StreamState, type Transition } from './stream-state.js';

const MAX_TRANSITIONS = 500;
const MAX_RECEIVED_IDS = 5000;

/** State, counters, transition log and received ids, shared by the lab and the native client. */
export class StreamTelemetry {
  state: StreamState;
  readonly counters: StreamCounters = newCounters();
  readonly transitions: Transition[] = [];
  readonly receivedIds: string[] = [];
  /** When each of `receivedIds` arrived (ms since epoch). */
  readonly receivedAt: number[] = [];
  readonly sequence = new SequenceTracker();

  constructor(
    initial: StreamState,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {
    this.state = initial;
  }

  moveTo(to: StreamState, reason: string): Transition | null {
    if (to === this.state) return null;
    const transition: Transition = { at: this.now(), from: this.state, to, reason };
    this.state = to;
    this.transitions.push(transition);
    if (this.transitions.length > MAX_TRANSITIONS) this.transitions.shift();
    this.onChange();
    return transition;
  }

  anyEvent(): void {
    this.counters.lastEventAt = this.now();
  }

  dataEvent(id: string): void {
    this.anyEvent();
    this.counters.events++;
    this.counters.lastId = id || this.counters.lastId;
    if (id) {
      this.receivedIds.push(id);
      this.receivedAt.push(this.now());
      if (this.receivedIds.length > MAX_RECEIVED_IDS) {
        this.receivedIds.shift();
        this.receivedAt.shift();
      }
      this.sequence.record(id);
    }
    this.counters.gaps = this.sequence.gaps;
    this.counters.duplicates = this.sequence.duplicates;
    this.onChange();
  }

  heartbeat(): void {
    this.anyEvent();
    this.counters.heartbeats++;
    this.counters.lastHeartbeatAt = this.now();
    this.onChange();
  }

  count(
    counter:
      'reconnects' | 'opens' | 'errors' | 'staleEpisodes' | 'gapResumes' | 'resets' | 'malformed' | 'channelIgnored',
  ): void {
    this.counters[counter]++;
    this.onChange();
  }
}
