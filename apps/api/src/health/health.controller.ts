import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, REGION_NAMES, SENTIMENT_LABELS, SOURCES, type RegionInfo } from '@escucha/core';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { POST_STORE, type PostStore } from '@escucha/store';
import { Public } from '../auth/roles.decorator';
import { vocabularyLabels, type Analyzer, type EntityInfo } from '@escucha/analysis';
import { ANALYZER, DemoSwitch } from '@escucha/ingest';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: { store: 'duckdb', queue: 'inline' } }) drivers!: { store: string; queue: string };
  @ApiProperty({ description: 'True while the demo stream feeds the data' }) demo!: boolean;
}

type CheckState = 'ok' | 'unreachable';

class ReadinessDto {
  @ApiProperty({ example: 'ready' }) status!: 'ready';
  @ApiProperty({ example: { store: 'ok', queue: 'ok' } }) checks!: { store: CheckState; queue: CheckState };
}

/**
 * How long a dependency may take to answer a probe. A stopped Redis or Elasticsearch makes their
 * clients retry for much longer, and an orchestrator's probe gives up after a few seconds.
 */
const READY_TIMEOUT_MS = 2_000;

class MetaDto {
  @ApiProperty() topics!: string[];
  @ApiProperty({ description: 'Display name per topic id and language ("*" for any)', example: { outage: { es: 'Cortes y caídas', en: 'Outages' } } })
  topicLabels!: Record<string, Record<string, string>>;
  @ApiProperty() sources!: string[];
  @ApiProperty() sentiments!: string[];
  @ApiProperty() intents!: string[];
  @ApiProperty() languages!: string[];
  @ApiProperty({ description: 'Region ids the `region` filter accepts, with their display names', example: [{ id: 'cordoba', name: 'Córdoba' }] })
  regions!: RegionInfo[];
  @ApiProperty({
    description: 'Brand first, then competitors: the ids the `entity` filter and split use, with their names',
    example: [{ id: 'aurora', name: 'Aurora Móvil', role: 'brand' }],
  })
  entities!: EntityInfo[];
}

/** Built once: the gazetteer is fixed at build time. */
const REGIONS: readonly RegionInfo[] = Object.entries(REGION_NAMES).map(([id, name]) => ({ id, name }));

@ApiTags('meta')
@Controller()
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly demo: DemoSwitch,
  ) {}

  @Public()
  @Get('health')
  async health(): Promise<HealthDto> {
    return { status: 'ok', drivers: { store: this.config.store.driver, queue: this.config.queue.driver }, demo: await this.demo.on() };
  }

  /** Liveness: the process answers. Nothing else is asked, so a dependency's outage never gets the process restarted. */
  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: this node can serve, because the store and the queue both answer. */
  @Public()
  @Get('health/ready')
  @ApiResponse({ status: 503, description: 'The store or the queue does not answer; `checks` says which' })
  async ready(): Promise<ReadinessDto> {
    const [store, queue] = await Promise.all([this.probe('store', () => this.store.count()), this.probe('queue', () => this.queue.counts('ingest'))]);
    const checks = { store, queue };
    if (store !== 'ok' || queue !== 'ok') {
      const down = Object.entries(checks).filter(([, state]) => state !== 'ok').map(([name]) => name);
      throw new AppError('NOT_READY', `not ready: ${down.join(' and ')} unreachable`, 503, { checks });
    }
    return { status: 'ready', checks: { store, queue } };
  }

  private async probe(name: string, call: () => Promise<unknown>): Promise<CheckState> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([call(), timeout]);
      return 'ok';
    } catch (error) {
      // The reason stays in the log: the probe is public and must not describe the network.
      this.logger.warn(`readiness: ${name} unreachable: ${(error as Error).message}`);
      return 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  }

  @Get('api/v1/meta')
  meta(): MetaDto {
    const { topics, intents, languages } = this.analyzer.describe();
    const { topics: topicLabels, entities } = vocabularyLabels(this.analyzer);
    return { topics, topicLabels, sources: [...SOURCES], sentiments: [...SENTIMENT_LABELS], intents, languages, regions: REGIONS.map((r) => ({ ...r })), entities };
  }
}
