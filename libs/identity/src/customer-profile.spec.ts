import { describe, expect, it } from 'vitest';
import { aPost } from '../../../test/support/builders';
import { churnRisk, handlesIn, network, summarise } from './customer-profile';

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const negative = { label: 'negative' as const, score: -0.6 };
const positive = { label: 'positive' as const, score: 0.6 };

describe('churn risk', () => {
  it('is zero for a calm customer and adds each term of the formula for an angry one', () => {
    const calm = [aPost({ createdAt: daysAgo(5), sentiment: positive }), aPost({ createdAt: daysAgo(50), sentiment: positive })];
    expect(churnRisk(calm, NOW)).toMatchObject({ risk: 0, evidence: [] });

    const posts = [
      aPost({ createdAt: daysAgo(2), intents: ['churn', 'complaint'], sentiment: negative }),
      aPost({ createdAt: daysAgo(10), intents: ['complaint'], sentiment: negative }),
      aPost({ createdAt: daysAgo(60), sentiment: positive }),
      aPost({ createdAt: daysAgo(70), sentiment: positive }),
      // Outside the 90-day window: does not count.
      aPost({ createdAt: daysAgo(200), intents: ['churn'], sentiment: negative }),
    ];
    const risk = churnRisk(posts, NOW);
    expect(risk.posts).toBe(4);
    expect(risk.churnIntents).toBe(1);
    expect(risk.complaints).toBe(2);
    // Mean -0.6 in the last 30 days against +0.6 before: a fall of 1.2, clamped to 1.
    expect(risk.trend).toBeCloseTo(-1.2, 4);
    expect(risk.contributions).toEqual({ churnIntents: 0.25, complaints: 0.15, trend: 0.2 });
    expect(risk.risk).toBe(0.6);
    expect(risk.evidence.map((p) => p.id)).toEqual([posts[0].id, posts[1].id]);
  });

  it('caps at 1 however many churn posts', () => {
    const posts = Array.from({ length: 6 }, (_, i) => aPost({ createdAt: daysAgo(i + 1), intents: ['churn', 'complaint'], sentiment: negative }));
    expect(churnRisk(posts, NOW).risk).toBeLessThanOrEqual(1);
    expect(churnRisk(posts, NOW).contributions.churnIntents).toBe(0.5);
  });
});

describe('profile summary', () => {
  it('counts channels by topic and intent, and sentiment by ISO week', () => {
    const posts = [
      aPost({ source: 'x', createdAt: '2026-06-29T10:00:00Z', topics: ['billing'], intents: ['complaint'], sentiment: negative }),
      aPost({ source: 'callcenter', createdAt: '2026-06-28T10:00:00Z', topics: ['billing'], intents: ['churn'], sentiment: negative }),
      aPost({ source: 'x', createdAt: '2026-06-23T10:00:00Z', topics: ['coverage'], sentiment: positive }),
    ];
    const summary = summarise(posts, NOW);
    expect(summary.channels.map((c) => [c.source, c.posts, c.topics, c.intents])).toEqual([
      ['x', 2, { billing: 1, coverage: 1 }, { complaint: 1 }],
      ['callcenter', 1, { billing: 1 }, { churn: 1 }],
    ]);
    // 2026-06-29 is a Monday: it opens a week of its own.
    expect(summary.sentiment.map((w) => [w.ts, w.posts, w.mean])).toEqual([
      ['2026-06-22T00:00:00.000Z', 2, 0],
      ['2026-06-29T00:00:00.000Z', 1, -0.6],
    ]);
    expect(summary.topics).toEqual([
      { key: 'billing', count: 2 },
      { key: 'coverage', count: 1 },
    ]);
  });
});

describe('network from mentions', () => {
  it('reads @handles from text, not e-mail addresses', () => {
    expect(handlesIn('hola @Ana_G y @bruno, escribime a x@mail.com')).toEqual(['ana_g', 'bruno']);
  });

  it('finds who the customer mentions and who mentions them, skipping their own authors', () => {
    const own = [aPost({ source: 'x', author: { id: 'me' }, text: '@bruno @ana fijate', createdAt: daysAgo(1) })];
    const around = [
      aPost({ source: 'x', author: { id: 'b1', handle: 'bruno' }, text: 'te leo @ana', createdAt: daysAgo(2) }),
      aPost({ source: 'x', author: { id: 'me', handle: 'ana' }, text: 'yo misma @ana', createdAt: daysAgo(3) }),
      aPost({ source: 'x', author: { id: 'c1', handle: 'carla' }, text: 'nada que ver @anabel', createdAt: daysAgo(3) }),
    ];
    const entries = network(own, around, new Set(['ana']), new Set(['x:me']), new Map([['x|bruno', 'x:b1']]));
    expect(entries.map((e) => [e.author, e.direction, e.posts])).toEqual([
      ['x:b1', 'mentions', 1],
      ['x:b1', 'mentioned-by', 1],
    ]);
  });
});
