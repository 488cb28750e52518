import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, NotFoundError, ValidationError, passwordWeakness, type Clock } from '@escucha/core';
import { SETTINGS_STORE, USER_STORE, type Role, type SettingsStore, type User, type UserChanges, type UserStore } from '@escucha/store';
import { ApiKeysService } from './api-keys.service';
import { generatePassword, hashPassword, verifyPassword } from './password';
import { API_KEY_PREFIX, type Principal } from './principal';
import { TOKEN_REVOCATIONS, type TokenRevocations } from './revocations/token-revocations.port';
import { SignInLimiter } from './sign-in.limiter';
import { SigningKeys } from './signing-keys';
import { TokenService } from './token.service';

export interface PublicUser {
  username: string;
  role: Role;
}

export interface ManagedUser extends PublicUser {
  disabled: boolean;
  createdAt: string;
}

const PSEUDONYM_KEY_SETTING = 'auth.pseudonym-key';

const toPublic = (user: User): PublicUser => ({ username: user.username, role: user.role });
const toManaged = (user: User): ManagedUser => ({ ...toPublic(user), disabled: user.disabled === true, createdAt: user.createdAt.toISOString() });

/** How a request presented its credential. */
export interface Credentials {
  authorization?: string;
  apiKey?: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private readonly tokens: TokenService;
  private pseudonymKey?: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOKEN_REVOCATIONS) private readonly revocations: TokenRevocations,
    private readonly limiter: SignInLimiter,
    private readonly apiKeys: ApiKeysService,
  ) {
    const keys = new SigningKeys(settings, clock, {
      rootSecret: config.auth.secret,
      rotationMs: config.auth.keyRotationMs,
      tokenTtlMs: config.auth.tokenTtlMs,
    });
    this.tokens = new TokenService(keys, config.auth.tokenTtlMs, clock);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.pseudonymKey = await this.loadPseudonymKey();
    await this.ensureAdmin();
    await this.restoreUserRevocations();
  }

  async login(username: string, password: string, address: string): Promise<{ token: string; user: PublicUser }> {
    await this.limiter.attempt(username, address);
    const user = await this.users.find(username);
    // Same answer, and the same scrypt work, for an unknown user and a wrong password, so names cannot be probed.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash()));
    if (!user || !matches) {
      throw new AppError('INVALID_CREDENTIALS', 'wrong username or password', 401);
    }
    await this.limiter.succeeded(username, address);
    if (user.disabled) throw new AppError('USER_DISABLED', 'this user is disabled; ask an admin', 403);
    const { token } = await this.tokens.issue(user.username, user.role);
    return { token, user: toPublic(user) };
  }

  /** The caller behind a request's credentials; undefined when there are none or they are not (or no longer) good. */
  async authenticate(credentials: Credentials): Promise<Principal | undefined> {
    const header = credentials.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const key = credentials.apiKey ?? (bearer?.startsWith(API_KEY_PREFIX) ? bearer : undefined);
    if (key) return this.apiKeys.authenticate(key);
    const claims = await this.tokens.verify(bearer);
    if (!claims) return undefined;
    if (await this.revocations.isRevoked(claims.jti, claims.sub, claims.iat * 1000)) return undefined;
    return { sub: claims.sub, role: claims.role, token: claims };
  }

  /** Refuses the presented token from now on, on every node; it would have expired at `exp` anyway. */
  async logout(principal: Principal): Promise<void> {
    if (!principal.token) throw new AppError('FORBIDDEN', 'an API key is not signed out; an admin revokes it with DELETE /api/v1/api-keys/:id', 403);
    await this.revocations.revokeToken(principal.token.jti, new Date(principal.token.exp * 1000));
  }

  async createUser(username: string, password: string, role: Role): Promise<PublicUser> {
    this.checkPassword(password, username);
    const user: User = { username, role, passwordHash: await hashPassword(password), createdAt: this.clock.now() };
    await this.users.create(user);
    return toPublic(user);
  }

  async listUsers(): Promise<ManagedUser[]> {
    return (await this.users.list()).map(toManaged);
  }

  /** The user's own change: the current password is asked again, so a stolen token alone cannot take the account. Answers a new token, since the old ones stop working. */
  async changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string): Promise<{ token: string; user: PublicUser }> {
    if (!principal.token) throw new AppError('FORBIDDEN', 'an API key has no password', 403);
    const user = await this.users.find(principal.sub);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong', 401);
    }
    this.checkPassword(newPassword, user.username);
    const updated = await this.change(user.username, { passwordHash: await hashPassword(newPassword) });
    const { token } = await this.tokens.issue(updated.username, updated.role);
    return { token, user: toPublic(updated) };
  }

  /**
   * A stable pseudonymous id for roles that see aggregates only: an HMAC of the value (a
   * customer id, an author key) with a server key, so it cannot be reversed or recomputed
   * outside the server, yet the same customer always gets the same one.
   */
  pseudonym(value: string): string {
    if (!this.pseudonymKey) throw new Error('AuthService used before bootstrap');
    return `p_${createHmac('sha256', this.pseudonymKey).update(value).digest('hex').slice(0, 20)}`;
  }

  /** An admin's change of another user (or of their own password); any change signs the user out everywhere. */
  async updateUser(actor: Principal, username: string, changes: { password?: string; role?: Role; disabled?: boolean }): Promise<ManagedUser> {
    if (changes.password === undefined && changes.role === undefined && changes.disabled === undefined) {
      throw new ValidationError('give at least one of password, role, disabled');
    }
    // An admin cannot lock themselves out: another admin must demote or disable them.
    if (username === actor.sub && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true)) {
      throw new AppError('CONFLICT', 'you cannot demote or disable yourself; another admin can', 409);
    }
    const patch: UserChanges = {};
    if (changes.password !== undefined) {
      this.checkPassword(changes.password, username);
      patch.passwordHash = await hashPassword(changes.password);
    }
    if (changes.role !== undefined) patch.role = changes.role;
    if (changes.disabled !== undefined) patch.disabled = changes.disabled;
    return toManaged(await this.change(username, patch));
  }

  private async change(username: string, patch: UserChanges): Promise<User> {
    const now = this.clock.now();
    // The store first: it is the durable record, and re-applied to the revocations at start.
    const updated = await this.users.update(username, { ...patch, tokensValidAfter: now });
    if (!updated) throw new NotFoundError(`no user "${username}"`);
    await this.revocations.revokeUserTokens(username, now, new Date(now.getTime() + this.config.auth.tokenTtlMs));
    return updated;
  }

  private decoy?: Promise<string>;
  private decoyHash(): Promise<string> {
    return (this.decoy ??= hashPassword(generatePassword()));
  }

  private checkPassword(password: string, username: string): void {
    const weakness = passwordWeakness(password, this.config.auth.password, [username]);
    if (weakness) throw new AppError('WEAK_PASSWORD', weakness, 400);
  }

  /** The revocations (Redis, or a file) may have been lost; the user store's record of each change is the truth. */
  private async restoreUserRevocations(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const user of await this.users.list()) {
      const after = user.tokensValidAfter?.getTime();
      if (after === undefined || after + this.config.auth.tokenTtlMs <= now) continue;
      await this.revocations.revokeUserTokens(user.username, new Date(after), new Date(after + this.config.auth.tokenTtlMs));
    }
  }

  /**
   * The pseudonym key: derived from AUTH_SECRET when there is one (it never helps forge a
   * token), otherwise random and kept in the shared store, so every API node agrees on it and
   * pseudonyms stay the same across restarts.
   */
  private async loadPseudonymKey(): Promise<Buffer> {
    if (this.config.auth.secret) return createHmac('sha256', this.config.auth.secret).update('escucha.pseudonym.v1').digest();
    const stored = await this.settings.get(PSEUDONYM_KEY_SETTING);
    if (stored) return Buffer.from((stored.value as { key: string }).key, 'hex');
    // Two nodes starting together: the first put wins, the other reads the winner's key.
    await this.settings.put(PSEUDONYM_KEY_SETTING, 1, { key: randomBytes(32).toString('hex') }, this.clock.now());
    return this.loadPseudonymKey();
  }

  private async ensureAdmin(): Promise<void> {
    if (await this.users.find('admin')) return;
    const given = this.config.auth.adminPassword;
    // Checked against the policy when the settings were read; a generated one passes any policy that allows 18 random characters.
    const password = given ?? generatePassword(Math.max(18, this.config.auth.password.minLength));
    const weakness = passwordWeakness(password, this.config.auth.password);
    if (weakness) throw new Error(`${given ? 'ADMIN_PASSWORD' : 'the generated admin password'}: ${weakness}`);
    const user: User = { username: 'admin', role: 'admin', passwordHash: await hashPassword(password), createdAt: this.clock.now() };
    await this.users.create(user);
    if (!given) {
      // Printed once, on purpose to stdout: the operator needs it to sign in the first time.
      process.stdout.write(`\n  Escucha created the user "admin" with password: ${password}\n  (set ADMIN_PASSWORD to choose it; shown only this once)\n\n`);
    }
    this.logger.log('created the admin user');
  }
}
