import { randomBytes } from 'node:crypto';
import { ValidationError } from '@escucha/core';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

let counter = 0;
const PROCESS = randomBytes(4).toString('hex');

/**
 * An id for an appended entry (label, audit entry) that sorts in the order this process made
 * them, and is unique across processes: time, a counter, and this process's random tag.
 */
export function newEntryId(now = Date.now()): string {
  counter = (counter + 1) % 0x1_0000_0000;
  return `${now.toString(16).padStart(12, '0')}${counter.toString(16).padStart(8, '0')}${PROCESS}`;
}

/** Keyset position (at, id) of an append-only log; the same encoding as the post search cursor. */
export function encodeLogCursor(at: Date, id: string): string {
  return encodeSearchCursor({ createdAt: at, id });
}

export function decodeLogCursor(cursor: string): { at: Date; id: string } {
  if (typeof cursor !== 'string' || cursor.length > 1000) throw new ValidationError('cursor is not one this store handed out');
  const decoded = decodeSearchCursor(cursor);
  return { at: decoded.createdAt, id: decoded.id };
}

export function checkPageLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ValidationError(`limit must be an integer from 1 to ${max}`);
}

export function checkDate(name: string, date: Date | undefined): void {
  if (date !== undefined && (!(date instanceof Date) || Number.isNaN(date.getTime()))) throw new ValidationError(`${name} is not a valid date`);
}
