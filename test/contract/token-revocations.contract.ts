import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenRevocations } from '../../apps/api/src/auth/revocations/token-revocations.port';

export interface OpenedTokenRevocations {
  revocations: TokenRevocations;
  /** Another handle on the same revocations, as a second API node would have. */
  other: () => Promise<TokenRevocations>;
  close: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every TokenRevocations driver must do, on the real clock. `open` hands out an empty, isolated set each time. */
export function describeTokenRevocationsContract(driverName: string, open: () => Promise<OpenedTokenRevocations>): void {
  describe(`TokenRevocations contract: ${driverName}`, () => {
    let opened: OpenedTokenRevocations;
    let revocations: TokenRevocations;
    const inMs = (ms: number) => new Date(Date.now() + ms);

    beforeEach(async () => {
      opened = await open();
      revocations = opened.revocations;
    });
    afterEach(() => opened.close());

    it('refuses nothing at first', async () => {
      expect(await revocations.isRevoked('jti', 'ana', Date.now())).toBe(false);
    });

    it('refuses a revoked token, only that one, also through another handle', async () => {
      await revocations.revokeToken('jti-1', inMs(60_000));
      expect(await revocations.isRevoked('jti-1', 'ana', Date.now())).toBe(true);
      expect(await revocations.isRevoked('jti-2', 'ana', Date.now())).toBe(false);
      expect(await (await opened.other()).isRevoked('jti-1', 'ana', Date.now())).toBe(true);
    });

    it('lets a revocation lapse at the end it was given', async () => {
      await revocations.revokeToken('jti-1', inMs(300));
      expect(await revocations.isRevoked('jti-1', 'ana', Date.now())).toBe(true);
      await sleep(450);
      expect(await revocations.isRevoked('jti-1', 'ana', Date.now())).toBe(false);
    });

    it('refuses a user\'s tokens issued before the instant, not after, and not other users\'', async () => {
      const before = Date.now();
      await revocations.revokeUserTokens('ana', new Date(before), inMs(60_000));
      expect(await revocations.isRevoked('a', 'ana', before - 1)).toBe(true);
      expect(await revocations.isRevoked('b', 'ana', before)).toBe(false);
      expect(await revocations.isRevoked('c', 'bea', before - 1)).toBe(false);
      expect(await (await opened.other()).isRevoked('a', 'ana', before - 1)).toBe(true);
    });

    it('never moves a user\'s instant back', async () => {
      const later = Date.now();
      await revocations.revokeUserTokens('ana', new Date(later), inMs(60_000));
      await (await opened.other()).revokeUserTokens('ana', new Date(later - 5_000), inMs(60_000));
      expect(await revocations.isRevoked('a', 'ana', later - 1)).toBe(true);
    });
  });
}
