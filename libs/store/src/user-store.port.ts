export const ROLES = ['admin', 'analyst', 'marketing', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
  /** scrypt hash, `salt:hash` in hex. */
  passwordHash: string;
  createdAt: Date;
}

export interface UserStore {
  init(): Promise<void>;
  find(username: string): Promise<User | undefined>;
  /** Fails with AppError CONFLICT when the username exists. */
  create(user: User): Promise<void>;
  /** Ordered by username. */
  list(): Promise<User[]>;
}

export const USER_STORE = Symbol('UserStore');
