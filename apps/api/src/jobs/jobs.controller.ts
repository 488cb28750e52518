import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { QUEUE_NAMES } from '@escucha/core';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Roles } from '../auth/roles.decorator';
import { FailedJobDto, FailedJobsQuery, QueueStatusDto } from './jobs.dto';

/** What operators need to see of the pipeline: backlog per queue and the jobs that gave up. */
@ApiTags('jobs')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  @Get()
  status(): Promise<QueueStatusDto[]> {
    return Promise.all(QUEUE_NAMES.map(async (queue) => ({ queue, ...(await this.queue.counts(queue)) })));
  }

  @Get('failed')
  failed(@Query() query: FailedJobsQuery): Promise<FailedJobDto[]> {
    return this.queue.failed(query.queue ?? 'ingest', query.limit ?? 50);
  }
}
