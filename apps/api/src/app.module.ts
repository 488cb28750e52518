import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from '@escucha/config';
import { InfrastructureModule } from '@escucha/infra';
import { IdentityModule } from '@escucha/identity';
import { IngestModule } from '@escucha/ingest';
import { WorkerModule } from '../../worker/src/worker.module';
import { AlertsModule } from './alerts/alerts.module';
import { AnalysisController } from './analysis/analysis.controller';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ErrorFilter } from './common/error.filter';
import { HealthController } from './health/health.controller';
import { HistoryController } from './history/history.controller';
import { HistoryService } from './history/history.service';
import { PostsController } from './history/posts.controller';
import { CustomersController } from './identity/customers.controller';
import { CustomerProfileService } from './identity/customer-profile.service';
import { IdentityLinksController } from './identity/identity-links.controller';
import { IngestController } from './ingest/ingest.controller';
import { JobsController } from './jobs/jobs.controller';
import { LabelsModule } from './labels/labels.module';
import { LiveModule } from './live/live.module';
import { OffersModule } from './offers/offers.module';
import { PostPrivacy } from './privacy/post-privacy';
import { MetricsController } from './metrics/metrics.controller';
import { ImportsController } from './sources/imports.controller';
import { ImportsService } from './sources/imports.service';
import { SourcesController } from './sources/sources.controller';
import { XBackfillsController } from './sources/x-backfills.controller';
import { FacebookBackfillsController } from './sources/facebook-backfills.controller';
import { FacebookWebhookService } from './sources/facebook-webhook.service';
import { SourcesService } from './sources/sources.service';
import { WebhooksController } from './sources/webhooks.controller';
import { SIGNATURE_LEDGER_PROVIDERS } from './sources/signature-ledger.provider';
import { WebhooksService } from './sources/webhooks.service';
import { TaxonomyController } from './taxonomy/taxonomy.controller';
import { TaxonomyService } from './taxonomy/taxonomy.service';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    // The in-process queue has no other consumer: the worker runs inside this process.
    const worker = config.queue.driver === 'inline' ? [WorkerModule] : [];
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(config), ScheduleModule.forRoot(), AuthModule, IngestModule, IdentityModule, LiveModule, LabelsModule, OffersModule, AuditModule, AlertsModule, ...worker],
      controllers: [HealthController, MetricsController, IngestController, PostsController, HistoryController, AnalysisController, JobsController, TaxonomyController, SourcesController, WebhooksController, ImportsController, XBackfillsController, CustomersController, IdentityLinksController, FacebookBackfillsController],
      providers: [
        HistoryService,
        CustomerProfileService,
        PostPrivacy,
        TaxonomyService,
        SourcesService,
        WebhooksService,
        ...SIGNATURE_LEDGER_PROVIDERS,
        FacebookWebhookService,
        ImportsService,
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false }),
        },
      ],
    };
  }
}
