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

/** Tokens whose signature was checked, kept for their later requests; about 300 bytes each. */
const MAX_VERIFIED = 10_000;

interface Verified {
  claims: TokenClaims;
  kid: string;
}

/** Standard JWTs (HS256 through jose), signed with the shared rotating keys; the header's kid names the key. */
export class TokenService {
  /**
   * jose checks HS256 through WebCrypto, which cost a fifth of the CPU of a one-post ingest
   * request. The same token string verifies the same way every time, so its claims are kept
   * (by the whole string: a changed byte is another entry) until it expires or its key leaves
   * the ring. Revocation is not cached: the caller checks it on every request.
   */
  private readonly verified = new Map<string, Verified>();

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
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once `exp` is not after now, in whole seconds.
      if (known.claims.exp * 1000 > this.clock.now().getTime() && (await this.keys.find(known.kid))) return known.claims;
      this.verified.delete(token);
      return undefined;
    }
    try {
      let kid = '';
      const { payload } = await jwtVerify(
        token,
        async (header: JWTHeaderParameters) => {
          const key = header.kid ? await this.keys.find(header.kid) : undefined;
          if (!key) throw new errors.JWKSNoMatchingKey();
          kid = key.kid;
          return key.secret;
        },
        { algorithms: ['HS256'], issuer: TOKEN_ISSUER, currentDate: this.clock.now(), requiredClaims: ['sub', 'jti', 'iat', 'exp'] },
      );
      const role = payload.role;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return undefined;
      const claims: TokenClaims = { sub: payload.sub!, role: role as Role, jti: payload.jti!, iat: payload.iat!, exp: payload.exp! };
      this.remember(token, { claims, kid });
      return claims;
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }

  private remember(token: string, verified: Verified): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, verified);
  }
}
