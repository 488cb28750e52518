import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IdentityModule } from '@escucha/identity';
import { IngestModule } from '@escucha/ingest';
import { BlueskyRunner } from './connectors/bluesky.runner';
import { AlertDeliveryJob } from './alerts/alert-delivery.job';
import { AlertDetection } from './alerts/alert.detection';
import { DemoCrmSeeder } from './connectors/demo-crm.seeder';
import { DemoRemovalJob } from './connectors/demo-removal.job';
import { DemoRunner } from './connectors/demo.runner';
import { MastodonRunner } from './connectors/mastodon.runner';
import { FacebookBackfillJob } from './connectors/facebook-backfill.job';
import { XBackfillJob } from './connectors/x-backfill.job';
import { XRunner } from './connectors/x.runner';
import { PostsIngestJob } from './ingest/posts-ingest.job';
import { PostWriter } from './ingest/post.writer';
import { PostsRecategorizeJob } from './ingest/posts-recategorize.job';
import { CustomersImportJob } from './identity/customers-import.job';
import { IdentityRelinkJob } from './identity/identity-relink.job';
import { SourcesImportJob } from './imports/sources-import.job';
import { JobMetrics } from './jobs/job.metrics';
import { JobRunner } from './jobs/job.runner';
import { DailyReportJob } from './schedules/daily-report.job';
import { RetentionJob } from './schedules/retention.job';

/**
 * Queue processors, schedules and connectors. Its own process in scale-out; imported
 * into the API process in the embedded default, where the queue is in-process.
 */
@Module({
  imports: [DiscoveryModule, IngestModule, IdentityModule],
  providers: [JobRunner, JobMetrics, PostWriter, PostsIngestJob, PostsRecategorizeJob, SourcesImportJob, DemoCrmSeeder, DemoRunner, DemoRemovalJob, XRunner, XBackfillJob, RetentionJob, CustomersImportJob, IdentityRelinkJob, BlueskyRunner, MastodonRunner, FacebookBackfillJob, AlertDetection, AlertDeliveryJob, DailyReportJob],
  exports: [JobRunner],
})
export class WorkerModule {}
