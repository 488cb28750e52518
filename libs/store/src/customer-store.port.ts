import { ValidationError, type Customer } from '@escucha/core';

export interface CustomerPage {
  items: Customer[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * CRM customers, keyed by their CRM id. Upserts replace the whole record; a resolved write is
 * durable and seen by every read that starts after it. Erasure (a later issue) deletes by id.
 * The contract suite in test/contract/customer-store.contract.ts is the full spec.
 */
export interface CustomerStore {
  init(): Promise<void>;
  /** Within one batch the later record of an id wins. */
  upsert(customers: readonly Customer[]): Promise<void>;
  /** In the order asked; unknown ids are skipped. */
  get(ids: readonly string[]): Promise<Customer[]>;
  /** By id ascending, keyset paged; `limit` 1..5000. */
  list(page: { limit: number; cursor?: string }): Promise<CustomerPage>;
  count(): Promise<number>;
  /** Removes the customers of `ids` (unknown ones are skipped); returns how many there were. */
  delete(ids: readonly string[]): Promise<number>;
}

export const CUSTOMER_STORE = Symbol('CustomerStore');

export const MAX_CUSTOMER_PAGE = 5000;

export function checkCustomerPage(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CUSTOMER_PAGE) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_CUSTOMER_PAGE}, got ${limit}`);
  }
}

/** Cursors are opaque to clients: the last key of the page, in base64url JSON. */
export function encodeKeyCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeKeyCursor(cursor: string, parts: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== parts || !parsed.every((p) => typeof p === 'string')) {
    throw new ValidationError('cursor is not valid: pass back the nextCursor of the previous page unchanged');
  }
  return parsed as string[];
}

/** The JSON form both drivers keep a customer in. */
export interface CustomerDocument extends Omit<Customer, 'updatedAt'> {
  updatedAt: string;
}

export function customerToDocument(customer: Customer): CustomerDocument {
  return { ...customer, updatedAt: customer.updatedAt.toISOString() };
}

export function customerFromDocument(document: CustomerDocument): Customer {
  return { ...document, updatedAt: new Date(document.updatedAt) };
}
