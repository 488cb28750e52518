/** Something a person (or a machine acting for one) did that an admin may need to account for later. */
export interface AuditEntry {
  /** Username, API key id (`key:<id>`), or `anonymous` for a failed sign-in's unknown caller. */
  actor: string;
  /** Dotted verb, `<what>.<did>`: `user.create`, `taxonomy.save`, `auth.login`, `auth.login_failed`, `customer.read`. */
  action: string;
  /** What it was done to: a username, a source id, a customer id. */
  target?: string;
  /** Small JSON facts worth keeping (client address, changed fields); never secrets. */
  details?: Record<string, unknown>;
  at: Date;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Unique; orders entries of the same `at` by when they were recorded. */
  id: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** 1..1000. */
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: StoredAuditEntry[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * Append-only record of admin actions, sign-ins and reads of personal data, shared by every
 * API node. A resolved `record` is durable; a query that starts after it sees it. Queries are
 * newest first (at desc, then latest recorded first), filters combine with AND and match
 * exactly; keyset paging, so entries arriving meanwhile never shift a page. Bad limits,
 * dates or cursors reject with a ValidationError.
 */
export interface AuditLog {
  init(): Promise<void>;
  record(entry: AuditEntry): Promise<StoredAuditEntry>;
  query(query: AuditQuery): Promise<AuditPage>;
}

export const AUDIT_LOG = Symbol('AuditLog');
export const MAX_AUDIT_PAGE = 1000;
/** Keeps one entry to a size an index or a row holds comfortably. */
export const MAX_AUDIT_DETAILS_BYTES = 16_384;
