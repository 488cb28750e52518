import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { Clock } from '@escucha/core';
import { ROLES, type Role } from '@escucha/store';
import type { SigningKeys } from './signing-keys';

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Token id: what a logout revokes. */
  jti: string;
  /** Issued at, epoch seconds with the milliseconds kept as a fraction (RFC 7519 NumericDate allows it), so a revocation in the same second as a sign-in tells them apart. */
  iat: number;
  /** Expiry, epoch seconds. */
  exp: number;
}

export const TOKEN_ISSUER = 'escucha';

/** Standard JWTs (HS256 through jose), signed with the shared rotating keys; the header's kid names the key. */
export class TokenService {
  constructor(
    private readonly keys: SigningKeys,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  async issue(username: string, role: Role): Promise<{ token: string; claims: TokenClaims }> {
    const key = await this.keys.current();
    const nowMs = this.clock.now().getTime();
    const claims: TokenClaims = {
      sub: username,
      role,
      jti: randomBytes(16).toString('base64url'),
      iat: nowMs / 1000,
      exp: Math.floor((nowMs + this.ttlMs) / 1000),
    };
    const token = await new SignJWT({ role: claims.role, iat: claims.iat })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(claims.sub)
      .setJti(claims.jti)
      .setExpirationTime(claims.exp)
      .sign(key.secret);
    return { token, claims };
  }

  /** Undefined for anything not signed by a key of the ring, expired, or not shaped as ours. */
  async verify(token: string | undefined): Promise<TokenClaims | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(
        token,
        async (header: JWTHeaderParameters) => {
          const key = header.kid ? await this.keys.find(header.kid) : undefined;
          if (!key) throw new errors.JWKSNoMatchingKey();
          return key.secret;
        },
        { algorithms: ['HS256'], issuer: TOKEN_ISSUER, currentDate: this.clock.now(), requiredClaims: ['sub', 'jti', 'iat', 'exp'] },
      );
      const role = payload.role;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return undefined;
      return { sub: payload.sub!, role: role as Role, jti: payload.jti!, iat: payload.iat!, exp: payload.exp! };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}
