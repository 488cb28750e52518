import { HttpException, Injectable, SetMetadata, UseInterceptors, applyDecorators, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@escucha/core';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/auth.guard';
import { AuditService } from './audit.service';

const AUDITED = Symbol('audited');

export interface AuditedOptions {
  /** What the action was done to, from the request (a route parameter, a body field). */
  target?: (request: AuthedRequest) => unknown;
  /** Facts worth keeping besides the client address; never secrets. */
  details?: (request: AuthedRequest) => Record<string, unknown> | undefined;
  /**
   * Also record refusals, as `<action>_failed` with the error code. For sign-in, where the
   * failures are the point; the actor is then the username tried, not a signed-in user.
   */
  failures?: boolean;
}

/**
 * Writes an audit entry when the route has done its work (and, with `failures`, when it refused).
 * The interceptor is bound to the audited routes only: on every other route (ingest above all)
 * Nest then calls the handler without building an interceptor chain.
 */
export const Audited = (action: string, options: AuditedOptions = {}) =>
  applyDecorators(SetMetadata(AUDITED, { action, ...options }), UseInterceptors(AuditInterceptor));

/** Usernames and ids from a request body may be anything a client sent: kept as short text. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : undefined;
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<(AuditedOptions & { action: string }) | undefined>(AUDITED, context.getHandler());
    if (!options || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const entry = (action: string, extra: Record<string, unknown> = {}) => {
      const target = text(options.target?.(request));
      return {
        actor: request.user?.sub ?? text(body.username) ?? 'anonymous',
        action,
        ...(target !== undefined ? { target } : {}),
        details: { ip: request.ip, ...options.details?.(request), ...extra },
      };
    };
    return next.handle().pipe(
      mergeMap((result) => from(this.audit.record(entry(options.action)).then(() => result))),
      catchError((error: unknown) => {
        if (!options.failures) throw error;
        const code = error instanceof AppError ? error.code : error instanceof HttpException ? `HTTP_${error.getStatus()}` : 'ERROR';
        return from(
          this.audit.record(entry(`${options.action}_failed`, { code })).then(() => {
            throw error;
          }),
        );
      }),
    );
  }
}
