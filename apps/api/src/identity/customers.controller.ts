import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AppError, CLOCK, NotFoundError, type Clock, type Customer, type CustomerImportStatus } from '@escucha/core';
import { CustomerImportProgress, IdentityService, type CustomerImportResult } from '@escucha/identity';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Roles } from '../auth/roles.decorator';
import { NDJSON_TYPES } from '../ingest/ingest-body.parser';

/** At most this many customers per request, as the issue sets it. */
export const MAX_CUSTOMERS_PER_REQUEST = 5_000;
const IMPORT_ATTEMPTS = 3;

/** Customers are personal data: admins and the service role only. */
@ApiTags('identity')
@ApiBearerAuth()
@Roles('admin', 'service')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly identity: IdentityService,
    private readonly progress: CustomerImportProgress,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 200 means stored: upsert by id; a bad record is rejected alone, at its index. */
  @Post()
  @HttpCode(200)
  @ApiBody({ description: `A JSON array of customers (at most ${MAX_CUSTOMERS_PER_REQUEST})` })
  create(@Body() body: unknown): Promise<CustomerImportResult> {
    if (!Array.isArray(body) || body.length === 0) throw new AppError('EMPTY_BODY', 'send a non-empty JSON array of customers (Content-Type: application/json)', 400);
    if (body.length > MAX_CUSTOMERS_PER_REQUEST) {
      throw new AppError('TOO_MANY_CUSTOMERS', `at most ${MAX_CUSTOMERS_PER_REQUEST} customers per request, got ${body.length}; split the batch`, 413);
    }
    return this.identity.importCustomers(body);
  }

  /** 202: the file is queued; follow it at GET /api/v1/customers/imports/:id. */
  @Post('imports')
  @HttpCode(202)
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiBody({ description: 'A CSV (header row; lists split by ";"; handles.x, consent.marketing, attributes.* columns) or JSONL file as the body' })
  async importFile(@Body() body: unknown, @Headers('content-type') type?: string, @Query('format') format?: string): Promise<CustomerImportStatus> {
    const chosen = format ?? formatOf(type);
    if (chosen !== 'csv' && chosen !== 'jsonl') throw new AppError('IMPORT_FORMAT_UNKNOWN', 'say the format: ?format=csv|jsonl, or Content-Type text/csv or application/x-ndjson', 400);
    if (typeof body !== 'string' || body.trim() === '') throw new AppError('EMPTY_BODY', 'send the file as the request body, e.g. curl --data-binary @customers.csv -H "Content-Type: text/csv"', 400);
    const status: CustomerImportStatus = {
      id: randomUUID(),
      format: chosen,
      state: 'queued',
      bytes: Buffer.byteLength(body),
      processed: 0,
      accepted: 0,
      rejected: 0,
      errors: [],
      createdAt: this.clock.now().toISOString(),
    };
    await this.progress.set(status, 1);
    await this.queue.add('batch', { name: 'customers.import', data: { importId: status.id, format: chosen, content: body }, opts: { jobId: `customer-import-${status.id}`, attempts: IMPORT_ATTEMPTS } });
    return status;
  }

  @Get('imports/:id')
  async importStatus(@Param('id') id: string): Promise<CustomerImportStatus> {
    const status = await this.progress.get(id);
    if (!status) throw new NotFoundError(`no customer import "${id}"`);
    return status;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Customer> {
    return this.identity.getCustomer(id);
  }
}

function formatOf(contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (NDJSON_TYPES.includes(type)) return 'jsonl';
  return undefined;
}
