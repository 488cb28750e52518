import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@escucha/core';
import { AlertEngine, severityOf } from './alert.engine';
import type { AlertPost } from './alert.scope';
import { MINUTE, START, poisson, seeded } from './series.builders';

const rule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
  id: 'outage',
  name: 'Outage',
  enabled: true,
  scope: { intents: ['outage'] },
  sensitivity: 'high',
  minCount: 5,
  channels: { banner: true },
  maxPerHour: 6,
  digestMinutes: 0,
  createdAt: new Date(START),
  updatedAt: new Date(START),
  ...overrides,
});

let ids = 0;
const aPost = (at: number, region = 'caba', intents = ['outage']): AlertPost => ({
  id: `x:${++ids}`,
  createdAt: at,
  source: 'x',
  sentiment: 'negative',
  topics: [],
  intents,
  entities: [],
  regions: [region],
});

const OPTIONS = { intervalMs: MINUTE, warmupIntervals: 120, resolveAfterIntervals: 3, cooldownMs: 30 * MINUTE, utcOffsetMinutes: 0 };

/** `minutes` of about 2 outage posts a minute from CABA, then whatever `extra` adds per minute index. */
function feed(engine: AlertEngine, minutes: number, extra: (i: number, at: number) => AlertPost[] = () => []) {
  const random = seeded(3);
  const events = [];
  for (let i = 0; i < minutes; i++) {
    const at = START + i * MINUTE;
    const posts = Array.from({ length: poisson(2, random) }, () => aPost(at));
    for (const e of engine.step(at, [...posts, ...extra(i, at)])) events.push({ ...e, i });
  }
  return events;
}

describe('AlertEngine', () => {
  it('opens one alert per burst, updates it while it lasts, resolves it after ordinary intervals, then keeps a cooldown', () => {
    const engine = new AlertEngine(OPTIONS);
    engine.setRules([rule()]);
    const burst = (from: number, to: number) => (i: number, at: number) => (i >= from && i < to ? Array.from({ length: 20 }, () => aPost(at, 'cordoba')) : []);
    // A second burst inside the cooldown after the first resolves opens nothing.
    const events = feed(engine, 400, (i, at) => [...burst(300, 310)(i, at), ...burst(325, 330)(i, at)]);
    const opened = events.filter((e) => e.kind === 'opened');
    expect(opened.map((e) => e.i)).toEqual([300]);
    expect(opened[0].alert).toMatchObject({ ruleId: 'outage', scopeKey: 'all', state: 'open', severity: 'high' });
    expect(opened[0].alert.postIds.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'updated').every((e) => e.alert.id === opened[0].alert.id)).toBe(true);
    const resolved = events.find((e) => e.kind === 'resolved')!;
    expect(resolved.i).toBeGreaterThanOrEqual(310 + 2);
    expect(resolved.alert).toMatchObject({ id: opened[0].alert.id, state: 'resolved', resolvedBy: 'system' });
    expect(resolved.alert.regions[0].region).toBe('cordoba');
  });

  it('says nothing during warm-up', () => {
    const engine = new AlertEngine(OPTIONS);
    engine.setRules([rule()]);
    const events = feed(engine, 110, (i, at) => (i >= 100 ? Array.from({ length: 30 }, () => aPost(at)) : []));
    expect(events).toEqual([]);
  });

  it('judges each value of a split on its own baseline: a busy region at its usual level does not alert, a quiet one that jumps does', () => {
    const engine = new AlertEngine(OPTIONS);
    engine.setRules([rule({ id: 'regions', scope: {}, splitBy: 'region', minCount: 5 })]);
    const random = seeded(9);
    const events = feed(engine, 300, (i, at) => [
      ...Array.from({ length: poisson(15, random) }, () => aPost(at, 'caba', [])),
      ...Array.from({ length: i >= 250 && i < 255 ? 12 : poisson(0.5, random) }, () => aPost(at, 'mendoza', [])),
    ]);
    expect(events.filter((e) => e.kind === 'opened').map((e) => e.alert.scopeKey)).toEqual(['region=mendoza']);
  });

  it('forgets an alert someone resolved through the API, and starts its cooldown', () => {
    const engine = new AlertEngine(OPTIONS);
    engine.setRules([rule()]);
    const events = feed(engine, 160, (i, at) => (i >= 150 ? Array.from({ length: 20 }, () => aPost(at)) : []));
    expect(events.filter((e) => e.kind === 'opened')).toHaveLength(1);
    expect(engine.openAlerts()).toHaveLength(1);
    engine.syncOpen([], START + 160 * MINUTE);
    expect(engine.openAlerts()).toEqual([]);
    // Still bursting, but a person closed it: nothing reopens within the cooldown.
    const at = START + 161 * MINUTE;
    expect(engine.step(at, Array.from({ length: 25 }, () => aPost(at)))).toEqual([]);
  });

  it('a changed scope starts learning afresh; a disabled rule is not judged', () => {
    const engine = new AlertEngine(OPTIONS);
    engine.setRules([rule()]);
    feed(engine, 150);
    engine.setRules([rule({ scope: { intents: ['churn'] } })]);
    expect(engine.step(START + 150 * MINUTE, Array.from({ length: 40 }, () => aPost(START + 150 * MINUTE, 'caba', ['churn'])))).toEqual([]);
    engine.setRules([rule({ enabled: false })]);
    expect(engine.step(START + 151 * MINUTE, Array.from({ length: 40 }, () => aPost(START + 151 * MINUTE)))).toEqual([]);
  });

  it('grades severity by how far above expected', () => {
    expect(severityOf(5, 2)).toBe('low');
    expect(severityOf(10, 2)).toBe('medium');
    expect(severityOf(30, 2)).toBe('high');
    expect(severityOf(4, 0)).toBe('medium');
  });
});
