export const ROLES = ['admin', 'analyst', 'marketing', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
  /** scrypt hash, `salt:hash` in hex. */
  passwordHash: string;
  createdAt: Date;
  /** A disabled user cannot sign in; absent means enabled. */
  disabled?: boolean;
  /** Tokens issued before this instant are refused (set on a password or role change, or disabling). */
  tokensValidAfter?: Date;
}

/** What an admin, or the user, may change; every change also moves tokensValidAfter. */
export type UserChanges = Partial<Pick<User, 'role' | 'passwordHash' | 'disabled' | 'tokensValidAfter'>>;

export interface UserStore {
  init(): Promise<void>;
  find(username: string): Promise<User | undefined>;
  /** Fails with AppError CONFLICT when the username exists. */
  create(user: User): Promise<void>;
  /** Ordered by username. */
  list(): Promise<User[]>;
  /** Applies `changes` and answers the user as stored after them; undefined when no such user. */
  update(username: string, changes: UserChanges): Promise<User | undefined>;
}

export const USER_STORE = Symbol('UserStore');
