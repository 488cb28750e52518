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
import { HistoryModule } from './history/history.module';
import { CustomersModule } from './identity/customers.module';
import { IngestController } from './ingest/ingest.controller';
import { JobsController } from './jobs/jobs.controller';
import { LabelsModule } from './labels/labels.module';
import { LiveModule } from './live/live.module';
import { OffersModule } from './offers/offers.module';
import { ReportsModule } from './reports/reports.module';
import { SourcesModule } from './sources/sources.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { MetricsController } from './metrics/metrics.controller';
import { DemoModule } from './demo/demo.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    // The in-process queue has no other consumer: the worker runs inside this process.
    const worker = config.queue.driver === 'inline' ? [WorkerModule] : [];
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        ScheduleModule.forRoot(),
        AuthModule,
        IngestModule,
        IdentityModule,
        LiveModule,
        LabelsModule,
        OffersModule,
        AuditModule,
        AlertsModule,
        HistoryModule,
        CustomersModule,
        SourcesModule,
        TaxonomyModule,
        DemoModule,
        ReportsModule,
        ...worker,
      ],
      // Operations and the ingest edge; every other feature is a module of its own.
      controllers: [HealthController, MetricsController, IngestController, AnalysisController, JobsController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false }),
        },
      ],
    };
  }
}
