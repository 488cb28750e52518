import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import { requestContext, type Metrics } from '@escucha/infra';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it cannot forge log fields or flood the log. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `X-Request-Id` when it is sane, a new UUID otherwise. */
export function requestIdOf(raw: IncomingMessage): string {
  const offered = raw.headers[REQUEST_ID_HEADER];
  return typeof offered === 'string' && CALLER_ID.test(offered) ? offered : randomUUID();
}

/** Paths the server answers itself; the dashboard's files and pages are everything else. */
export function isServerPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/health' || path.startsWith('/health/') || path === '/metrics' || path.startsWith('/socket.io');
}

/**
 * The route a request matched, as declared (`/api/v1/posts/:id`): what requests are grouped by.
 * Files and the dashboard's pages are one group, whatever their path, so that metrics keep a
 * bounded set of labels.
 */
export function routeOf(request: FastifyRequest, path: string, status: number): string {
  const declared = request.is404 ? undefined : request.routeOptions.url;
  if (declared !== undefined && isServerPath(declared)) return declared;
  return status < 400 && !isServerPath(path) ? 'static' : 'unmatched';
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}

/**
 * Returns the request id on every answer, runs each request inside its id's context, and logs
 * and counts it once when its answer is sent or the client went away. The context reaches the
 * handler even when the body arrives later: Fastify resumes after the body parser through an
 * AsyncResource bound to the request's context.
 */
export function addRequestLog(fastify: FastifyInstance, metrics: Metrics): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = process.hrtime.bigint();
    const requestId = request.id;
    reply.header('X-Request-Id', requestId);
    const res = reply.raw;
    let logged = false;
    const log = (): void => {
      if (logged) return;
      logged = true;
      const status = res.writableFinished ? res.statusCode : 499;
      const elapsedNs = Number(process.hrtime.bigint() - started);
      const durationMs = Math.round(elapsedNs / 1e4) / 100;
      const path = pathOf(request);
      const route = routeOf(request, path, status);
      metrics.recordHttp(request.method, route, status, elapsedNs / 1e9);
      const record = { message: `${request.method} ${path} ${status} ${durationMs} ms`, method: request.method, route, path, status, durationMs, requestId };
      if (status >= 500) logger.error(record);
      else logger.log(record);
    };
    res.once('finish', log);
    // A client that hangs up before the answer still leaves one line (status 499, as nginx says).
    res.once('close', log);
    requestContext.run({ requestId }, done);
  });
}
