import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, UnavailableError, toAlertNotice, type Alert, type Clock, type DemoRemovalStatus } from '@escucha/core';
import { DEMO_CHECKPOINTS, DEMO_OFFERS, DEMO_WRITE_CHECKPOINTS, demoIdPrefix, demoSeeds, isDemoKey } from '@escucha/connectors';
import { IdentityService } from '@escucha/identity';
import { DemoSwitch } from '@escucha/ingest';
import { LIVE_BUS, type LiveBus } from '@escucha/live';
import { LEADERSHIP, type Job, type Leadership } from '@escucha/queue';
import {
  ALERT_STORE,
  CHECKPOINT_STORE,
  CUSTOMER_STORE,
  IDENTITY_LINK_STORE,
  OFFER_STORE,
  POST_STORE,
  type AlertStore,
  type CheckpointStore,
  type CustomerStore,
  type IdentityLinkStore,
  type OfferStore,
  type PostStore,
} from '@escucha/store';
import { OnJob } from '../jobs/on-job.decorator';
import { DEMO_LEASE, DEMO_LEASE_MS, DemoRunner } from './demo.runner';

const PAGE = 500;

/**
 * Takes out of the store what the demo wrote, once a real source has turned it off: its posts
 * (by the id prefix of every seed it ran with), the customers of its CRM with their links and
 * offer answers, links from its authors to anyone, its offers, and the alerts its posts alone
 * opened. Then its checkpoints go, so a demo run later starts afresh, and every live window
 * reads the store again. Each step is by id and safe to repeat, so a retry after a crash
 * finishes the job.
 */
@Injectable()
export class DemoRemovalJob {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(CUSTOMER_STORE) private readonly customers: CustomerStore,
    @Inject(IDENTITY_LINK_STORE) private readonly links: IdentityLinkStore,
    @Inject(OFFER_STORE) private readonly offers: OfferStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(ALERT_STORE) private readonly alerts: AlertStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    private readonly identity: IdentityService,
    private readonly demo: DemoSwitch,
    private readonly runner: DemoRunner,
  ) {}

  /**
   * The stream must be stopped everywhere first: a post or a cursor it wrote after this job
   * would bring the demo data back. This process's stream stops at once; holding the demo's
   * lease keeps any other process's from running (a holder releases it once stopped, a dead one
   * lets it lapse within 15 s, so a refusal is retried).
   */
  @OnJob('demo.remove')
  async handle(job: Job<'demo.remove'>): Promise<void> {
    const status = (await this.checkpoints.get(DEMO_CHECKPOINTS.removal))?.value as DemoRemovalStatus | undefined;
    // A newer request took its place; it does the work.
    if (!status || status.id !== job.data.removalId) return;
    if (await this.demo.on()) return this.save({ ...status, state: 'failed', error: 'the demo stream is on again; configure a source or set DEMO=off, then remove its data', finishedAt: this.now() });
    try {
      await this.runner.standDown();
      if (!(await this.leadership.acquire(DEMO_LEASE, DEMO_LEASE_MS))) throw new UnavailableError('the demo stream is still stopping in another process');
      try {
        await this.save({ ...status, state: 'running', error: undefined });
        const removed = await this.remove();
        await this.save({ ...status, state: 'done', removed, finishedAt: this.now() });
        this.logger.log(`demo data removed: ${removed.posts} posts, ${removed.customers} customers, ${removed.links} links, ${removed.offers} offers, ${removed.alerts} alerts`);
      } finally {
        await this.leadership.release(DEMO_LEASE);
      }
    } catch (error) {
      // Earlier tries are retried; the status says failed only when none is left.
      if (job.attempt >= job.maxAttempts) await this.save({ ...status, state: 'failed', error: (error as Error).message, finishedAt: this.now() });
      throw error;
    }
  }

  private async remove(): Promise<Required<DemoRemovalStatus['removed']>> {
    const seeds = [...new Set([...demoSeeds((await this.checkpoints.get(DEMO_CHECKPOINTS.seeds))?.value), this.config.demo.seed])];
    let posts = await this.removePosts(seeds);
    const demoCustomers = await this.demoCustomerIds();
    await this.offers.forgetCustomers(demoCustomers);
    const erased = await this.identity.eraseCustomers(demoCustomers);
    const links = erased.links + (await this.removeDemoAuthorLinks(seeds));
    let offers = 0;
    for (const offer of DEMO_OFFERS) offers += (await this.offers.deleteOffer(offer.id)) ? 1 : 0;
    // The demo's last hand-offs were queued before this job, and a queue is first in, first out; but
    // with several workers one may still be writing while this job started: a second pass takes it.
    posts += await this.removePosts(seeds);
    const alerts = await this.removeAlerts(seeds);
    for (const key of DEMO_WRITE_CHECKPOINTS) await this.checkpoints.delete(key);
    // Versions before the checkpoint store kept two of them as files under DATA_DIR.
    for (const key of [DEMO_CHECKPOINTS.backfilled, DEMO_CHECKPOINTS.cursor]) await rm(join(this.config.dataDir, key), { force: true });
    // As resolved, so every open dashboard's banner lets them go; detection reloads what is open when it relearns.
    await this.bus.publish({ minutes: [], latest: [], rebuild: true, alerts: alerts.map((alert) => ({ ...toAlertNotice(alert), state: 'resolved' })) });
    return { posts, customers: erased.customers, links, offers, alerts: alerts.length };
  }

  private async removePosts(seeds: readonly number[]): Promise<number> {
    let removed = 0;
    for (const seed of seeds) removed += await this.posts.deleteByNativeIdPrefix(demoIdPrefix(seed));
    return removed;
  }

  /** Alerts every one of whose posts is the demo's: they were about the demo's fictional traffic. */
  private async removeAlerts(seeds: readonly number[]): Promise<Alert[]> {
    const doomed: Alert[] = [];
    let after: { openedAt: Date; id: string } | undefined;
    for (;;) {
      const page = await this.alerts.listAlerts({ limit: PAGE, ...(after ? { after } : {}) });
      for (const alert of page) if (alert.postIds.length > 0 && alert.postIds.every((id) => isDemoKey(id, seeds))) doomed.push(alert);
      if (page.length < PAGE) break;
      after = { openedAt: page[page.length - 1].openedAt, id: page[page.length - 1].id };
    }
    await this.alerts.deleteAlerts(doomed.map((alert) => alert.id));
    return doomed;
  }

  /** The demo CRM's records say so in their attributes; a customer of the user's own never does. */
  private async demoCustomerIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.customers.list({ limit: PAGE, cursor });
      for (const customer of page.items) if (customer.attributes.demo === true) ids.push(customer.id);
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** Links of demo authors to customers of the user's own (a real CRM imported while the demo ran). */
  private async removeDemoAuthorLinks(seeds: readonly number[]): Promise<number> {
    const doomed: Array<{ author: string; customerId: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.links.list({}, { limit: PAGE, cursor });
      for (const link of page.items) if (isDemoKey(link.author, seeds)) doomed.push(link);
      cursor = page.nextCursor;
    } while (cursor);
    for (const link of doomed) await this.links.delete(link.author, link.customerId);
    return doomed.length;
  }

  private save(status: DemoRemovalStatus): Promise<void> {
    return this.checkpoints.put(DEMO_CHECKPOINTS.removal, status, this.clock.now());
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
