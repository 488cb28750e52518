import { channelOf, postId, type Author, type Post, type Source } from '@escucha/core';
import type { User } from '@escucha/store';

/**
 * Test data with sensible defaults. Every call gets a fresh id, so tests never collide
 * by accident; pass `nativeId` (or `id`) to collide on purpose.
 */

let sequence = 0;
const nextNumber = (): number => ++sequence;

export const DEFAULT_TIME = new Date('2026-03-02T10:15:00.000Z');

export interface PostOverrides extends Partial<Omit<Post, 'author' | 'metrics' | 'createdAt'>> {
  /** When the post was written: a Date or an ISO string. */
  createdAt?: Date | string;
  author?: Partial<Author>;
  metrics?: Partial<Post['metrics']>;
}

export function aPost(overrides: PostOverrides = {}): Post {
  const n = nextNumber();
  const source: Source = overrides.source ?? 'x';
  const nativeId = overrides.nativeId ?? `n${n}`;
  const { createdAt, author, metrics, ...rest } = overrides;
  return {
    id: postId(source, nativeId),
    nativeId,
    source,
    channel: channelOf(source),
    text: `post number ${n}`,
    lang: 'es',
    createdAt: createdAt === undefined ? new Date(DEFAULT_TIME) : new Date(createdAt),
    ingestedAt: new Date(DEFAULT_TIME.getTime() + 60_000),
    sentiment: { label: 'neutral', score: 0 },
    topics: [],
    intents: [],
    entities: [],
    ...rest,
    author: { id: `author-${n}`, handle: `handle${n}`, ...author },
    metrics: { likes: 0, reposts: 0, replies: 0, ...metrics },
  };
}

/** A post with every optional field set, for round-trip checks. */
export function aFullPost(overrides: PostOverrides = {}): Post {
  return aPost({
    url: 'https://example.com/status/1',
    text: 'El café de Telco está FRÍO 😡 #servicio https://t.co/abc @soporte',
    lang: 'es',
    customerId: 'cust-42',
    campaign: 'spring-2026',
    sentiment: { label: 'negative', score: -0.734215698 },
    topics: ['billing', 'coverage'],
    intents: ['complaint', 'churn'],
    entities: ['Telco', 'RivalCo'],
    aspects: [
      { topic: 'billing', sentiment: 'negative' },
      { topic: 'coverage', sentiment: 'positive' },
      { topic: 'outage', sentiment: 'negative', entity: 'rivalco' },
    ],
    regions: ['cordoba', 'caba'],
    createdAt: '2026-03-02T10:15:42.123Z',
    ...overrides,
    author: {
      name: 'Ana Pérez',
      followers: 3_000_000_000,
      location: 'Bogotá',
      bio: 'Clienta de Telco desde 2010 · opiniones propias 🇨🇴',
      ...overrides.author,
    },
    metrics: { likes: 12, reposts: 3, replies: 7, ...overrides.metrics },
  });
}

export function aUser(overrides: Partial<User> = {}): User {
  const n = nextNumber();
  return {
    username: `user${n}`,
    role: 'analyst',
    passwordHash: `${'ab'.repeat(16)}:${'cd'.repeat(32)}`,
    createdAt: new Date('2026-01-15T08:30:00.250Z'),
    ...overrides,
  };
}
