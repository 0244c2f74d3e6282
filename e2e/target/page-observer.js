// Runs in the page before its own scripts, injected as it is (no build step: no transpiler helper
// can leak into the page). Wraps EventSource (each instance's open, error, readyState, messages and
// the named events the page listens to, close), fetch (a response of type text/event-stream: a
// page that streams without EventSource) and BroadcastChannel (the messages a tab gets from another
// tab of the page: a page that shares one stream between its tabs). It changes no behaviour; what
// it saw is on window.__sseLabObserver.events.
(() => {
  if (window.__sseLabObserver) return;
  const events = [];
  window.__sseLabObserver = { events };
  const record = (event) => events.push({ at: Date.now(), ...event });

  const NativeEventSource = window.EventSource;
  let count = 0;
  class ObservedEventSource extends NativeEventSource {
    constructor(url, init) {
      super(url, init);
      const source = count++;
      const add = (type, listener) => NativeEventSource.prototype.addEventListener.call(this, type, listener);
      const watched = new Set(['open', 'error']);
      const watch = (type) => {
        if (watched.has(type)) return;
        watched.add(type);
        add(type, (event) => record({ kind: 'message', source, type, lastEventId: event.lastEventId }));
      };
      this.__sseLabSource = source;
      this.__sseLabWatch = watch;
      record({ kind: 'construct', source, url: this.url, readyState: this.readyState });
      add('open', () => record({ kind: 'open', source, readyState: this.readyState }));
      add('error', () => record({ kind: 'error', source, readyState: this.readyState }));
      watch('message');
    }

    addEventListener(type, ...rest) {
      this.__sseLabWatch(type);
      return super.addEventListener(type, ...rest);
    }

    close() {
      record({ kind: 'close', source: this.__sseLabSource, readyState: this.readyState });
      super.close();
    }
  }
  window.EventSource = ObservedEventSource;

  const nativeFetch = window.fetch;
  window.fetch = async function observedFetch(...args) {
    const response = await nativeFetch.apply(this, args);
    if ((response.headers.get('content-type') || '').includes('text/event-stream')) {
      record({ kind: 'fetch-stream', url: response.url });
    }
    return response;
  };

  const NativeBroadcastChannel = window.BroadcastChannel;
  if (NativeBroadcastChannel) {
    class ObservedBroadcastChannel extends NativeBroadcastChannel {
      constructor(name) {
        super(name);
        NativeBroadcastChannel.prototype.addEventListener.call(this, 'message', () =>
          record({ kind: 'channel-message', channel: this.name }),
        );
      }
    }
    window.BroadcastChannel = ObservedBroadcastChannel;
  }
})();
