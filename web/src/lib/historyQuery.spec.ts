import { describe, expect, it } from 'vitest';
import type { LocationQuery } from 'vue-router';
import { readHistoryQuery, writeDrillQuery, writeHistoryQuery } from './historyQuery';

function asQuery(raw: ReturnType<typeof writeHistoryQuery>): LocationQuery {
  return raw as LocationQuery;
}

describe('history links', () => {
  const view = {
    preset: 'custom' as const,
    customRange: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' },
    interval: 'day' as const,
    split: 'topic' as const,
    selections: { sentiment: ['negative'], topic: ['billing'], source: [], intent: [], lang: [], region: ['caba', 'cordoba'], entity: [], excludeEntity: ['pampatel', 'vertice'] },
    q: ' factura ',
    compareMode: 'custom' as const,
    compareRange: { from: '2025-12-25T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
  };

  it('carry the whole view, the comparison included, and read back to the same view', () => {
    const query = writeHistoryQuery(view);
    expect(query).toMatchObject({ compareFrom: view.compareRange.from, compareTo: view.compareRange.to, q: 'factura' });
    const state = readHistoryQuery(asQuery(query));
    expect(state.preset).toBe('custom');
    expect(state.custom).toEqual(view.customRange);
    expect(state.interval).toBe('day');
    expect(state.split).toBe('topic');
    expect(query).toMatchObject({ region: 'caba,cordoba', excludeEntity: 'pampatel,vertice' });
    expect(state.selections).toEqual({ sentiment: ['negative'], topic: ['billing'], region: ['caba', 'cordoba'], excludeEntity: ['pampatel', 'vertice'] });
    expect(state.q).toBe('factura');
    expect(state.compare).toEqual({ mode: 'custom', range: view.compareRange });
  });

  it('leave the comparison out when it is the period before, and read that back as such', () => {
    const query = writeHistoryQuery({ ...view, compareMode: 'previous' });
    expect(query).not.toHaveProperty('compareFrom');
    expect(readHistoryQuery(asQuery(query)).compare).toEqual({ mode: 'previous', range: null });
  });

  it('ignore what a hand-edited link gets wrong', () => {
    const state = readHistoryQuery({ preset: 'yesterday', interval: 'fortnight', compareFrom: '2026-01-02', compareTo: '2026-01-01', topic: ' , ' });
    expect(state.preset).toBeUndefined();
    expect(state.interval).toBeUndefined();
    expect(state.compare).toEqual({ mode: 'previous', range: null });
    expect(state.selections).toEqual({});
  });
});

describe('drill-down in the URL', () => {
  it('an open drill-down reads back as the request that opened it', () => {
    const request = { dimension: 'topic' as const, key: 'billing:late', author: 'x:42', from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z', q: 'factura' };
    const state = readHistoryQuery(writeDrillQuery(request) as LocationQuery);
    expect(state.drill).toBe(true);
    // Only the first colon separates: a key may hold colons of its own.
    expect(state.drillRequest).toEqual(request);
  });

  it('ignores an unknown dimension or a broken range, and a link from Live opens with no request of its own', () => {
    const state = readHistoryQuery({ drill: '1', drillKey: 'colour:red', drillFrom: 'yesterday', drillTo: 'today' });
    expect(state.drill).toBe(true);
    expect(state.drillRequest).toBeUndefined();
    expect(readHistoryQuery({ drill: 'topic', topic: 'outage' }).drillRequest).toBeUndefined();
  });
});
