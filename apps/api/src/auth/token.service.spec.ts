import { ManualClock } from '@escucha/core';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_RING_SETTING, SigningKeys, type SigningKeyOptions } from './signing-keys';
import { TokenService } from './token.service';

const HOUR = 3_600_000;
const options: SigningKeyOptions = { rotationMs: 24 * HOUR, tokenTtlMs: 12 * HOUR, refreshMs: 60_000 };

describe('TokenService with rotating SigningKeys', () => {
  let stores: DuckDbStores;
  let clock: ManualClock;
  const tokens = (opts: Partial<SigningKeyOptions> = {}) => new TokenService(new SigningKeys(stores.settings, clock, { ...options, ...opts }), 12 * HOUR, clock);

  beforeEach(async () => {
    stores = await openDuckDbStores(':memory:');
    clock = new ManualClock(new Date('2026-11-23T00:00:00Z'));
  });
  afterEach(() => stores.close());

  it('issues a standard HS256 JWT naming its key, and reads back the user and role', async () => {
    const service = tokens();
    const { token, claims } = await service.issue('ana', 'marketing');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(decodeProtectedHeader(token).kid).toEqual(expect.any(String));
    expect(decodeJwt(token)).toMatchObject({ sub: 'ana', role: 'marketing', iss: 'escucha', jti: claims.jti });
    expect(await service.verify(token)).toEqual(claims);
  });

  it('keeps the milliseconds of the issue time', async () => {
    clock.set(new Date('2026-11-23T00:00:00.750Z'));
    const { claims } = await tokens().issue('ana', 'analyst');
    expect(claims.iat * 1000).toBe(Date.parse('2026-11-23T00:00:00.750Z'));
  });

  it('refuses a tampered, a foreign and an expired token', async () => {
    const service = tokens();
    const { token } = await service.issue('ana', 'marketing');
    const [header, body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'admin' })).toString('base64url');
    expect(await service.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
    // Another first character than the signature's own: "x" over an "x" would tamper with nothing (1 run in 64).
    const tampered = `${signature[0] === 'x' ? 'y' : 'x'}${signature.slice(1)}`;
    expect(await service.verify(`${header}.${body}.${tampered}`)).toBeUndefined();
    expect(await service.verify('not.a.token')).toBeUndefined();

    const elsewhere = await openDuckDbStores(':memory:');
    try {
      const foreign = new TokenService(new SigningKeys(elsewhere.settings, clock, options), 12 * HOUR, clock);
      expect(await service.verify((await foreign.issue('ana', 'admin')).token)).toBeUndefined();
    } finally {
      await elsewhere.close();
    }

    clock.advance(12 * HOUR + 1000);
    expect(await service.verify(token)).toBeUndefined();
  });

  it('refuses a token verified before once it has expired', async () => {
    const service = tokens();
    const { token, claims } = await service.issue('ana', 'marketing');
    expect(await service.verify(token)).toEqual(claims);
    clock.set(new Date(claims.exp * 1000 - 1000));
    expect(await service.verify(token)).toEqual(claims);
    clock.advance(1000);
    expect(await service.verify(token)).toBeUndefined();
  });

  it('refuses a token verified before once its key has left the ring', async () => {
    const keys = new SigningKeys(stores.settings, clock, options);
    // Tokens outliving the ring's idea of a token lifetime: only the key's retirement can end them.
    const service = new TokenService(keys, 100 * HOUR, clock);
    const { token, claims } = await service.issue('ana', 'analyst');
    expect(await service.verify(token)).toEqual(claims);
    clock.advance(24 * HOUR);
    await service.issue('ana', 'analyst');
    expect(await service.verify(token)).toEqual(claims);
    clock.advance(24 * HOUR);
    await service.issue('ana', 'analyst');
    expect(keys.kids()).not.toContain(decodeProtectedHeader(token).kid);
    expect(await service.verify(token)).toBeUndefined();
  });

  it('lets a second node verify what the first signed, through the shared store', async () => {
    const first = tokens();
    const second = tokens();
    const { token, claims } = await first.issue('ana', 'analyst');
    expect(await second.verify(token)).toEqual(claims);
  });

  it('rotates once the key is AUTH_KEY_ROTATION old, still verifying the old key’s tokens until they expire, then drops it', async () => {
    const keys = new SigningKeys(stores.settings, clock, options);
    const service = new TokenService(keys, 12 * HOUR, clock);
    const early = await service.issue('ana', 'analyst');
    const firstKid = decodeProtectedHeader(early.token).kid;

    clock.advance(24 * HOUR - 2 * HOUR);
    const beforeRotation = await service.issue('ana', 'analyst');
    expect(decodeProtectedHeader(beforeRotation.token).kid).toBe(firstKid);

    clock.advance(2 * HOUR);
    const afterRotation = await service.issue('ana', 'analyst');
    const secondKid = decodeProtectedHeader(afterRotation.token).kid;
    expect(secondKid).not.toBe(firstKid);
    expect(await service.verify(beforeRotation.token)).toEqual(beforeRotation.claims);

    // The next rotation, a day on: by then every token of the first key has expired, so it goes.
    clock.advance(24 * HOUR);
    await service.issue('ana', 'analyst');
    expect(keys.kids()).not.toContain(firstKid);
    expect(keys.kids()).toContain(secondKid);
    expect(keys.kids()).toHaveLength(2);
  });

  it('makes one key when two nodes rotate at once', async () => {
    const [a, b] = [tokens(), tokens()];
    const [one, two] = await Promise.all([a.issue('ana', 'analyst'), b.issue('bea', 'analyst')]);
    expect(decodeProtectedHeader(one.token).kid).toBe(decodeProtectedHeader(two.token).kid);
    const stored = (await stores.settings.get(KEY_RING_SETTING))?.value as { keys: unknown[] };
    expect(stored.keys).toHaveLength(1);
  });

  it('with AUTH_SECRET keeps no secret in the store, and a different AUTH_SECRET cannot verify', async () => {
    const root = 'r'.repeat(40);
    const service = tokens({ rootSecret: root });
    const { token, claims } = await service.issue('ana', 'analyst');
    const stored = (await stores.settings.get(KEY_RING_SETTING))?.value as { keys: Array<Record<string, unknown>> };
    expect(stored.keys[0]).not.toHaveProperty('secret');
    expect(await tokens({ rootSecret: root }).verify(token)).toEqual(claims);
    expect(await tokens({ rootSecret: 's'.repeat(40) }).verify(token)).toBeUndefined();
    // Without the root secret the derived key is unusable: the token is refused, never accepted unsigned.
    expect(await tokens().verify(token)).toBeUndefined();
  });
});
