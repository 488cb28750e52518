import { Module } from '@nestjs/common';
import { ANALYZER, analyzerProvider } from './analyzer.provider';
import { IngestService } from './ingest.service';
import { RecategorizationProgress } from './recategorization.status';
import { TaxonomyFiles } from './taxonomy.registry';

@Module({
  providers: [IngestService, analyzerProvider, TaxonomyFiles, RecategorizationProgress],
  exports: [IngestService, ANALYZER, TaxonomyFiles, RecategorizationProgress],
})
export class IngestModule {}
