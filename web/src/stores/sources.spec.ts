import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceView } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useSourcesStore } from './sources';

const source = (id: string, state: SourceView['state'] = 'active'): SourceView => ({
  id,
  kind: 'webhook',
  name: id,
  channel: 'callcenter',
  state,
  hasCredentials: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  stats: { eventsLastMinute: 0 },
});

describe('sources store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    api.restore();
    vi.useRealTimers();
  });

  it('puts each action\'s answer in place: a new source added, a paused one replaced, a removed one gone', async () => {
    api = fakeApi({
      'GET /api/v1/sources': [source('a'), source('b')],
      'POST /api/v1/sources': (call) => source((call.body as { id: string }).id),
      'POST /api/v1/sources/a/pause': source('a', 'paused'),
      'DELETE /api/v1/sources/b': reply(204),
    });
    const sources = useSourcesStore();
    await sources.load();
    expect(sources.items.map((s) => s.id)).toEqual(['a', 'b']);

    expect(await sources.create({ id: 'c', kind: 'webhook', name: 'c', channel: 'forum' })).toBe(true);
    expect(await sources.pause('a')).toBe(true);
    expect(await sources.remove('b')).toBe(true);
    expect(sources.items.map((s) => `${s.id}:${s.state}`)).toEqual(['a:paused', 'c:active']);
    expect(sources.busy).toBeNull();
  });

  it('keeps the list and shows the server\'s message when an action is refused', async () => {
    api = fakeApi({
      'GET /api/v1/sources': [source('a')],
      'POST /api/v1/sources/a/resume': reply(409, { code: 'SOURCE_STATE', message: 'source a is already active' }),
    });
    const sources = useSourcesStore();
    await sources.load();
    expect(await sources.resume('a')).toBe(false);
    expect(sources.error?.message).toBe('source a is already active');
    expect(sources.items.map((s) => s.state)).toEqual(['active']);
  });

  it('does not let a poll that started before an action put back the old state', async () => {
    vi.useFakeTimers();
    let answerPoll: (list: SourceView[]) => void = () => {};
    let polls = 0;
    api = fakeApi({
      'GET /api/v1/sources': () => {
        polls++;
        return polls === 1 ? [source('a')] : new Promise<SourceView[]>((resolve) => (answerPoll = resolve));
      },
      'POST /api/v1/sources/a/pause': source('a', 'paused'),
    });
    const sources = useSourcesStore();
    await sources.load();
    sources.poll();
    await vi.advanceTimersByTimeAsync(3000);
    expect(polls).toBe(2);
    await sources.pause('a');
    // The poll was asked before the pause and answers after it, with the state from before.
    answerPoll([source('a', 'active')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sources.items.map((s) => s.state)).toEqual(['paused']);
    sources.stop();
  });
});
