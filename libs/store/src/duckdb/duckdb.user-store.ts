import { AppError, ValidationError } from '@escucha/core';
import type { DuckDBValue } from '@duckdb/node-api';
import { BOOLEAN } from '@duckdb/node-api';
import { ROLES, type Role, type User, type UserChanges, type UserStore } from '../user-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asString, fromTimestamp } from './duckdb.values';

const CREATE_USERS_TABLE = `CREATE TABLE IF NOT EXISTS users (
  username VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,
  password_hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  tokens_valid_after TIMESTAMP
)`;

// Files made before users could be disabled or have their tokens revoked gain the columns at open.
const ADD_USER_COLUMNS = [
  'ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled BOOLEAN DEFAULT false',
  'ALTER TABLE users ADD COLUMN IF NOT EXISTS tokens_valid_after TIMESTAMP',
];

const USER_COLUMNS = 'username, role, password_hash, created_at, disabled, tokens_valid_after';

export class DuckDbUserStore implements UserStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write(async (connection) => {
      await connection.run(CREATE_USERS_TABLE);
      for (const statement of ADD_USER_COLUMNS) await connection.run(statement);
    });
  }

  async find(username: string): Promise<User | undefined> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) => {
      const sql = `SELECT ${USER_COLUMNS} FROM users WHERE username = ${params.add(username)}`;
      return (await connection.runAndReadAll(sql, params.values, params.types)).getRows();
    });
    return rows.length ? rowToUser(rows[0]) : undefined;
  }

  async create(user: User): Promise<void> {
    if (!(ROLES as readonly string[]).includes(user.role)) {
      throw new ValidationError(`role must be one of ${ROLES.join(', ')}, got "${user.role}"`);
    }
    if (!(user.createdAt instanceof Date) || Number.isNaN(user.createdAt.getTime())) {
      throw new ValidationError('createdAt is not a valid date');
    }
    const params = new SqlParams();
    const values = [
      params.add(user.username),
      params.add(user.role),
      params.add(user.passwordHash),
      params.timestamp(user.createdAt),
      params.add(user.disabled === true, BOOLEAN),
      user.tokensValidAfter ? params.timestamp(user.tokensValidAfter) : 'NULL',
    ];
    // DO NOTHING plus the changed-row count tells a conflict apart without parsing DuckDB's error text.
    const result = await this.db.write((connection) =>
      connection.run(
        `INSERT INTO users (${USER_COLUMNS}) VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING`,
        params.values,
        params.types,
      ),
    );
    if (result.rowsChanged === 0) throw new AppError('CONFLICT', `user "${user.username}" already exists`, 409);
  }

  /** By username. */
  async list(): Promise<User[]> {
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)).getRows(),
    );
    return rows.map(rowToUser);
  }

  async update(username: string, changes: UserChanges): Promise<User | undefined> {
    if (changes.role !== undefined && !(ROLES as readonly string[]).includes(changes.role)) {
      throw new ValidationError(`role must be one of ${ROLES.join(', ')}, got "${changes.role}"`);
    }
    const params = new SqlParams();
    const sets: string[] = [];
    if (changes.role !== undefined) sets.push(`role = ${params.add(changes.role)}`);
    if (changes.passwordHash !== undefined) sets.push(`password_hash = ${params.add(changes.passwordHash)}`);
    if (changes.disabled !== undefined) sets.push(`disabled = ${params.add(changes.disabled, BOOLEAN)}`);
    if (changes.tokensValidAfter !== undefined) sets.push(`tokens_valid_after = ${params.timestamp(changes.tokensValidAfter)}`);
    if (sets.length === 0) return this.find(username);
    const rows = await this.db.write(async (connection) => {
      const sql = `UPDATE users SET ${sets.join(', ')} WHERE username = ${params.add(username)} RETURNING ${USER_COLUMNS}`;
      return (await connection.runAndReadAll(sql, params.values, params.types)).getRows();
    });
    return rows.length ? rowToUser(rows[0]) : undefined;
  }
}

function rowToUser([username, role, passwordHash, createdAt, disabled, tokensValidAfter]: DuckDBValue[]): User {
  const user: User = {
    username: asString(username),
    role: asString(role) as Role,
    passwordHash: asString(passwordHash),
    createdAt: fromTimestamp(createdAt),
  };
  if (disabled === true) user.disabled = true;
  if (tokensValidAfter !== null) user.tokensValidAfter = fromTimestamp(tokensValidAfter);
  return user;
}
