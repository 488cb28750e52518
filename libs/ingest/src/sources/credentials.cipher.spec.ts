import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialsCipher } from './credentials.cipher';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32));

  it('opens what it sealed, and the sealed text does not hold the secret', () => {
    const sealed = cipher.seal({ secret: 'correct horse battery staple 1234' });
    expect(sealed).not.toContain('horse');
    expect(cipher.open(sealed)).toEqual({ secret: 'correct horse battery staple 1234' });
    // A fresh nonce each time: equal secrets do not give equal ciphertexts.
    expect(cipher.seal({ secret: 'x' })).not.toBe(cipher.seal({ secret: 'x' }));
  });

  it('refuses with a coded error under another key, and when tampered with', () => {
    const sealed = cipher.seal({ secret: 'abc' });
    expect(() => new CredentialsCipher(randomBytes(32)).open(sealed)).toThrow(expect.objectContaining({ code: 'CREDENTIALS_UNREADABLE', message: expect.stringMatching(/SOURCES_KEY/) }));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => cipher.open(parts.join('.'))).toThrow(expect.objectContaining({ code: 'CREDENTIALS_UNREADABLE' }));
    expect(() => cipher.open('plain text')).toThrow(expect.objectContaining({ code: 'CREDENTIALS_UNREADABLE' }));
  });
});
