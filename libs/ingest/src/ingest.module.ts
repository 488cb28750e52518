import { Module } from '@nestjs/common';
import { ANALYZER, analyzerProvider } from './analyzer.provider';
import { IngestService } from './ingest.service';
import { RecategorizationProgress } from './recategorization.status';
import { SentimentModelRegistry } from './sentiment-model.registry';
import { TaxonomyRegistry } from './taxonomy.registry';

@Module({
  providers: [IngestService, analyzerProvider, TaxonomyRegistry, SentimentModelRegistry, RecategorizationProgress],
  exports: [IngestService, ANALYZER, TaxonomyRegistry, SentimentModelRegistry, RecategorizationProgress],
})
export class IngestModule {}
