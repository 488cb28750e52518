import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { InlineEnricher, POST_ENRICHER, type PostEnricher } from './post.enricher';
import { ThreadEnricher } from './thread.enricher';
import { ANALYZER, type SwappableAnalyzer } from './taxonomy.registry';

export const postEnricherProvider: Provider<PostEnricher> = {
  provide: POST_ENRICHER,
  inject: [ANALYZER, APP_CONFIG],
  useFactory: (analyzer: SwappableAnalyzer, config: AppConfig) => {
    const threads = config.ingest.analysisThreads;
    if (threads === 0) return new InlineEnricher(analyzer);
    const logger = new Logger('Analysis');
    return new ThreadEnricher(analyzer, threads, { onLost: (error) => logger.error(`${error.message}; starting another`) });
  },
};
