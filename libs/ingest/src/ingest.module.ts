import { Module } from '@nestjs/common';
import { ANALYZER, analyzerProvider } from './analyzer.provider';
import { IngestService } from './ingest.service';
import { POST_ENRICHER } from './post.enricher';
import { postEnricherProvider } from './post-enricher.provider';
import { RecategorizationProgress } from './recategorization.status';
import { SentimentModelRegistry } from './sentiment-model.registry';
import { ConnectorStateRegistry } from './sources/connector.state';
import { DemoSwitch } from './sources/demo.switch';
import { FacebookBackfillProgress } from './sources/facebook-backfill.progress';
import { SourceRegistry } from './sources/source.registry';
import { ImportProgress } from './sources/import.progress';
import { XBackfillProgress } from './sources/x-backfill.progress';
import { TaxonomyRegistry } from './taxonomy.registry';

@Module({
  providers: [IngestService, analyzerProvider, postEnricherProvider, TaxonomyRegistry, SentimentModelRegistry, RecategorizationProgress, SourceRegistry, ImportProgress, XBackfillProgress, ConnectorStateRegistry, FacebookBackfillProgress, DemoSwitch],
  exports: [IngestService, ANALYZER, POST_ENRICHER, TaxonomyRegistry, SentimentModelRegistry, RecategorizationProgress, SourceRegistry, ImportProgress, XBackfillProgress, ConnectorStateRegistry, FacebookBackfillProgress, DemoSwitch],
})
export class IngestModule {}
