import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, systemClock } from '@escucha/core';
import { InProcessLiveBus, LIVE_BUS, type LiveBus } from '@escucha/live';
import { InlineJobQueue, JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { POST_STORE, USER_STORE, openDuckDbStores, type PostStore, type UserStore } from '@escucha/store';

/** The store drivers share one handle (one DuckDB file, one Elasticsearch client). */
interface Stores {
  posts: PostStore;
  users: UserStore;
  close(): Promise<void>;
}
const STORES = Symbol('Stores');

/** Driver names come from the validated config; a name without a driver here is a start-up error, never a fallback. */
async function openStores(config: AppConfig): Promise<Stores> {
  switch (config.store.driver) {
    case 'duckdb':
      await mkdir(config.dataDir, { recursive: true });
      return openDuckDbStores(join(config.dataDir, 'escucha.duckdb'));
    default:
      throw new Error(`STORE=${config.store.driver} has no driver in this build yet; use STORE=duckdb`);
  }
}

async function openQueue(config: AppConfig): Promise<JobQueue> {
  switch (config.queue.driver) {
    case 'inline':
      return InlineJobQueue.open(join(config.dataDir, 'queue'));
    default:
      throw new Error(`QUEUE=${config.queue.driver} has no driver in this build yet; use QUEUE=inline`);
  }
}

function openLiveBus(config: AppConfig): LiveBus {
  switch (config.queue.driver) {
    case 'inline':
      return new InProcessLiveBus();
    default:
      throw new Error(`QUEUE=${config.queue.driver} has no live fan-out driver in this build yet; use QUEUE=inline`);
  }
}

/** Closes I/O in dependency order: the queue first (its active jobs still write), the store last. */
@Injectable()
class InfrastructureShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(STORES) private readonly stores: Stores,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.bus.close();
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
        { provide: JOB_QUEUE, useFactory: () => openQueue(config) },
        { provide: LIVE_BUS, useFactory: () => openLiveBus(config) },
        InfrastructureShutdown,
      ],
      exports: [APP_CONFIG, CLOCK, POST_STORE, USER_STORE, JOB_QUEUE, LIVE_BUS],
    };
  }
}
