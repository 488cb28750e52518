import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@escucha/config';
import { Metrics } from '@escucha/infra';
import type { FastifyInstance } from 'fastify';
import { addBodyParsers } from './common/body.parsers';
import { addRequestLog, isServerPath } from './common/request-log.hooks';
import { DASHBOARD_CSP, addSecurityHeaders, type CspDirectives } from './common/security.headers';

const WEB_DIST = resolve(__dirname, '../../../../web/dist');

/**
 * swagger-ui styles its page with inline <style> blocks, which the dashboard never needs; it
 * loads nothing from elsewhere once its validator badge is off (below).
 */
const DOCS_CSP: CspDirectives = { ...DASHBOARD_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Request log, security headers, CORS, body parsing, API docs and the dashboard: the HTTP edge besides the routes. */
export async function setupHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  addRequestLog(fastify, app.get(Metrics));
  addSecurityHeaders(fastify, { '/': DASHBOARD_CSP, '/api/docs': DOCS_CSP });
  // Without CORS_ORIGINS no origin may call: no CORS answer at all, so browsers refuse every cross-origin call.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      credentials: false,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  addBodyParsers(fastify, config.imports.maxBytes);
  setupDocs(app);
  if (config.http.serveWeb) await serveWeb(fastify);
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

/**
 * The built SPA at `/`: each file of the build is its own route (the build does not change
 * while the server runs, and API requests never touch the disk), and any other path that is
 * not the API gets the page, for history-mode routing. The build writes gzip and brotli copies
 * next to each file; they are sent to clients that take them, with no compression at request time.
 */
async function serveWeb(fastify: FastifyInstance): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`the dashboard is not built (${index} is missing): run "npm run build", or set SERVE_WEB=off`);
  }
  await fastify.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: false,
    index: false,
    preCompressed: true,
    maxAge: '1h',
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD') || isServerPath(request.url) || !acceptsHtml(request.headers.accept)) return done();
    // The page itself is never cached: it names the current build's files.
    reply.sendFile('index.html', { maxAge: 0 });
  });
}

/** What Express's `req.accepts('html')` answered: no Accept header, or one that takes HTML. */
function acceptsHtml(accept: string | undefined): boolean {
  return accept === undefined || /(^|,)\s*(text\/html|text\/\*|\*\/\*)\s*(;|,|$)/.test(accept);
}
