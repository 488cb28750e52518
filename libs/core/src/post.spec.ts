import { describe, expect, it } from 'vitest';
import { channelOf, postId, toPost } from './post';

describe('post', () => {
  it('ids are source:nativeId so re-sending is idempotent', () => {
    expect(postId('x', '123')).toBe('x:123');
  });

  it('internal channels are told apart from social ones', () => {
    expect(channelOf('callcenter')).toBe('internal');
    expect(channelOf('mastodon')).toBe('social');
  });

  it('toPost fills metrics with zeros and keeps the native id', () => {
    const post = toPost(
      { id: 'a1', source: 'x', text: 'hola', createdAt: '2026-01-01T00:00:00Z', author: { id: 'u', handle: 'u' } },
      { lang: 'es', sentiment: { label: 'neutral', score: 0 }, topics: [], intents: [], entities: [] },
      new Date('2026-01-01T00:00:01Z'),
    );
    expect(post.id).toBe('x:a1');
    expect(post.nativeId).toBe('a1');
    expect(post.metrics).toEqual({ likes: 0, reposts: 0, replies: 0 });
    expect(post.createdAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
