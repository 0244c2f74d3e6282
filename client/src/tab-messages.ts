import type { RawFrame } from './event-stream-options.js';
import type { StreamState } from './stream-state.js';

/** Version of the messages tabs exchange: a tab of another version is foreign. */
export const TAB_PROTOCOL = 1;

/** From the leader: a frame of its stream, as received. */
export interface FrameMessage {
  kind: 'frame';
  frame: RawFrame;
}

/** From the leader: its connection's state, the heartbeat it was told, how many tabs share it. */
export interface StateMessage {
  kind: 'state';
  state: StreamState;
  heartbeatMs: number;
  tabs: number;
}

/** From the leader: the snapshot it re-synced from after a `reset`. */
export interface SnapshotMessage {
  kind: 'snapshot';
  body: unknown;
}

/** From a follower: it is there (on start, then every few seconds). */
export interface PresenceMessage {
  kind: 'presence';
}

/** From any tab: it is leaving. */
export interface ByeMessage {
  kind: 'bye';
}

export type TabPayload = FrameMessage | StateMessage | SnapshotMessage | PresenceMessage | ByeMessage;

export type TabMessage = TabPayload & {
  v: typeof TAB_PROTOCOL;
  /** The sending tab. */
  from: string;
  /** The leader term the sender knows (a leader's own term for what it sends). */
  epoch: number;
};

const STATES: readonly StreamState[] = ['idle', 'connecting', 'open', 'stale', 'backoff', 'offline', 'closed'];
const FRAME_TYPES: readonly RawFrame['type'][] = ['hello', 'message', 'heartbeat', 'reset'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isPayload(message: Record<string, unknown>): boolean {
  switch (message.kind) {
    case 'frame': {
      const frame = message.frame;
      return (
        isRecord(frame) &&
        FRAME_TYPES.includes(frame.type as RawFrame['type']) &&
        typeof frame.id === 'string' &&
        typeof frame.data === 'string'
      );
    }
    case 'state':
      return (
        STATES.includes(message.state as StreamState) &&
        typeof message.heartbeatMs === 'number' &&
        message.heartbeatMs > 0 &&
        isCount(message.tabs)
      );
    case 'snapshot':
      return 'body' in message;
    case 'presence':
    case 'bye':
      return true;
    default:
      return false;
  }
}

/** The message, or null for anything malformed or foreign: what arrives on a channel is never trusted. */
export function readTabMessage(raw: unknown): TabMessage | null {
  if (
    !isRecord(raw) ||
    raw.v !== TAB_PROTOCOL ||
    typeof raw.from !== 'string' ||
    raw.from === '' ||
    !isCount(raw.epoch)
  )
    return null;
  return isPayload(raw) ? (raw as unknown as TabMessage) : null;
}
