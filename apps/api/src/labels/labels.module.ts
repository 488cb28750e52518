import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { CorrectedPosts } from './corrected-posts';
import { LabelsController } from './labels.controller';
import { LabelsService } from './labels.service';

/** Labels live behind the LabelStore port, with the posts (DuckDB or Elasticsearch), so every API node sees every correction. */
@Module({
  imports: [IngestModule],
  controllers: [LabelsController],
  providers: [CorrectedPosts, LabelsService],
  exports: [CorrectedPosts],
})
export class LabelsModule {}
