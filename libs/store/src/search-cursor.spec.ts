import { describe, expect, it } from 'vitest';
import { decodeAuthorCursor, decodeSearchCursor, encodeAuthorCursor, encodeSearchCursor } from './search-cursor';

describe('search cursor', () => {
  it('round-trips the position, millisecond and id exact, as URL-safe text', () => {
    const cursor = { createdAt: new Date('2026-03-02T10:15:42.123Z'), id: 'mastodon:109/ü+=' };
    const encoded = encodeSearchCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(encoded)).toEqual(cursor);
  });

  it.each(['', 'not a cursor', Buffer.from('{"t":1}').toString('base64url'), Buffer.from('[1e400,"x"]').toString('base64url')])(
    'refuses %j as a validation error',
    (value) => {
      expect(() => decodeSearchCursor(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );

  it('round-trips an author position, source and id exact', () => {
    const cursor = { source: 'bluesky', authorId: 'did:plc:ü/+=' };
    const encoded = encodeAuthorCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuthorCursor(encoded)).toEqual(cursor);
  });

  it.each(['', 'not a cursor', encodeSearchCursor({ createdAt: new Date(0), id: 'x' }), Buffer.from('["x"]').toString('base64url')])(
    'refuses %j as an author cursor',
    (value) => {
      expect(() => decodeAuthorCursor(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});
