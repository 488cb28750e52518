import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { USER_STORE, type Role, type User, type UserStore } from '@escucha/store';
import { generatePassword, hashPassword, verifyPassword } from './password';
import { TokenService, type TokenClaims } from './token.service';

export interface PublicUser {
  username: string;
  role: Role;
}

const toPublic = (user: User): PublicUser => ({ username: user.username, role: user.role });

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private tokens?: TokenService;
  private pseudonymKey?: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(USER_STORE) private readonly users: UserStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const secret = await this.loadSecret();
    this.tokens = new TokenService(secret, this.config.auth.tokenTtlMs, this.clock);
    // A key of its own, derived from the server secret: a pseudonym never helps forge a token, and every API node sharing AUTH_SECRET agrees on it.
    this.pseudonymKey = createHmac('sha256', secret).update('escucha.pseudonym.v1').digest();
    await this.ensureAdmin();
  }

  async login(username: string, password: string): Promise<{ token: string; user: PublicUser }> {
    const user = await this.users.find(username);
    // Same answer for an unknown user and a wrong password, so names cannot be probed.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new AppError('INVALID_CREDENTIALS', 'wrong username or password', 401);
    }
    return { token: this.tokenService().issue(user.username, user.role), user: toPublic(user) };
  }

  verify(token: string | undefined): TokenClaims | undefined {
    return this.tokenService().verify(token);
  }

  async createUser(username: string, password: string, role: Role): Promise<PublicUser> {
    const user: User = { username, role, passwordHash: await hashPassword(password), createdAt: this.clock.now() };
    await this.users.create(user);
    return toPublic(user);
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.users.list()).map(toPublic);
  }

  /**
   * A stable pseudonymous id for roles that see aggregates only: an HMAC of the value (a
   * customer id, an author key) with a server secret, so it cannot be reversed or recomputed
   * outside the server, yet the same customer always gets the same one.
   */
  pseudonym(value: string): string {
    if (!this.pseudonymKey) throw new Error('AuthService used before bootstrap');
    return `p_${createHmac('sha256', this.pseudonymKey).update(value).digest('hex').slice(0, 20)}`;
  }

  private tokenService(): TokenService {
    if (!this.tokens) throw new Error('AuthService used before bootstrap');
    return this.tokens;
  }

  /** AUTH_SECRET when given (several API nodes must share it); otherwise one kept under DATA_DIR so tokens survive restarts. */
  private async loadSecret(): Promise<Buffer> {
    if (this.config.auth.secret) return Buffer.from(this.config.auth.secret);
    const file = join(this.config.dataDir, 'auth.secret');
    try {
      return Buffer.from(await readFile(file, 'utf8'), 'hex');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const secret = randomBytes(32);
      await writeFile(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
      return secret;
    }
  }

  private async ensureAdmin(): Promise<void> {
    if (await this.users.find('admin')) return;
    const given = this.config.auth.adminPassword;
    const password = given ?? generatePassword();
    await this.createUser('admin', password, 'admin');
    if (!given) {
      // Printed once, on purpose to stdout: the operator needs it to sign in the first time.
      process.stdout.write(`\n  Escucha created the user "admin" with password: ${password}\n  (set ADMIN_PASSWORD to choose it; shown only this once)\n\n`);
    }
    this.logger.log('created the admin user');
  }
}
