import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { data, FakeBrowser, FakeEventSource, flushTabs, hello, useFakeEventSource } from '@sse-lab/client/testing';
import DashboardPage from './DashboardPage.vue';

/** The test renderer keeps a timer of its own; the page must add none that outlives it. */
function timersLeftByAnEmptyComponent(): number {
  mount(defineComponent(() => () => h('div'))).unmount();
  return vi.getTimerCount();
}

describe('DashboardPage', () => {
  useFakeEventSource();

  it('should render state changes, counters and the transition log', async () => {
    const baseline = timersLeftByAnEmptyComponent();
    const wrapper = mount(DashboardPage, { props: { streamUrl: '/api/stream', mode: 'lab' } });
    const text = (testid: string) => wrapper.get(`[data-testid="${testid}"]`).text();
    expect(wrapper.get('[data-testid="state"]').attributes('data-state')).toBe('connecting');

    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000, 'abcd1234-0');
    data(source, 1);
    data(source, 2);
    await nextTick();
    expect(wrapper.get('[data-testid="state"]').attributes('data-state')).toBe('open');
    expect(text('last-id')).toBe('abcd1234-2');
    expect(text('events')).toBe('2');
    expect(text('gaps')).toBe('0');
    expect(wrapper.get('[data-testid="transition-log"]').text()).toContain('connecting');

    source.emitError(FakeEventSource.CLOSED);
    await nextTick();
    expect(wrapper.get('[data-testid="state"]').text()).toContain('backoff');
    expect(window.__sseLab?.state).toBe('backoff');
    expect(window.__sseLab?.receivedIds).toEqual(['abcd1234-1', 'abcd1234-2']);
    wrapper.unmount();
    expect(vi.getTimerCount()).toBe(baseline);
  });

  it('should show the native mode', () => {
    const wrapper = mount(DashboardPage, { props: { streamUrl: '/api/stream', mode: 'native' } });
    expect(wrapper.get('[data-testid="mode"]').text()).toBe('native EventSource');
    expect(window.__sseLab?.mode).toBe('native');
    wrapper.unmount();
  });

  it('should show the URL options it ignored', () => {
    const problems = ['maxBackoffMs="0": expected a number at least 100 (a smaller cap reconnects in a tight loop)'];
    const wrapper = mount(DashboardPage, {
      props: { streamUrl: '/api/stream', mode: 'lab', optionProblems: problems },
    });
    expect(wrapper.get('[data-testid="option-problems"]').text()).toContain(problems[0]);
    wrapper.unmount();
    expect(
      mount(DashboardPage, { props: { streamUrl: '/api/stream', mode: 'lab' } })
        .find('[data-testid="option-problems"]')
        .exists(),
    ).toBe(false);
  });

  it("should show the tab's role and how many tabs share the stream", async () => {
    const browser = new FakeBrowser();
    const first = mount(DashboardPage, {
      props: { streamUrl: '/api/stream', mode: 'lab', options: { shareAcrossTabs: true, tabs: browser.tab().apis } },
    });
    await flushTabs();
    const second = mount(DashboardPage, {
      props: { streamUrl: '/api/stream', mode: 'lab', options: { shareAcrossTabs: true, tabs: browser.tab().apis } },
    });
    await flushTabs();
    await nextTick();
    expect(first.get('[data-testid="tab-role"]').text()).toContain('leader · 2 tabs');
    expect(second.get('[data-testid="tab-role"]').text()).toContain('follower · 2 tabs');
    expect(FakeEventSource.instances).toHaveLength(1);
    second.unmount();
    first.unmount();
  });
});
