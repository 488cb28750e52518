import { INTERNAL_SOURCES, type PostInput } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { DemoGenerator, type DemoPost, SlotFiller } from './demo.generator';
import { CATEGORIES, type Lang, type Style } from './demo.phrases';
import { Rng } from './demo.random';
import { PLACES } from './demo.world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday 00:00 local time (UTC-3). */
const MONDAY = new Date('2026-03-02T03:00:00Z');
const OUTAGE_WORDS = /señal|caíd|cayó|no anda|sin servicio|falta de servicio|corte|sin internet|signal|down|outage|no service/i;

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const isInternal = (p: PostInput) => (INTERNAL_SOURCES as readonly string[]).includes(p.source);
/** Local (UTC-3) hour of a post. */
const localHour = (p: PostInput) => (new Date(p.createdAt).getUTCHours() + 21) % 24;

// Generated once: several tests look at the same simulated days.
const quiet = new DemoGenerator({ seed: 11, outageEveryHours: 0 });
const quietDays = quiet.generateWithTruth(MONDAY, at(MONDAY, 3 * DAY));
const stormy = new DemoGenerator({ seed: 12 });
const stormyDays = stormy.generateWithTruth(MONDAY, at(MONDAY, 2 * DAY));

function share(posts: readonly DemoPost[], test: (p: DemoPost) => boolean): number {
  return posts.filter(test).length / posts.length;
}

describe('DemoGenerator', () => {
  it('yields the same posts, ids included, for the same seed and range', () => {
    const from = at(MONDAY, 10 * HOUR);
    const a = new DemoGenerator({ seed: 5 }).generate(from, at(from, 2 * HOUR));
    const b = new DemoGenerator({ seed: 5 }).generate(from, at(from, 2 * HOUR));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    const other = new DemoGenerator({ seed: 6 }).generate(from, at(from, 2 * HOUR));
    expect(other.map((p) => p.text)).not.toEqual(a.map((p) => p.text));
  });

  it('splitting a range anywhere yields the same posts as generating it whole', () => {
    const g = new DemoGenerator({ seed: 5 });
    const a = at(MONDAY, 11 * HOUR + 17_345);
    const c = at(a, 3 * HOUR);
    const whole = g.generate(a, c);
    for (const b of [at(MONDAY, 12 * HOUR), at(MONDAY, 12 * HOUR + 60_000 * 37), at(a, 5_432_101)]) {
      expect([...g.generate(a, b), ...g.generate(b, c)]).toEqual(whole);
    }
    // Minute by minute, as the live connector asks for it.
    const pieces: PostInput[] = [];
    for (let t = a.getTime(); t < c.getTime(); t += 60_000) pieces.push(...g.generate(new Date(t), new Date(Math.min(t + 60_000, c.getTime()))));
    expect(pieces).toEqual(whole);
  });

  it('returns posts inside [from, to), sorted by createdAt, with ISO dates', () => {
    const from = at(MONDAY, 20 * HOUR + 1234);
    const to = at(from, HOUR);
    const posts = quiet.generate(from, to);
    expect(posts.length).toBeGreaterThan(500);
    for (let i = 0; i < posts.length; i++) {
      const t = Date.parse(posts[i].createdAt);
      expect(new Date(t).toISOString()).toBe(posts[i].createdAt);
      expect(t).toBeGreaterThanOrEqual(from.getTime());
      expect(t).toBeLessThan(to.getTime());
      if (i > 0) expect(t).toBeGreaterThanOrEqual(Date.parse(posts[i - 1].createdAt));
    }
    expect(quiet.generate(to, from)).toEqual([]);
  });

  it('gives every post a unique id carrying the seed, and keeps a realistic weekly volume', () => {
    const week = new DemoGenerator({ seed: 20261123 }).generate(MONDAY, at(MONDAY, 7 * DAY));
    expect(week.length).toBeGreaterThan(100_000);
    expect(week.length).toBeLessThan(200_000);
    const ids = new Set(week.map((p) => `${p.source}:${p.id}`));
    expect(ids.size).toBe(week.length);
    expect(week.every((p) => p.id.startsWith('demo-20261123-'))).toBe(true);
  });

  it('follows a daily rhythm: the small hours are far quieter than late morning and evening', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const p of quietDays) perHour[localHour(p.post)]++;
    const night = perHour[3] + perHour[4];
    const morning = perHour[11] + perHour[12];
    const evening = perHour[21] + perHour[22];
    expect(night).toBeLessThan(morning * 0.15);
    expect(night).toBeLessThan(evening * 0.15);
    expect(quiet.activityAt(at(MONDAY, 4 * HOUR))).toBeLessThan(0.1);
    expect(quiet.activityAt(at(MONDAY, 11 * HOUR))).toBe(1);
  });

  it('mixes languages, sentiments and sources in the intended proportions', () => {
    expect(share(quietDays, (p) => p.truth.lang === 'es')).toBeGreaterThan(0.66);
    expect(share(quietDays, (p) => p.truth.lang === 'es')).toBeLessThan(0.74);
    expect(share(quietDays, (p) => p.truth.sentiment === 'negative')).toBeCloseTo(0.45, 1);
    expect(share(quietDays, (p) => p.truth.sentiment === 'neutral')).toBeCloseTo(0.3, 1);
    expect(share(quietDays, (p) => p.truth.sentiment === 'positive')).toBeCloseTo(0.25, 1);
    const internal = share(quietDays, (p) => isInternal(p.post));
    expect(internal).toBeGreaterThan(0.15);
    expect(internal).toBeLessThan(0.4);
    const sources = new Set(quietDays.map((p) => p.post.source));
    expect([...sources].sort()).toEqual(['assistant', 'bluesky', 'callcenter', 'email', 'facebook', 'forum', 'mastodon', 'x']);
    const topics = new Set(quietDays.flatMap((p) => p.truth.topics));
    expect([...topics].sort()).toEqual(['billing', 'coverage', 'customer_service', 'outage', 'plans', 'price', 'switching']);
  });

  it('writes Rioplatense Spanish and mentions the brand and its rivals', () => {
    const spanish = quietDays.filter((p) => p.truth.lang === 'es').map((p) => p.post.text).join('\n');
    for (const phrase of ['tenés', 'andá', 're caro', 'no anda nada', 'posta', 'una vergüenza', 'me cobraron de más', 'sin señal desde ayer', 'me paso a']) {
      expect(spanish.toLowerCase()).toContain(phrase);
    }
    const all = quietDays.map((p) => p.post.text).join('\n');
    for (const name of ['@AuroraMovil', 'Aurora Móvil', 'Pampa Tel', 'Vértice', 'Ñandú Net', '¿cuándo llega la fibra']) expect(all).toContain(name);
  });

  it('varies the wording so texts rarely repeat verbatim', () => {
    const sample = quietDays.slice(0, 3000).map((p) => p.post.text);
    expect(new Set(sample).size / sample.length).toBeGreaterThan(0.75);
    expect(quietDays.some((p) => /[{}]/.test(p.post.text))).toBe(false);
  });

  it('fills every template of the phrasebook without leaving a slot behind', () => {
    const rng = new Rng(1);
    for (const category of CATEGORIES) {
      for (const lang of ['es', 'en'] as Lang[]) {
        for (const [style, templates] of Object.entries(category.templates[lang]) as [Style, string[]][]) {
          for (const template of templates) {
            const text = new SlotFiller(rng, lang, style, PLACES[0]).fill(template);
            expect(text, `${category.id}/${lang}/${style}: ${template}`).not.toMatch(/[{}]/);
          }
        }
      }
      expect(category.templates.es.social?.length, category.id).toBeGreaterThan(0);
      expect(category.templates.en.social?.length, category.id).toBeGreaterThan(0);
    }
  });

  it('gives social posts a url, metrics and a stable author with long-tailed followers', () => {
    const social = quietDays.filter((p) => !isInternal(p.post)).map((p) => p.post);
    expect(social.every((p) => p.url?.startsWith('https://') && p.metrics !== undefined)).toBe(true);
    expect(quietDays.filter((p) => p.post.source === 'callcenter').every((p) => p.post.url === undefined)).toBe(true);

    const seen = new Map<string, PostInput['author']>();
    for (const p of social) {
      const before = seen.get(p.author.id);
      if (before) expect(p.author).toEqual(before);
      seen.set(p.author.id, p.author);
    }
    const followers = [...seen.values()].map((a) => a.followers ?? 0).sort((a, b) => a - b);
    expect(followers[Math.floor(followers.length / 2)]).toBeLessThan(100);
    expect(followers[followers.length - 1]).toBeGreaterThan(10_000);
    const likes = social.map((p) => p.metrics?.likes ?? 0).sort((a, b) => a - b);
    expect(likes[Math.floor(likes.length / 2)]).toBeLessThan(5);
    expect(likes[likes.length - 1]).toBeGreaterThan(100);
  });

  it('has a few heavy posters among a few thousand authors', () => {
    const day = quietDays.filter((p) => Date.parse(p.post.createdAt) < MONDAY.getTime() + DAY);
    const perAuthor = new Map<string, number>();
    for (const p of day) perAuthor.set(p.post.author.id, (perAuthor.get(p.post.author.id) ?? 0) + 1);
    const counts = [...perAuthor.values()].sort((a, b) => b - a);
    expect(quiet.people.length).toBe(4000);
    expect(counts[0]).toBeGreaterThan(10 * counts[Math.floor(counts.length / 2)]);
    expect(counts[0]).toBeLessThan(200);
  });

  describe('outages', () => {
    const outages = stormy.outages(MONDAY, at(MONDAY, 2 * DAY));

    it('happen every few hours, one region at a time, for 20 to 60 minutes', () => {
      expect(outages.length).toBeGreaterThanOrEqual(5);
      expect(outages.length).toBeLessThanOrEqual(7);
      for (const o of outages) {
        const minutes = (o.end.getTime() - o.start.getTime()) / 60_000;
        expect(minutes).toBeGreaterThanOrEqual(20);
        expect(minutes).toBeLessThanOrEqual(60);
        expect(o.multiplier).toBeGreaterThanOrEqual(5);
        expect(o.multiplier).toBeLessThanOrEqual(15);
      }
      expect(new DemoGenerator({ seed: 12, outageEveryHours: 0 }).outages(MONDAY, at(MONDAY, 2 * DAY))).toEqual([]);
    });

    it('multiply outage complaints over the ordinary traffic of the same minutes, in one region', () => {
      for (const o of outages) {
        const during = stormyDays.filter((p) => {
          const t = Date.parse(p.post.createdAt);
          return t >= o.start.getTime() && t < o.end.getTime();
        });
        const minutes = (o.end.getTime() - o.start.getTime()) / 60_000;
        const rate = (posts: DemoPost[], test: (p: DemoPost) => boolean, span: number) => posts.filter(test).length / span;
        const complaint = (p: DemoPost) => p.truth.topics.includes('outage');
        const worded = (p: DemoPost) => OUTAGE_WORDS.test(p.post.text);
        // The ordinary traffic of the same minutes is the baseline the burst multiplies (x5 to x15).
        const ordinary = during.filter((p) => p.truth.outageId === undefined);
        expect(rate(during, complaint, minutes), o.id).toBeGreaterThan(3.5 * rate(ordinary, complaint, minutes));
        // Plain keywords also catch coverage gripes ("no hay señal"), so the lift is smaller but plain.
        expect(rate(during, worded, minutes), o.id).toBeGreaterThan(2 * rate(ordinary, worded, minutes));
        const burst = during.filter((p) => p.truth.outageId === o.id);
        expect(burst.every((p) => p.truth.region === o.region && p.truth.topics.includes('outage'))).toBe(true);
        expect(burst.filter((p) => p.truth.category === 'outage').every((p) => OUTAGE_WORDS.test(p.post.text))).toBe(true);
      }
    });

    it('show on social first; the call centre follows minutes later', () => {
      for (const o of outages) {
        const burst = stormyDays.filter((p) => p.truth.outageId === o.id);
        // Onset, not median: the plateau is flat, so medians are noisy; the first tenth is not.
        const onset = (posts: DemoPost[]) => {
          const times = posts.map((p) => Date.parse(p.post.createdAt)).sort((a, b) => a - b);
          return times[Math.floor(times.length / 10)];
        };
        const social = burst.filter((p) => !isInternal(p.post));
        const internal = burst.filter((p) => isInternal(p.post));
        expect(internal.length).toBeGreaterThan(0);
        expect(Date.parse(internal[0].post.createdAt) - o.start.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
        expect(onset(internal) - onset(social), o.id).toBeGreaterThan(4 * 60_000);
        expect(internal.filter((p) => p.post.source === 'callcenter').length).toBeGreaterThan(internal.length / 3);
      }
    });
  });

  it('refuses settings that cannot work, with a message naming them', () => {
    expect(() => new DemoGenerator({ ratePerMinute: -1 })).toThrow(/ratePerMinute/);
    expect(() => new DemoGenerator({ outageEveryHours: 1 })).toThrow(/outageEveryHours/);
    expect(() => new DemoGenerator({ seed: 1.5 })).toThrow(/seed/);
  });

  it('places an outage where it is told, on top of the regular ones, the same way every time', () => {
    const start = at(MONDAY, 30 * HOUR);
    const plain = new DemoGenerator({ seed: 21, outageEveryHours: 0 });
    const placed = new DemoGenerator({ seed: 21, outageEveryHours: 0 });
    const outage = placed.addOutage(start);
    expect(outage).toMatchObject({ start, end: at(start, 30 * 60_000), multiplier: 10 });
    expect(placed.outages(at(start, -HOUR), at(start, HOUR)).map((o) => o.id)).toEqual([outage.id]);
    expect(plain.outages(at(start, -HOUR), at(start, HOUR))).toEqual([]);

    const window = (g: DemoGenerator) => g.generateWithTruth(start, at(start, 30 * 60_000));
    const burst = window(placed).filter((p) => p.truth.outageId === outage.id);
    // Ten times the usual complaints: far more posts in the window, and about the outage's region.
    expect(burst.length).toBeGreaterThan(window(plain).length);
    expect(burst.every((p) => p.truth.region === outage.region)).toBe(true);
    // Before it, nothing changes; and the same placement gives the same posts.
    expect(placed.generate(at(start, -HOUR), start)).toEqual(plain.generate(at(start, -HOUR), start));
    const again = new DemoGenerator({ seed: 21, outageEveryHours: 0 });
    again.addOutage(start);
    expect(window(again)).toEqual(window(placed));
  });
});
