import { beforeAll, describe, expect, it } from 'vitest';
import { AlertEngine, type AlertPost } from '@escucha/alerts';
import { DAY0, ENGINE_OPTIONS, MINUTE, analyse, burstPosts, byMinute, defaultRules, quietGenerator, run } from '../support/telecom-day';

const HISTORY_DAYS = 2;
const DAY = 1440;
const TEST_DAY = DAY0 + HISTORY_DAYS * DAY * MINUTE;
/** 11:00 local on the test day (UTC-3): a busy hour, when an outage is noticed at once. */
const BURST_START = TEST_DAY + 11 * 60 * MINUTE;

let ordinary: AlertPost[];

beforeAll(() => {
  const generator = quietGenerator();
  ordinary = analyse(generator.generate(new Date(DAY0), new Date(TEST_DAY + DAY * MINUTE)));
});

function engineOver(extra: readonly AlertPost[]) {
  const engine = new AlertEngine(ENGINE_OPTIONS);
  engine.setRules(defaultRules());
  const buckets = byMinute([...ordinary, ...extra], DAY0, (HISTORY_DAYS + 1) * DAY);
  return run(engine, buckets, DAY0, TEST_DAY);
}

describe('telecom alerts on demo-like days', () => {
  it('an outage burst at 5× the expected rate in one region opens the outage alert within two intervals, naming the region', () => {
    const burst = analyse(burstPosts(quietGenerator(), { start: BURST_START, minutes: 30, factor: 5, places: ['Córdoba', 'Nueva Córdoba', 'Río Cuarto', 'Villa Carlos Paz'] }));
    const events = engineOver(burst);
    const opened = events.filter((e) => e.kind === 'opened' && e.alert.ruleId === 'outage');
    expect(opened.length).toBe(1);
    const [first] = opened;
    expect(first.minute).toBeGreaterThanOrEqual(BURST_START);
    expect(first.minute).toBeLessThan(BURST_START + 2 * MINUTE);
    const last = events.filter((e) => e.alert.id === first.alert.id).at(-1)!;
    expect(last.alert.regions[0]?.region).toBe('cordoba');
    expect(first.alert.postIds.length).toBeGreaterThan(0);
    expect(first.alert.postIds.some((id) => id.startsWith('x:burst-'))).toBe(true);
    // The same burst is one alert, kept open while it lasts and resolved once it is over.
    expect(events.some((e) => e.kind === 'resolved' && e.alert.id === first.alert.id && e.minute > BURST_START + 30 * MINUTE)).toBe(true);
  });

  it('an ordinary day raises none', () => {
    const events = engineOver([]);
    expect(events.filter((e) => e.kind === 'opened').map((e) => `${e.alert.ruleId}/${e.alert.scopeKey}@${new Date(e.minute).toISOString()}`)).toEqual([]);
  });

  it("a competitor's outage, mentioned while praising us, raises none on our brand", () => {
    const rival = analyse(burstPosts(quietGenerator(), { start: BURST_START, minutes: 60, factor: 8, places: ['Rosario', 'Funes', 'Santa Fe'], rival: true }));
    const events = engineOver(rival);
    expect(events.filter((e) => e.kind === 'opened').map((e) => `${e.alert.ruleId}/${e.alert.scopeKey}`)).toEqual([]);
  });
});
