import { Injectable, Logger } from '@nestjs/common';
import { IdentityService } from '@escucha/identity';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';

/** After a CRM import: the authors already seen, matched against the customers known now. */
@Injectable()
export class IdentityRelinkJob {
  private readonly logger = new Logger('IdentityRelink');

  constructor(private readonly identity: IdentityService) {}

  @OnJob('identity.relink')
  async handle(_job: Job<'identity.relink'>): Promise<void> {
    const { authors, linked } = await this.identity.relinkSeen();
    this.logger.log(`relinked ${authors} authors seen: ${linked} linked`);
  }
}
