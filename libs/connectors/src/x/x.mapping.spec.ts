import { describe, expect, it } from 'vitest';
import { baseUrlPlugin } from './x.client';
import { isTweet, toPostInput, usersById } from './x.mapping';

const at = new Date('2026-11-29T12:00:00Z');

describe('toPostInput', () => {
  it('leaves out what X did not send and languages X uses for "none"', () => {
    const post = toPostInput({ id: '20', text: 'solo texto', lang: 'und' }, new Map(), at);
    expect(post).toEqual({
      id: '20',
      source: 'x',
      text: 'solo texto',
      createdAt: at.toISOString(),
      author: { id: 'unknown', handle: 'unknown' },
      url: 'https://x.com/i/web/status/20',
    });
    expect(toPostInput({ id: '21', text: 't', lang: 'qme', author_id: '7' }, new Map(), at).lang).toBeUndefined();
  });

  it('takes the author from the expansion, bio from the description, and skips an empty bio', () => {
    const users = usersById([{ id: '7', username: 'ana', name: 'Ana', description: '  ', public_metrics: { followers_count: 3 } }]);
    expect(toPostInput({ id: '22', text: 't', author_id: '7', created_at: '2026-11-28T10:00:00.000Z' }, users, at)).toMatchObject({
      createdAt: '2026-11-28T10:00:00.000Z',
      author: { id: '7', handle: 'ana', name: 'Ana', followers: 3 },
      url: 'https://x.com/ana/status/22',
    });
    expect(toPostInput({ id: '22', text: 't', author_id: '7' }, users, at).author).not.toHaveProperty('bio');
  });

  it('recognises a tweet only with a numeric id and some text', () => {
    expect(isTweet({ id: '1', text: 'a' })).toBe(true);
    expect(isTweet({ id: 'abc', text: 'a' })).toBe(false);
    expect(isTweet({ id: '1', text: ' ' })).toBe(false);
    expect(isTweet(null)).toBe(false);
  });
});

describe('baseUrlPlugin', () => {
  it('rewrites the X origin for REST calls and streams alike, keeping path and query', () => {
    const plugin = baseUrlPlugin('https://127.0.0.1:8443/');
    const rest = { url: 'https://api.x.com/2/tweets/search/recent?query=a' };
    const stream = { url: 'https://api.x.com/2/tweets/search/stream' };
    void plugin.onBeforeRequestConfig!({ params: rest } as never);
    plugin.onBeforeStreamRequestConfig!({ params: stream } as never);
    expect(rest.url).toBe('https://127.0.0.1:8443/2/tweets/search/recent?query=a');
    expect(stream.url).toBe('https://127.0.0.1:8443/2/tweets/search/stream');
  });
});
