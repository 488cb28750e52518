import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError } from '@escucha/core';
import { Metrics, metricsAccessAllowed } from '@escucha/infra';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.decorator';

/**
 * Prometheus scrapes this. It is not behind sign-in (a scraper holds no user's token) but behind
 * METRICS_TOKEN when that is set: the figures describe the traffic and the pipeline.
 */
@ApiTags('meta')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format' })
  @ApiResponse({ status: 401, description: 'METRICS_TOKEN is set and the request does not carry it as `Authorization: Bearer <token>`' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    if (!metricsAccessAllowed(authorization, this.config.metrics.token)) {
      res.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHORIZED', 'send the metrics token: Authorization: Bearer <METRICS_TOKEN>', 401);
    }
    const { contentType, body } = await this.metrics.render();
    res.header('Content-Type', contentType);
    return body;
  }
}
