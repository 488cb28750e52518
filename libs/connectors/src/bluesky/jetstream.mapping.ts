import type { PostInput } from '@escucha/core';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** A Jetstream event as it arrives: commits to repos, identity and account changes. */
export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account' | string;
  commit?: {
    operation?: 'create' | 'update' | 'delete' | string;
    collection?: string;
    rkey?: string;
    record?: { text?: unknown; createdAt?: unknown; langs?: unknown };
  };
  identity?: { did?: string; handle?: string };
}

/** The shape every Jetstream event has; anything else is malformed. */
export function isJetstreamEvent(value: unknown): value is JetstreamEvent {
  const event = value as JetstreamEvent | null;
  return (
    typeof event === 'object' && event !== null &&
    typeof event.did === 'string' && event.did.startsWith('did:') &&
    Number.isSafeInteger(event.time_us) && event.time_us > 0 &&
    typeof event.kind === 'string'
  );
}

/** A created post's record, or why it is not one: 'other' for events that are not new posts, 'malformed' for broken ones. */
export function postRecord(event: JetstreamEvent): { rkey: string; text: string; createdAt?: string; langs: string[] } | 'other' | 'malformed' {
  const commit = event.commit;
  if (event.kind !== 'commit' || !commit || commit.collection !== POST_COLLECTION || commit.operation !== 'create') return 'other';
  const record = commit.record;
  if (typeof commit.rkey !== 'string' || !/^[A-Za-z0-9._:~-]{1,512}$/.test(commit.rkey) || !record || typeof record.text !== 'string') return 'malformed';
  const createdAt = typeof record.createdAt === 'string' && !Number.isNaN(Date.parse(record.createdAt)) ? new Date(record.createdAt).toISOString() : undefined;
  const langs = Array.isArray(record.langs) ? record.langs.filter((lang): lang is string => typeof lang === 'string') : [];
  return { rkey: commit.rkey, text: record.text, createdAt, langs };
}

/**
 * A new Bluesky post as the ingest path takes it. The id is the repo's DID and the record key,
 * which together name the post for good (the at:// URI without its fixed collection). Jetstream
 * carries no handle on commits: it comes from the identity events seen so far, when there was one.
 */
export function toBlueskyPost(event: JetstreamEvent, record: { rkey: string; text: string; createdAt?: string; langs: string[] }, handle?: string): PostInput {
  const post: PostInput = {
    id: `${event.did}/${record.rkey}`,
    source: 'bluesky',
    text: record.text.slice(0, 20_000),
    createdAt: record.createdAt ?? new Date(Math.floor(event.time_us / 1000)).toISOString(),
    author: { id: event.did, handle: handle ?? event.did },
    url: `https://bsky.app/profile/${event.did}/post/${record.rkey}`,
  };
  // langs are BCP-47 tags ("pt-BR"); the store keeps the language alone.
  const lang = record.langs[0]?.split('-')[0]?.toLowerCase();
  if (lang && /^[a-z]{2,3}$/.test(lang)) post.lang = lang;
  return post;
}
