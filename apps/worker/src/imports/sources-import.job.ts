import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock, type ImportStatus, type PostInput } from '@escucha/core';
import { readImportFile, withSourceDefaults } from '@escucha/connectors';
import { ImportProgress, IngestService, MAX_REPORTED_ROW_ERRORS, SourceRegistry, validatePostInput } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { runTracked } from '../jobs/tracked.run';

/** Rows handed to the queue at once, and how often progress is saved. */
const CHUNK = 1_000;

/**
 * Reads an uploaded file row by row (message by message for email): good rows go to the batch queue like any backfill, bad
 * ones are reported with their line. A retry starts from the top; rows already accepted are
 * accepted again, which stores nothing twice (a post's id is its key).
 */
@Injectable()
export class SourcesImportJob {
  private readonly logger = new Logger('Import');

  constructor(
    private readonly ingest: IngestService,
    private readonly progress: ImportProgress,
    private readonly sources: SourceRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @OnJob('sources.import')
  async handle(job: Job<'sources.import'>): Promise<void> {
    const { importId, sourceId, format, content, channel } = job.data;
    const saved = await this.progress.read(importId);
    const status: ImportStatus = {
      id: importId,
      sourceId,
      format,
      bytes: Buffer.byteLength(content),
      createdAt: saved?.value.createdAt ?? this.clock.now().toISOString(),
      state: 'running',
      processed: 0,
      accepted: 0,
      rejected: 0,
      errors: [],
    };
    await runTracked({
      job,
      progress: this.progress,
      status,
      step: saved?.version ?? 0,
      clock: this.clock,
      work: async (save) => {
        let batch: PostInput[] = [];
        const send = async () => {
          await this.ingest.accept(batch, 'batch');
          status.accepted += batch.length;
          this.sources.record(sourceId, batch.length);
          batch = [];
        };
        for await (const { line, message, record } of readImportFile(format, content)) {
          const outcome = validatePostInput(withSourceDefaults(record, channel));
          if (outcome.ok) {
            batch.push(outcome.post);
          } else {
            status.rejected++;
            if (status.errors.length < MAX_REPORTED_ROW_ERRORS) status.errors.push({ line, ...(message !== undefined ? { message } : {}), error: outcome.error });
          }
          if (++status.processed % CHUNK === 0) {
            await send();
            await save();
          }
        }
        await send();
      },
      gaveUp: (message) => this.sources.record(sourceId, 0, `import ${importId} failed: ${message}`),
    });
    this.logger.log(`import ${importId} for source ${sourceId}: ${status.accepted} accepted, ${status.rejected} rejected`);
  }
}
