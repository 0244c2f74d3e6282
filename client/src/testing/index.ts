export {
  data,
  failAndMeasureBackoff,
  FakeEventSource,
  heartbeat,
  hello,
  reset,
  rotate,
  useFakeEventSource,
} from './fake-event-source.js';
export { FakeBrowser, FakeChannel, FakeTab, flushTabs } from './fake-tabs.js';
