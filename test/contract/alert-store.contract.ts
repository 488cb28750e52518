import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '@escucha/core';
import type { AlertStore } from '@escucha/store';

export interface OpenedAlertStore {
  store: AlertStore;
  /** Another handle on the same storage, as a second process would have. */
  other: () => Promise<AlertStore>;
  close: () => Promise<void>;
}

const AT = new Date('2026-11-23T10:00:00.000Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

const aRule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
  id: 'outage',
  name: 'Outage',
  enabled: true,
  scope: { intents: ['outage'], excludeEntities: ['pampatel'] },
  splitBy: 'region',
  sensitivity: 'high',
  minCount: 5,
  channels: { banner: true, webhook: { url: 'http://127.0.0.1:9/hook' }, email: { to: ['noc@example.com'] } },
  quietHours: { from: '23:00', to: '07:00' },
  maxPerHour: 6,
  digestMinutes: 0,
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

const anAlert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'outage-1-abc',
  ruleId: 'outage',
  ruleName: 'Outage',
  scopeKey: 'region=cordoba',
  state: 'open',
  severity: 'high',
  observed: 40,
  expected: 4.5,
  peak: 40,
  score: 0.93,
  persistence: 1,
  minCount: 5,
  openedAt: AT,
  lastSeenAt: AT,
  postIds: ['x:1', 'x:2'],
  regions: [{ region: 'cordoba', count: 30 }],
  timeline: [{ at: AT, kind: 'opened', message: '40 posts, 4.5 expected' }],
  ...overrides,
});

/** What every AlertStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeAlertStoreContract(driverName: string, open: () => Promise<OpenedAlertStore>): void {
  describe(`AlertStore contract: ${driverName}`, () => {
    let opened: OpenedAlertStore;
    let store: AlertStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('has no rules and no alerts at first', async () => {
      expect(await store.listRules()).toEqual([]);
      expect(await store.getRule('outage')).toBeUndefined();
      expect(await store.listAlerts({ limit: 10 })).toEqual([]);
      expect(await store.getAlert('nope')).toBeUndefined();
    });

    it('keeps a rule whole, lists rules by id, refuses a second with the same id, replaces and deletes', async () => {
      await store.createRule(aRule());
      await store.createRule(aRule({ id: 'brand', name: 'Brand', splitBy: undefined, quietHours: undefined, channels: { banner: false } }));
      expect(await store.getRule('outage')).toEqual(aRule());
      expect((await store.listRules()).map((r) => r.id)).toEqual(['brand', 'outage']);
      const other = await opened.other();
      await expect(other.createRule(aRule())).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
      const changed = aRule({ name: 'Caídas', sensitivity: 'low', updatedAt: later(1000) });
      expect(await store.replaceRule(changed)).toEqual(changed);
      expect(await other.getRule('outage')).toEqual(changed);
      expect(await store.replaceRule(aRule({ id: 'ghost' }))).toBeUndefined();
      expect(await store.deleteRule('outage')).toBe(true);
      expect(await store.deleteRule('outage')).toBe(false);
      expect((await store.listRules()).map((r) => r.id)).toEqual(['brand']);
    });

    it('refuses a rule it could not run, naming the field', async () => {
      await expect(store.createRule(aRule({ id: 'Bad Id' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.createRule(aRule({ minCount: 0 }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('minCount') });
      await expect(store.createRule(aRule({ quietHours: { from: '25:00', to: '07:00' } }))).rejects.toMatchObject({ message: expect.stringContaining('quietHours') });
      expect(await store.listRules()).toEqual([]);
    });

    it('keeps an alert whole, without the optional fields it does not have', async () => {
      await store.createAlert(anAlert());
      const stored = await store.getAlert('outage-1-abc');
      expect(stored).toEqual(anAlert());
      expect(stored).not.toHaveProperty('acknowledgedAt');
      await expect(store.createAlert(anAlert())).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists alerts newest first, by state, rule and time, up to the limit', async () => {
      await store.createAlert(anAlert({ id: 'a', openedAt: later(0) }));
      await store.createAlert(anAlert({ id: 'b', openedAt: later(60_000), state: 'resolved' }));
      await store.createAlert(anAlert({ id: 'c', openedAt: later(120_000), ruleId: 'brand', state: 'acknowledged' }));
      expect((await store.listAlerts({ limit: 10 })).map((a) => a.id)).toEqual(['c', 'b', 'a']);
      expect((await store.listAlerts({ limit: 2 })).map((a) => a.id)).toEqual(['c', 'b']);
      expect((await store.listAlerts({ states: ['open', 'acknowledged'], limit: 10 })).map((a) => a.id)).toEqual(['c', 'a']);
      expect((await store.listAlerts({ ruleId: 'outage', limit: 10 })).map((a) => a.id)).toEqual(['b', 'a']);
      expect((await store.listAlerts({ since: later(60_000), limit: 10 })).map((a) => a.id)).toEqual(['c', 'b']);
      await expect(store.listAlerts({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.listAlerts({ limit: 5, states: ['closed' as never] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('pages after the last alert of a page, ties on the opening instant included, and deletes by id', async () => {
      for (const [id, ms] of [['a', 0], ['b', 60_000], ['c', 60_000], ['d', 60_000], ['e', 120_000]] as const) await store.createAlert(anAlert({ id, openedAt: later(ms) }));
      const pages: string[][] = [];
      let after: { openedAt: Date; id: string } | undefined;
      for (;;) {
        const page = await store.listAlerts({ limit: 2, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        pages.push(page.map((a) => a.id));
        const last = page[page.length - 1];
        after = { openedAt: last.openedAt, id: last.id };
      }
      expect(pages).toEqual([['e', 'b'], ['c', 'd'], ['a']]);

      expect(await store.deleteAlerts(['b', 'd', 'missing'])).toBe(2);
      expect(await store.deleteAlerts([])).toBe(0);
      expect((await store.listAlerts({ limit: 10 })).map((a) => a.id)).toEqual(['e', 'c', 'a']);
      expect(await store.getAlert('b')).toBeUndefined();
    });

    it('updates by compare-and-set: concurrent changes from two handles all land', async () => {
      await store.createAlert(anAlert());
      const other = await opened.other();
      const at = (i: number) => later(1000 * (i + 1));
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? other : store).updateAlert('outage-1-abc', (a) => ({ ...a, timeline: [...a.timeline, { at: at(i), kind: 'delivered', message: `n${i}` }] })),
        ),
      );
      const stored = await store.getAlert('outage-1-abc');
      expect(stored!.timeline.map((e) => e.message).sort()).toEqual(['40 posts, 4.5 expected', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
      const acked = await other.updateAlert('outage-1-abc', (a) => ({ ...a, state: 'acknowledged', acknowledgedBy: 'ana', acknowledgedAt: later(9000) }));
      expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ana' });
      expect((await store.listAlerts({ states: ['acknowledged'], limit: 5 })).map((a) => a.acknowledgedAt)).toEqual([later(9000)]);
      expect(await store.updateAlert('outage-1-abc', () => undefined)).toEqual(acked);
      expect(await store.updateAlert('ghost', (a) => a)).toBeUndefined();
    });
  });
}
