import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, NotFoundError, type Clock, type ImportFormat, type ImportStatus } from '@escucha/core';
import { ImportProgress, SourceRegistry } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { NDJSON_TYPES } from '../ingest/ingest-body.parser';
import type { CreateImportQuery } from './sources.dto';

/** Tries of an import job; a retry re-reads the file from the top, which stores nothing twice. */
const IMPORT_ATTEMPTS = 3;

@Injectable()
export class ImportsService {
  constructor(
    private readonly registry: SourceRegistry,
    private readonly progress: ImportProgress,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(query: CreateImportQuery, body: unknown, contentType: string | undefined): Promise<ImportStatus> {
    const format = query.format ?? formatOf(contentType);
    if (typeof body !== 'string' || body.trim() === '') {
      throw new AppError('EMPTY_BODY', 'send the file as the request body, e.g. curl --data-binary @notes.csv -H "Content-Type: text/csv"', 400);
    }
    const resolved = await this.registry.resolve(query.sourceId);
    if (!resolved) throw new AppError('SOURCE_NOT_FOUND', `no source "${query.sourceId}"`, 404);
    if (resolved.source.kind !== 'import') throw new AppError('SOURCE_KIND', `source "${query.sourceId}" is a ${resolved.source.kind} source, not an import source`, 409);
    if (resolved.source.state !== 'active') throw new AppError('SOURCE_PAUSED', `source "${query.sourceId}" is paused; resume it to import`, 409);
    const status: ImportStatus = {
      id: randomUUID(),
      sourceId: query.sourceId,
      format,
      state: 'queued',
      bytes: Buffer.byteLength(body),
      processed: 0,
      accepted: 0,
      rejected: 0,
      errors: [],
      createdAt: this.clock.now().toISOString(),
    };
    await this.progress.set(status, 1);
    await this.queue.add('batch', {
      name: 'sources.import',
      data: { importId: status.id, sourceId: status.sourceId, channel: resolved.source.channel, format, content: body },
      opts: { jobId: `import-${status.id}`, attempts: IMPORT_ATTEMPTS },
    });
    return status;
  }

  async get(id: string): Promise<ImportStatus> {
    const status = await this.progress.get(id);
    if (!status) throw new NotFoundError(`no import "${id}"`);
    return status;
  }
}

/** Media types of the email formats: a single message (RFC 822/5322), and the mbox mailbox of RFC 4155. */
export const EML_TYPES = ['message/rfc822'];
export const MBOX_TYPES = ['application/mbox'];

function formatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (NDJSON_TYPES.includes(type)) return 'jsonl';
  if (EML_TYPES.includes(type)) return 'eml';
  if (MBOX_TYPES.includes(type)) return 'mbox';
  throw new AppError(
    'IMPORT_FORMAT_UNKNOWN',
    'say the format: ?format=csv|jsonl|eml|mbox, or Content-Type text/csv, application/x-ndjson, message/rfc822 or application/mbox',
    400,
  );
}
