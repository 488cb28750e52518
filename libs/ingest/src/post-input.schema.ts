import { z } from 'zod';
import { MalformedRecord, SOURCES, type PostInput } from '@escucha/core';

/**
 * One record of an ingest batch. zod rather than class-validator here: a batch of 5,000
 * is checked record by record on the hot path, and each failure must name its field.
 */
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const count = z.number().int('must be a whole number').min(0, 'must not be negative');

export const postInputSchema = z.object({
  id: z.union([text(256), z.number().int().nonnegative().transform(String)]),
  source: z.enum(SOURCES, { message: `must be one of ${SOURCES.join(', ')}` }),
  text: text(20_000),
  createdAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-11-23T12:00:00Z' }),
  author: z.object({
    id: z.union([text(256), z.number().int().nonnegative().transform(String)]),
    handle: text(256),
    name: z.string().max(256).optional(),
    followers: count.optional(),
    location: z.string().max(256).optional(),
    bio: z.string().max(1024).optional(),
  }, { message: 'must be an object with id and handle' }),
  lang: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as es or en').optional(),
  url: z.url({ message: 'must be a URL' }).optional(),
  metrics: z.object({ likes: count.optional(), reposts: count.optional(), replies: count.optional() }).optional(),
  customerId: text(256).optional(),
  campaign: text(256).optional(),
});

export type ValidationOutcome = { ok: true; post: PostInput } | { ok: false; error: string };

export function validatePostInput(record: unknown): ValidationOutcome {
  if (record instanceof MalformedRecord) return { ok: false, error: record.error };
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, error: 'must be a JSON object' };
  }
  const parsed = postInputSchema.safeParse(record);
  if (parsed.success) return { ok: true, post: parsed.data as PostInput };
  return {
    ok: false,
    error: parsed.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'record'}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message}`)
      .join('; '),
  };
}

export { MalformedRecord };
