import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { Metrics, metricsAccessAllowed } from '@escucha/infra';

/**
 * The separate worker has no HTTP server, and its figures (job durations, store writes, its own
 * process) live in its memory only: with METRICS_PORT set it answers `GET /metrics` there, behind
 * METRICS_TOKEN like the API's. A bare node:http listener, not Express: one route, nothing else.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (port === undefined) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: GET /metrics\n');
        return;
      }
      if (!metricsAccessAllowed(req.headers.authorization, this.config.metrics.token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' }).end('send the metrics token: Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      this.metrics.render().then(
        ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(req.method === 'HEAD' ? undefined : body),
        (error: Error) => {
          this.logger.error(`metrics: ${error.message}`);
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics failed\n');
        },
      );
    });
    await new Promise<void>((listening, fail) => {
      server.once('error', fail);
      server.listen(port, this.config.http.host, () => listening());
    });
    this.server = server;
    this.logger.log(`worker metrics on http://${this.config.http.host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
}
