import { once } from 'node:events';
import type { Response } from 'express';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn<T> {
  name: string;
  value: (row: T) => unknown;
}

/**
 * Writes rows page by page as CSV or NDJSON, waiting for the client to drain before asking
 * for the next page, so memory holds one page whatever the total. A client that goes away
 * stops the paging. Headers are sent before the first page: a failure after that can only
 * cut the body short (the last line is then incomplete, which a reader can tell).
 */
export async function streamExport<T>(
  response: Response,
  format: ExportFormat,
  filename: string,
  columns: ReadonlyArray<ExportColumn<T>>,
  pages: AsyncIterable<readonly T[]>,
  record: (row: T) => unknown,
): Promise<void> {
  response.status(200);
  response.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
  response.setHeader('Cache-Control', 'no-store');
  let gone = false;
  response.once('close', () => (gone = true));
  if (format === 'csv') await write(response, `${columns.map((c) => csvCell(c.name)).join(',')}\r\n`);
  try {
    for await (const rows of pages) {
      if (gone) break;
      const text =
        format === 'csv'
          ? rows.map((row) => `${columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`).join('')
          : rows.map((row) => `${JSON.stringify(record(row))}\n`).join('');
      await write(response, text);
    }
  } catch (error) {
    // The status line is gone already: end the body short, and let the caller log why.
    response.destroy(error as Error);
    throw error;
  }
  if (!gone) response.end();
}

async function write(response: Response, text: string): Promise<void> {
  if (text.length === 0 || response.destroyed) return;
  if (!response.write(text)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
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
