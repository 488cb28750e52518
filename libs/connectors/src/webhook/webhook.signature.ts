import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-escucha-signature';
/** A signed request older (or further in the future) than this is refused, and signatures are remembered this long. */
export const SIGNATURE_TOLERANCE_S = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; code: 'SIGNATURE_MISSING' | 'SIGNATURE_MALFORMED' | 'SIGNATURE_STALE' | 'SIGNATURE_INVALID'; message: string };

/** HMAC-SHA256 over `<timestamp>.<body>`, hex: what a sender computes. */
export function webhookDigest(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The header value for `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: Buffer | string): string {
  return `t=${timestamp},v1=${webhookDigest(secret, timestamp, body)}`;
}

/**
 * Checks `t=<unix>,v1=<hex>[,v1=<hex>…]` against the raw body. Several v1 values are allowed so
 * a sender can sign with an old and a new secret while the secret is being rotated.
 */
export function verifyWebhookSignature(header: string | undefined, body: Buffer, secret: string, nowS: number): SignatureCheck {
  if (!header) return { ok: false, code: 'SIGNATURE_MISSING', message: `sign the request: ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? '')) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) {
    return { ok: false, code: 'SIGNATURE_MALFORMED', message: `${SIGNATURE_HEADER} must be t=<unix seconds>,v1=<64 hex characters>` };
  }
  if (Math.abs(nowS - timestamp) > SIGNATURE_TOLERANCE_S) {
    return { ok: false, code: 'SIGNATURE_STALE', message: `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_S} s from now; sign each request when sending it` };
  }
  const expected = Buffer.from(webhookDigest(secret, timestamp, body), 'hex');
  const match = signatures.find((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!match) return { ok: false, code: 'SIGNATURE_INVALID', message: 'the signature does not match the body and the source\'s secret' };
  return { ok: true, timestamp, signature: match };
}

/**
 * Signatures seen within the tolerance window, so a captured request cannot be played again.
 * Every API node must share it, or a replay sent to another node slips through: one process
 * keeps it in memory, scale-out in Redis.
 */
export interface SignatureLedger {
  /** True the first time a signature is offered within its window (its timestamp plus the tolerance). */
  admit(signature: string, timestampS: number, nowS: number): Promise<boolean>;
  /** Its request was not taken after all: the same signed request may come again. */
  release(signature: string): Promise<void>;
  close(): Promise<void>;
}

export const SIGNATURE_LEDGER = Symbol('SignatureLedger');

/** The embedded default's ledger: one API process sees every request. */
export class MemorySignatureLedger implements SignatureLedger {
  private readonly guard = new ReplayGuard();

  async admit(signature: string, timestampS: number, nowS: number): Promise<boolean> {
    return this.guard.admit(signature, timestampS, nowS);
  }

  async release(signature: string): Promise<void> {
    this.guard.release(signature);
  }

  async close(): Promise<void> {}
}

/** In-memory record of signatures and when each may be forgotten. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True the first time a signature is offered within its window. */
  admit(signature: string, timestampS: number, nowS: number): boolean {
    if (this.seen.size > 0 && this.seen.size % 1024 === 0) this.sweep(nowS);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, timestampS + SIGNATURE_TOLERANCE_S);
    return true;
  }

  release(signature: string): void {
    this.seen.delete(signature);
  }

  private sweep(nowS: number): void {
    for (const [signature, until] of this.seen) if (until < nowS) this.seen.delete(signature);
  }
}
