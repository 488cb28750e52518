import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { IngestModule } from '@escucha/ingest';
import { FileLabelStore, LABEL_STORE, LABELS_DIR } from '@escucha/store';
import { CorrectedPosts } from './corrected-posts';
import { LabelsController } from './labels.controller';
import { LabelsService } from './labels.service';

/**
 * Labels live in a JSONL file under DATA_DIR in both footprints for now: `escucha train`
 * reads plain files there, never the server's database. With several API machines each
 * would write its own file, so scale-out needs a store-backed LabelStore driver (chosen by
 * configuration like the post store) before more than one node takes corrections.
 */
@Module({
  imports: [IngestModule],
  controllers: [LabelsController],
  providers: [
    { provide: LABEL_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => FileLabelStore.open(join(config.dataDir, LABELS_DIR)) },
    CorrectedPosts,
    LabelsService,
  ],
  exports: [CorrectedPosts],
})
export class LabelsModule {}
