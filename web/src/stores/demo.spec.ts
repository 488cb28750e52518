import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoRemoval, DemoStatus } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useDemoStore } from './demo';

const removal = (state: DemoRemoval['state']): DemoRemoval => ({
  id: 'r1',
  state,
  removed: state === 'done' ? { posts: 171_000, customers: 2_647, links: 900, offers: 4 } : { posts: 0, customers: 0, links: 0, offers: 0 },
  createdAt: '2026-11-30T10:00:00.000Z',
});

describe('demo store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    api.restore();
    vi.useRealTimers();
  });

  it('shows nothing on an install the demo never wrote to', async () => {
    api = fakeApi({ 'GET /api/v1/demo': { running: false, stored: false } satisfies DemoStatus });
    const demo = useDemoStore();
    await demo.load();
    expect(demo.shown).toBe(false);
  });

  it('queues a removal, says it is under way, and what went once it is done', async () => {
    let status: DemoStatus = { running: false, stored: true };
    api = fakeApi({ 'GET /api/v1/demo': () => status, 'DELETE /api/v1/demo': removal('queued') });
    const demo = useDemoStore();
    await demo.load();
    expect([demo.shown, demo.removing]).toEqual([true, false]);
    await demo.remove();
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api/v1/demo', 'DELETE /api/v1/demo']);
    expect(demo.removing).toBe(true);
    status = { running: false, stored: false, removal: removal('done') };
    await demo.load();
    expect(demo.removing).toBe(false);
    expect(demo.status?.removal?.removed.customers).toBe(2_647);
    expect(demo.shown).toBe(true);
  });

  it('shows the server\'s reason when the removal is refused, keeping the status', async () => {
    api = fakeApi({
      'GET /api/v1/demo': { running: true, stored: true },
      'DELETE /api/v1/demo': reply(409, { code: 'DEMO_RUNNING', message: 'the demo stream is on' }),
    });
    const demo = useDemoStore();
    await demo.load();
    await demo.remove();
    expect(demo.error?.message).toBe('the demo stream is on');
    expect(demo.status).toEqual({ running: true, stored: true });
    expect(demo.loading).toBe(false);
  });

  it('polls without marking itself busy, so the Remove button stays usable between polls', async () => {
    vi.useFakeTimers();
    let answer: (status: DemoStatus) => void = () => {};
    api = fakeApi({ 'GET /api/v1/demo': () => new Promise<DemoStatus>((resolve) => (answer = resolve)) });
    const demo = useDemoStore();
    demo.poll();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.calls).toHaveLength(1);
    expect(demo.loading).toBe(false);
    answer({ running: false, stored: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(demo.status).toEqual({ running: false, stored: true });
    demo.stop();
  });
});
