import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AppError, CLOCK, NotFoundError, type Clock, type Customer, type CustomerImportStatus } from '@escucha/core';
import { CustomerImportProgress, IdentityService, type CustomerImportResult } from '@escucha/identity';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Recommendation } from '@escucha/offers';
import { AuditService } from '../audit/audit.service';
import { Audited } from '../audit/audited.decorator';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { CustomerAttentionService, MAX_ATTENTION_HOURS, MAX_ATTENTION_LIMIT, type AttentionList } from './customer-attention.service';
import { CustomerProfileService, MAX_TIMELINE_PAGE, type CustomerProfile, type ErasureResult } from './customer-profile.service';
import { NDJSON_TYPES } from '../ingest/ingest-body.parser';

/** At most this many customers per request, as the issue sets it. */
export const MAX_CUSTOMERS_PER_REQUEST = 5_000;
const IMPORT_ATTEMPTS = 3;

export class ProfileQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_TIMELINE_PAGE) limit?: number;
  @IsOptional() @IsString() @MaxLength(1000) cursor?: string;
}

export class AttentionQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_ATTENTION_HOURS) hours?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_ATTENTION_LIMIT) limit?: number;
}

export class FindCustomersQuery {
  @IsString() @MaxLength(200) q!: string;
}

export class OfferResponseDto {
  @IsBoolean() accepted!: boolean;
}

/** Who read which customer, and how: every read of personal data is in the audit log. */
const read = (view: string) => Audited('customer.read', { target: (r) => r.params.id, details: () => ({ view }) });

/** Customers are personal data: admins and the service role only. */
@ApiTags('identity')
@ApiBearerAuth()
@Roles('admin', 'service')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly identity: IdentityService,
    private readonly profiles: CustomerProfileService,
    private readonly attention: CustomerAttentionService,
    private readonly audit: AuditService,
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

  /**
   * Find a customer by CRM id, email or phone (any local form): id and name of each match, at
   * most a handful (a shared family email gives several). The query itself is personal data,
   * so the audit entry says how many matched, not what was asked.
   */
  @Get()
  @Audited('customer.search', { details: () => ({}) })
  async find(@Query() query: FindCustomersQuery): Promise<{ items: Array<{ id: string; name: string; city?: string }> }> {
    const found = await this.identity.findCustomers(query.q);
    return { items: found.slice(0, 20).map((c) => ({ id: c.id, name: c.name, ...(c.city !== undefined ? { city: c.city } : {}) })) };
  }

  /** Who to call back: customers with the most complaints or churn signals in the last `hours` (24), most first. */
  @Get('attention')
  @Audited('customer.search', { details: () => ({ view: 'attention' }) })
  needAttention(@Query() query: AttentionQuery): Promise<AttentionList> {
    return this.attention.list(query.hours ?? 24, query.limit ?? 20);
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
  @read('record')
  get(@Param('id') id: string): Promise<Customer> {
    return this.identity.getCustomer(id);
  }

  /** Identities, timeline across channels (paged by `limit`/`cursor`), sentiment, topics, intents, churn risk, network. */
  @Get(':id/profile')
  @read('profile')
  profile(@Param('id') id: string, @Query() query: ProfileQuery): Promise<CustomerProfile> {
    return this.profiles.profile(id, { limit: query.limit ?? 50, cursor: query.cursor });
  }

  /** The top three eligible offers by propensity × value, with the reasons an agent can read out. */
  @Get(':id/next-best-actions')
  @read('next-best-actions')
  nextBestActions(@Param('id') id: string): Promise<{ customerId: string; items: Recommendation[] }> {
    return this.profiles.nextBestActions(id);
  }

  /** The agent records what the customer answered; the customer's facts of now go with it, for similarity later. */
  @Post(':id/offers/:offerId/responses')
  @HttpCode(201)
  @Audited('customer.offer_response', { target: (r) => r.params.id, details: (r) => ({ offerId: r.params.offerId }) })
  respond(@Param('id') id: string, @Param('offerId') offerId: string, @Body() body: OfferResponseDto, @Req() request: AuthedRequest) {
    return this.profiles.recordResponse(id, offerId, body.accepted, request.user!.sub);
  }

  /** Erasure: the customer's personal data and links leave every store and index; anonymous counts stay. */
  @Delete(':id')
  @Roles('admin')
  async erase(@Param('id') id: string, @Req() request: AuthedRequest): Promise<ErasureResult> {
    const result = await this.profiles.erase(id);
    // The id is all the log keeps of them: the record of an erasure must say whose it was.
    await this.audit.record({ actor: request.user!.sub, action: 'customer.erase', target: id, details: { ip: request.ip, ...result.erased } });
    return result;
  }
}

function formatOf(contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (NDJSON_TYPES.includes(type)) return 'jsonl';
  return undefined;
}
