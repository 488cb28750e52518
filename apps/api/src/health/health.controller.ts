import { Controller, Get, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, isDemoEnabled, type AppConfig } from '@escucha/config';
import { SENTIMENT_LABELS, SOURCES } from '@escucha/core';
import { Public } from '../auth/roles.decorator';
import type { Analyzer } from '@escucha/analysis';
import { ANALYZER } from '@escucha/ingest';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: { store: 'duckdb', queue: 'inline' } }) drivers!: { store: string; queue: string };
  @ApiProperty({ description: 'True while the demo stream feeds the data' }) demo!: boolean;
}

class MetaDto {
  @ApiProperty() topics!: string[];
  @ApiProperty({ description: 'Display name per topic id and language ("*" for any)', example: { outage: { es: 'Cortes y caídas', en: 'Outages' } } })
  topicLabels!: Record<string, Record<string, string>>;
  @ApiProperty() sources!: string[];
  @ApiProperty() sentiments!: string[];
  @ApiProperty() intents!: string[];
  @ApiProperty() languages!: string[];
}

@ApiTags('meta')
@Controller()
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
  ) {}

  @Public()
  @Get('health')
  health(): HealthDto {
    return { status: 'ok', drivers: { store: this.config.store.driver, queue: this.config.queue.driver }, demo: isDemoEnabled(this.config) };
  }

  @Get('api/v1/meta')
  meta(): MetaDto {
    const { topics, intents, languages } = this.analyzer.describe();
    const topicLabels = Object.fromEntries(this.analyzer.taxonomy.groups.filter((g) => g.label).map((g) => [g.id, { ...g.label }]));
    return { topics, topicLabels, sources: [...SOURCES], sentiments: [...SENTIMENT_LABELS], intents, languages };
  }
}
