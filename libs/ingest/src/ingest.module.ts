import { Module } from '@nestjs/common';
import { ANALYZER, analyzerProvider } from './analyzer.provider';
import { IngestService } from './ingest.service';
import { RecategorizationProgress } from './recategorization.status';
import { TaxonomyRegistry } from './taxonomy.registry';

@Module({
  providers: [IngestService, analyzerProvider, TaxonomyRegistry, RecategorizationProgress],
  exports: [IngestService, ANALYZER, TaxonomyRegistry, RecategorizationProgress],
})
export class IngestModule {}
