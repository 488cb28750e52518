import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Clock } from '@escucha/core';
import type { TokenRevocations } from './token-revocations.port';

interface RevocationsFile {
  tokens: Record<string, number>;
  users: Record<string, { before: number; until: number }>;
}

/**
 * The embedded footprint's revocations: one process answers every request, so a map in memory
 * is the truth, written through to a small JSON file under DATA_DIR so a logout survives a
 * restart. Writes happen on logouts and user changes only, never per request.
 */
export class FileTokenRevocations implements TokenRevocations {
  private tokens = new Map<string, number>();
  private users = new Map<string, { before: number; until: number }>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {}

  static async open(file: string, clock: Clock): Promise<FileTokenRevocations> {
    const revocations = new FileTokenRevocations(file, clock);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as RevocationsFile;
      revocations.tokens = new Map(Object.entries(saved.tokens ?? {}));
      revocations.users = new Map(Object.entries(saved.users ?? {}));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the token revocations in ${file}: ${(error as Error).message}`);
    }
    return revocations;
  }

  async revokeToken(jti: string, until: Date): Promise<void> {
    this.tokens.set(jti, until.getTime());
    await this.save();
  }

  async revokeUserTokens(username: string, before: Date, until: Date): Promise<void> {
    const known = this.users.get(username);
    if (known && known.before >= before.getTime()) return;
    this.users.set(username, { before: before.getTime(), until: until.getTime() });
    await this.save();
  }

  async isRevoked(jti: string, username: string, issuedAtMs: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    const token = this.tokens.get(jti);
    if (token !== undefined && token > now) return true;
    const user = this.users.get(username);
    return user !== undefined && user.until > now && issuedAtMs < user.before;
  }

  async close(): Promise<void> {
    await this.writing;
  }

  /** Drops what has lapsed, then writes a new file and renames it over the old one, so a crash never leaves half a file. */
  private save(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [jti, until] of this.tokens) if (until <= now) this.tokens.delete(jti);
    for (const [user, entry] of this.users) if (entry.until <= now) this.users.delete(user);
    const body: RevocationsFile = { tokens: Object.fromEntries(this.tokens), users: Object.fromEntries(this.users) };
    const text = JSON.stringify(body);
    // Chained: two saves at once must land in order, the later state last.
    this.writing = this.writing.then(async () => {
      const temporary = `${this.file}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.file);
    });
    return this.writing;
  }
}
