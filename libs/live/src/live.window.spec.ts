import { ManualClock, toPost, type Aspect, type SentimentLabel, type Source } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { toLiveBatch } from './live.mapper';
import { LiveWindow } from './live.window';

const NOW = new Date('2026-11-23T12:30:30Z');
let seq = 0;

function post(at: Date, label: SentimentLabel = 'neutral', topics: string[] = [], source: Source = 'x') {
  seq++;
  return toPost(
    { id: `p${seq}`, source, text: `post ${seq}`, createdAt: at.toISOString(), author: { id: 'a', handle: 'a' } },
    { lang: 'es', sentiment: { label, score: 0 }, topics, intents: [], entities: [] },
    NOW,
  );
}

const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);

describe('LiveWindow', () => {
  it('starts over from a reset, forgetting counts and posts the reset does not hold, as one change', () => {
    const window = new LiveWindow(new ManualClock(NOW));
    const demo = [post(minutesAgo(1), 'negative', ['outage']), post(minutesAgo(2), 'negative', ['outage'])];
    const real = post(minutesAgo(3), 'positive', ['billing'], 'facebook');
    window.apply(toLiveBatch([...demo, real]));
    const before = window.version;
    window.reset(toLiveBatch([real]));
    const snapshot = window.snapshot(60);
    expect(snapshot.total).toBe(1);
    expect(snapshot.bySentiment).toEqual({ negative: 0, neutral: 0, positive: 1 });
    expect(snapshot.byTopic).toEqual({ billing: 1 });
    expect(snapshot.latest.map((p) => p.id)).toEqual([real.id]);
    expect(window.version).toBeGreaterThan(before);
  });

  it('gives net sentiment per topic from the window’s aspects, leaving competitors’ topics out', () => {
    const window = new LiveWindow(new ManualClock(NOW));
    const withAspects = (at: Date, aspects: Aspect[]) => ({ ...post(at, 'neutral', aspects.filter((a) => !a.entity).map((a) => a.topic)), aspects });
    window.apply(
      toLiveBatch([
        withAspects(minutesAgo(1), [{ topic: 'billing', sentiment: 'negative' }, { topic: 'coverage', sentiment: 'positive' }]),
        withAspects(minutesAgo(2), [{ topic: 'billing', sentiment: 'negative' }]),
        withAspects(minutesAgo(3), [{ topic: 'billing', sentiment: 'positive' }, { topic: 'outage', sentiment: 'negative', entity: 'pampatel' }]),
        withAspects(minutesAgo(4), [{ topic: 'billing', sentiment: 'neutral' }]),
        withAspects(minutesAgo(50), [{ topic: 'coverage', sentiment: 'negative' }]),
      ]),
    );
    const last15 = window.snapshot(15);
    expect(last15.topicSentiment).toEqual({
      billing: { positive: 1, neutral: 1, negative: 2, net: -0.25 },
      coverage: { positive: 1, neutral: 0, negative: 0, net: 1 },
    });
    expect(window.snapshot(60).topicSentiment.coverage).toEqual({ positive: 1, neutral: 0, negative: 1, net: 0 });
    expect(last15.latest.flatMap((p) => p.aspects ?? [])).toContainEqual({ topic: 'outage', sentiment: 'negative', entity: 'pampatel' });
  });

  it('counts a batch into its minutes and sums the requested window only', () => {
    const window = new LiveWindow(new ManualClock(NOW));
    window.apply(
      toLiveBatch([
        post(minutesAgo(0), 'negative', ['outage']),
        post(minutesAgo(5), 'positive', ['plans', 'price'], 'mastodon'),
        post(minutesAgo(30), 'negative', ['outage']),
        post(minutesAgo(120), 'neutral'),
      ]),
    );
    const last15 = window.snapshot(15);
    expect(last15.total).toBe(2);
    expect(last15.bySentiment).toEqual({ negative: 1, neutral: 0, positive: 1 });
    expect(last15.byTopic).toEqual({ outage: 1, plans: 1, price: 1 });
    expect(last15.bySource).toEqual({ x: 1, mastodon: 1 });
    expect(last15.series).toHaveLength(15);
    expect(last15.series.at(-1)).toMatchObject({ ts: '2026-11-23T12:30:00.000Z', total: 1, negative: 1 });
    expect(window.snapshot(60).total).toBe(3);
    expect(window.snapshot(1440).total).toBe(4);
  });

  it('slides as the clock moves, without new posts', () => {
    const clock = new ManualClock(NOW);
    const window = new LiveWindow(clock);
    window.apply(toLiveBatch([post(minutesAgo(10))]));
    expect(window.snapshot(15).total).toBe(1);
    clock.advance(6 * 60_000);
    expect(window.snapshot(15).total).toBe(0);
    expect(window.snapshot(60).total).toBe(1);
  });

  it('drops what is older than 24 hours and bumps the version only on change', () => {
    const window = new LiveWindow(new ManualClock(NOW));
    const before = window.version;
    window.apply(toLiveBatch([post(minutesAgo(1441))]));
    expect(window.version).toBe(before);
    expect(window.snapshot(1440).total).toBe(0);
    window.apply(toLiveBatch([post(minutesAgo(1439))]));
    expect(window.version).toBe(before + 1);
    expect(window.snapshot(1440).total).toBe(1);
  });

  it('keeps the newest posts first, without duplicates, within the window', () => {
    const window = new LiveWindow(new ManualClock(NOW), 3);
    const old = post(minutesAgo(40));
    const recent = [post(minutesAgo(3)), post(minutesAgo(1)), post(minutesAgo(2))];
    window.apply(toLiveBatch([old, ...recent]));
    window.apply(toLiveBatch([recent[1]]));
    const ids = window.snapshot(15).latest.map((p) => p.id);
    expect(ids).toEqual([recent[1].id, recent[2].id, recent[0].id]);
    expect(window.snapshot(60).latest).toHaveLength(3);
  });
});
