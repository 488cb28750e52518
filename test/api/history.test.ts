import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

/** A known little history, far from "now" so the live stream cannot touch it. */
const DAY1 = '2026-03-02';
const DAY2 = '2026-03-03';
const posts = [
  aPostInput({ createdAt: `${DAY1}T10:05:00Z`, text: 'Sin señal desde ayer, no anda nada. Una vergüenza', source: 'x' }),
  aPostInput({ createdAt: `${DAY1}T10:40:00Z`, text: 'Me cobraron de más en la factura, otra vez', source: 'x' }),
  aPostInput({ createdAt: `${DAY1}T11:15:00Z`, text: 'Excelente atención, me resolvieron todo rapidísimo. Gracias!', source: 'facebook' }),
  aPostInput({ createdAt: `${DAY2}T10:10:00Z`, text: 'No anda internet, corte total en Palermo', source: 'mastodon' }),
  aPostInput({ createdAt: `${DAY2}T10:20:00Z`, text: 'Service is down again, no signal since this morning', source: 'x', author: { id: 'heavy', handle: 'heavy', followers: 5000 } }),
  aPostInput({ createdAt: `${DAY2}T10:30:00Z`, text: 'Outage again?! no signal, terrible service', source: 'x', author: { id: 'heavy', handle: 'heavy', followers: 5000 } }),
  aPostInput({ createdAt: `${DAY2}T12:00:00Z`, text: 'Great coverage on the coast with Aurora Móvil, love the new plan', source: 'callcenter' }),
];
const range = (from: string, to: string) => `from=${from}T00:00:00Z&to=${to}T00:00:00Z`;

describe('history', () => {
  const server = new TestServer();

  beforeAll(async () => {
    await server.start();
    await server.login();
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    await server.waitForTotal(range('2026-03-01', '2026-03-05'), posts.length);
  });
  afterAll(() => server.stop());

  it('counts over time by interval and splits by sentiment', async () => {
    const { status, body } = await server.get<{ interval: string; buckets: Array<{ ts: string; total: number; values: Record<string, number> }> }>(
      `/api/v1/history/histogram?${range('2026-03-01', '2026-03-05')}&interval=day&split=sentiment`,
    );
    expect(status).toBe(200);
    expect(body.interval).toBe('day');
    const byDay = Object.fromEntries(body.buckets.filter((b) => b.total > 0).map((b) => [b.ts.slice(0, 10), b]));
    expect(byDay[DAY1].total).toBe(3);
    expect(byDay[DAY2].total).toBe(4);
    expect(byDay[DAY1].values.negative).toBe(2);
    expect(byDay[DAY1].values.positive).toBe(1);
    expect(byDay[DAY2].values.negative).toBe(3);
  });

  it('filters by source and splits hourly', async () => {
    const { body } = await server.get<{ buckets: Array<{ ts: string; total: number; values: Record<string, number> }> }>(
      `/api/v1/history/histogram?${range(DAY2, '2026-03-04')}&interval=hour&split=source&source=x,mastodon`,
    );
    const ten = body.buckets.find((b) => b.ts === `${DAY2}T10:00:00.000Z`)!;
    expect(ten.total).toBe(3);
    expect(ten.values).toEqual({ x: 2, mastodon: 1 });
    expect(body.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(3);
  });

  it('gives top topics, terms and authors', async () => {
    const topics = await server.get<{ items: Array<{ key: string; count: number }> }>(`/api/v1/history/breakdown?${range('2026-03-01', '2026-03-05')}&split=topic`);
    expect(topics.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'outage', count: 4 }), expect.objectContaining({ key: 'billing', count: 1 })]));
    const counts = topics.body.items.map((t) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const terms = await server.get<{ items: Array<{ key: string; count: number }> }>(`/api/v1/history/terms?${range('2026-03-01', '2026-03-05')}&limit=50`);
    const keys = terms.body.items.map((t) => t.key);
    // "Sin señal ..., no anda nada": what is missing or broken keeps its negation.
    expect(keys).toEqual(expect.arrayContaining(['sin señal', 'no anda']));
    expect(keys).not.toContain('anda');
    expect(keys).not.toContain('desde');
    expect(keys).not.toContain('the');
    // The brand's own name is in every post about it; it says nothing about what people talk about.
    for (const brand of ['aurora', 'móvil', 'movil']) expect(keys).not.toContain(brand);
    const authors = await server.get<{ items: Array<{ key: string; count: number; handle: string }> }>(`/api/v1/history/authors?${range('2026-03-01', '2026-03-05')}`);
    expect(authors.body.items[0]).toMatchObject({ key: 'heavy', count: 2, handle: 'heavy' });
  });

  it('says what posts said about each topic: net sentiment per topic', async () => {
    const { body } = await server.get<{
      items: Array<{ key: string; count: number; sentiment: { positive: number; neutral: number; negative: number; net: number } }>;
    }>(`/api/v1/history/breakdown?${range('2026-03-01', '2026-03-05')}&split=topic`);
    const byTopic = Object.fromEntries(body.items.map((item) => [item.key, item]));
    expect(byTopic.billing.sentiment).toEqual({ positive: 0, neutral: 0, negative: 1, net: -1 });
    // Three posts without signal, one praising the coverage on the coast.
    expect(byTopic.coverage.sentiment).toEqual({ positive: 1, neutral: 0, negative: 3, net: -0.5 });
    expect(byTopic.outage.sentiment.net).toBeLessThan(0);
  });

  it('compares with the previous period of equal length', async () => {
    const { body } = await server.get<{
      current: { total: number; from: string };
      previous: { total: number; from: string; to: string };
      delta: { total: { abs: number; pct: number | null }; values: Record<string, { abs: number; pct: number | null }> };
    }>(`/api/v1/history/compare?${range(DAY2, '2026-03-04')}&split=sentiment`);
    expect(body.current.total).toBe(4);
    expect(body.previous).toMatchObject({ total: 3, from: `${DAY1}T00:00:00.000Z`, to: `${DAY2}T00:00:00.000Z` });
    expect(body.delta.total).toEqual({ abs: 1, pct: 33.3 });
    expect(body.delta.values.negative).toEqual({ abs: 1, pct: 50 });
  });

  it('compares net sentiment per topic between the two periods', async () => {
    type Opinion = { positive: number; neutral: number; negative: number; net: number };
    const { body } = await server.get<{
      split: string;
      topicSentiment: { current: Record<string, Opinion>; previous: Record<string, Opinion>; netChange: Record<string, number | null> };
    }>(`/api/v1/history/compare?${range(DAY2, '2026-03-04')}&split=topic`);
    expect(body.split).toBe('topic');
    // Day 1: one post without signal. Day 2: two without signal, one praising the coverage on the coast.
    expect(body.topicSentiment.previous.coverage).toEqual({ positive: 0, neutral: 0, negative: 1, net: -1 });
    expect(body.topicSentiment.current.coverage).toEqual({ positive: 1, neutral: 0, negative: 2, net: -0.333 });
    expect(body.topicSentiment.netChange.coverage).toBe(0.667);
    // Billing was only spoken of on day 1: no change of opinion to give.
    expect(body.topicSentiment.previous.billing.net).toBe(-1);
    expect(body.topicSentiment.current.billing).toBeUndefined();
    expect(body.topicSentiment.netChange.billing).toBeNull();
    const bySentiment = await server.get<{ topicSentiment?: unknown }>(`/api/v1/history/compare?${range(DAY2, '2026-03-04')}&split=sentiment`);
    expect(bySentiment.body.topicSentiment).toBeUndefined();
  });

  it('compares any two ranges', async () => {
    const { body } = await server.get<{ current: { total: number }; previous: { total: number }; delta: { total: { abs: number } } }>(
      `/api/v1/history/compare?${range(DAY1, DAY2)}&compareFrom=2026-03-10T00:00:00Z&compareTo=2026-03-11T00:00:00Z`,
    );
    expect(body.current.total).toBe(3);
    expect(body.previous.total).toBe(0);
    expect(body.delta.total).toEqual({ abs: 3, pct: null });
  });

  it('searches text with filters and pages with a cursor, newest first', async () => {
    const first = await server.get<{ total: number; items: Array<{ id: string; createdAt: string; topics: string[]; sentiment: { label: string } }>; nextCursor?: string }>(
      `/api/v1/posts?${range('2026-03-01', '2026-03-05')}&limit=3`,
    );
    expect(first.body.total).toBe(7);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0].createdAt).toBe(`${DAY2}T12:00:00.000Z`);
    expect(first.body.nextCursor).toBeTruthy();
    const seen = first.body.items.map((p) => p.id);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await server.get<{ items: Array<{ id: string }>; nextCursor?: string }>(
        `/api/v1/posts?${range('2026-03-01', '2026-03-05')}&limit=3&cursor=${encodeURIComponent(cursor)}`,
      );
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    }
    expect(seen.sort()).toEqual(posts.map((p) => `${p.source}:${p.id}`).sort());

    const negativeOutage = await server.get<{ total: number }>(`/api/v1/posts?${range('2026-03-01', '2026-03-05')}&sentiment=negative&topic=outage`);
    expect(negativeOutage.body.total).toBeGreaterThanOrEqual(3);
    const text = await server.get<{ total: number; items: Array<{ text: string }> }>(`/api/v1/posts?${range('2026-03-01', '2026-03-05')}&q=SENAL`);
    expect(text.body.total).toBe(1);
    expect(text.body.items[0].text).toMatch(/señal/);
  });

  it('filters by the regions stored at ingest: named in the text first, else the author\'s location', async () => {
    const window = range('2026-03-01', '2026-03-05');
    const caba = await server.get<{ total: number; items: Array<{ text: string; regions: string[] }> }>(`/api/v1/posts?${window}&region=caba`);
    expect(caba.status).toBe(200);
    expect(caba.body.total).toBe(1);
    expect(caba.body.items[0]).toMatchObject({ text: 'No anda internet, corte total en Palermo', regions: ['caba'] });
    // The others name no place: those whose author lives in Buenos Aires are from there; the two by
    // an author without a location are from nowhere.
    const province = await server.get<{ total: number; items: Array<{ regions: string[]; author: { id: string } }> }>(`/api/v1/posts?${window}&region=buenos-aires,mendoza`);
    expect(province.body.total).toBe(posts.length - 3);
    expect(new Set(province.body.items.map((p) => p.regions.join()))).toEqual(new Set(['buenos-aires']));
    const heavy = await server.get<{ items: Array<{ regions: string[] }> }>(`/api/v1/posts?${window}&author=heavy`);
    expect(heavy.body.items.map((p) => p.regions)).toEqual([[], []]);
    const histogram = await server.get<{ buckets: Array<{ total: number }> }>(`/api/v1/history/histogram?${window}&interval=day&region=caba`);
    expect(histogram.body.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(1);
    expect((await server.get<{ total: number }>(`/api/v1/posts?${window}&region=mendoza`)).body.total).toBe(0);
  });

  it('answers bad queries with 400 naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/v1/history/histogram?interval=fortnight', /interval must be one of minute, hour, day, week/],
      ['/api/v1/history/histogram?split=mood', /split must be one of/],
      ['/api/v1/posts?from=yesterday', /from must be an ISO-8601 date-time/],
      ['/api/v1/posts?limit=5000', /limit must not be greater than 500/],
      ['/api/v1/posts?sentiment=angry', /sentiment must be among negative, neutral, positive/],
      ['/api/v1/posts?region=narnia', /region must be among caba, buenos-aires/],
      [`/api/v1/posts?from=${DAY2}T00:00:00Z&to=${DAY1}T00:00:00Z`, /from must be before to/],
      [`/api/v1/history/histogram?interval=minute&${range('2026-01-01', '2026-03-01')}`, /minute buckets is more than/],
      ['/api/v1/posts?bogus=1', /property bogus should not exist/],
    ];
    for (const [path, message] of cases) {
      const response = await server.get<{ message: string }>(path);
      expect(response.status, path).toBe(400);
      expect(response.body.message, path).toMatch(message);
    }
  });
});
