import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { DEMO_CHECKPOINTS, DEMO_OFFERS, type DemoGenerator, demoCustomers } from '@escucha/connectors';
import { IdentityService } from '@escucha/identity';
import { CHECKPOINT_STORE, type CheckpointStore, OFFER_STORE, type OfferStore } from '@escucha/store';

const SEEDED = DEMO_CHECKPOINTS.crm;
/** Records per import call, as a CRM file is stored in chunks. */
const CHUNK = 1_000;

/**
 * Writes the demo world's CRM and a small offers catalog once per store, so the Customers page,
 * the profile and the next best action work with the demo as the dashboards do. It goes
 * through the customer import a real CRM takes (validation, upsert by id), so a second run
 * after a crash part-way stores nothing twice. Demo offers are only added to a catalog that
 * holds no offer of the user's own.
 */
@Injectable()
export class DemoCrmSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly identity: IdentityService,
    @Inject(OFFER_STORE) private readonly offers: OfferStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `relink`: posts are already stored (an install from before the demo had a CRM), so their authors are matched again. */
  async seedOnce(generator: DemoGenerator, seed: number, relink: boolean): Promise<void> {
    if ((await this.checkpoints.get(SEEDED)) !== undefined) return;
    const records = demoCustomers(generator.people, seed);
    for (let start = 0; start < records.length; start += CHUNK) {
      const { rejected } = await this.identity.importCustomers(records.slice(start, start + CHUNK), false);
      // The records are ours: one the import refuses is a bug in the demo, not bad input.
      if (rejected.length > 0) throw new Error(`demo CRM record refused: ${rejected[0].error}`);
    }
    if (relink) await this.identity.requestRelink();
    const catalog = await this.offers.listOffers();
    const demoIds = new Set(DEMO_OFFERS.map((offer) => offer.id));
    const offers = catalog.every((offer) => demoIds.has(offer.id)) ? DEMO_OFFERS.filter((offer) => !catalog.some((saved) => saved.id === offer.id)) : [];
    for (const offer of offers) await this.offers.saveOffer(offer, this.clock.now());
    await this.checkpoints.put(SEEDED, { customers: records.length, offers: offers.length }, this.clock.now());
    this.logger.log(`demo CRM: ${records.length} customers, ${offers.length} offers`);
  }
}
