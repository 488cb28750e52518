import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { FacebookBackfillsController } from './facebook-backfills.controller';
import { FacebookWebhookService } from './facebook-webhook.service';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { SIGNATURE_LEDGER_PROVIDERS } from './signature-ledger.provider';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';
import { XBackfillsController } from './x-backfills.controller';

/** Where posts come from besides POST /posts: the source list, signed webhooks, file imports and backfills. */
@Module({
  imports: [IngestModule],
  controllers: [SourcesController, WebhooksController, ImportsController, XBackfillsController, FacebookBackfillsController],
  providers: [SourcesService, WebhooksService, ...SIGNATURE_LEDGER_PROVIDERS, FacebookWebhookService, ImportsService],
})
export class SourcesModule {}
