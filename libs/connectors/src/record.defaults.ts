import { MalformedRecord, type Source } from '@escucha/core';

/**
 * What a registered source fills in on a record it delivers: its channel as `source` when the
 * record names none, and, for internal channels whose rows carry a customer but no author (a
 * call-center note, an assistant transcript), that customer as the author. Anything the record
 * says itself stands; non-objects, and records that did not parse, pass through to be rejected
 * by validation with their own message.
 */
export function withSourceDefaults(record: unknown, channel: Source): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record) || record instanceof MalformedRecord) return record;
  const given = record as Record<string, unknown>;
  const filled: Record<string, unknown> = { ...given };
  if (given.source === undefined) filled.source = channel;
  if (given.author === undefined && typeof given.customerId === 'string' && given.customerId.trim() !== '') {
    filled.author = { id: given.customerId, handle: given.customerId };
  }
  return filled;
}
