import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { requestContext, type Metrics } from '@escucha/infra';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it cannot forge log fields or flood the log. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<Request, string>();

/**
 * The route a request matched, as declared (`/api/v1/posts/:id`): what requests are grouped by.
 * Files and the dashboard's pages have no route of their own.
 */
export function routeOf(req: Request, status: number): string {
  const declared = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof declared === 'string') return `${req.baseUrl}${declared}`;
  return status < 400 ? 'static' : 'unmatched';
}

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane, a new UUID otherwise),
 * returns it, and logs and counts the request once when its answer is sent or the client went away.
 */
export function requestLog(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  const logger = new Logger('HTTP');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.get(REQUEST_ID_HEADER);
    const requestId = offered && CALLER_ID.test(offered) ? offered : randomUUID();
    ids.set(req, requestId);
    res.setHeader('X-Request-Id', requestId);
    let logged = false;
    const log = (): void => {
      if (logged) return;
      logged = true;
      const status = res.writableFinished ? res.statusCode : 499;
      const elapsedNs = Number(process.hrtime.bigint() - started);
      const durationMs = Math.round(elapsedNs / 1e4) / 100;
      const route = routeOf(req, status);
      metrics.recordHttp(req.method, route, status, elapsedNs / 1e9);
      const record = { message: `${req.method} ${req.path} ${status} ${durationMs} ms`, method: req.method, route, path: req.path, status, durationMs, requestId };
      if (status >= 500) logger.error(record);
      else logger.log(record);
    };
    res.once('finish', log);
    // A client that hangs up before the answer still leaves one line (status 499, as nginx says).
    res.once('close', log);
    requestContext.run({ requestId }, next);
  };
}

/**
 * Body parsers resume the request from stream events, outside the context set above: this
 * middleware, placed after them, carries the request id into the handlers.
 */
export function requestContextAfterBody(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    const requestId = ids.get(req);
    if (!requestId || requestContext.getStore()?.requestId === requestId) return next();
    requestContext.run({ requestId }, next);
  };
}
