import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
import { DeliveryLedger } from '../../apps/worker/src/alerts/delivery.ledger';

const HOUR = 3_600_000;
let stores: DuckDbStores;
let now: number;

beforeEach(async () => {
  stores = await openDuckDbStores(':memory:');
  now = Date.UTC(2026, 2, 4, 15);
});
afterEach(() => stores.close());

describe('alert delivery ledger, on the real settings store', () => {
  it('hands the last hour of messages and the pending digests to whoever loads it next', async () => {
    const first = new DeliveryLedger(stores.settings, () => now);
    await first.load();
    await first.recordSent('noc');
    now += 30 * 60_000;
    await first.recordSent('noc');
    await first.hold('digest-rule', 'alert-1');
    await first.hold('digest-rule', 'alert-2');

    const next = new DeliveryLedger(stores.settings, () => now);
    await next.load();
    expect(next.sentInLastHour('noc')).toBe(2);
    expect(next.sentInLastHour('other')).toBe(0);
    expect(next.pendingDigests()).toEqual([['digest-rule', { since: now, alertIds: ['alert-1', 'alert-2'] }]]);
    // An hour after the first message only the second still counts.
    now += 31 * 60_000;
    expect(next.sentInLastHour('noc')).toBe(1);
    await next.dropDigest('digest-rule');
    expect(next.pendingDigests()).toEqual([]);
    now += HOUR;
    await next.recordSent('other');

    const third = new DeliveryLedger(stores.settings, () => now);
    await third.load();
    expect(third.pendingDigests()).toEqual([]);
    expect(third.sentInLastHour('noc')).toBe(0);
    expect(third.sentInLastHour('other')).toBe(1);
  });

  it('a holder that lost the lease cannot overwrite what the new holder saved: its save fails and it takes the new view', async () => {
    const stale = new DeliveryLedger(stores.settings, () => now);
    const fresh = new DeliveryLedger(stores.settings, () => now);
    await stale.load();
    await fresh.load();
    await fresh.recordSent('noc');
    await expect(stale.hold('noc', 'alert-9')).rejects.toThrow(/another process/);
    expect(stale.sentInLastHour('noc')).toBe(1);
    expect(stale.pendingDigests()).toEqual([]);
    const reader = new DeliveryLedger(stores.settings, () => now);
    await reader.load();
    expect(reader.pendingDigests()).toEqual([]);
    expect(reader.sentInLastHour('noc')).toBe(1);
  });
});
