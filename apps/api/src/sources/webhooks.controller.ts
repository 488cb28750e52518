import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SIGNATURE_HEADER } from '@escucha/connectors';
import { Public } from '../auth/roles.decorator';
import { IngestResponseDto } from '../ingest/ingest.dto';
import { WebhooksService } from './webhooks.service';

/** Public: the HMAC over the raw body with the source's secret is the authentication. */
@ApiTags('sources')
@Public()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** 202 for webhook sources; 200 for Facebook sources, as Meta expects of a delivery. */
  @Post(':sourceId')
  @HttpCode(202)
  @ApiHeader({ name: SIGNATURE_HEADER, required: false, description: 'Webhook sources: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the source secret>' })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: false, description: 'Facebook sources: sha256=<hex HMAC-SHA256 of the raw body with the app secret>' })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ description: 'One post, a JSON array of posts, or NDJSON; `source` defaults to the source\'s channel. Facebook sources: a page feed delivery' })
  async receive(
    @Param('sourceId') sourceId: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<IngestResponseDto> {
    const result = await this.webhooks.receive(sourceId, body, headers);
    if (result.status) res.status(result.status);
    return result.result;
  }

  /** Meta's subscription check for a Facebook source: echoes hub.challenge when hub.verify_token is the source's. */
  @Get(':sourceId')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verify(@Param('sourceId') sourceId: string, @Query() query: Record<string, unknown>): Promise<string> {
    return this.webhooks.verify(sourceId, query);
  }
}
