import type { BrowserEnvironment } from './event-stream-options.js';

export interface BrowserSignalHandlers {
  offline(): void;
  online(): void;
  visible(): void;
}

/** Listens to connectivity and page visibility; returns the function that removes every listener. */
export function listenToBrowser({ window, document }: BrowserEnvironment, handlers: BrowserSignalHandlers): () => void {
  const onVisibility = () => {
    if (document?.visibilityState === 'visible') handlers.visible();
  };
  window?.addEventListener('offline', handlers.offline);
  window?.addEventListener('online', handlers.online);
  document?.addEventListener('visibilitychange', onVisibility);
  return () => {
    window?.removeEventListener('offline', handlers.offline);
    window?.removeEventListener('online', handlers.online);
    document?.removeEventListener('visibilitychange', onVisibility);
  };
}
