import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
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

  @Post(':sourceId')
  @HttpCode(202)
  @ApiHeader({ name: SIGNATURE_HEADER, required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the source secret>' })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ description: 'One post, a JSON array of posts, or NDJSON; `source` defaults to the source\'s channel' })
  receive(@Param('sourceId') sourceId: string, @Body() body: unknown, @Headers() headers: Record<string, string | undefined>): Promise<IngestResponseDto> {
    return this.webhooks.receive(sourceId, body, headers);
  }
}
