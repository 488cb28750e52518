import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '@escucha/core';
import type { SettingsStore } from '@escucha/store';

/** One signing key as the store keeps it. Without `secret`, the key is derived from AUTH_SECRET and the kid. */
export interface StoredSigningKey {
  kid: string;
  createdAt: string;
  /** base64url; absent when derived from AUTH_SECRET, so the store alone cannot forge tokens. */
  secret?: string;
}

interface KeyRingDocument {
  keys: StoredSigningKey[];
}

export interface SigningKey {
  kid: string;
  createdAt: Date;
  secret: Uint8Array;
  /** Derived from AUTH_SECRET rather than stored. */
  derived: boolean;
}

export interface SigningKeyOptions {
  /** AUTH_SECRET: when set, keys are derived from it and never stored. */
  rootSecret?: string;
  rotationMs: number;
  tokenTtlMs: number;
  /** How long a node trusts its copy of the ring before reading it again (another node may have rotated). */
  refreshMs?: number;
}

export const KEY_RING_SETTING = 'auth.signing-keys';
// A node may sign with a key for up to one refresh after another node rotated; keep keys that long more.
const DEFAULT_REFRESH_MS = 60_000;
// An unknown kid makes a node read the ring again, but not more often than this (forged kids cost nothing to send).
const UNKNOWN_KID_REREAD_MS = 2_000;

/**
 * The signing keys every API node shares, kept in the settings store (so nodes agree without
 * a secret copied to each). The newest key signs; a new one is made once it is AUTH_KEY_ROTATION
 * old; older keys stay for verification until every token they signed has expired.
 * Rotation is a compare-and-set on the ring's version, so two nodes rotating at once make one key.
 */
export class SigningKeys {
  private ring: SigningKey[] = [];
  private version = 0;
  private loadedAt = -Infinity;
  private lastUnknownReread = -Infinity;
  private readonly refreshMs: number;

  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly options: SigningKeyOptions,
  ) {
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  }

  /** The key to sign with now, rotating first when the newest is due. */
  async current(): Promise<SigningKey> {
    const now = this.clock.now().getTime();
    if (now - this.loadedAt >= this.refreshMs) await this.load();
    for (let attempt = 0; attempt < 5; attempt++) {
      const newest = this.ring[this.ring.length - 1];
      if (newest && now - newest.createdAt.getTime() < this.options.rotationMs && this.isCurrentMode(newest)) return newest;
      await this.rotate();
    }
    throw new Error('could not agree on a signing key with the other API nodes');
  }

  /** The key with this id, reading the ring again (rarely) when it is unknown: another node may have just rotated. */
  async find(kid: string): Promise<SigningKey | undefined> {
    const now = this.clock.now().getTime();
    if (now - this.loadedAt >= this.refreshMs) await this.load();
    let key = this.ring.find((k) => k.kid === kid);
    if (!key && now - this.lastUnknownReread >= UNKNOWN_KID_REREAD_MS) {
      this.lastUnknownReread = now;
      await this.load();
      key = this.ring.find((k) => k.kid === kid);
    }
    return key;
  }

  /** Kids in the ring, oldest first: for tests and the operator's curiosity. */
  kids(): string[] {
    return this.ring.map((k) => k.kid);
  }

  private async load(): Promise<void> {
    const stored = await this.settings.get(KEY_RING_SETTING);
    this.version = stored?.version ?? 0;
    const keys = ((stored?.value as KeyRingDocument | undefined)?.keys ?? []).slice();
    this.ring = keys.map((k) => this.usable(k)).filter((k) => k !== undefined);
    this.loadedAt = this.clock.now().getTime();
  }

  private async rotate(): Promise<void> {
    const now = this.clock.now();
    const stored = await this.settings.get(KEY_RING_SETTING);
    const keys = ((stored?.value as KeyRingDocument | undefined)?.keys ?? []).slice();
    const fresh: StoredSigningKey = { kid: randomBytes(9).toString('base64url'), createdAt: now.toISOString() };
    if (!this.options.rootSecret) fresh.secret = randomBytes(32).toString('base64url');
    const kept = keys.filter((key, i) => !this.retired(keys[i + 1] ?? fresh, now));
    // Whether ours or a racing node's key won, read back what is stored.
    await this.settings.put(KEY_RING_SETTING, (stored?.version ?? 0) + 1, { keys: [...kept, fresh] } satisfies KeyRingDocument, now);
    await this.load();
  }

  /** A key stops signing when the next is made; its last token expires a token lifetime (plus a refresh of slack) later. */
  private retired(next: StoredSigningKey, now: Date): boolean {
    return Date.parse(next.createdAt) + this.options.tokenTtlMs + this.refreshMs < now.getTime();
  }

  private isCurrentMode(key: SigningKey): boolean {
    return key.derived === Boolean(this.options.rootSecret);
  }

  private usable(stored: StoredSigningKey): SigningKey | undefined {
    const createdAt = new Date(stored.createdAt);
    if (stored.secret) return { kid: stored.kid, createdAt, secret: Buffer.from(stored.secret, 'base64url'), derived: false };
    if (!this.options.rootSecret) return undefined;
    const secret = createHmac('sha256', this.options.rootSecret).update(`escucha-jwt-key:${stored.kid}`).digest();
    return { kid: stored.kid, createdAt, secret, derived: true };
  }
}
