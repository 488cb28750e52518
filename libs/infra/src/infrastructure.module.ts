import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, systemClock } from '@escucha/core';
import { InProcessLiveBus, LIVE_BUS, RedisLiveBus, type LiveBus } from '@escucha/live';
import { BullMqJobQueue, InlineJobQueue, JOB_QUEUE, LEADERSHIP, RedisLeadership, SoleLeadership, type JobQueue, type Leadership } from '@escucha/queue';
import {
  ALERT_STORE,
  API_KEY_STORE,
  OFFER_STORE,
  AUDIT_LOG,
  CHECKPOINT_STORE,
  LABEL_STORE,
  CUSTOMER_STORE,
  IDENTITY_LINK_STORE,
  POST_STORE,
  SETTINGS_STORE,
  SOURCE_STORE,
  USER_STORE,
  openDuckDbStores,
  openElasticsearchStores,
  type AlertStore,
  type ApiKeyStore,
  type OfferStore,
  type AuditLog,
  type CheckpointStore,
  type LabelStore,
  type CustomerStore,
  type IdentityLinkStore,
  type PostStore,
  type SettingsStore,
  type SourceStore,
  type UserStore,
} from '@escucha/store';
import { Metrics } from './metrics';

/** The store drivers share one handle (one DuckDB file, one Elasticsearch client). */
interface Stores {
  posts: PostStore;
  users: UserStore;
  settings: SettingsStore;
  sources: SourceStore;
  offers: OfferStore;
  labels: LabelStore;
  audit: AuditLog;
  checkpoints: CheckpointStore;
  customers: CustomerStore;
  identityLinks: IdentityLinkStore;
  apiKeys: ApiKeyStore;
  alerts: AlertStore;
  close(): Promise<void>;
}
const STORES = Symbol('Stores');

/** Driver names come from the validated config; a name without a driver here is a start-up error, never a fallback. */
async function openStores(config: AppConfig): Promise<Stores> {
  switch (config.store.driver) {
    case 'duckdb':
      await mkdir(config.dataDir, { recursive: true });
      return openDuckDbStores(join(config.dataDir, 'escucha.duckdb'));
    case 'elasticsearch':
      return openElasticsearchStores(config.store.url, { prefix: config.store.indexPrefix });
    default:
      throw new Error(`STORE=${(config.store as { driver: string }).driver} has no driver in this build yet; use STORE=duckdb or STORE=elasticsearch`);
  }
}

async function openQueue(config: AppConfig): Promise<JobQueue> {
  const queue = config.queue;
  switch (queue.driver) {
    case 'inline':
      return InlineJobQueue.open(join(config.dataDir, 'queue'));
    case 'bullmq':
      return BullMqJobQueue.open({ url: queue.url });
    default:
      // Unreachable while the config type and this switch agree; a driver name added to the config alone still fails loudly.
      throw new Error(`QUEUE=${(queue as { driver: string }).driver} has no driver in this build yet; use QUEUE=inline or QUEUE=bullmq`);
  }
}

/** Scale-out pairs Redis for jobs with Redis for live fan-out, so every API node keeps the same live window. */
async function openLiveBus(config: AppConfig): Promise<LiveBus> {
  const queue = config.queue;
  switch (queue.driver) {
    case 'inline':
      return new InProcessLiveBus();
    case 'bullmq':
      return RedisLiveBus.open({ url: queue.url });
    default:
      throw new Error(
        `QUEUE=${(queue as { driver: string }).driver} has no live fan-out driver in this build yet; use QUEUE=inline or QUEUE=bullmq`,
      );
  }
}

/** Who runs the once-per-cluster duties: in one process, that process; with Redis, the lease holder. */
async function openLeadership(config: AppConfig): Promise<Leadership> {
  const queue = config.queue;
  switch (queue.driver) {
    case 'inline':
      return new SoleLeadership();
    case 'bullmq':
      return RedisLeadership.open({ url: queue.url });
    default:
      throw new Error(`QUEUE=${(queue as { driver: string }).driver} has no leadership driver in this build yet`);
  }
}

/**
 * Closes I/O in dependency order: the queue first (its active jobs still write), the store last.
 * What produces posts or state (connectors, the demo, alert detection) stops earlier, in
 * `onModuleDestroy`, so its last posts are queued and its cursor saved while both are open.
 */
@Injectable()
class InfrastructureShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    @Inject(STORES) private readonly stores: Stores,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.bus.close();
    await this.leadership.close();
    await this.stores.close();
    this.logger.log('queue, live bus and store closed');
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: STORES, useFactory: () => openStores(config) },
        { provide: POST_STORE, useFactory: (stores: Stores) => stores.posts, inject: [STORES] },
        { provide: USER_STORE, useFactory: (stores: Stores) => stores.users, inject: [STORES] },
        { provide: SETTINGS_STORE, useFactory: (stores: Stores) => stores.settings, inject: [STORES] },
        { provide: SOURCE_STORE, useFactory: (stores: Stores) => stores.sources, inject: [STORES] },
        { provide: OFFER_STORE, useFactory: (stores: Stores) => stores.offers, inject: [STORES] },
        { provide: LABEL_STORE, useFactory: (stores: Stores) => stores.labels, inject: [STORES] },
        { provide: AUDIT_LOG, useFactory: (stores: Stores) => stores.audit, inject: [STORES] },
        { provide: CHECKPOINT_STORE, useFactory: (stores: Stores) => stores.checkpoints, inject: [STORES] },
        { provide: CUSTOMER_STORE, useFactory: (stores: Stores) => stores.customers, inject: [STORES] },
        { provide: IDENTITY_LINK_STORE, useFactory: (stores: Stores) => stores.identityLinks, inject: [STORES] },
        { provide: API_KEY_STORE, useFactory: (stores: Stores) => stores.apiKeys, inject: [STORES] },
        { provide: ALERT_STORE, useFactory: (stores: Stores) => stores.alerts, inject: [STORES] },
        { provide: JOB_QUEUE, useFactory: () => openQueue(config) },
        { provide: LIVE_BUS, useFactory: () => openLiveBus(config) },
        { provide: LEADERSHIP, useFactory: () => openLeadership(config) },
        {
          provide: Metrics,
          useFactory: (queue: JobQueue) => {
            const metrics = new Metrics({ processMetrics: true });
            metrics.watchQueues(queue);
            return metrics;
          },
          inject: [JOB_QUEUE],
        },
        InfrastructureShutdown,
      ],
      exports: [Metrics, APP_CONFIG, CLOCK, POST_STORE, USER_STORE, SETTINGS_STORE, SOURCE_STORE, OFFER_STORE, LABEL_STORE, AUDIT_LOG, CHECKPOINT_STORE, CUSTOMER_STORE, IDENTITY_LINK_STORE, API_KEY_STORE, ALERT_STORE, JOB_QUEUE, LIVE_BUS, LEADERSHIP],
    };
  }
}
