import { ValidationError, type IdentityLink, type LinkStatus } from '@escucha/core';

export interface LinkPage {
  /** Every link matching the filter, not just this page. */
  total: number;
  items: IdentityLink[];
  nextCursor?: string;
}

/**
 * Author↔customer links, one per (author, customerId): saving the pair again replaces it. An
 * author may have several (suggestions for a family email, a rejected one and a linked one).
 * The contract suite in test/contract/identity-link-store.contract.ts is the full spec.
 */
export interface IdentityLinkStore {
  init(): Promise<void>;
  save(links: readonly IdentityLink[]): Promise<void>;
  get(author: string, customerId: string): Promise<IdentityLink | undefined>;
  /** Every link of these authors, by author then customerId. */
  forAuthors(authors: readonly string[]): Promise<IdentityLink[]>;
  /** Every link of one customer, by author. */
  forCustomer(customerId: string): Promise<IdentityLink[]>;
  /** By author then customerId, keyset paged; `limit` 1..500. */
  list(filter: { status?: LinkStatus }, page: { limit: number; cursor?: string }): Promise<LinkPage>;
  /** false when there was no such link. */
  delete(author: string, customerId: string): Promise<boolean>;
  /** For erasure: removes every link of these customers; returns how many. */
  deleteForCustomers(customerIds: readonly string[]): Promise<number>;
}

export const IDENTITY_LINK_STORE = Symbol('IdentityLinkStore');

export const MAX_LINK_PAGE = 500;

export function checkLinkPage(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LINK_PAGE) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_LINK_PAGE}, got ${limit}`);
  }
}

export function checkLink(link: IdentityLink): void {
  if (typeof link.author !== 'string' || !/^[a-z]+:.+$/.test(link.author)) throw new ValidationError(`author must be "platform:authorId", got "${String(link.author)}"`);
  if (typeof link.customerId !== 'string' || link.customerId === '') throw new ValidationError('customerId must not be empty');
  if (!(link.confidence >= 0 && link.confidence <= 1)) throw new ValidationError(`confidence must be 0..1, got ${link.confidence}`);
  if (!(link.at instanceof Date) || Number.isNaN(link.at.getTime())) throw new ValidationError('at is not a valid date');
}
