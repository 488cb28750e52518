import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { TaxonomyController } from './taxonomy.controller';
import { TaxonomyService } from './taxonomy.service';

/** The topic taxonomy: drafts, saving (every process follows) and re-categorising history. */
@Module({
  imports: [IngestModule],
  controllers: [TaxonomyController],
  providers: [TaxonomyService],
})
export class TaxonomyModule {}
