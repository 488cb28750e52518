import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Analyzer } from '@escucha/analysis';
import { aspectsForTopics, CLOCK, type Clock } from '@escucha/core';
import { ANALYZER, POST_ENRICHER, RecategorizationProgress, TaxonomyRegistry, type PostEnricher } from '@escucha/ingest';
import { JOB_QUEUE, type Job, type JobQueue } from '@escucha/queue';
import { LABEL_STORE, POST_STORE, type LabelStore, type PostStore } from '@escucha/store';
import { OnJob } from '../jobs/on-job.decorator';

const PAGE = 500;
/** Pages per job: long enough to amortise the queue, short enough that ingest never waits long behind it. */
const PAGES_PER_JOB = 10;

/**
 * Brings stored posts to the current taxonomy: topics, intents and entities are worked out
 * again, except the topics of posts a person corrected, which keep the topics they chose;
 * sentiment is left as stored, so analysts' corrections survive. Regions are worked out again too.
 */
@Injectable()
export class PostsRecategorizeJob {
  private readonly logger = new Logger('Recategorize');

  constructor(
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    @Inject(POST_ENRICHER) private readonly enricher: PostEnricher,
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(LABEL_STORE) private readonly labels: LabelStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly progress: RecategorizationProgress,
    private readonly registry: TaxonomyRegistry,
  ) {}

  @OnJob('posts.recategorize')
  async handle(job: Job<'posts.recategorize'>): Promise<void> {
    const { version, total, step } = job.data;
    // Another process may have saved the taxonomy: catch up before judging the job.
    const current = this.analyzer.taxonomy.version < version ? (await this.registry.refresh()).version : this.analyzer.taxonomy.version;
    const status = await this.progress.get(version);
    const startedAt = status?.startedAt ?? this.clock.now().toISOString();
    if (current > version) {
      // A newer taxonomy came in meanwhile and started its own pass.
      await this.progress.set({ version, state: 'superseded', processed: job.data.processed, total, startedAt, finishedAt: this.clock.now().toISOString() }, step + 1);
      return;
    }
    if (current < version) throw new Error(`taxonomy v${version} is not in the store yet (this process has v${current})`);
    let { cursor, processed } = job.data;
    for (let page = 0; page < PAGES_PER_JOB; page++) {
      const slice = await this.store.search({}, { limit: PAGE, cursor });
      if (slice.items.length > 0) {
        const analysed = await this.enricher.enrich(slice.items.map((post) => ({ text: post.text, lang: post.lang, location: post.author.location })));
        const enrichments = analysed.map((a) => a.enrichment);
        const corrections = await this.labels.corrections(slice.items.map((post) => post.id));
        await this.store.upsert(
          // Sentiment per topic follows the new topics (the post's own sentiment is kept); topics a
          // person chose keep theirs, with what the text says about each where it says something.
          slice.items.map((post, i) => {
            const corrected = corrections.get(post.id)?.topics;
            return {
              ...post,
              topics: corrected ?? enrichments[i].topics,
              intents: enrichments[i].intents,
              entities: enrichments[i].entities,
              aspects: corrected ? aspectsForTopics(corrected, enrichments[i].aspects ?? [], post.sentiment.label) : enrichments[i].aspects,
              // The pass over history is also what gives posts stored before regions were kept theirs.
              regions: analysed[i].regions,
            };
          }),
        );
        processed += slice.items.length;
      }
      cursor = slice.nextCursor;
      if (!cursor) break;
    }
    if (cursor) {
      await this.progress.set({ version, state: 'running', processed, total, startedAt }, step + 1);
      await this.queue.add('batch', {
        name: 'posts.recategorize',
        data: { version, cursor, processed, total, step: step + 1 },
        opts: { jobId: `recategorize-v${version}-${processed}` },
      });
    } else {
      await this.progress.set({ version, state: 'done', processed, total, startedAt, finishedAt: this.clock.now().toISOString() }, step + 1);
      this.logger.log(`taxonomy v${version}: ${processed} posts re-categorised`);
    }
  }
}
