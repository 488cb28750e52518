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

/** Cursors come back from clients, so anything malformed is a 400, not a crash. */
export function decodeSearchCursor(value: string): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
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

function invalid(): ValidationError {
  return new ValidationError('cursor is not valid: pass back the nextCursor of the previous page unchanged');
}
