import { describe, expect, it } from 'vitest';
import { isJetstreamEvent, postRecord, toBlueskyPost, type JetstreamEvent } from './jetstream.mapping';

const DID = 'did:plc:ana4bq7nq3yzbsxkqpb4aaaa';
const commit = (record: Record<string, unknown>, extra: Partial<NonNullable<JetstreamEvent['commit']>> = {}): JetstreamEvent => ({
  did: DID,
  time_us: 1_764_417_600_000_000,
  kind: 'commit',
  commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3l3qo2vutsw2b', record, ...extra },
});

describe('Jetstream events', () => {
  it('tells new posts from other events and from broken ones', () => {
    expect(isJetstreamEvent({ did: DID, time_us: 1, kind: 'commit' })).toBe(true);
    expect(isJetstreamEvent({ did: 'ana', time_us: 1, kind: 'commit' })).toBe(false);
    expect(isJetstreamEvent({ did: DID, time_us: '1', kind: 'commit' })).toBe(false);
    expect(postRecord(commit({ text: 'hola' }, { operation: 'delete' }))).toBe('other');
    expect(postRecord(commit({ text: 'hola' }, { collection: 'app.bsky.feed.like' }))).toBe('other');
    expect(postRecord({ did: DID, time_us: 1, kind: 'identity', identity: { handle: 'ana.bsky.social' } })).toBe('other');
    expect(postRecord(commit({ text: 7 }))).toBe('malformed');
    expect(postRecord(commit({ text: 'hola' }, { rkey: '../x y' }))).toBe('malformed');
  });

  it('maps a post: id from did and rkey, language without region, time from time_us when createdAt is broken', () => {
    const event = commit({ text: 'hola', createdAt: 'not a date', langs: ['es-AR', 'en'] });
    const record = postRecord(event);
    if (typeof record === 'string') throw new Error(record);
    expect(toBlueskyPost(event, record)).toEqual({
      id: `${DID}/3l3qo2vutsw2b`,
      source: 'bluesky',
      text: 'hola',
      createdAt: '2025-11-29T12:00:00.000Z',
      lang: 'es',
      author: { id: DID, handle: DID },
      url: `https://bsky.app/profile/${DID}/post/3l3qo2vutsw2b`,
    });
    expect(toBlueskyPost(event, { ...record, langs: [] }, 'ana.bsky.social')).toMatchObject({ author: { id: DID, handle: 'ana.bsky.social' } });
    expect(toBlueskyPost(event, { ...record, langs: [] })).not.toHaveProperty('lang');
  });
});
