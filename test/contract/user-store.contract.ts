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

    it('init on a store that has users keeps them', async () => {
      await store.create(aUser({ username: 'ana' }));
      await store.init();
      expect(await store.find('ana')).toBeDefined();
    });
  });
}
