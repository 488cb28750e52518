import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@escucha/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenRevocations } from './file.token-revocations';

describe('FileTokenRevocations', () => {
  let dir: string;
  let file: string;
  const clock = new ManualClock(new Date('2026-11-23T00:00:00Z'));
  const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'escucha-revocations-'));
    file = join(dir, 'auth-revocations.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a revoked token until its expiry, and keeps it across a reopen', async () => {
    const revocations = await FileTokenRevocations.open(file, clock);
    await revocations.revokeToken('jti-1', at(60_000));
    expect(await revocations.isRevoked('jti-1', 'ana', clock.now().getTime())).toBe(true);
    expect(await revocations.isRevoked('jti-2', 'ana', clock.now().getTime())).toBe(false);
    await revocations.close();
    const reopened = await FileTokenRevocations.open(file, clock);
    expect(await reopened.isRevoked('jti-1', 'ana', clock.now().getTime())).toBe(true);
  });

  it('refuses a user\'s tokens issued before the change, not those issued after, and never moves the instant back', async () => {
    const revocations = await FileTokenRevocations.open(file, clock);
    const change = clock.now().getTime();
    await revocations.revokeUserTokens('ana', new Date(change), at(3_600_000));
    expect(await revocations.isRevoked('a', 'ana', change - 1)).toBe(true);
    expect(await revocations.isRevoked('b', 'ana', change)).toBe(false);
    expect(await revocations.isRevoked('c', 'bea', change - 1)).toBe(false);
    await revocations.revokeUserTokens('ana', new Date(change - 10_000), at(3_600_000));
    expect(await revocations.isRevoked('a', 'ana', change - 1)).toBe(true);
  });

  it('forgets entries once they lapse, and writes only live ones', async () => {
    const revocations = await FileTokenRevocations.open(file, clock);
    await revocations.revokeToken('old', at(1_000));
    clock.advance(2_000);
    expect(await revocations.isRevoked('old', 'ana', 0)).toBe(false);
    await revocations.revokeToken('new', at(1_000));
    await revocations.close();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { tokens: Record<string, number> };
    expect(Object.keys(saved.tokens)).toEqual(['new']);
  });
});
