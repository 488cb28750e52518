import { describe, expect, it } from 'vitest';
import { ReplayGuard, signWebhook, verifyWebhookSignature } from './webhook.signature';

const SECRET = 'a-webhook-secret-of-32-characters!!';
const NOW = 1_795_000_000;

describe('webhook signatures', () => {
  const body = Buffer.from('{"id":"1","text":"hola"}');

  it('accepts a body signed with the secret, and names what is wrong otherwise', () => {
    expect(verifyWebhookSignature(signWebhook(SECRET, NOW - 10, body), body, SECRET, NOW)).toMatchObject({ ok: true, timestamp: NOW - 10 });
    expect(verifyWebhookSignature(undefined, body, SECRET, NOW)).toMatchObject({ ok: false, code: 'SIGNATURE_MISSING' });
    expect(verifyWebhookSignature('sha256=abc', body, SECRET, NOW)).toMatchObject({ ok: false, code: 'SIGNATURE_MALFORMED' });
    expect(verifyWebhookSignature(signWebhook('another-secret-of-32-characters!!!', NOW, body), body, SECRET, NOW)).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(verifyWebhookSignature(signWebhook(SECRET, NOW, body), Buffer.from('{"id":"2"}'), SECRET, NOW)).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(verifyWebhookSignature(signWebhook(SECRET, NOW - 301, body), body, SECRET, NOW)).toMatchObject({ code: 'SIGNATURE_STALE' });
    expect(verifyWebhookSignature(signWebhook(SECRET, NOW + 301, body), body, SECRET, NOW)).toMatchObject({ code: 'SIGNATURE_STALE' });
  });

  it('signs over the timestamp too: moving t breaks the signature', () => {
    const header = signWebhook(SECRET, NOW - 100, body).replace(`t=${NOW - 100}`, `t=${NOW}`);
    expect(verifyWebhookSignature(header, body, SECRET, NOW)).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('takes any of several v1 values, for secret rotation', () => {
    const good = signWebhook(SECRET, NOW, body).split(',')[1];
    expect(verifyWebhookSignature(`t=${NOW},v1=${'0'.repeat(64)},${good}`, body, SECRET, NOW)).toMatchObject({ ok: true });
  });

  it('admits a signature once within its window', () => {
    const guard = new ReplayGuard();
    expect(guard.admit('abc', NOW, NOW)).toBe(true);
    expect(guard.admit('abc', NOW, NOW + 10)).toBe(false);
    expect(guard.admit('def', NOW, NOW)).toBe(true);
  });

  it('admits a released signature again: its request was not taken', () => {
    const guard = new ReplayGuard();
    expect(guard.admit('abc', NOW, NOW)).toBe(true);
    guard.release('abc');
    expect(guard.admit('abc', NOW, NOW + 1)).toBe(true);
    expect(guard.admit('abc', NOW, NOW + 2)).toBe(false);
  });
});
