import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@escucha/core';

const VERSION = 'v1';

/**
 * Seals credentials with AES-256-GCM before they reach the store: a copied database or
 * snapshot holds ciphertext only. GCM also authenticates, so a key that does not match
 * (a node started with another SOURCES_KEY) is told apart from corrupt data.
 */
export class CredentialsCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the credentials key must be 32 bytes');
  }

  seal(credentials: Readonly<Record<string, string>>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open(sealed: string): Record<string, string> {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new AppError('CREDENTIALS_UNREADABLE', 'stored credentials are not in a format this version reads', 500);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Record<string, string>;
    } catch {
      throw new AppError(
        'CREDENTIALS_UNREADABLE',
        'stored credentials do not open with this process\'s key: every node must share the same SOURCES_KEY',
        500,
      );
    }
  }
}
