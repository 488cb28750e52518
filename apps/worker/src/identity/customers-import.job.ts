import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, CLOCK, type Clock, type CustomerImportStatus } from '@escucha/core';
import { readImportRecords } from '@escucha/connectors';
import { CustomerImportProgress, IdentityService } from '@escucha/identity';
import { MAX_REPORTED_ROW_ERRORS } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { OnJob } from '../jobs/on-job.decorator';
import { runTracked } from '../jobs/tracked.run';

/** Rows stored at once, and how often progress is saved. */
const CHUNK = 1_000;

/**
 * A CRM file, row by row: good rows are stored in chunks (upsert by id, so a retry from the top
 * stores nothing twice), bad ones reported with their line. Linking of authors already seen is
 * queued once, at the end.
 */
@Injectable()
export class CustomersImportJob {
  private readonly logger = new Logger('CustomerImport');

  constructor(
    private readonly identity: IdentityService,
    private readonly progress: CustomerImportProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @OnJob('customers.import')
  async handle(job: Job<'customers.import'>): Promise<void> {
    const { importId, format, content } = job.data;
    const saved = await this.progress.read(importId);
    const status: CustomerImportStatus = {
      id: importId,
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
        let rows: Array<{ line: number; record: unknown }> = [];
        const send = async () => {
          if (rows.length === 0) return;
          const batch = rows;
          rows = [];
          let result;
          try {
            result = await this.identity.importCustomers(batch.map((r) => r.record), false);
          } catch (error) {
            // A chunk with no good row is only bad rows, not a failed import.
            if (!(error instanceof AppError && error.code === 'NO_VALID_CUSTOMERS')) throw error;
            result = { accepted: 0, rejected: batch.map((row, index) => ({ index, error: this.identity.validate(row.record) })) };
          }
          status.accepted += result.accepted;
          status.rejected += result.rejected.length;
          for (const bad of result.rejected) {
            if (status.errors.length < MAX_REPORTED_ROW_ERRORS) status.errors.push({ line: batch[bad.index].line, error: bad.error });
          }
        };
        for (const row of readImportRecords(format, content)) {
          rows.push(row);
          if (++status.processed % CHUNK === 0) {
            await send();
            await save();
          }
        }
        await send();
        if (status.accepted > 0) await this.identity.requestRelink();
      },
    });
    this.logger.log(`customer import ${importId}: ${status.accepted} accepted, ${status.rejected} rejected`);
  }
}
