import { Inject, Injectable } from '@nestjs/common';
import { parseTaxonomy, TaxonomyError, type Taxonomy } from '@escucha/analysis';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { RecategorizationProgress, TaxonomyRegistry, type RecategorizationStatus } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { POST_STORE, type PostStore } from '@escucha/store';

/**
 * Changing the taxonomy: validate, save (every process picks it up), switch the analyser
 * for new posts, then bring history along as a batch job whose progress can be followed.
 */
@Injectable()
export class TaxonomyService {
  constructor(
    private readonly registry: TaxonomyRegistry,
    private readonly progress: RecategorizationProgress,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  current(): Taxonomy {
    return this.registry.current();
  }

  async replace(raw: unknown): Promise<{ taxonomy: Taxonomy; recategorization: RecategorizationStatus }> {
    // The server owns the version: every change gets the next one, whatever the body says.
    const version = (await this.registry.refresh()).version + 1;
    const taxonomy = this.parse(typeof raw === 'object' && raw !== null ? { ...raw, version } : raw);
    if (!(await this.registry.save(taxonomy, this.clock.now()))) {
      throw new AppError('CONFLICT', `the taxonomy changed meanwhile (version ${version} was saved by someone else): reload it and edit again`, 409);
    }
    const total = await this.store.count({});
    const recategorization: RecategorizationStatus = { version, state: 'running', processed: 0, total, startedAt: this.clock.now().toISOString() };
    await this.progress.set(recategorization, 1);
    await this.queue.add('batch', {
      name: 'posts.recategorize',
      data: { version, processed: 0, total, step: 1 },
      opts: { jobId: `recategorize-v${version}-0` },
    });
    return { taxonomy, recategorization };
  }

  async recategorization(): Promise<RecategorizationStatus> {
    const status = await this.progress.get(this.registry.current().version);
    if (!status) throw new AppError('NOT_FOUND', 'history has not been re-categorised with this taxonomy: it is when the taxonomy changes', 404);
    return status;
  }

  private parse(raw: unknown): Taxonomy {
    try {
      return parseTaxonomy(raw);
    } catch (error) {
      if (!(error instanceof TaxonomyError)) throw error;
      throw new AppError('INVALID_TAXONOMY', error.message, 400, { group: error.group, lang: error.lang, position: error.position });
    }
  }
}
