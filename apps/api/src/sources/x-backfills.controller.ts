import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, NotFoundError, ValidationError, type Clock, type XBackfillStatus } from '@escucha/core';
import { backfillEndpoint } from '@escucha/connectors';
import { XBackfillProgress } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';

export class CreateXBackfillDto {
  @ApiProperty({ example: '2026-11-20T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2026-11-27T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to!: string;
}

/** A retry reads the period again; twice is enough for a dropped connection, and a tier refusal is not worth more. */
const BACKFILL_ATTEMPTS = 2;

/** Backfills of a past period from X's search, for the configured rules; followed at GET …/:id. */
@ApiTags('sources')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/sources/x/backfills')
export class XBackfillsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly progress: XBackfillProgress,
  ) {}

  @Post()
  @Audited('source.backfill', { target: () => 'x', details: (r) => ({ from: (r.body as { from?: unknown }).from, to: (r.body as { to?: unknown }).to }) })
  @HttpCode(202)
  async create(@Body() dto: CreateXBackfillDto): Promise<XBackfillStatus> {
    if (!this.config.x) throw new AppError('X_NOT_CONFIGURED', 'set X_BEARER_TOKEN and X_QUERIES to backfill from X', 409);
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    const now = this.clock.now();
    if (!(from < to)) throw new ValidationError('from must be before to');
    // X's full archive starts with its first tweet, in March 2006.
    if (from < new Date('2006-03-21T00:00:00Z') || from > now) throw new ValidationError('from must be between 2006-03-21 and now');
    const status: XBackfillStatus = {
      id: randomUUID(),
      from: from.toISOString(),
      to: to.toISOString(),
      endpoint: backfillEndpoint(from, now),
      state: 'queued',
      queriesDone: 0,
      queries: this.config.x.queries.length,
      pages: 0,
      posts: 0,
      rateLimitWaits: 0,
      skipped: [],
      createdAt: now.toISOString(),
    };
    await this.progress.set(status, 1);
    await this.queue.add('batch', {
      name: 'x.backfill',
      data: { backfillId: status.id, from: status.from, to: status.to },
      opts: { jobId: `x-backfill-${status.id}`, attempts: BACKFILL_ATTEMPTS },
    });
    return status;
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<XBackfillStatus> {
    const saved = await this.progress.read(id);
    if (!saved) throw new NotFoundError(`no X backfill "${id}"`);
    return saved.value;
  }
}
