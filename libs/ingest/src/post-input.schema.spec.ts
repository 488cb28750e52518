import { describe, expect, it } from 'vitest';
import { validatePostInput } from './post-input.schema';

const good = {
  id: '1',
  source: 'x',
  text: 'sin señal desde ayer',
  createdAt: '2026-11-23T12:00:00Z',
  author: { id: 'u1', handle: 'ana' },
};

describe('validatePostInput', () => {
  it('accepts a minimal post and coerces numeric ids to strings', () => {
    const outcome = validatePostInput({ ...good, id: 123 });
    expect(outcome).toMatchObject({ ok: true, post: { id: '123', source: 'x' } });
  });

  it('keeps an author bio and bounds its length', () => {
    expect(validatePostInput({ ...good, author: { id: 'u1', handle: 'ana', bio: 'Cliente desde 2010' } })).toMatchObject({ ok: true, post: { author: { bio: 'Cliente desde 2010' } } });
    expect(validatePostInput({ ...good, author: { id: 'u1', handle: 'ana', bio: 'b'.repeat(1025) } })).toEqual({ ok: false, error: 'author.bio: Too big: expected string to have <=1024 characters' });
  });

  it('names the missing nested field', () => {
    const outcome = validatePostInput({ ...good, author: { id: 'u1' } });
    expect(outcome).toEqual({ ok: false, error: 'author.handle: is required' });
  });

  it('names an unknown source and lists the valid ones', () => {
    const outcome = validatePostInput({ ...good, source: 'myspace' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/^source: must be one of x, mastodon/);
  });

  it('rejects a date that is not ISO-8601', () => {
    const outcome = validatePostInput({ ...good, createdAt: 'yesterday' });
    expect(!outcome.ok && outcome.error).toMatch(/^createdAt: must be an ISO-8601 date-time/);
  });

  it('rejects empty text and negative metrics, naming both', () => {
    const outcome = validatePostInput({ ...good, text: '  ', metrics: { likes: -1 } });
    expect(!outcome.ok && outcome.error).toMatch(/text: must not be empty/);
    expect(!outcome.ok && outcome.error).toMatch(/metrics.likes: must not be negative/);
  });

  it('rejects something that is not an object', () => {
    expect(validatePostInput('hola')).toEqual({ ok: false, error: 'must be a JSON object' });
    expect(validatePostInput([good])).toEqual({ ok: false, error: 'must be a JSON object' });
  });
});
