import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { IngestService } from '@escucha/ingest';
import { KeyScopes, NoRequestLimit, Roles } from '../auth/roles.decorator';
import { parseIngestBody } from './ingest-body.parser';
import { IngestResponseDto } from './ingest.dto';

@ApiTags('posts')
@ApiBearerAuth()
@Controller('api/v1/posts')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 202 means durable: the accepted posts are on disk in the queue before the answer leaves. */
  @Post()
  @HttpCode(202)
  @Roles('admin', 'analyst')
  @KeyScopes('ingest')
  @NoRequestLimit()
  @ApiSecurity('api-key')
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ description: 'A JSON array of posts (at most INGEST_MAX_POSTS) or NDJSON, one post a line' })
  create(@Body() body: unknown): Promise<IngestResponseDto> {
    return this.ingest.ingest(parseIngestBody(body, this.config.ingest.maxPosts));
  }
}
