import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SOURCES, SOURCE_ID, SOURCE_KINDS, SOURCE_STATES, type Source, type SourceKind, type SourceState } from '@escucha/core';

/** A webhook secret is an HMAC key: short ones can be guessed offline from one signed request. */
export const MIN_WEBHOOK_SECRET = 32;

export interface DeclaredSource {
  id: string;
  kind: SourceKind;
  name: string;
  channel: Source;
  /** Only when the source is first created; afterwards an admin's pause or resume stands. */
  state: SourceState;
  credentials?: Record<string, string>;
}

/** One source as an admin creates it or SOURCES_FILE declares it; the same rules for both. */
export const declaredSourceSchema = z
  .object({
    id: z.string().regex(SOURCE_ID, 'must be 1 to 64 lower-case letters, digits, "-" or "_"'),
    kind: z.enum(SOURCE_KINDS, { message: `must be one of ${SOURCE_KINDS.join(', ')}` }),
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    channel: z.enum(SOURCES, { message: `must be one of ${SOURCES.join(', ')}` }),
    state: z.enum(SOURCE_STATES, { message: `must be one of ${SOURCE_STATES.join(', ')}` }).default('active'),
    credentials: z.record(z.string(), z.string().max(4096)).optional(),
  })
  .strict()
  .superRefine((source, ctx) => {
    if (source.kind === 'x') {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'the X source is configured with X_BEARER_TOKEN and X_QUERIES, not created by hand' });
    }
    if (source.kind === 'bluesky' || source.kind === 'mastodon') {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `the ${source.kind} source is configured with its settings (${source.kind === 'bluesky' ? 'BLUESKY_QUERIES' : 'MASTODON_URL, MASTODON_TAGS'}), not created by hand` });
    }
    if (source.kind === 'facebook') {
      for (const key of ['appSecret', 'verifyToken'] as const) {
        if (!source.credentials?.[key]) ctx.addIssue({ code: 'custom', path: ['credentials', key], message: `a Facebook source needs ${key} (see the README)` });
      }
    }
    if (source.kind === 'webhook' && (source.credentials?.secret ?? '').length < MIN_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'secret'], message: `a webhook needs a secret of at least ${MIN_WEBHOOK_SECRET} characters` });
    }
  });

const sourcesFileSchema = z.array(declaredSourceSchema).superRefine((sources, ctx) => {
  const seen = new Set<string>();
  sources.forEach((source, index) => {
    if (seen.has(source.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `"${source.id}" is declared twice` });
    seen.add(source.id);
  });
});

/** Reads and checks the SOURCES_FILE; each problem names the entry and field, for the start-up message. */
export function readSourcesFile(path: string): { sources: DeclaredSource[] } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { problems: [`cannot read ${path} as JSON: ${(error as Error).message}`] };
  }
  const parsed = sourcesFileSchema.safeParse(raw);
  if (parsed.success) return { sources: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${path}: ${issue.path.length ? `[${issue.path.join('.')}]` : 'the file'} ${issue.message}`) };
}
