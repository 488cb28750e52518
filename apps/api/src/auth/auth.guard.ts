import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@escucha/core';
import type { ApiKeyScope, Role } from '@escucha/store';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth.service';
import type { Principal } from './principal';
import { RequestLimiter } from './request.limiter';
import { KEY_SCOPES, NO_REQUEST_LIMIT, PUBLIC_ROUTE, ROUTE_ROLES } from './roles.decorator';

/** Route parameters and query strings are text until a DTO types them. */
export type AuthedRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown> }> & { user?: Principal };

const READ_METHODS = new Set(['GET', 'HEAD']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limiter: RequestLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const authorization = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    const presented = authorization !== undefined || apiKey !== undefined;
    const principal = await this.auth.authenticate({ authorization, apiKey: typeof apiKey === 'string' ? apiKey : undefined });
    if (!principal) {
      throw new AppError('UNAUTHORIZED', presented ? 'the token or API key is invalid, expired or revoked' : 'sign in: send Authorization: Bearer <token>, or X-API-Key: <key>', 401);
    }
    // Counted before the role check: a script sending what it may not is still sending.
    if (!this.reflector.getAllAndOverride<boolean>(NO_REQUEST_LIMIT, targets)) await this.limiter.take(principal);
    if (principal.apiKey) this.checkScope(principal.apiKey.scope, request.method, context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      const who = principal.apiKey ? `a ${principal.apiKey.scope} API key` : `role ${principal.role}`;
      throw new AppError('FORBIDDEN', `${who} may not do this; needs ${roles.join(' or ')}`, 403);
    }
    request.user = principal;
    return true;
  }

  private checkScope(scope: ApiKeyScope, method: string, context: ExecutionContext): void {
    const opened = this.reflector.getAllAndOverride<ApiKeyScope[] | undefined>(KEY_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    if (opened.includes(scope)) return;
    if (scope === 'ingest') throw new AppError('FORBIDDEN', 'an ingest API key may only send posts (POST /api/v1/posts)', 403);
    if (!READ_METHODS.has(method)) throw new AppError('FORBIDDEN', 'a read API key may only read (GET)', 403);
  }
}
