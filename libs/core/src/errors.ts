/**
 * A failure the caller can act on. The API maps it to `{code, message}` with `status`;
 * anything else is a 500 whose details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Machine-readable specifics sent beside code and message (e.g. a position in a query). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message, 400);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message, 404);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message, 503);
  }
}

/** UNAVAILABLE means a dependency is down, not that the work is bad; read by code, so wrapped errors count too. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'UNAVAILABLE';
}
