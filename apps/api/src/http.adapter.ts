import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '@escucha/config';
import { AppError } from '@escucha/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestIdOf } from './common/request-log.hooks';

type ErrorHandler = Parameters<FastifyInstance['setErrorHandler']>[0];

/**
 * Fastify under NestJS. Nest turns Fastify's own errors (a body over the limit, a bad
 * Content-Length) into bare HTTP exceptions before any filter sees them; they are given our
 * codes and a message that says what to change first.
 */
export class HttpAdapter extends FastifyAdapter {
  constructor(config: AppConfig) {
    super({
      // Sign-in limits count per client address: behind N proxies the client is N hops back in X-Forwarded-For.
      trustProxy: config.auth.trustProxy > 0 ? config.auth.trustProxy : false,
      bodyLimit: config.ingest.maxBytes,
      genReqId: requestIdOf,
      requestIdHeader: false,
      // Our request log (common/request-log.hooks.ts) writes one line per request.
      logger: false,
      // A post id is up to 256 characters, up to three times that once percent-encoded.
      routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true },
      // No Nest middleware here: the edge is Fastify hooks, so Nest's Express-style middleware layer is not loaded.
      skipMiddie: true,
    });
  }

  override setErrorHandler(handler: ErrorHandler): ReturnType<FastifyAdapter['setErrorHandler']> {
    return super.setErrorHandler(function (this: FastifyInstance, error: unknown, request: FastifyRequest, reply: FastifyReply) {
      return handler.call(this, coded(error as FastifyError, request), request, reply);
    });
  }
}

function coded(error: FastifyError, request: FastifyRequest): Error {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `the body is larger than the limit of ${request.routeOptions.bodyLimit} bytes`, 413);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_REQUEST', 'the body is not as long as its Content-Length says', 400);
    default:
      return error;
  }
}
