/**
 * Revoked tokens, checked on every request: a logout revokes one token, a password or role
 * change (or disabling) revokes every token a user was issued before it. Entries only need to
 * live as long as the tokens they refuse would have, so every write carries its end.
 */
export interface TokenRevocations {
  /** Refuses the token `jti` until `until` (its own expiry). */
  revokeToken(jti: string, until: Date): Promise<void>;
  /** Refuses every token of `username` issued before `before`, until `until`; a later `before` replaces an earlier one, never the reverse. */
  revokeUserTokens(username: string, before: Date, until: Date): Promise<void>;
  /** Whether the token `jti` of `username`, issued at `issuedAtMs`, is refused. */
  isRevoked(jti: string, username: string, issuedAtMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export const TOKEN_REVOCATIONS = Symbol('TokenRevocations');
