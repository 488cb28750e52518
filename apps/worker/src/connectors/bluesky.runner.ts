import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { JetstreamConnector, type JetstreamState } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { ConnectorStateRegistry, IngestService, SourceRegistry } from '@escucha/ingest';
import { LEADERSHIP, type Leadership } from '@escucha/queue';
import { StreamHost } from './stream.host';

export const BLUESKY_SOURCE_ID = 'bluesky';

/**
 * Bluesky through Jetstream when BLUESKY_QUERIES is set: one process of the cluster holds the
 * WebSocket, and its cursor lives in the shared store, so whichever process holds it next (after
 * a restart or a hand-over) resumes where the last one stopped.
 */
@Injectable()
export class BlueskyRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Bluesky');
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
    const bluesky = this.config.bluesky;
    if (!bluesky) return;
    this.host = new StreamHost({
      source: { id: BLUESKY_SOURCE_ID, kind: 'bluesky', name: 'Bluesky (Jetstream)', channel: 'bluesky', state: 'active' },
      logger: this.logger,
      leadership: this.leadership,
      ingest: this.ingest,
      sources: this.sources,
      state: this.state,
      metrics: this.metrics,
      scheduler: this.scheduler,
      create: ({ timers, reporter }) =>
        new JetstreamConnector({
          id: BLUESKY_SOURCE_ID,
          url: bluesky.jetstreamUrl,
          queries: bluesky.queries,
          rewindMs: bluesky.rewindMs,
          stallMs: bluesky.stallMs,
          retry: { baseMs: bluesky.retryMs },
          state: this.state.resumeState<JetstreamState>(BLUESKY_SOURCE_ID),
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
