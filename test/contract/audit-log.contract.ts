import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog, StoredAuditEntry } from '@escucha/store';

export interface OpenedAuditLog {
  log: AuditLog;
  /** Another handle on the same storage, as a second API node would have. */
  other: () => Promise<AuditLog>;
  close: () => Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const entry = (minute: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'admin',
  action: 'user.create',
  target: `user-${minute}`,
  at: new Date(T0 + minute * 60_000),
  ...extra,
});

async function everything(log: AuditLog, query: { actor?: string; action?: string; target?: string; from?: Date; to?: Date }, limit = 3): Promise<StoredAuditEntry[]> {
  const all: StoredAuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await log.query({ ...query, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** What every AuditLog driver must do. `open` hands out an empty, isolated log each time. */
export function describeAuditLogContract(driverName: string, open: () => Promise<OpenedAuditLog>): void {
  describe(`AuditLog contract: ${driverName}`, () => {
    let opened: OpenedAuditLog;
    let log: AuditLog;

    beforeEach(async () => {
      opened = await open();
      log = opened.log;
    });
    afterEach(() => opened.close());

    it('gives back what was recorded, newest first, details and all', async () => {
      expect(await log.query({ limit: 10 })).toEqual({ items: [] });
      const a = await log.record(entry(1, { details: { ip: '203.0.113.7', changed: ['role'], nested: { n: 1, ok: true, none: null } } }));
      const b = await log.record({ actor: 'anonymous', action: 'auth.login_failed', at: new Date(T0 + 2 * 60_000) });
      expect(a.id).not.toBe(b.id);
      const page = await log.query({ limit: 10 });
      expect(page.items).toEqual([b, a]);
      expect(page.items[0]).not.toHaveProperty('target');
      expect(page.items[0]).not.toHaveProperty('details');
      expect(page.items[1].details).toEqual({ ip: '203.0.113.7', changed: ['role'], nested: { n: 1, ok: true, none: null } });
      expect(page.nextCursor).toBeUndefined();
    });

    it('filters by actor, action, target and period, exactly, and they combine', async () => {
      await log.record(entry(0, { actor: 'ana', action: 'taxonomy.save', target: 'telecom' }));
      await log.record(entry(1, { actor: 'ana', action: 'user.create', target: 'bea' }));
      await log.record(entry(2, { actor: 'admin', action: 'user.create', target: 'carla' }));
      await log.record(entry(3, { actor: 'Ana', action: 'user.create', target: 'dora' }));
      await log.record(entry(4, { actor: 'ana', action: 'user.create.more', target: 'eva' }));
      const targets = async (q: Parameters<typeof everything>[1]) => (await everything(log, q)).map((e) => e.target);
      expect(await targets({ actor: 'ana' })).toEqual(['eva', 'bea', 'telecom']);
      expect(await targets({ action: 'user.create' })).toEqual(['dora', 'carla', 'bea']);
      expect(await targets({ actor: 'ana', action: 'user.create' })).toEqual(['bea']);
      expect(await targets({ target: 'carla' })).toEqual(['carla']);
      expect(await targets({ from: new Date(T0 + 60_000), to: new Date(T0 + 3 * 60_000) })).toEqual(['carla', 'bea']);
      expect(await targets({ actor: 'nobody' })).toEqual([]);
    });

    it('pages with a cursor through entries of the same time without losing or repeating, while more arrive', async () => {
      const at = new Date(T0);
      for (let i = 0; i < 10; i++) await log.record(entry(0, { at, target: `t${i}` }));
      const first = await log.query({ limit: 4 });
      // Arrivals after the first page must not shift the pages that follow.
      await log.record(entry(5, { target: 'late' }));
      const rest = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await log.query({ limit: 4, cursor });
        rest.push(...page.items);
        cursor = page.nextCursor;
      }
      const seen = [...first.items, ...rest].map((e) => e.target);
      expect(seen).toEqual(['t9', 't8', 't7', 't6', 't5', 't4', 't3', 't2', 't1', 't0']);
    });

    it('an entry recorded on one handle is seen by a query on another', async () => {
      const other = await opened.other();
      const recorded = await log.record(entry(1));
      expect((await other.query({ limit: 5 })).items).toEqual([recorded]);
    });

    it('refuses bad entries, limits, dates and cursors', async () => {
      await expect(log.record(entry(1, { actor: '' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.record(entry(1, { at: new Date(Number.NaN) }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.record(entry(1, { details: { big: 'x'.repeat(20_000) } }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.query({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.query({ limit: 1001 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.query({ limit: 5, from: new Date('nope') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(log.query({ limit: 5, cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await log.query({ limit: 5 })).items).toEqual([]);
    });
  });
}
