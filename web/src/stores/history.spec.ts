import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../test-support/fakeApi';
import { spanMs } from '../lib/time';
import { useHistoryStore } from './history';

const EMPTY_COMPARISON = {
  current: { from: '', to: '', total: 0, values: {} },
  previous: { from: '', to: '', total: 0, values: {} },
  delta: { total: { abs: 0, pct: null }, values: {} },
};

const BODIES = {
  '/api/v1/history/histogram': { interval: 'hour', buckets: [{ ts: '2026-01-01T00:00:00.000Z', total: 3, values: { negative: 3 } }] },
  '/api/v1/history/breakdown': { items: [{ key: 'billing', count: 3 }] },
  '/api/v1/history/terms': { items: [] },
  '/api/v1/history/authors': { items: [] },
  '/api/v1/history/compare': EMPTY_COMPARISON,
  '/api/v1/posts': { items: [], total: 0 },
};

describe('history store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = fakeApi(BODIES);
  });
  afterEach(() => api.restore());

  it('gives each preset an interval with a readable number of bars', () => {
    const history = useHistoryStore();
    history.setPreset('last7d');
    expect(history.interval).toBe('hour');
    history.setPreset('last30d');
    expect(history.interval).toBe('day');
    expect(spanMs(history.resolveRange())).toBe(30 * 86_400_000);
  });

  it('asks every section for the same filters, the text included', async () => {
    const history = useHistoryStore();
    history.setSelection('topic', ['billing']);
    history.setSelection('sentiment', ['negative']);
    history.q = 'factura';
    await history.load();

    const overview = api.calls.filter((call) => call.path.startsWith('/api/v1/history/'));
    expect(overview.map((call) => call.path).sort()).toEqual([
      '/api/v1/history/authors',
      '/api/v1/history/breakdown',
      '/api/v1/history/compare',
      '/api/v1/history/histogram',
      '/api/v1/history/terms',
    ]);
    for (const call of overview) {
      expect(call.query.get('topic')).toBe('billing');
      expect(call.query.get('sentiment')).toBe('negative');
      expect(call.query.get('q')).toBe('factura');
      expect(call.query.get('from')).toBe(history.range.from);
    }
    expect(history.histogram?.buckets[0]?.total).toBe(3);
    expect(history.topTopics.map((item) => item.key)).toEqual(['billing']);
  });

  it('asks every section, and the drill-down, for the chosen regions, and leaves region out when none is chosen', async () => {
    const history = useHistoryStore();
    await history.load();
    expect(api.calls.filter((call) => call.path.startsWith('/api/v1/history/')).some((call) => call.query.has('region'))).toBe(false);

    history.setSelection('region', ['caba', 'cordoba']);
    const before = api.calls.length;
    await history.load();
    const overview = api.calls.slice(before).filter((call) => call.path.startsWith('/api/v1/history/'));
    expect(overview).toHaveLength(5);
    for (const call of overview) expect(call.query.get('region')).toBe('caba,cordoba');

    // A clicked region replaces the chosen ones, as any other dimension's key does.
    history.openDrill({ dimension: 'region', key: 'mendoza' });
    await expect.poll(() => history.drill.loading).toBe(false);
    expect(api.calls.filter((call) => call.path === '/api/v1/posts').at(-1)?.query.get('region')).toBe('mendoza');
  });

  it('compares with a chosen period only when asked to', async () => {
    const history = useHistoryStore();
    await history.load();
    expect(api.calls.find((call) => call.path.endsWith('/compare'))?.query.has('compareFrom')).toBe(false);

    history.compareMode = 'custom';
    history.compareRange = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' };
    await history.loadComparison();
    const last = api.calls.filter((call) => call.path.endsWith('/compare')).at(-1);
    expect(last?.query.get('compareFrom')).toBe('2026-01-01T00:00:00.000Z');
    expect(last?.query.get('compareTo')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('drills into a clicked key in place of that dimension\'s filter, keeping the others', async () => {
    const history = useHistoryStore();
    history.setSelection('topic', ['billing']);
    history.setSelection('lang', ['es']);
    await history.load();
    history.openDrill({ dimension: 'topic', key: 'coverage' });
    await expect.poll(() => history.drill.loading).toBe(false);

    const posts = api.calls.filter((call) => call.path === '/api/v1/posts').at(-1);
    expect(posts?.query.get('topic')).toBe('coverage');
    expect(posts?.query.get('lang')).toBe('es');
    expect(history.drill.open).toBe(true);
  });
});
