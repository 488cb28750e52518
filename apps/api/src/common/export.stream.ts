import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn<T> {
  name: string;
  value: (row: T) => unknown;
}

export interface ExportOptions<T> {
  format: ExportFormat;
  filename: string;
  columns: ReadonlyArray<ExportColumn<T>>;
  record: (row: T) => unknown;
  /** Told why, when a page fails after the status line went out and the body is cut short. */
  onCut: (error: Error) => void;
}

/**
 * Sends rows page by page as CSV or NDJSON. The stream asks for the next page only when the
 * client has taken the last one, so memory holds about one page whatever the total, and a client
 * that goes away stops the paging. A failure after the headers can only cut the body short: the
 * connection is dropped, and the last line is then incomplete, which a reader can tell.
 */
export function sendExport<T>(reply: FastifyReply, pages: AsyncIterable<readonly T[]>, options: ExportOptions<T>): FastifyReply {
  const { format, filename } = options;
  return reply
    .status(200)
    .header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${filename}.${format === 'csv' ? 'csv' : 'ndjson'}"`)
    .header('Cache-Control', 'no-store')
    .send(Readable.from(exportText(pages, options), { objectMode: false }));
}

async function* exportText<T>(pages: AsyncIterable<readonly T[]>, { format, columns, record, onCut }: ExportOptions<T>): AsyncGenerator<string> {
  if (format === 'csv') yield `${columns.map((c) => csvCell(c.name)).join(',')}\r\n`;
  try {
    for await (const rows of pages) {
      const text =
        format === 'csv'
          ? rows.map((row) => `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`).join('')
          : rows.map((row) => `${JSON.stringify(record(row))}\n`).join('');
      if (text.length > 0) yield text;
    }
  } catch (error) {
    onCut(error as Error);
    throw error;
  }
}

/**
 * RFC 4180 quoting, and a leading quote before what a spreadsheet would run as a formula
 * (OWASP CSV injection): a post's text is written by anyone on the internet.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value) ? value.join('|') : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
