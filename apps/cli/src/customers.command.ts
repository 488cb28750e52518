import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from './cli.types';

const USAGE = `usage: escucha customers import --input FILE [--url URL] [--format csv|jsonl]

Sends a CRM file (CSV with a header row, or JSONL, one customer a line) to a running Escucha
server, which imports it as a batch job, and follows the job until it is done, printing the
rows accepted and each rejected row with its line.

  --input FILE     the file to import (.csv, .jsonl or .ndjson)
  --format F       csv or jsonl (default: from the file's extension)
  --url URL        the server (default: $ESCUCHA_URL or http://localhost:3000)

The token comes from $ESCUCHA_TOKEN (an admin or service user's, from POST /api/v1/auth/login).
Exit status: 0 every row imported, 1 some rows rejected or the import failed, 2 usage error.`;

interface ImportStatus {
  id: string;
  state: string;
  processed: number;
  accepted: number;
  rejected: number;
  errors: Array<{ line: number; error: string }>;
  error?: string;
}

export const customersCommand: CliCommand = {
  name: 'customers',
  summary: 'import a CRM file (CSV or JSONL) through a running server: customers import --input FILE',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    let values: { input?: string; url?: string; format?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { input: { type: 'string', short: 'i' }, url: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      io.stderr.write(`escucha customers: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (values.help || sub === '--help' || sub === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (sub !== 'import' || !values.input) {
      io.stderr.write(`escucha customers: ${sub !== 'import' ? 'the only subcommand is "import"' : '--input FILE is required'}\n\n${USAGE}\n`);
      return 2;
    }
    const format = values.format ?? (/\.(jsonl|ndjson)$/i.test(values.input) ? 'jsonl' : 'csv');
    if (format !== 'csv' && format !== 'jsonl') {
      io.stderr.write(`escucha customers: --format must be csv or jsonl\n`);
      return 2;
    }
    let content: string;
    try {
      content = readFileSync(values.input, 'utf8');
    } catch (error) {
      io.stderr.write(`escucha customers: cannot read ${values.input}: ${(error as Error).message}\n`);
      return 2;
    }
    const base = (values.url ?? io.env.ESCUCHA_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
    const headers: Record<string, string> = { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' };
    if (io.env.ESCUCHA_TOKEN) headers.authorization = `Bearer ${io.env.ESCUCHA_TOKEN}`;
    const queued = await fetch(`${base}/api/v1/customers/imports?format=${format}`, { method: 'POST', headers, body: content });
    const body = (await queued.json().catch(() => ({}))) as ImportStatus & { message?: string };
    if (queued.status !== 202) {
      io.stderr.write(`escucha customers: the server refused the file (HTTP ${queued.status}): ${body.message ?? ''}\n`);
      return 1;
    }
    let status: ImportStatus = body;
    while (status.state === 'queued' || status.state === 'running') {
      await new Promise((done) => setTimeout(done, 500));
      const response = await fetch(`${base}/api/v1/customers/imports/${status.id}`, { headers: { authorization: headers.authorization ?? '' } });
      status = (await response.json()) as ImportStatus;
    }
    for (const bad of status.errors) io.stderr.write(`line ${bad.line}: ${bad.error}\n`);
    if (status.state === 'failed') {
      io.stderr.write(`escucha customers: import ${status.id} failed: ${status.error ?? 'unknown error'}\n`);
      return 1;
    }
    io.stdout.write(`import ${status.id}: ${status.processed} rows, ${status.accepted} accepted, ${status.rejected} rejected\n`);
    return status.rejected > 0 ? 1 : 0;
  },
};
