import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { MastodonConnector, type MastodonState } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { ConnectorStateRegistry, IngestService, SourceRegistry } from '@escucha/ingest';
import { LEADERSHIP, type Leadership } from '@escucha/queue';
import { StreamHost } from './stream.host';

export const MASTODON_SOURCE_ID = 'mastodon';

/**
 * A Mastodon server's hashtag and public streams when MASTODON_URL is set, in the one process
 * holding the lease; the newest status per stream lives in the shared store, so whichever
 * process holds the streams next fills the gap from the timelines.
 */
@Injectable()
export class MastodonRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mastodon');
  private host?: StreamHost;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    private readonly ingest: IngestService,
    private readonly sources: SourceRegistry,
    private readonly state: ConnectorStateRegistry,
    private readonly metrics: Metrics,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const mastodon = this.config.mastodon;
    if (!mastodon) return;
    this.host = new StreamHost({
      source: { id: MASTODON_SOURCE_ID, kind: 'mastodon', name: `Mastodon (${new URL(mastodon.url).host})`, channel: 'mastodon', state: 'active' },
      logger: this.logger,
      leadership: this.leadership,
      ingest: this.ingest,
      sources: this.sources,
      state: this.state,
      metrics: this.metrics,
      scheduler: this.scheduler,
      create: ({ timers, reporter }) =>
        new MastodonConnector({
          id: MASTODON_SOURCE_ID,
          url: mastodon.url,
          tags: mastodon.tags,
          queries: mastodon.queries,
          token: mastodon.token,
          stallMs: mastodon.stallMs,
          retry: { baseMs: mastodon.retryMs },
          state: this.state.resumeState<MastodonState>(MASTODON_SOURCE_ID),
          timers,
          reporter,
          logger: this.logger,
        }),
    });
    await this.host.boot();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host?.shutdown();
  }
}
