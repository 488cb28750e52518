import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@escucha/core';
import type { Role } from '@escucha/store';

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Expiry, epoch ms. */
  exp: number;
}

/**
 * Stateless signed tokens (HMAC-SHA256, JWT-like but minimal): any API node holding the
 * secret can check them without a shared session store.
 */
export class TokenService {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  issue(username: string, role: Role): string {
    const claims: TokenClaims = { sub: username, role, exp: this.clock.now().getTime() + this.ttlMs };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Undefined for anything not issued by us or expired. */
  verify(token: string | undefined): TokenClaims | undefined {
    if (!token) return undefined;
    const [body, signature] = token.split('.');
    if (!body || !signature) return undefined;
    const expected = Buffer.from(this.sign(body));
    const actual = Buffer.from(signature);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      return claims.exp > this.clock.now().getTime() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
