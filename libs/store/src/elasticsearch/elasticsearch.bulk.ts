import type { estypes } from '@elastic/elasticsearch';
import { UnavailableError, ValidationError } from '@escucha/core';
import { PartialWriteError } from '../post-store.port';
import { isRetryableResponse, type ElasticsearchConnection } from './elasticsearch.client';

export type BulkAction =
  | { op: 'index'; index: string; id: string; document: object }
  | { op: 'delete'; index: string; id: string };

export interface BulkOptions {
  /** Items per request. Elastic's guidance is a few MB per request; posts are ~1-2 KB. */
  maxItems?: number;
  /** Serialized bytes per request, whichever limit comes first. */
  maxBytes?: number;
  /** Attempts per item, the first included, before a retryable failure is reported. */
  attempts?: number;
  /** First back-off; doubled per attempt, with jitter, capped at 10 s. */
  backoffMs?: number;
  /** `wait_for`: each request answers once its changes are searchable (small stores whose lists must show a change at once). */
  refresh?: 'wait_for';
}

export interface BulkOutcome {
  /** Items whose result was `deleted` (deletes) or `created`/`updated` (index). */
  applied: number;
  /** Deletes of documents that were not there. */
  notFound: number;
  /** Ids of index items whose result was `created`: no document had that id in that index. */
  created: string[];
}

const DEFAULTS: Required<Omit<BulkOptions, 'refresh'>> = { maxItems: 1_000, maxBytes: 5 * 1024 * 1024, attempts: 6, backoffMs: 200 };

/**
 * Sends the actions in chunks, one chunk at a time (the cluster's write queue is the
 * bottleneck; parallel chunks only earn more 429s). Bulk is not atomic: each item succeeds or
 * fails on its own, so every item's status is checked. Rejections for load (429, 5xx) are
 * re-sent, only those items, after a back-off; anything else is the item's own fault and is
 * reported with its id. Resolves only when every item was applied; otherwise rejects naming
 * the failed items, with a PartialWriteError carrying the ids created meanwhile (the rest are
 * written, and re-sending the whole batch is safe: ids make every write idempotent). An item
 * re-sent after a lost response may come back `updated` though the lost attempt created it.
 */
export async function writeBulk(
  connection: ElasticsearchConnection,
  actions: readonly BulkAction[],
  options: BulkOptions = {},
): Promise<BulkOutcome> {
  const settings = { ...DEFAULTS, ...options };
  const writes = actions.some((action) => action.op === 'index');
  // Only writes create anything; a failed run of deletes reports its cause as it is.
  const outcome: BulkOutcome = { applied: 0, notFound: 0, created: [] };
  const failed = (cause: Error): Error => (writes ? new PartialWriteError(outcome.created, cause) : cause);
  const rejected: string[] = [];
  const exhausted: string[] = [];
  for (const chunk of chunks(actions, settings.maxItems, settings.maxBytes)) {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const retry: BulkAction[] = [];
      let lastReason = '';
      try {
        const response = await connection.client.bulk({ operations: operationsOf(pending), ...(settings.refresh ? { refresh: settings.refresh } : {}) });
        response.items.forEach((item, i) => {
          const action = pending[i];
          const result = item.index ?? item.delete ?? item.create ?? item.update;
          if (!result) {
            rejected.push(`${action.id}: no result in the bulk response`);
          } else if (!result.error) {
            if (action.op === 'delete' && result.result === 'not_found') outcome.notFound++;
            else outcome.applied++;
            if (action.op === 'index' && result.result === 'created') outcome.created.push(action.id);
          } else if (action.op === 'delete' && result.status === 404) {
            outcome.notFound++;
          } else if (result.status === 429 || result.status >= 500) {
            retry.push(action);
            lastReason = describe(result.error);
          } else {
            rejected.push(`${action.id}: ${describe(result.error)}`);
          }
        });
      } catch (error) {
        // The whole request failed: resend all of it if the failure is about load or the connection.
        if (!isRetryableResponse(error) && !isConnectionFailure(error)) {
          throw failed(connection.translate('a bulk write', error));
        }
        retry.push(...pending);
        lastReason = error instanceof Error ? error.message : String(error);
      }
      if (retry.length && attempt >= settings.attempts) {
        exhausted.push(...retry.map((action) => `${action.id}: ${lastReason}`));
        break;
      }
      if (retry.length) await sleep(backoff(settings.backoffMs, attempt));
      pending = retry;
    }
  }
  if (rejected.length) {
    throw failed(new ValidationError(`${rejected.length} of ${actions.length} items were refused: ${sample(rejected)}`));
  }
  if (exhausted.length) {
    throw failed(
      new UnavailableError(
        `${exhausted.length} of ${actions.length} items were still rejected after ${settings.attempts} attempts: ${sample(exhausted)}`,
      ),
    );
  }
  return outcome;
}

function operationsOf(actions: readonly BulkAction[]): estypes.BulkRequest['operations'] {
  return actions.flatMap((action) =>
    action.op === 'index'
      ? [{ index: { _index: action.index, _id: action.id } }, action.document]
      : [{ delete: { _index: action.index, _id: action.id } }],
  );
}

function* chunks(actions: readonly BulkAction[], maxItems: number, maxBytes: number): Generator<BulkAction[]> {
  let chunk: BulkAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = action.op === 'index' ? JSON.stringify(action.document).length + 100 : 100;
    if (chunk.length && (chunk.length >= maxItems || bytes + size > maxBytes)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(action);
    bytes += size;
  }
  if (chunk.length) yield chunk;
}

function backoff(base: number, attempt: number): number {
  const exponential = Math.min(10_000, base * 2 ** (attempt - 1));
  return exponential / 2 + Math.random() * (exponential / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function isConnectionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConnectionError' || error.name === 'TimeoutError');
}

function describe(error: estypes.ErrorCause): string {
  return `${error.type}: ${error.reason ?? ''}`.trim();
}

function sample(messages: readonly string[]): string {
  const shown = messages.slice(0, 10).join('; ');
  return messages.length > 10 ? `${shown}; and ${messages.length - 10} more` : shown;
}
