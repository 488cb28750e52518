import { describe, expect, it } from 'vitest';
import type { AlertRuleView, AlertView } from '../api/types';
import { alertHistoryQuery } from './alerts';
import { readHistoryQuery } from './historyQuery';

const NOW = new Date('2026-11-30T20:00:00.000Z');

const anAlert = (overrides: Partial<AlertView> = {}): AlertView => ({
  id: 'a1',
  ruleId: 'outage-cba',
  ruleName: 'Outage',
  scopeKey: 'all',
  state: 'open',
  severity: 'high',
  observed: 24,
  expected: 2,
  peak: 24,
  persistence: 2,
  minCount: 5,
  openedAt: '2026-11-30T19:40:00.000Z',
  lastSeenAt: '2026-11-30T19:41:00.000Z',
  regions: [{ region: 'cordoba', count: 20 }],
  postIds: [],
  timeline: [],
  ...overrides,
});

const aRule = (scope: AlertRuleView['scope'], splitBy?: AlertRuleView['splitBy']): AlertRuleView => ({
  id: 'outage-cba',
  name: 'Outage',
  enabled: true,
  scope,
  sensitivity: 'high',
  minCount: 5,
  channels: { banner: true },
  maxPerHour: 6,
  digestMinutes: 0,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  ...(splitBy ? { splitBy } : {}),
});

/** As History reads the link: what a user lands on. */
const landing = (alert: AlertView, rule?: AlertRuleView) =>
  readHistoryQuery(Object.fromEntries(Object.entries(alertHistoryQuery(alert, rule, NOW)).map(([k, v]) => [k, String(v)])));

describe('alertHistoryQuery', () => {
  it('opens History on the hour before an open alert up to now, filtered by its rule, with the post list on the alert\'s span', () => {
    const state = landing(anAlert(), aRule({ intents: ['outage'], regions: ['cordoba', 'caba'], excludeEntities: ['vertice', 'pampatel'] }));
    expect(state.custom).toEqual({ from: '2026-11-30T18:40:00.000Z', to: NOW.toISOString() });
    expect(state.interval).toBe('minute');
    // The competitors the rule leaves out are left out of the posts too, so the list is what the alert counted.
    expect(state.selections).toEqual({ intent: ['outage'], region: ['cordoba', 'caba'], excludeEntity: ['vertice', 'pampatel'] });
    expect(state.drill).toBe(true);
    expect(state.drillRequest).toEqual({ from: '2026-11-30T19:40:00.000Z', to: NOW.toISOString() });
  });

  it('narrows to the split\'s value, and ends a resolved alert a quarter of an hour after it was resolved', () => {
    const alert = anAlert({ scopeKey: 'topic=billing', state: 'resolved', openedAt: '2026-11-29T10:00:00.000Z', resolvedAt: '2026-11-29T10:30:00.000Z' });
    const state = landing(alert, aRule({ sentiments: ['negative'], entities: ['aurora'] }, 'topic'));
    expect(state.selections).toEqual({ sentiment: ['negative'], topic: ['billing'], entity: ['aurora'] });
    expect(state.custom).toEqual({ from: '2026-11-29T09:00:00.000Z', to: '2026-11-29T10:45:00.000Z' });
    expect(state.drillRequest).toEqual({ from: '2026-11-29T10:00:00.000Z', to: '2026-11-29T10:30:00.000Z' });
  });

  it('picks a coarser interval for an alert open for days, and still links when its rule is gone', () => {
    const state = landing(anAlert({ openedAt: '2026-11-25T20:00:00.000Z', scopeKey: 'region=cordoba' }));
    expect(state.interval).toBe('hour');
    expect(state.selections).toEqual({ region: ['cordoba'] });
  });
});
