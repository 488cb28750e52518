import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, NotFoundError, ValidationError, type Clock } from '@escucha/core';
import { API_KEY_STORE, type ApiKey, type ApiKeyScope, type ApiKeyStore } from '@escucha/store';
import { API_KEY_PREFIX, type Principal } from './principal';

export interface PublicApiKey {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const KEY_FORMAT = /^esk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
// The touch map is per process and only throttles writes: dropping it costs one extra write per key.
const MAX_TRACKED = 10_000;

const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex');

const toPublic = (key: ApiKey): PublicApiKey => ({
  id: key.id,
  name: key.name,
  scope: key.scope,
  createdAt: key.createdAt.toISOString(),
  createdBy: key.createdBy,
  expiresAt: key.expiresAt?.toISOString() ?? null,
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
});

/**
 * API keys: `esk_<id>_<secret>`, the id public and the whole key stored only as a SHA-256 hash
 * (keys carry 256 random bits, so a slow hash would only slow every request). Each request reads
 * the key by id from the store, which is what makes a DELETE refuse it at once on every node.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly lastTouched = new Map<string, number>();

  constructor(
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // TODO(audit): record key creation and revocation (actor, key id, name, scope) once the audit log exists.
  async create(input: { name: string; scope: ApiKeyScope; expiresAt?: string }, createdBy: string): Promise<PublicApiKey & { key: string }> {
    const now = this.clock.now();
    const expiresAt = input.expiresAt === undefined ? undefined : new Date(input.expiresAt);
    if (expiresAt && !(expiresAt.getTime() > now.getTime())) throw new ValidationError(`expiresAt must be in the future, got ${input.expiresAt}`);
    const id = randomBytes(8).toString('hex');
    const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const stored: ApiKey = { id, name: input.name, scope: input.scope, hash: hashOf(key), createdAt: now, createdBy, ...(expiresAt ? { expiresAt } : {}) };
    await this.keys.create(stored);
    return { ...toPublic(stored), key };
  }

  async list(): Promise<PublicApiKey[]> {
    return (await this.keys.list()).map(toPublic);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.keys.delete(id))) throw new NotFoundError(`no API key "${id}"`);
    this.lastTouched.delete(id);
  }

  /** The caller a key stands for; undefined for anything that is not a live key of ours. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return undefined;
    const stored = await this.keys.find(match[1]);
    if (!stored) return undefined;
    const expected = Buffer.from(stored.hash, 'hex');
    const actual = createHash('sha256').update(key).digest();
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const now = this.clock.now();
    if (stored.expiresAt && stored.expiresAt.getTime() <= now.getTime()) throw new AppError('UNAUTHORIZED', 'the API key has expired', 401);
    this.touch(stored.id, now);
    return { sub: `api-key:${stored.id}`, role: 'analyst', apiKey: { id: stored.id, name: stored.name, scope: stored.scope } };
  }

  /** lastUsedAt is written at most once per API_KEY_TOUCH_SECONDS per key and process, off the request's path. */
  private touch(id: string, now: Date): void {
    const last = this.lastTouched.get(id);
    if (last !== undefined && now.getTime() - last < this.config.auth.apiKeyTouchMs) return;
    if (this.lastTouched.size >= MAX_TRACKED) this.lastTouched.clear();
    this.lastTouched.set(id, now.getTime());
    this.keys.touch(id, now).catch((error: Error) => this.logger.warn(`could not record the use of API key ${id}: ${error.message}`));
  }
}
