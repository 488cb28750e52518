import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { AUDIT_LOG, MAX_AUDIT_PAGE, type AuditLog, type AuditQuery, type StoredAuditEntry } from '@escucha/store';

export interface AuditRecord {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

/**
 * The one way features write the audit log (admin actions, sign-ins, API keys, alert rules,
 * reads of a customer's profile). Most call sites need only `@Audited()` on a route.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(AUDIT_LOG) private readonly log: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records now. The action it describes has already happened, so a store failure does not
   * undo it or fail the request: it is logged as an error, with the entry, for the operator.
   */
  async record(entry: AuditRecord): Promise<StoredAuditEntry | undefined> {
    try {
      return await this.log.record({ ...entry, at: this.clock.now() });
    } catch (error) {
      this.logger.error(`audit entry not recorded (${(error as Error).message}): ${JSON.stringify(entry)}`);
      return undefined;
    }
  }

  query(query: AuditQuery) {
    return this.log.query(query);
  }

  /** Every entry matching `query`, a page at a time, for the export. */
  async *pages(query: Omit<AuditQuery, 'limit' | 'cursor'>): AsyncIterable<StoredAuditEntry[]> {
    let cursor: string | undefined;
    do {
      const page = await this.log.query({ ...query, limit: MAX_AUDIT_PAGE, cursor });
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
