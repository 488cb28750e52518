import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@escucha/config';
import { Metrics } from '@escucha/infra';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { isBodyParserError, toErrorResponse } from './common/error.filter';
import { requestContextAfterBody, requestLog } from './common/request-log.middleware';
import { DASHBOARD_CSP, securityHeaders, type CspDirectives } from './common/security.headers';
import { NDJSON_TYPES } from './ingest/ingest-body.parser';
import { refuseDeepJson } from './common/json-depth';

const WEB_DIST = resolve(__dirname, '../../../../web/dist');

/**
 * swagger-ui styles its page with inline <style> blocks, which the dashboard never needs; it
 * loads nothing from elsewhere once its validator badge is off (below).
 */
const DOCS_CSP: CspDirectives = { ...DASHBOARD_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Request log, security headers, CORS, body parsing, API docs and the dashboard: the HTTP edge besides the routes. */
export function setupHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // Sign-in limits count per client address: behind N proxies the client is N hops back in X-Forwarded-For.
  if (config.auth.trustProxy > 0) app.set('trust proxy', config.auth.trustProxy);
  app.use(requestLog(app.get(Metrics)));
  app.use(securityHeaders({ '/': DASHBOARD_CSP, '/api/docs': DOCS_CSP }));
  // Without CORS_ORIGINS the list is empty: no origin is echoed, so browsers refuse every cross-origin call.
  app.enableCors({
    origin: config.http.corsOrigins,
    credentials: false,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  const limit = config.ingest.maxBytes;
  // Before the JSON parser, which then leaves these bodies alone: a webhook's HMAC is over the
  // bytes as sent, and an import is a file of any text format.
  app.use('/api/v1/webhooks', express.raw({ limit, type: () => true }));
  app.use('/api/v1/imports', express.text({ limit: config.imports.maxBytes, type: () => true }));
  app.use('/api/v1/customers/imports', express.text({ limit: config.imports.maxBytes, type: () => true }));
  app.use(express.json({ limit, type: ['application/json', 'application/*+json'], verify: refuseDeepJson }));
  app.use(express.text({ limit, type: NDJSON_TYPES }));
  // Body-parser failures never reach Nest's filters intact (a bad JSON becomes a bare 400),
  // so they are answered here, through the same mapping, with their own codes.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!isBodyParserError(error)) return next(error);
    const { status, body } = toErrorResponse(error);
    res.status(status).json(body);
  });
  app.use(requestContextAfterBody());
  setupDocs(app);
  if (config.http.serveWeb) serveWeb(app);
}

function setupDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Escucha API')
      .setDescription('Social listening: ingest posts, query history, compare periods. Live updates: socket.io namespace /live.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  // The validator badge would fetch an image from swagger's public validator: nothing leaves the host.
  SwaggerModule.setup('api/docs', app, document, { swaggerOptions: { validatorUrl: null } });
}

/** Paths the server answers itself; the dashboard's files and pages are everything else. */
function isServerPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/health' || path.startsWith('/health/') || path === '/metrics' || path.startsWith('/socket.io');
}

/** The built SPA at `/`, with history-mode fallback for any path that is not the API. */
function serveWeb(app: NestExpressApplication): void {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`the dashboard is not built (${index} is missing): run "npm run build", or set SERVE_WEB=off`);
  }
  // The dashboard's files and pages only: API answers include NDJSON streams that must reach the
  // client as they are written (a compressor holds bytes back), and socket.io frames its own way.
  // The default 1 kB threshold would skip index.html (~0.7 kB, ~0.4 kB gzipped); below a few
  // hundred bytes gzip's own framing eats most of the gain.
  const compress = compression({ threshold: 256 });
  const files = express.static(WEB_DIST, { index: false, maxAge: '1h' });
  // API requests skip all three: serve-static would stat a file for each of them (a twelfth of
  // the server's CPU per request at one post per request).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isServerPath(req.path)) return next();
    compress(req, res, (error?: unknown) => (error ? next(error) : files(req, res, (failed?: unknown) => (failed ? next(failed) : page(req, res, next)))));
  });
  const page = (req: Request, res: Response, next: NextFunction): void => {
    // HEAD is answered wherever GET is: Express sends the headers and drops the body.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    res.sendFile(index);
  };
}
