import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { IngestModule } from '@escucha/ingest';
import { DemoRunner } from './connectors/demo.runner';
import { PostsIngestJob } from './ingest/posts-ingest.job';
import { JobRunner } from './jobs/job.runner';
import { RetentionSchedule } from './schedules/retention.schedule';

/**
 * Queue processors, schedules and connectors. Its own process in scale-out; imported
 * into the API process in the embedded default, where the queue is in-process.
 */
@Module({
  imports: [DiscoveryModule, ScheduleModule.forRoot(), IngestModule],
  providers: [JobRunner, PostsIngestJob, DemoRunner, RetentionSchedule],
  exports: [JobRunner],
})
export class WorkerModule {}
