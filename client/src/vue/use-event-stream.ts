import {
  getCurrentScope,
  onScopeDispose,
  shallowReadonly,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type ShallowRef,
} from 'vue';
import {
  createEventStream,
  createNativeStream,
  newCounters,
  soloSharing,
  type EventStream,
  type EventStreamOptions,
  type StreamCounters,
  type StreamMessage,
  type StreamSnapshot,
  type StreamState,
  type TabRole,
  type TabSharing,
  type Transition,
} from '../index.js';

export type ClientMode = 'lab' | 'native';

export interface UseEventStreamOptions<T> extends EventStreamOptions<T> {
  /** `native` uses a bare EventSource, to reproduce the findings. @default 'lab' */
  mode?: ClientMode;
}

/** Reactive view of a realtime client; reconnection logic stays in the framework-free client. */
export function useEventStream<T = unknown>(
  url: MaybeRefOrGetter<string | undefined>,
  options: UseEventStreamOptions<T> = {},
) {
  const state = shallowRef<StreamState>('idle');
  const counters = shallowRef<StreamCounters>(newCounters());
  const transitions = shallowRef<readonly Transition[]>([]);
  const role = shallowRef<TabRole>('solo');
  const sharing = shallowRef<TabSharing>(soloSharing('not started'));
  const instance = shallowRef<string | null>(null);
  const lastEvent: ShallowRef<StreamMessage<T> | undefined> = shallowRef();
  let client: EventStream | undefined;

  const refresh = () => {
    if (!client) return;
    state.value = client.state;
    counters.value = { ...client.counters };
    role.value = client.role;
    instance.value = client.instance;
    const next = client.sharing;
    const now = sharing.value;
    if (
      next.enabled !== now.enabled ||
      next.reason !== now.reason ||
      next.tabs !== now.tabs ||
      next.epoch !== now.epoch
    )
      sharing.value = next;
    if (
      client.transitions.length !== transitions.value.length ||
      client.transitions.at(-1) !== transitions.value.at(-1)
    ) {
      transitions.value = [...client.transitions];
    }
  };
  const callbacks = {
    onUpdate: () => {
      refresh();
      options.onUpdate?.();
    },
    onMessage: (message: StreamMessage<T>) => {
      lastEvent.value = message;
      options.onMessage?.(message);
    },
  };

  const close = () => {
    client?.close();
    refresh();
  };
  const open = () => {
    client?.close();
    const target = toValue(url);
    client =
      options.mode === 'native' && target
        ? createNativeStream<T>(target, { ...options, ...callbacks })
        : createEventStream<T>(target, { ...options, ...callbacks });
    refresh();
  };

  watch(() => toValue(url), open, { immediate: true });
  if (getCurrentScope()) onScopeDispose(close);

  return {
    state: shallowReadonly(state),
    counters: shallowReadonly(counters),
    lastEvent: shallowReadonly(lastEvent),
    transitions: shallowReadonly(transitions),
    role: shallowReadonly(role),
    sharing: shallowReadonly(sharing),
    instance: shallowReadonly(instance),
    snapshot: (): StreamSnapshot | undefined => client?.snapshot(),
    reconnect: () => client?.reconnect(),
    open,
    close,
  };
}
