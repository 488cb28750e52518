import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password.policy';

const policy = { minLength: 12, minStrength: 3 };

describe('passwordWeakness', () => {
  it('names the minimum length when too short', () => {
    expect(passwordWeakness('short-pw', policy)).toBe('password must be at least 12 characters, got 8');
  });

  it('counts characters, not bytes', () => {
    expect(passwordWeakness('ñandú-ñandú', { minLength: 11, minStrength: 0 })).toBeUndefined();
  });

  it.each(['password123456', 'qwertyuiop123', 'iloveyou12345', '1q2w3e4r5t6y'])('refuses the common password %s', (password) => {
    expect(passwordWeakness(password, policy)).toMatch(/^password is too common or too easy to guess: it is/);
  });

  it('says why a sequence is refused', () => {
    expect(passwordWeakness('abcdefghijklm', policy)).toMatch(/sequence/);
  });

  it('accepts a long uncommon passphrase', () => {
    expect(passwordWeakness('tangerine-orbit-paddle', policy)).toBeUndefined();
  });

  it('refuses a password built on the username when told it', () => {
    expect(passwordWeakness('marisol.quintero', policy)).toBeUndefined();
    expect(passwordWeakness('marisol.quintero', policy, ['marisol.quintero'])).toMatch(/personal data|guess/);
  });

  it('accepts anything long enough when the strength check is off', () => {
    expect(passwordWeakness('password123456', { minLength: 12, minStrength: 0 })).toBeUndefined();
  });
});
