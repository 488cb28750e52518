import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfferStore } from '@escucha/store';
import { aCustomer, anOffer, aResponse } from '../../libs/offers/src/offers.builders';

export interface OpenedOfferStore {
  store: OfferStore;
  close: () => Promise<void>;
}

const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** What every OfferStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeOfferStoreContract(driverName: string, open: () => Promise<OpenedOfferStore>): void {
  describe(`OfferStore contract: ${driverName}`, () => {
    let opened: OpenedOfferStore;
    let store: OfferStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('keeps offers whole, replaces them keeping when they were created, and lists them by id', async () => {
      const fiber = anOffer({
        id: 'fiber',
        description: 'Symmetric 300 Mb',
        rules: [{ kind: 'minAge', years: 18 }, { kind: 'notOwned', product: 'fiber' }, { kind: 'segment', in: ['consumer'] }],
        targets: { topics: ['coverage'], retention: false },
      });
      await store.saveOffer(fiber, T0);
      await store.saveOffer(anOffer({ id: 'alpha', name: 'Alpha' }), T0);
      expect(await store.getOffer('fiber')).toEqual({ ...fiber, createdAt: T0, updatedAt: T0, erased: { accepted: 0, declined: 0 } });

      const cheaper = { ...fiber, value: 60, active: false };
      expect(await store.saveOffer(cheaper, at(5))).toEqual({ ...cheaper, createdAt: T0, updatedAt: at(5), erased: { accepted: 0, declined: 0 } });
      expect((await store.listOffers()).map((o) => `${o.id}:${o.value}`)).toEqual(['alpha:100', 'fiber:60']);
      expect(await store.getOffer('missing')).toBeUndefined();
    });

    it('refuses an offer that is not valid, naming the field', async () => {
      await expect(store.saveOffer(anOffer({ id: 'Bad Id' }), T0)).rejects.toThrow(/offer\.id/);
      expect(await store.listOffers()).toEqual([]);
    });

    it('gives back the latest responses per offer, newest first, with the customer as they were', async () => {
      await store.saveOffer(anOffer({ id: 'fiber' }), T0);
      await store.saveOffer(anOffer({ id: 'tv' }), T0);
      for (let i = 0; i < 5; i++) await store.recordResponse({ ...aResponse('fiber', i % 2 === 0, { segment: `s${i}` }), at: at(i) });
      await store.recordResponse({ ...aResponse('tv', true, { topics: { billing: 2 } }), customerId: 'ana', at: at(10) });

      const latest = await store.responses(['fiber', 'tv', 'none'], 3);
      const fiber = latest.filter((r) => r.offerId === 'fiber');
      expect(fiber.map((r) => r.at)).toEqual([at(4), at(3), at(2)]);
      expect(fiber.map((r) => r.facts.segment)).toEqual(['s4', 's3', 's2']);
      expect(fiber.map((r) => r.accepted)).toEqual([true, false, true]);
      const tv = latest.filter((r) => r.offerId === 'tv');
      expect(tv).toHaveLength(1);
      expect(tv[0]).toMatchObject({ customerId: 'ana', accepted: true, by: 'agent', facts: { topics: { billing: 2 }, consent: { marketing: true } } });
      const many = await store.responses([...Array.from({ length: 40 }, (_, i) => `offer-${i}`), 'tv'], 3);
      expect(many.map((r) => [r.offerId, r.customerId])).toEqual([['tv', 'ana']]);
      expect(await store.responses([], 3)).toEqual([]);
    });

    it('forgets a customer: their responses go, their offers keep the counts', async () => {
      await store.saveOffer(anOffer({ id: 'fiber' }), T0);
      await store.saveOffer(anOffer({ id: 'tv' }), T0);
      const ana = (offerId: string, accepted: boolean, minutes: number) => ({ ...aResponse(offerId, accepted, aCustomer({ id: 'ana' })), customerId: 'ana', at: at(minutes) });
      await store.recordResponse(ana('fiber', true, 1));
      await store.recordResponse(ana('fiber', false, 2));
      await store.recordResponse(ana('tv', false, 3));
      await store.recordResponse({ ...aResponse('fiber', true), customerId: 'bob', at: at(4) });
      expect((await store.responsesOf('ana')).map((r) => r.at)).toEqual([at(3), at(2), at(1)]);

      expect(await store.forgetCustomers(['ana'])).toBe(3);
      expect(await store.responsesOf('ana')).toEqual([]);
      expect((await store.responses(['fiber', 'tv'], 10)).map((r) => r.customerId)).toEqual(['bob']);
      expect((await store.getOffer('fiber'))?.erased).toEqual({ accepted: 1, declined: 1 });
      expect((await store.getOffer('tv'))?.erased).toEqual({ accepted: 0, declined: 1 });
      // Saving the offer again keeps what erased customers answered.
      await store.saveOffer(anOffer({ id: 'fiber', value: 10 }), at(9));
      expect((await store.getOffer('fiber'))?.erased).toEqual({ accepted: 1, declined: 1 });
      expect(await store.forgetCustomers(['nobody'])).toBe(0);
      expect(await store.forgetCustomers([])).toBe(0);
    });

    it('forgets many customers at once, counting each offer\'s answers across them', async () => {
      await store.saveOffer(anOffer({ id: 'fiber' }), T0);
      await store.saveOffer(anOffer({ id: 'tv' }), T0);
      const answer = (customerId: string, offerId: string, accepted: boolean, minutes: number) => ({ ...aResponse(offerId, accepted), customerId, at: at(minutes) });
      await store.recordResponse(answer('ana', 'fiber', true, 1));
      await store.recordResponse(answer('bob', 'fiber', true, 2));
      await store.recordResponse(answer('bob', 'tv', false, 3));
      await store.recordResponse(answer('cid', 'fiber', false, 4));
      await store.recordResponse(answer('dan', 'tv', true, 5));
      expect(await store.forgetCustomers(['ana', 'bob', 'cid', 'nobody'])).toBe(4);
      expect((await store.getOffer('fiber'))?.erased).toEqual({ accepted: 2, declined: 1 });
      expect((await store.getOffer('tv'))?.erased).toEqual({ accepted: 0, declined: 1 });
      expect((await store.responses(['fiber', 'tv'], 10)).map((r) => r.customerId)).toEqual(['dan']);
    });

    it('deletes an offer with its responses, leaving the others', async () => {
      await store.saveOffer(anOffer({ id: 'demo-fibra' }), T0);
      await store.saveOffer(anOffer({ id: 'tv' }), T0);
      await store.recordResponse({ ...aResponse('demo-fibra', true), customerId: 'ana', at: at(1) });
      await store.recordResponse({ ...aResponse('tv', false), customerId: 'ana', at: at(2) });
      expect(await store.deleteOffer('demo-fibra')).toBe(true);
      expect(await store.getOffer('demo-fibra')).toBeUndefined();
      expect((await store.listOffers()).map((o) => o.id)).toEqual(['tv']);
      expect((await store.responsesOf('ana')).map((r) => r.offerId)).toEqual(['tv']);
      expect(await store.deleteOffer('demo-fibra')).toBe(false);
    });
  });
}
