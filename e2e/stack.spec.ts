import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { LAB } from './lab-settings';
import { holdsFor } from './support/holds-for';
import { openRawStream } from './support/raw-stream';

test.describe('the prod stack', () => {
  test('stack @stack: events flow through the edge; silence stops them with the socket open; clear restores the flow', async ({ stack, fault }) => {
    const stream = openRawStream(stack.urls.direct);
    try {
      await expect.poll(() => stream.state.events, { message: 'events through the edge proxy', timeout: 10 * LAB.TICK_MS + 5000 }).toBeGreaterThanOrEqual(3);

      const silence = await test.step('silence the edge', () => fault.apply(chaos.silence, 'edge-direct'));
      const bytesAtSilence = stream.state.bytes;
      // Three heartbeats and a dozen ticks would arrive in this window: nothing does, the socket stays open.
      await holdsFor(() => ({ ...stream.state }), (s) => !s.closed && s.bytes === bytesAtSilence, 3 * LAB.HEARTBEAT_MS, 'silent stream stays open');

      await test.step('clear the fault', () => fault.remove(silence));
      // Removing a timeout toxic closes the connections it held: a new stream flows again.
      await expect.poll(() => stream.state.closed, { timeout: 5000 }).toBe(true);
      const after = openRawStream(stack.urls.direct);
      await expect.poll(() => after.state.events, { timeout: 10 * LAB.TICK_MS + 5000 }).toBeGreaterThanOrEqual(2);
      after.close();
    } finally {
      stream.close();
    }
  });
});
