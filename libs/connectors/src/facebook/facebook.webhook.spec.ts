import { describe, expect, it } from 'vitest';
import { feedPosts, graphTime } from './facebook.mapping';
import { signHubBody, verifyHubSignature } from './facebook.signature';

describe('verifyHubSignature', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  it('accepts the HMAC-SHA256 of the raw body with the app secret, and nothing else', () => {
    expect(verifyHubSignature(signHubBody(body, 'secret'), body, 'secret')).toBe(true);
    expect(verifyHubSignature(signHubBody(body, 'secret').toUpperCase().replace('SHA256=', 'sha256='), body, 'secret')).toBe(true);
    expect(verifyHubSignature(signHubBody(body, 'other'), body, 'secret')).toBe(false);
    expect(verifyHubSignature(signHubBody(Buffer.from(`${body} `), 'secret'), body, 'secret')).toBe(false);
    expect(verifyHubSignature(undefined, body, 'secret')).toBe(false);
    expect(verifyHubSignature('sha1=abcd', body, 'secret')).toBe(false);
    expect(verifyHubSignature(signHubBody(body, ''), body, '')).toBe(false);
  });
});

describe('feedPosts', () => {
  const at = new Date('2026-11-29T12:00:00Z');
  const change = (value: Record<string, unknown>, field = 'feed') => ({ field, value });
  it('keeps added and edited posts and comments with text, and skips what is not a feed change', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: '333',
          changes: [
            change({ item: 'status', verb: 'add', post_id: '333_1', message: 'hola', created_time: 1764417600, from: { id: '7', name: 'Ana' } }),
            change({ item: 'comment', verb: 'edited', post_id: '333_1', comment_id: '1_9', message: 'editado', created_time: 1764417600 }),
            change({ item: 'reaction', verb: 'add', post_id: '333_1', reaction_type: 'like' }),
            change({ item: 'status', verb: 'remove', post_id: '333_2' }),
            change({ item: 'photo', verb: 'add', post_id: '333_3' }),
            change({ item: 'status', verb: 'add', message: 'sin id' }),
            change({ name: 'x' }, 'name'),
          ],
        },
        'not an entry',
      ],
    };
    const { posts, skipped } = feedPosts(body, at);
    expect(posts).toEqual([
      { id: '333_1', source: 'facebook', text: 'hola', createdAt: '2025-11-29T12:00:00.000Z', author: { id: '7', handle: '7', name: 'Ana' }, url: 'https://www.facebook.com/333_1' },
      { id: '1_9', source: 'facebook', text: 'editado', createdAt: '2025-11-29T12:00:00.000Z', author: { id: 'unknown', handle: 'unknown' }, url: 'https://www.facebook.com/1_9' },
    ]);
    expect(skipped).toBe(3);
    expect(feedPosts({ object: 'instagram', entry: [] }, at)).toEqual({ posts: [], skipped: 1 });
  });

  it('reads Graph times with or without a colon in the offset, and unix seconds', () => {
    expect(graphTime('2026-11-28T10:00:00+0000')).toBe('2026-11-28T10:00:00.000Z');
    expect(graphTime('2026-11-28T12:00:00+0200')).toBe('2026-11-28T10:00:00.000Z');
    expect(graphTime(1764417600)).toBe('2025-11-29T12:00:00.000Z');
    expect(graphTime('yesterday')).toBeUndefined();
  });
});
