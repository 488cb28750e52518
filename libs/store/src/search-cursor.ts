import { ValidationError } from '@escucha/core';

/**
 * Keyset position in the search order (createdAt desc, id desc): the last item of a page.
 * Keyset rather than offset, so pages stay gap- and duplicate-free while posts keep arriving.
 */
export interface SearchCursor {
  createdAt: Date;
  id: string;
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.getTime(), cursor.id]), 'utf8').toString('base64url');
}

/**
 * A page from posts read one beyond `limit`, newest first: the extra one only says that another
 * page follows, whose cursor is the last post kept.
 */
export function pageOf<T extends SearchCursor>(read: readonly T[], limit: number): { items: T[]; nextCursor?: string } {
  const items = read.slice(0, limit);
  const last = items[items.length - 1];
  return read.length > limit && last ? { items, nextCursor: encodeSearchCursor({ createdAt: last.createdAt, id: last.id }) } : { items };
}

/** Cursors come back from clients, so anything malformed is a 400, not a crash. */
export function decodeSearchCursor(value: string): SearchCursor {
  const parsed = parse(value);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'number' ||
    !Number.isFinite(parsed[0]) ||
    typeof parsed[1] !== 'string'
  ) {
    throw invalid();
  }
  return { createdAt: new Date(parsed[0]), id: parsed[1] };
}

/** Keyset position in author order: the last author of a page. */
export interface AuthorCursor {
  source: string;
  authorId: string;
}

export function encodeAuthorCursor(cursor: AuthorCursor): string {
  return Buffer.from(JSON.stringify([cursor.source, cursor.authorId]), 'utf8').toString('base64url');
}

export function decodeAuthorCursor(value: string): AuthorCursor {
  const parsed = parse(value);
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') throw invalid();
  return { source: parsed[0], authorId: parsed[1] };
}

function parse(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
}

function invalid(): ValidationError {
  return new ValidationError('cursor is not valid: pass back the nextCursor of the previous page unchanged');
}
