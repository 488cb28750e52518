import { ManualClock } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { TokenService } from './token.service';

const clock = new ManualClock(new Date('2026-11-23T00:00:00Z'));
const tokens = new TokenService(Buffer.from('s'.repeat(32)), 60_000, clock);

describe('TokenService', () => {
  it('round-trips the user and role', () => {
    expect(tokens.verify(tokens.issue('ana', 'marketing'))).toMatchObject({ sub: 'ana', role: 'marketing' });
  });

  it('refuses a tampered token', () => {
    const [body, signature] = tokens.issue('ana', 'marketing').split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'ana', role: 'admin', exp: Date.parse('2030-01-01') })).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${body}.x${signature.slice(1)}`)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const other = new TokenService(Buffer.from('t'.repeat(32)), 60_000, clock);
    expect(tokens.verify(other.issue('ana', 'admin'))).toBeUndefined();
  });

  it('refuses an expired token', () => {
    const token = tokens.issue('ana', 'analyst');
    clock.advance(60_001);
    expect(tokens.verify(token)).toBeUndefined();
  });
});
