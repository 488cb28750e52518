import { createHash } from 'node:crypto';
import { MalformedRecord } from '@escucha/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { NumberedRecord } from './import.records';

/** The post schema's limits: a long email keeps its beginning rather than being refused whole. */
const MAX_TEXT = 20_000;
const MAX_ID = 256;

/** One mbox message: the line of its `From ` separator, and its text with the quoting undone. */
export interface MboxMessage {
  line: number;
  /** The date on the `From ` line, which stands in for a missing `Date:` header. */
  envelopeDate?: Date;
  text: string;
  /** Text before the first separator: not a message, but reported rather than dropped. */
  preamble?: true;
}

/**
 * Splits an mbox file into messages. A separator is a line starting `From ` at the top of the
 * file or after a blank line: writers quote body lines that start `From ` (as `>From `), but
 * some older ones only did so after a blank line, so the blank line is what makes a split
 * safe. Quoting is undone the mboxrd way, one `>` off any `>…>From ` line, which also
 * reads mboxo files right for the ordinary case. The blank line a writer puts before the next
 * separator belongs to the file, not the message.
 */
export function* splitMbox(text: string): Generator<MboxMessage> {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let current: MboxMessage & { body: string[] } | undefined;
  const flush = (): MboxMessage | undefined => {
    if (!current) return undefined;
    const { body, ...message } = current;
    if (body.length && body[body.length - 1].replace(/\r$/, '') === '') body.pop();
    return { ...message, text: body.join('\n') };
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const bare = raw.replace(/\r$/, '');
    const afterBlank = i === 0 || lines[i - 1].replace(/\r$/, '') === '';
    if (bare.startsWith('From ') && afterBlank) {
      const done = flush();
      if (done) yield done;
      current = { line: i + 1, envelopeDate: envelopeDate(bare), text: '', body: [] };
      continue;
    }
    if (!current) {
      if (bare.trim() === '') continue;
      current = { line: i + 1, preamble: true, text: '', body: [] };
    }
    current.body.push(/^>+From /.test(raw) ? raw.slice(1) : raw);
  }
  const last = flush();
  if (last) yield last;
}

/** Each message of an mbox as a post record, numbered in file order; a bad one is a MalformedRecord in its place. */
export async function* readMboxRecords(text: string): AsyncGenerator<NumberedRecord> {
  let number = 0;
  for (const message of splitMbox(text)) {
    number++;
    const record = message.preamble
      ? new MalformedRecord(`message ${number} (line ${message.line}): text before any "From " separator line; is this an mbox file?`)
      : await emailRecord(message.text, number, message.line, message.envelopeDate);
    yield { line: message.line, message: number, record };
  }
}

/** A single `.eml` message as a post record. */
export async function readEmlRecord(text: string): Promise<NumberedRecord> {
  return { line: 1, message: 1, record: await emailRecord(text, 1, 1) };
}

/**
 * A message as the record any import makes: the Message-ID as its id (a hash of the message
 * when it has none, so importing the same file twice stores it once), the subject and plain
 * text as its text (mailparser renders an HTML-only body as text), `Date` as createdAt and the
 * sender's address as the author. `source` is left to the import source's channel.
 */
export async function emailRecord(raw: string, number: number, line: number, envelope?: Date): Promise<unknown> {
  const where = `message ${number} (line ${line})`;
  if (raw.trim() === '') return new MalformedRecord(`${where}: empty message`);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    return new MalformedRecord(`${where}: cannot be parsed: ${(error as Error).message}`);
  }
  // mailparser takes any leading lines as headers, with an empty name when they have no colon.
  if (!mail.headerLines.some((h) => h.key !== '')) return new MalformedRecord(`${where}: has no mail headers`);
  const sender = mail.from?.value.find((address) => address.address);
  if (!sender?.address) return new MalformedRecord(`${where}: From: has no address`);
  const createdAt = dateOf(mail, envelope);
  if (typeof createdAt !== 'string') return new MalformedRecord(`${where}: ${createdAt.error}`);
  const subject = (mail.subject ?? '').trim();
  const body = (mail.text ?? '').trim();
  const text = [subject, body].filter((part) => part !== '').join('\n\n').slice(0, MAX_TEXT);
  const address = sender.address.toLowerCase();
  const name = sender.name?.trim();
  return {
    id: nativeId(mail.messageId, raw),
    text,
    createdAt,
    author: { id: address, handle: address, ...(name ? { name } : {}) },
  };
}

/**
 * mailparser puts the time of parsing in place of a Date header it cannot read, which would
 * file the message under today; the header is read again here so that case is refused.
 */
function dateOf(mail: ParsedMail, envelope: Date | undefined): string | { error: string } {
  const header = mail.headerLines.find((h) => h.key === 'date');
  if (header) {
    const value = header.line.replace(/^[^:]*:/, '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return { error: `Date: "${value.slice(0, 80)}" is not a date` };
    return date.toISOString();
  }
  if (envelope) return envelope.toISOString();
  return { error: 'Date: is required' };
}

/** The Message-ID without its angle brackets, or a hash of the message when it has none (or an absurd one). */
function nativeId(messageId: string | undefined, raw: string): string {
  const id = (messageId ?? '').trim().replace(/^<|>$/g, '').trim();
  if (id !== '' && id.length <= MAX_ID) return id;
  return `sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
}

/** The asctime date of an mbox `From sender Mon Mar  2 10:00:00 2026` line, read as UTC. */
function envelopeDate(line: string): Date | undefined {
  const match = /([A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})? +\d{4})/.exec(line);
  if (!match) return undefined;
  const date = new Date(`${match[1]} UTC`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
