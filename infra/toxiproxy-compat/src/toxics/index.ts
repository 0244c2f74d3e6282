import { bandwidth } from './bandwidth';
import { latency } from './latency';
import { limitData } from './limit-data';
import { noop } from './noop';
import { resetPeer } from './reset-peer';
import { slicer } from './slicer';
import { slowClose } from './slow-close';
import { timeout } from './timeout';
import type { ToxicType } from './toxic';

/** Registered toxic types, by their API name. `down` is not one: disable the proxy instead. */
export const TOXIC_TYPES: ReadonlyMap<string, ToxicType> = new Map(
  ([noop, latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData] as ToxicType[]).map((t) => [t.type, t]),
);
