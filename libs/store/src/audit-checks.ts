import { ValidationError } from '@escucha/core';
import { MAX_AUDIT_DETAILS_BYTES, type AuditEntry, type AuditQuery } from './audit-log.port';
import { checkDate, checkPageLimit } from './log-entry';

const NAME_BYTES = 512;

/** Shared by every AuditLog driver; returns the details as JSON text, ready to store. */
export function checkAuditEntry(entry: AuditEntry): string | undefined {
  for (const [name, value] of [['actor', entry.actor], ['action', entry.action]] as const) {
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > NAME_BYTES) throw new ValidationError(`${name} must be 1 to ${NAME_BYTES} bytes`);
  }
  if (entry.target !== undefined && (typeof entry.target !== 'string' || Buffer.byteLength(entry.target) > NAME_BYTES)) {
    throw new ValidationError(`target must be a string of at most ${NAME_BYTES} bytes`);
  }
  checkDate('at', entry.at);
  if (!(entry.at instanceof Date)) throw new ValidationError('at is not a valid date');
  if (entry.details === undefined) return undefined;
  if (typeof entry.details !== 'object' || entry.details === null || Array.isArray(entry.details)) throw new ValidationError('details must be an object');
  const text = JSON.stringify(entry.details);
  if (Buffer.byteLength(text) > MAX_AUDIT_DETAILS_BYTES) throw new ValidationError(`details must be at most ${MAX_AUDIT_DETAILS_BYTES} bytes of JSON`);
  return text;
}

export function checkAuditQuery(query: AuditQuery, max: number): void {
  checkPageLimit(query.limit, max);
  checkDate('from', query.from);
  checkDate('to', query.to);
}
