import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserStore } from '@escucha/store';
import { aUser } from '../support/builders';

export interface OpenedUserStore {
  store: UserStore;
  close: () => Promise<void>;
}

/** What every UserStore driver must do. `open` must hand out an empty, isolated store each time. */
export function describeUserStoreContract(driverName: string, open: () => Promise<OpenedUserStore>): void {
  describe(`UserStore contract: ${driverName}`, () => {
    let store: UserStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.init();
    });

    afterEach(async () => {
      await close();
    });

    it('finds nobody in an empty store', async () => {
      expect(await store.find('nobody')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('finds a created user with every field as given', async () => {
      const user = aUser({ username: 'ana', role: 'marketing' });
      await store.create(user);
      const found = await store.find('ana');
      expect(found).toEqual(user);
      expect(found?.createdAt.toISOString()).toBe(user.createdAt.toISOString());
    });

    it('refuses a second user with the same name and keeps the first', async () => {
      const first = aUser({ username: 'ana', role: 'admin' });
      await store.create(first);
      await expect(store.create(aUser({ username: 'ana', role: 'service', passwordHash: 'other' }))).rejects.toMatchObject({
        code: 'CONFLICT',
        status: 409,
      });
      expect(await store.find('ana')).toEqual(first);
      expect(await store.list()).toHaveLength(1);
    });

    it('matches usernames exactly', async () => {
      await store.create(aUser({ username: 'ana' }));
      expect(await store.find('an')).toBeUndefined();
      expect(await store.find('ana%')).toBeUndefined();
    });

    it('lists every user by username', async () => {
      const users = ['carla', 'ana', 'bruno'].map((username) => aUser({ username }));
      for (const user of users) await store.create(user);
      const listed = await store.list();
      expect(listed.map((u) => u.username)).toEqual(['ana', 'bruno', 'carla']);
      expect(listed[0]).toEqual(users[1]);
    });

    it('keeps a disabled flag and a tokens-valid-after instant given at create', async () => {
      const user = aUser({ username: 'ana', disabled: true, tokensValidAfter: new Date('2026-02-01T10:00:00.125Z') });
      await store.create(user);
      expect(await store.find('ana')).toEqual(user);
    });

    it('updates role, password hash, disabled and tokens-valid-after, and answers the stored user', async () => {
      const user = aUser({ username: 'ana', role: 'analyst' });
      await store.create(user);
      const after = new Date('2026-03-01T12:00:00.500Z');
      const updated = await store.update('ana', { role: 'marketing', passwordHash: 'new:hash', disabled: true, tokensValidAfter: after });
      const expected = { ...user, role: 'marketing', passwordHash: 'new:hash', disabled: true, tokensValidAfter: after };
      expect(updated).toEqual(expected);
      expect(await store.find('ana')).toEqual(expected);
      expect((await store.list())[0]).toEqual(expected);
    });

    it('changes only the fields given, and enables a user again', async () => {
      const user = aUser({ username: 'ana', role: 'analyst', disabled: true });
      await store.create(user);
      const updated = await store.update('ana', { disabled: false });
      expect(updated).toEqual({ ...user, disabled: undefined });
      expect(updated?.disabled).toBeFalsy();
      expect(updated?.role).toBe('analyst');
      expect(updated?.passwordHash).toBe(user.passwordHash);
    });

    it('answers undefined for an update of an unknown user and creates nobody', async () => {
      expect(await store.update('ghost', { role: 'admin' })).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('refuses an unknown role on update', async () => {
      await store.create(aUser({ username: 'ana' }));
      await expect(store.update('ana', { role: 'root' as never })).rejects.toMatchObject({ status: 400 });
    });

    it('init on a store that has users keeps them', async () => {
      await store.create(aUser({ username: 'ana' }));
      await store.init();
      expect(await store.find('ana')).toBeDefined();
    });
  });
}
