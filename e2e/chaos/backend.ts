import type { BackendFault, ClearFault } from './fault';

/** The app container is stopped and started again: a deploy or a crash. */
export const restartBackend: BackendFault = {
  kind: 'backend',
  name: 'restart-backend',
  summary: 'restart the app container (new boot id, streams cut)',
  action: 'restart',
  params: {
    // 0 = restart at once; longer outages let proxies answer 502 in between (finding F10).
    downSeconds: { default: 0, min: 0, max: 600, help: 'how long the app stays stopped before it starts again' },
  },
};

/** A PaaS cold start: the app is frozen, connections hang, then it wakes. */
export const pauseBackend: BackendFault = {
  kind: 'backend',
  name: 'pause-backend',
  summary: 'freeze the app for SECONDS, then resume it (a PaaS cold start)',
  action: 'pause',
  params: {
    seconds: { default: 10, min: 1, max: 600, help: 'how long the app stays frozen' },
  },
};

export const clear: ClearFault = {
  kind: 'clear',
  name: 'clear',
  summary: 'remove every fault: all toxics gone, every proxy enabled',
  params: {},
};
