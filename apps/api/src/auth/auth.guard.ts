import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@escucha/core';
import type { Role } from '@escucha/store';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './roles.decorator';
import type { TokenClaims } from './token.service';

export type AuthedRequest = Request & { user?: TokenClaims };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = this.auth.verify(token);
    if (!claims) throw new AppError('UNAUTHORIZED', token ? 'the token is invalid or expired' : 'sign in: send Authorization: Bearer <token>', 401);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(claims.role)) {
      throw new AppError('FORBIDDEN', `role ${claims.role} may not do this; needs ${roles.join(' or ')}`, 403);
    }
    request.user = claims;
    return true;
  }
}
