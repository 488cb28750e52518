import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { AppError, CLOCK, NotFoundError, SOURCE_ID, ValidationError, type Clock, type FacebookBackfillStatus } from '@escucha/core';
import { FacebookBackfillProgress, SourceRegistry } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';

export class CreateFacebookBackfillDto {
  @ApiProperty({ description: 'A source of kind "facebook" whose credentials hold a userToken' })
  @Matches(SOURCE_ID, { message: 'sourceId must be a source id' })
  sourceId!: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Posts from; all the page has when absent' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-27T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;
}

/** A retry reads the pages again; twice is enough for a dropped connection, and a token problem is not worth more. */
const BACKFILL_ATTEMPTS = 2;

/** Backfills of the posts and comments of the pages a Facebook source's user manages; followed at GET …/:id. */
@ApiTags('sources')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/sources/facebook/backfills')
export class FacebookBackfillsController {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly progress: FacebookBackfillProgress,
    private readonly sources: SourceRegistry,
  ) {}

  @Post()
  @Audited('source.backfill', {
    target: (r) => String((r.body as { sourceId?: unknown }).sourceId),
    details: (r) => ({ from: (r.body as { from?: unknown }).from, to: (r.body as { to?: unknown }).to }),
  })
  @HttpCode(202)
  async create(@Body() dto: CreateFacebookBackfillDto): Promise<FacebookBackfillStatus> {
    const resolved = await this.sources.resolve(dto.sourceId);
    if (!resolved || resolved.source.kind !== 'facebook') throw new AppError('SOURCE_NOT_FOUND', `no Facebook source "${dto.sourceId}"`, 404);
    if (!resolved.credentials.userToken) throw new AppError('FACEBOOK_NO_USER_TOKEN', `source "${dto.sourceId}" has no userToken in its credentials`, 409);
    if (dto.from && dto.to && !(new Date(dto.from) < new Date(dto.to))) throw new ValidationError('from must be before to');
    const now = this.clock.now();
    const status: FacebookBackfillStatus = {
      id: randomUUID(),
      sourceId: dto.sourceId,
      ...(dto.from ? { from: new Date(dto.from).toISOString() } : {}),
      ...(dto.to ? { to: new Date(dto.to).toISOString() } : {}),
      state: 'queued',
      pages: 0,
      pagesDone: 0,
      posts: 0,
      comments: 0,
      requests: 0,
      rateLimitWaits: 0,
      createdAt: now.toISOString(),
    };
    await this.progress.set(status, 1);
    await this.queue.add('batch', {
      name: 'facebook.backfill',
      data: { backfillId: status.id, sourceId: status.sourceId, from: status.from, to: status.to },
      opts: { jobId: `facebook-backfill-${status.id}`, attempts: BACKFILL_ATTEMPTS },
    });
    return status;
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<FacebookBackfillStatus> {
    const saved = await this.progress.read(id);
    if (!saved) throw new NotFoundError(`no Facebook backfill "${id}"`);
    return saved.value;
  }
}
