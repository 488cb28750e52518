import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { AuthModule } from '../auth/auth.module';
import { LabelsModule } from '../labels/labels.module';
import { PostPrivacy } from '../privacy/post-privacy';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { PostsController } from './posts.controller';

/** What analysts read: stored posts by period, breakdowns, comparisons and exports, pseudonymised by role. */
@Module({
  imports: [IngestModule, LabelsModule, AuthModule],
  controllers: [HistoryController, PostsController],
  providers: [HistoryService, PostPrivacy],
})
export class HistoryModule {}
