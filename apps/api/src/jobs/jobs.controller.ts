import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Roles } from '../auth/roles.decorator';
import { FailedJobDto, FailedJobsQuery, QueueStatusDto } from './jobs.dto';
import { queueStatus } from './queue.status';

/** What operators need to see of the pipeline: backlog per queue and the jobs that gave up. */
@ApiTags('jobs')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  status(): Promise<QueueStatusDto[]> {
    return queueStatus(this.queue, this.clock, this.config.ingest.maxLagSeconds);
  }

  @Get('failed')
  failed(@Query() query: FailedJobsQuery): Promise<FailedJobDto[]> {
    return this.queue.failed(query.queue ?? 'ingest', query.limit ?? 50);
  }
}
