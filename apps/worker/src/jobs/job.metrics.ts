import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '@escucha/infra';
import { JobRunner } from './job.runner';

/** Job durations by queue, name and outcome, from the runner's lifecycle events. */
@Injectable()
export class JobMetrics implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.runner.events.on('completed', (job, ms) => this.metrics.recordJob(job.queue, job.name, 'completed', ms / 1000));
    this.runner.events.on('failed', (job, _error, willRetry, ms) => this.metrics.recordJob(job.queue, job.name, willRetry ? 'retrying' : 'failed', ms / 1000));
  }
}
