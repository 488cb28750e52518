import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { logLevels, type AppConfig } from '@escucha/config';

/** The request a log line was written for; set by the API's request middleware, empty elsewhere. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * A log record with fields of its own: in JSON they sit beside `level` and `timestamp`, so a
 * collector can filter on them; on a terminal only `message` is printed.
 */
export interface LogRecord {
  message: string;
  [field: string]: unknown;
}

function isLogRecord(value: unknown): value is LogRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as LogRecord).message === 'string';
}

/**
 * Nest's console logger in the configured format. JSON is Nest's own (one object per line),
 * plus the request id of the request being served, so every line a request causes can be found
 * by that id.
 */
export class AppLogger extends ConsoleLogger {
  constructor(config: Pick<AppConfig, 'logLevel' | 'logFormat'>) {
    super({ logLevels: logLevels(config.logLevel), json: config.logFormat === 'json', colors: config.logFormat === 'pretty' && Boolean(process.stdout.isTTY) });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const base = super.getJsonLogObject(isLogRecord(message) ? message.message : message, options);
    const requestId = requestContext.getStore()?.requestId;
    const line: typeof base & Record<string, unknown> = { ...base };
    if (requestId) line.requestId = requestId;
    // The record's own fields come after the logger's and never replace them (level, timestamp, message…).
    if (isLogRecord(message)) for (const [key, value] of Object.entries(message)) if (!(key in line)) line[key] = value;
    return line;
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (!isLogRecord(message)) return super.stringifyMessage(message, logLevel) as string;
    const requestId = message.requestId ?? requestContext.getStore()?.requestId;
    return super.stringifyMessage(requestId ? `${message.message} [${String(requestId)}]` : message.message, logLevel) as string;
  }
}
