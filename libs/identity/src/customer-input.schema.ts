import { z } from 'zod';
import { MalformedRecord, SOURCES, type Customer } from '@escucha/core';
import { normaliseEmail, normaliseHandle, normalisePhone, type PhoneRegion } from './contacts';

/**
 * One CRM record, checked alone like a post of an ingest batch, with each failure naming its
 * field. The same schema reads JSON and the cells of a CSV row, so list fields also take a
 * string split on `;` or `|`, `value` a numeric string and `consent.marketing` true/false/yes/no/1/0.
 */
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const list = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(/[;|]/).map((v) => v.trim()).filter((v) => v !== '') : value),
    z.array(z.string().trim().min(1, 'must not hold an empty entry').max(320)).max(max, `must hold at most ${max} entries`),
  );
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, si: true, sí: true, '1': true, false: false, no: false, '0': false };

const customerInputSchema = z.object({
  id: z.union([text(256), z.number().int().nonnegative().transform(String)]),
  name: text(256),
  emails: list(20).default([]),
  phones: list(20).default([]),
  handles: z
    .partialRecord(
      z.enum(SOURCES, { message: `platform must be one of ${SOURCES.join(', ')}` }),
      text(256),
    )
    .default({}),
  city: text(256).optional(),
  segment: text(128).optional(),
  products: list(100).default([]),
  value: z
    .preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), z.number({ message: 'must be a number' }).finite())
    .optional(),
  birthDate: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  consent: z
    .object({
      marketing: z.preprocess(
        (v) => (typeof v === 'string' && v.trim().toLowerCase() in BOOLEAN_WORDS ? BOOLEAN_WORDS[v.trim().toLowerCase()] : v),
        z.boolean({ message: 'must be true or false' }),
      ),
    })
    .default({ marketing: false }),
  attributes: z.record(z.string(), z.unknown()).default({}),
});

/** A CRM record as the import takes it in JSON, before validation; CSV cells reach the same schema as strings. */
export interface CustomerRecord {
  id: string;
  name: string;
  emails?: string[];
  phones?: string[];
  /** Platform → handle; the schema refuses a platform that is not a source. */
  handles?: Record<string, string>;
  city?: string;
  segment?: string;
  products?: string[];
  value?: number;
  birthDate?: string;
  consent?: { marketing: boolean };
  attributes?: Record<string, unknown>;
}

export type CustomerOutcome = { ok: true; customer: Customer } | { ok: false; error: string };

/** Validates and normalises one record: phones to E.164 (numbers without a country code read in `region`), emails and handles lower-cased. */
export function validateCustomerInput(record: unknown, region: PhoneRegion, now: Date): CustomerOutcome {
  if (record instanceof MalformedRecord) return { ok: false, error: record.error };
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return { ok: false, error: 'must be a JSON object' };
  const parsed = customerInputSchema.safeParse(record);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'record'}: ${(issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined ? 'is required' : issue.message}`)
        .join('; '),
    };
  }
  const input = parsed.data;
  const problems: string[] = [];
  const emails: string[] = [];
  input.emails.forEach((raw, i) => {
    const email = normaliseEmail(raw);
    if (email === undefined) problems.push(`emails.${i}: "${raw}" is not an email address`);
    else if (!emails.includes(email)) emails.push(email);
  });
  const phones: string[] = [];
  input.phones.forEach((raw, i) => {
    const phone = normalisePhone(raw, region);
    if (phone === undefined) problems.push(`phones.${i}: "${raw}" is not a valid phone number (read in region ${region} when it has no +country code)`);
    else if (!phones.includes(phone)) phones.push(phone);
  });
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  const handles: Record<string, string> = {};
  for (const [platform, handle] of Object.entries(input.handles)) if (handle !== undefined) handles[platform] = normaliseHandle(handle);
  const customer: Customer = {
    id: input.id,
    name: input.name,
    emails,
    phones,
    handles,
    products: [...new Set(input.products)],
    consent: { marketing: input.consent.marketing },
    attributes: input.attributes,
    updatedAt: now,
  };
  if (input.city !== undefined) customer.city = input.city;
  if (input.segment !== undefined) customer.segment = input.segment;
  if (input.value !== undefined) customer.value = input.value;
  if (input.birthDate !== undefined) customer.birthDate = input.birthDate;
  return { ok: true, customer };
}
