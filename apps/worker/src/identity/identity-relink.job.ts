import { Inject, Injectable, Logger } from '@nestjs/common';
import { IdentityService } from '@escucha/identity';
import { JOB_QUEUE, type Job, type JobQueue } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';

/**
 * After a CRM import: the authors already seen, matched against the customers known now. One
 * page of authors per job, the job queueing the next page: on a large store a pass is hundreds
 * of pages, and as one job it held the batch queue (customer imports, reports) for the whole
 * pass and started over after a restart.
 */
@Injectable()
export class IdentityRelinkJob {
  private readonly logger = new Logger('IdentityRelink');

  constructor(
    private readonly identity: IdentityService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @OnJob('identity.relink')
  async handle(job: Job<'identity.relink'>): Promise<void> {
    const { requestedAt, pass = job.id, step = 0, cursor } = job.data;
    const page = await this.identity.relinkPage(cursor);
    const authors = (job.data.authors ?? 0) + page.authors;
    const linked = (job.data.linked ?? 0) + page.linked;
    if (page.nextCursor) {
      // Named by pass and step, so a step retried after queueing its successor queues it once.
      await this.queue.add('batch', {
        name: 'identity.relink',
        data: { requestedAt, pass, step: step + 1, cursor: page.nextCursor, authors, linked },
        opts: { jobId: `${pass}-${step + 1}` },
      });
      return;
    }
    this.logger.log(`relinked ${authors} authors seen in ${step + 1} pages: ${linked} linked`);
  }
}
