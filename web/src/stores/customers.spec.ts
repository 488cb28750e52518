import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttentionList } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useCustomersStore } from './customers';

const list = (hours: number): AttentionList => ({
  from: new Date(Date.UTC(2026, 10, 30, 20) - hours * 3_600_000).toISOString(),
  to: '2026-11-30T20:00:00.000Z',
  items: [{ id: 'C3', name: 'Persona Uno', posts: 2, churn: 1 }],
});

describe('customers store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('asks for the call-back list over the span picked, 24 h at first', async () => {
    api = fakeApi({ 'GET /api/v1/customers/attention': (call) => list(Number(call.query.get('hours'))) });
    const customers = useCustomersStore();
    await customers.loadAttention();
    await customers.loadAttention(72);
    expect(api.calls.map((call) => call.query.get('hours'))).toEqual(['24', '72']);
    expect(customers.hours).toBe(72);
    expect(customers.attention?.items[0]).toMatchObject({ id: 'C3', churn: 1 });
    expect(customers.loading).toBe(false);
  });

  it('says why when the API refuses, and is no longer loading', async () => {
    api = fakeApi({ 'GET /api/v1/customers/attention': reply(403, { code: 'FORBIDDEN', message: 'this role may not read customers' }) });
    const customers = useCustomersStore();
    await customers.loadAttention();
    expect(customers.error?.message).toBe('this role may not read customers');
    expect([customers.attention, customers.loading]).toEqual([null, false]);
  });

  it('searches by what the agent typed, trimmed, and keeps the results for when the agent comes back', async () => {
    api = fakeApi({ 'GET /api/v1/customers': { items: [{ id: 'C1', name: 'Anabela Quiroga', city: 'Rosario' }] } });
    const customers = useCustomersStore();
    customers.query = '   ';
    await customers.find();
    expect(api.calls).toEqual([]);
    customers.query = ' quiroga ';
    await customers.find();
    expect(api.calls.map((call) => call.query.get('q'))).toEqual(['quiroga']);
    expect(customers.results).toEqual([{ id: 'C1', name: 'Anabela Quiroga', city: 'Rosario' }]);
    // A page mounted again reads the same store.
    expect(useCustomersStore().results).toHaveLength(1);
    expect(customers.searching).toBe(false);
  });

  it('says why a search failed, apart from the call-back list', async () => {
    api = fakeApi({ 'GET /api/v1/customers': reply(400, { code: 'VALIDATION', message: 'q must be at least 2 characters' }) });
    const customers = useCustomersStore();
    customers.query = 'q';
    await customers.find();
    expect(customers.searchError?.message).toBe('q must be at least 2 characters');
    expect([customers.error, customers.results, customers.searching]).toEqual([null, null, false]);
  });
});
